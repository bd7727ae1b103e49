/**
 * The few `process` members the shared code reads (the current directory for file names
 * in messages, the environment, a timer), for the browser build. Imported first by the
 * simulation worker.
 */
const g = globalThis as unknown as { process?: unknown };
if (!g.process) {
  g.process = {
    env: {},
    cwd: () => '/',
    platform: 'browser',
    hrtime: { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
    stderr: { isTTY: false, write: () => true },
    stdout: { isTTY: false, write: () => true },
  };
}
export {};
