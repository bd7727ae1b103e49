import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  ensureBuilt,
  freePort,
  killHard,
  PrivateRedis,
  readyAt,
  ROOT,
  signalAll,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * Ctrl+C on an idle `worker` or `serve --with-workers` whose Redis is down (never reached since
 * the start, or gone since) exits at once, 0: it holds no job, so there is nothing to wait for.
 * BullMQ's graceful close of a worker waited for its blocking client's end, which a client that
 * is not connected never emits (taskforcesh/bullmq#4656), so each waited out the whole
 * SHUTDOWN_GRACE_SECONDS (10 s by default) and exited 1 (src/queue/worker-close.ts).
 */
const FAST_MS = 3_000;

/** Ctrl+C to both at once: each exits 0 within FAST_MS. */
async function expectQuickCleanExit(worker: ChildProcess, serve: ChildProcess): Promise<void> {
  const [wx, sx] = await signalAll([worker, serve], 'SIGINT');
  expect({ worker: wx.code, serve: sx.code }).toEqual({ worker: 0, serve: 0 });
  expect(wx.ms).toBeLessThan(FAST_MS);
  expect(sx.ms).toBeLessThan(FAST_MS);
}

async function until(ok: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function spawnServe(env: Record<string, string>): ChildProcess & { up?: boolean } {
  const serve: ChildProcess & { up?: boolean } = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--with-workers'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve.stdout?.on('data', (d: Buffer) => (serve.up ||= d.toString().includes('API on')));
  return serve;
}

describe('Ctrl+C on an idle worker and serve while Redis is down', () => {
  const children: ChildProcess[] = [];
  let redis: PrivateRedis;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    env = {
      QUEUE_PREFIX: `{test-idle-stop-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      // The default grace, as a user at a terminal has it.
      SHUTDOWN_GRACE_SECONDS: '10',
    };
  }, 30_000);

  afterAll(async () => {
    for (const c of children) await killHard(c);
    await redis?.stop();
  });

  it('exits 0 at once when Redis went down after the start', async () => {
    const worker = spawnWorker({ ...env, REDIS_URL: redis.url }, ['--queues', 'evisa,experiments']);
    const serve = spawnServe({ ...env, REDIS_URL: redis.url });
    children.push(worker, serve);
    await until(() => readyAt(worker) !== undefined && serve.up === true, 30_000, 'the start');
    await sleep(500);
    await redis.kill();
    await sleep(1_000);
    await expectQuickCleanExit(worker, serve);
  }, 45_000);

  it('exits 0 at once when Redis was never reached', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const worker = spawnWorker({ ...env, REDIS_URL: nobody }, []);
    const serve = spawnServe({ ...env, REDIS_URL: nobody });
    children.push(worker, serve);
    await until(() => readyAt(worker) !== undefined && serve.up === true, 30_000, 'the start');
    await sleep(1_000);
    await expectQuickCleanExit(worker, serve);
  }, 45_000);
});
