import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { BIN, ROOT } from '../../../helpers/cli';
import { testRedisUrl } from '../../../helpers/redis-test-env';

beforeAll(() => ensureBuilt(), 120_000);

/** `worker --queues experiments` started, stopped with SIGTERM once it says it runs; its stdout. */
function workerUntilStopped(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--queues', 'experiments'], {
      cwd: ROOT,
      env: { ...process.env, CONSULAR_SIM_DEBUG: '', REDIS_URL: testRedisUrl(), ...env },
    });
    let stdout = '';
    let stopped = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // One signal: a second one forces the exit.
      if (!stopped && stdout.includes('consular-sim worker on experiments')) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

// A worker of the experiments queue alone starts no Nest context, and its shutdown lines came
// out in Nest's coloured console format, whatever LOG_LEVEL said, where every other process
// logs JSON lines (docs/live-services.md).
describe('consular-sim worker --queues experiments: logs as the other processes do', () => {
  it('its shutdown lines are JSON, without colour codes', async () => {
    const r = await workerUntilStopped({});
    expect(r.code, r.stdout).toBe(0);
    const [banner, ...logs] = r.stdout.trim().split('\n');
    expect(banner).toMatch(/^consular-sim worker on experiments/);
    expect(r.stdout).not.toContain('\u001b[');
    const events = logs.map((l) => (JSON.parse(l) as { event?: string }).event);
    expect(events).toEqual(['shutdown.start', 'shutdown.done']);
  }, 30_000);

  it('LOG_LEVEL=error keeps them out', async () => {
    const r = await workerUntilStopped({ LOG_LEVEL: 'error' });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});

/** A port nothing listens on (bound, closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

// With its Redis unreachable, the service workers log each failed connection and keep trying;
// the experiments worker kept trying without a word, so the command sat silent.
describe('consular-sim worker --queues experiments: a Redis it cannot reach', () => {
  it('is logged (JSON, naming the connection error) while it keeps trying', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [BIN, 'worker', '--queues', 'experiments'], {
      cwd: ROOT,
      env: { ...process.env, CONSULAR_SIM_DEBUG: '', REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    for (let i = 0; i < 150 && !stdout.includes('\n'); i++)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(stdout, 'nothing was logged').toContain('ECONNREFUSED');
    const first = JSON.parse(stdout.split('\n')[0]!) as {
      level: string;
      context: string;
      msg: string;
    };
    expect(first).toMatchObject({ level: 'warn', context: 'Worker:experiments' });
    expect(first.msg).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
  }, 30_000);
});
