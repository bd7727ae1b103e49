import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { MAX_ARRIVALS_PER_REPLICATION } from '../../../../src/sim/compile';
import { testRedisUrl } from '../../../helpers/redis-test-env';

// `run --engine bullmq` used to wait for ever without a Redis. Now every service it needs is
// checked first, within a few seconds, and a missing one is the user's to fix: exit 2 and a
// message naming what was tried and how to start it — never "internal error".
const ROOT = join(__dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'consular-sim.js');

function cli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ADMIN_TOKEN: undefined, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** A port nothing listens on (bound, closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const RUN = ['run', 'scenarios/teaching-mmc.yaml', '--engine', 'bullmq', '--quiet'];

describe('run --engine bullmq: unreachable services are user errors, found fast', () => {
  it('no Redis: exit 2 within a few seconds, naming the URL and how to start one', async () => {
    const port = await closedPort();
    const r = await cli([...RUN, '--redis-url', `redis://127.0.0.1:${port}`], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(r.stderr).toContain('redis-server');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // The check itself gives up after 3 s; the rest is node start-up on a loaded machine.
    expect(r.seconds).toBeLessThan(15);
  });

  it('--via http without ADMIN_TOKEN: exit 2, says which variable to set', async () => {
    const r = await cli([...RUN, '--redis-url', testRedisUrl(), '--via', 'http'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --via http: ADMIN_TOKEN is not set/);
  });

  it('--via http with no serve running: exit 2, names the URL and how to start the API', async () => {
    const port = await closedPort();
    const r = await cli(
      [
        ...RUN,
        '--redis-url',
        testRedisUrl(),
        '--via',
        'http',
        '--base-url',
        `http://127.0.0.1:${port}`,
      ],
      { ADMIN_TOKEN: 'test-admin-token-0123456789' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port}/replay/arrivals`);
    expect(r.stderr).toContain('consular-sim serve');
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('run --engine bullmq: a demand over the ceiling is refused as a kernel run refuses it', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  // 1e9 questions a day for 28 days: the replay had planned every arrival in memory before its
  // first job; the kernel run refuses it before it starts (scenario.runner.ts, checkDemand).
  const ABSURD = ['run', 'scenarios/hizir-load.yaml', '--set', 'params.questionsPerDay=1e9'];
  const ceiling = `more than the ${MAX_ARRIVALS_PER_REPLICATION.toLocaleString('en-US')} a replication may bring`;

  it('exit 2 with the kernel run’s message, the same line word for word', async () => {
    const [kernel, live] = await Promise.all([
      cli([...ABSURD, '--quiet'], {}),
      cli([...ABSURD, '--engine', 'bullmq', '--redis-url', testRedisUrl()], {
        CONSULAR_SIM_PROGRESS_MS: '0',
      }),
    ]);
    expect(kernel.code).toBe(2);
    expect(kernel.stderr).toContain(ceiling);
    expect(live.code).toBe(2);
    // One line, the error: no replay progress, no warning from planning its arrivals.
    expect(live.stderr).toBe(kernel.stderr);
    expect(live.stderr).toMatch(
      /^error: scenarios\/[\w-]+\.yaml: params: the hizir-load model builds/,
    );
  }, 60_000);

  it('refused before Redis is reached, so nothing is enqueued', async () => {
    // Nothing listens at this URL: a replay that got as far as Redis says it cannot reach it.
    const port = await closedPort();
    const r = await cli(
      [...ABSURD, '--engine', 'bullmq', '--redis-url', `redis://127.0.0.1:${port}`],
      {},
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(ceiling);
    expect(r.stderr).not.toContain('cannot reach Redis');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
