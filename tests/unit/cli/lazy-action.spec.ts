import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/cli/errors';
import { lazyAction } from '../../../src/cli/lazy-action';

// A command's implementation is imported when it runs; what it returns or throws must reach the
// user as before the loading was made lazy: its exit code, a user error as one line with exit 2,
// anything else (a failed import included) as an internal error with exit 1.

async function runAction(
  run: () => Promise<void>,
): Promise<{ exitCode: number | string | undefined; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await run();
    return { exitCode: process.exitCode, stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('lazyAction', () => {
  const debug = process.env.CONSULAR_SIM_DEBUG;
  afterEach(() => {
    process.exitCode = undefined;
    if (debug === undefined) delete process.env.CONSULAR_SIM_DEBUG;
    else process.env.CONSULAR_SIM_DEBUG = debug;
  });

  it("passes the command's arguments to the implementation and exits with its code", async () => {
    const seen: unknown[] = [];
    const action = lazyAction(async () => (file: string, opts: { json?: boolean }) => {
      seen.push(file, opts);
      return 1;
    });
    const r = await runAction(() => action('a.yaml', { json: true }));
    expect(seen).toEqual(['a.yaml', { json: true }]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('exits 0 when the implementation returns nothing', async () => {
    const r = await runAction(() => lazyAction(async () => () => undefined)());
    expect(r.exitCode).toBe(0);
  });

  it('reports a user error as one line, exit 2', async () => {
    const action = lazyAction(async () => () => {
      throw new UsageError('--via: must be queue or http');
    });
    const r = await runAction(() => action());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('error: --via: must be queue or http\n');
  });

  it('reports a bug, or an implementation that fails to load, as an internal error, exit 1', async () => {
    delete process.env.CONSULAR_SIM_DEBUG;
    for (const action of [
      lazyAction(async () => () => {
        throw new RangeError('the clock is already at 4');
      }),
      lazyAction<[]>(async () => {
        throw new Error("Cannot find module './run.action'");
      }),
    ]) {
      const r = await runAction(() => action());
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^internal error: /);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
