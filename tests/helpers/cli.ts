import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
/** The installed command a user runs (it needs dist/: call ensureBuilt() from fault-env first). */
export const BIN = join(ROOT, 'bin', 'consular-sim.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `consular-sim …` from the repository root (or `cwd`) as a user would, without debug output.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CONSULAR_SIM_DEBUG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `consular-sim …` started by startCli: its stdin to write to, its output so far, its end. */
export interface CliSession {
  /** Writes to the command's stdin (a pipe, as `… | consular-sim ask`). */
  write(text: string): void;
  /** Closes its stdin (end of input). */
  end(): void;
  /** What it has printed so far. */
  stdout(): string;
  /**
   * Resolves once its stdout satisfies `done`; rejects with `why` and the output if it exits
   * first or has not within `waitMs` (a bound on a hang, not a measure of speed).
   */
  waitFor(done: (stdout: string) => boolean, why: string, waitMs?: number): Promise<void>;
  /** Resolves with the exit code and all output once it has exited. */
  closed: Promise<CliResult>;
}

/**
 * Starts `consular-sim …` as runCli does, with its stdin a pipe the test writes to piece by
 * piece: what the command prints before its input has ended can be seen.
 */
export function startCli(args: string[], env: Record<string, string> = {}): CliSession {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, CONSULAR_SIM_DEBUG: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A write after it has exited fails as the test's own assertion, not as an unhandled EPIPE.
  child.stdin.on('error', () => {});
  const closed = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      for (const l of listeners) l();
      resolve({ code, stdout, stderr });
    });
  });
  return {
    write: (text) => child.stdin.write(text),
    end: () => child.stdin.end(),
    stdout: () => stdout,
    closed,
    waitFor: (done, why, waitMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const fail = (cause: string) => {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`${why} (${cause}); stdout: ${stdout.slice(-500)}; stderr: ${stderr}`));
        };
        const check = () => {
          if (done(stdout)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          } else if (exited) fail('it exited');
        };
        const timer = setTimeout(() => {
          fail(`not within ${waitMs} ms`);
          child.kill('SIGTERM');
        }, waitMs);
        listeners.add(check);
        check();
      }),
  };
}
