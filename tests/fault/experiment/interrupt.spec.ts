import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  ensureBuilt,
  freePort,
  killHard,
  PrivateRedis,
  readyAt,
  ROOT,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';

// Commands that queue work in Redis, stopped by Ctrl+C or SIGTERM mid-way. Node's default exit
// on the signal skipped their clean-up:
// - `run --engine bullmq`: the replay's station queues, their jobs (some held active, their locks
//   lost with the process) and its marker stayed in Redis with no expiry;
// - `run --workers`: the replications not yet taken stayed queued, and the workers computed them
//   for nobody, ahead of the next run's jobs.
// - and with either, a replication a worker still had in hand wrote its result after the run had
//   ended, into a hash that then stayed for ever: the worker now gives it an expiry.
// Now the signal stops the command through that clean-up, and it exits as the signal would
// (130, 143), saying so.
let redis: PrivateRedis;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
}, 120_000);

afterAll(async () => {
  if (worker) await killHard(worker);
  await redis?.stop();
});

async function withRedis<T>(f: (r: Redis) => Promise<T>): Promise<T> {
  const admin = new Redis(redis.url);
  try {
    return await f(admin);
  } finally {
    admin.disconnect();
  }
}

/** The keys a live replay keeps under its own prefix (`{consular-live-<run>}:…`). */
const replayKeys = () => withRedis((r) => r.keys('{consular-live-*'));

/** Jobs of the experiments queue that no worker has taken yet. */
const experimentsWaiting = () =>
  withRedis(async (r) => {
    const keys = await r.keys('*:experiments:wait');
    let n = 0;
    for (const k of keys) n += await r.llen(k);
    return n;
  });

/**
 * Starts `consular-sim run <args>`, sends `signal` once its progress line shows work done and
 * `before()` has looked at Redis, and returns how it ended.
 */
function interrupted(
  args: string[],
  progress: RegExp,
  signal: NodeJS.Signals,
  before: () => Promise<number>,
): Promise<{ code: number | null; stderr: string; before: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args], {
      cwd: ROOT,
      env: { ...process.env, CONSULAR_SIM_DEBUG: '' },
    });
    let stderr = '';
    let seen = -1;
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && progress.test(stderr)) {
        sent = true;
        void before().then((n) => {
          seen = n;
          child.kill(signal);
        }, reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, before: seen }));
  });
}

const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;

describe('a live replay interrupted', () => {
  it.each(SIGNALS)(
    '%s: its queues and jobs are removed from Redis, and it exits %i saying so',
    async (signal, exitCode) => {
      const { code, stderr, before } = await interrupted(
        [
          'scenarios/teaching-mmc.yaml',
          '--set',
          'horizon=400d',
          '--set',
          'warmup=0',
          '--engine',
          'bullmq',
          '--speed',
          '20000',
          '--redis-url',
          redis.url,
        ],
        /[1-9][\d,]* jobs done/,
        signal,
        async () => (await replayKeys()).length,
      );
      // The replay had its queues in Redis when it was stopped.
      expect(before).toBeGreaterThan(0);
      expect(code).toBe(exitCode);
      expect(stderr).toContain(
        `interrupted: the live replay stopped at ${signal} and its queues were removed from Redis`,
      );
      expect(stderr).not.toMatch(/internal error/);
      expect(await replayKeys()).toEqual([]);
    },
    60_000,
  );
});

describe('run --workers interrupted', () => {
  beforeAll(async () => {
    worker = spawnWorker({ REDIS_URL: redis.url }, [
      '--queues',
      'experiments',
      '--concurrency',
      '1',
    ]);
    const deadline = Date.now() + 60_000;
    while (readyAt(worker) === undefined && Date.now() < deadline) await sleep(100);
    expect(readyAt(worker)).toBeDefined();
  }, 70_000);

  it.each(SIGNALS)(
    '%s: its replications not yet taken leave the queue, and it exits %i saying so',
    async (signal, exitCode) => {
      const { code, stderr, before } = await interrupted(
        [
          'scenarios/teaching-mmc.yaml',
          '--set',
          'horizon=300w',
          '--replications',
          '200',
          '--workers',
          redis.url,
        ],
        /running teaching-mmc [1-9]\d*\/200/,
        signal,
        experimentsWaiting,
      );
      // Replications were waiting for a worker when it was stopped.
      expect(before).toBeGreaterThan(0);
      expect(code).toBe(exitCode);
      expect(stderr).toContain(
        `interrupted: stopped at ${signal}; this run's jobs not yet taken by a worker were removed from the 'experiments' queue`,
      );
      expect(stderr).not.toMatch(/internal error/);
      expect(await experimentsWaiting()).toBe(0);
    },
    60_000,
  );

  it('the replication a worker still had in hand when the run ended leaves nothing in Redis', async () => {
    // The runs above ended with a replication in a worker's hands. Its result had been written
    // after the coordinator deleted the run's results, and stayed (a week, or before that for
    // ever); the worker now finds the run ended (its alive key gone) and writes nothing.
    const deadline = Date.now() + 30_000;
    const active = () =>
      withRedis(async (r) => {
        let n = 0;
        for (const k of await r.keys('*:experiments:active')) n += await r.llen(k);
        return n;
      });
    while ((await active()) > 0 && Date.now() < deadline) await sleep(200);
    expect(await active()).toBe(0);
    const left = await withRedis((r) => r.keys('*:experiments:*:*'));
    expect(left.filter((k) => /:experiments:\w+:(results|errors|alive)$/.test(k))).toEqual([]);
  }, 40_000);
});
