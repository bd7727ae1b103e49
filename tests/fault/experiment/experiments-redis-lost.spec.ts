import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  distributedExecutor,
  WorkersUnavailableError,
} from '../../../src/experiment/experiments-queue';
import { runScenarioSet } from '../../../src/experiment/experiment';
import { EXPERIMENTS_QUEUE } from '../../../src/queue/queue-names';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import {
  ensureBuilt,
  freePort,
  killHard,
  PrivateRedis,
  readyAt,
  ROOT,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';

// `run --workers` while Redis loses its data, goes away, or a job fails for good without its
// handler reporting it: the coordinator fails with a user error naming --workers within a few
// seconds, instead of waiting for ever for results that will not come (or calling it a bug).
const PREFIX = '{test-experiments-lost}';
let redis: PrivateRedis;
const workers: ChildProcess[] = [];

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const w = spawnWorker(
    {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: PREFIX,
      WORKER_LOCK_MS: '1000',
      WORKER_STALLED_INTERVAL_MS: '500',
      ...env,
    },
    ['--queues', EXPERIMENTS_QUEUE, '--concurrency', '1'],
  );
  workers.push(w);
  return w;
}

async function waitReady(ws: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (ws.some((w) => readyAt(w) === undefined)) {
    if (Date.now() > deadline) throw new Error('experiments workers did not start');
    await sleep(100);
  }
}

// Replications of about 0.3-1 s each, so that the run is under way when the fault comes.
const scenario = () =>
  loadScenario(join(ROOT, 'scenarios/teaching-mmc.yaml'), {
    set: ['sources.walk-ins.arrivals.perHour=90', 'stations.desk.servers=100', 'horizon=8w'],
  });

const executor = () =>
  distributedExecutor({ redisUrl: redis.url, prefix: PREFIX, pollMs: 50, workerTimeoutMs: 60_000 });

/** A run of `replications` on the queue, started: what it ends with, 'finished' or its error. */
function outcomeOf(ex: ReturnType<typeof executor>, replications: number): Promise<unknown> {
  return runScenarioSet([scenario()], { replications, executor: ex }).then(
    () => 'finished',
    (e: unknown) => e,
  );
}

/** Waits until `n` of the queue's jobs are active. */
async function whenActive(n: number): Promise<void> {
  const probe = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(EXPERIMENTS_QUEUE, { connection: probe, prefix: PREFIX });
  try {
    const deadline = Date.now() + 20_000;
    while ((await queue.getActiveCount()) < n) {
      if (Date.now() > deadline) throw new Error(`${n} jobs never active`);
      await sleep(20);
    }
  } finally {
    await queue.close();
    probe.disconnect();
  }
}

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
}, 120_000);

afterEach(async () => {
  for (const w of workers.splice(0)) await killHard(w);
});

afterAll(async () => {
  await redis?.stop();
});

describe('run --workers when Redis loses the run', () => {
  it('its data flushed mid-run (a restart without persistence): a user error within seconds, not a hang', async () => {
    await waitReady([startWorker()]);
    const ex = executor();
    try {
      const outcome = outcomeOf(ex, 20);
      await whenActive(1);
      await sleep(300);
      const admin = new Redis(redis.url);
      await admin.flushall();
      admin.disconnect();
      const t0 = Date.now();
      const err = await Promise.race([outcome, sleep(15_000).then(() => 'still waiting')]);
      expect(err).toBeInstanceOf(WorkersUnavailableError);
      expect(String((err as Error).message)).toMatch(
        /--workers: redis:\/\/.*(results went from|no longer on the 'experiments' queue).*restarted without persistence or flushed/,
      );
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await ex.close();
    }
  }, 60_000);

  it('Redis gone mid-run: a user error naming --workers and the connection error, not an internal error', async () => {
    await waitReady([startWorker()]);
    const ex = executor();
    try {
      const outcome = outcomeOf(ex, 20);
      await whenActive(1);
      await redis.kill();
      const err = await Promise.race([outcome, sleep(20_000).then(() => 'still waiting')]);
      expect(err).toBeInstanceOf(WorkersUnavailableError);
      expect(String((err as Error).message)).toMatch(
        /--workers: redis:\/\/.*lost the connection to Redis with the run under way \(ECONNREFUSED\)/,
      );
    } finally {
      await ex.close();
      await redis.start();
    }
  }, 60_000);

  it('a job failed for good without a report (stalled past the limit): named, not waited for while another worker lives', async () => {
    // One stall allowed, and every job marked as having stalled once already (BullMQ's `stc`
    // field), as after an earlier crash: the killed worker's job fails for good at the next
    // stalled check, and its handler never runs to report it.
    const env = { WORKER_MAX_STALLED_COUNT: '1' };
    const [victim, survivor] = [startWorker(env), startWorker(env)];
    await waitReady([victim, survivor]);
    const ex = executor();
    try {
      const outcome = outcomeOf(ex, 6);
      await whenActive(2);
      const admin = new Redis(redis.url);
      const keys = await admin.keys(`${PREFIX}:${EXPERIMENTS_QUEUE}:*-0-*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) if ((await admin.type(k)) === 'hash') await admin.hset(k, 'stc', 1);
      admin.disconnect();
      await killHard(victim);
      const err = await Promise.race([outcome, sleep(20_000).then(() => 'still waiting')]);
      expect(err).toBeInstanceOf(WorkersUnavailableError);
      expect(String((err as Error).message)).toMatch(
        /--workers: redis:\/\/.*job \w+-0-\d+ failed for good on a worker \(.*stalled.*\)/,
      );
    } finally {
      await ex.close();
    }
  }, 60_000);
});

describe('run --workers when Redis is full', () => {
  it('a result Redis has no memory for: a --workers error naming maxmemory, not "run again" or an internal error', async () => {
    await waitReady([startWorker()]);
    const ex = executor();
    const admin = new Redis(redis.url);
    try {
      const outcome = outcomeOf(ex, 4);
      await whenActive(1);
      // Every write refused from now on, the workers' results and the run's own alike.
      await admin.config('SET', 'maxmemory', '1');
      const err = await Promise.race([outcome, sleep(20_000).then(() => 'still waiting')]);
      await admin.config('SET', 'maxmemory', '0');
      expect(err).toBeInstanceOf(WorkersUnavailableError);
      const message = String((err as Error).message);
      expect(message).toMatch(/--workers: redis:\/\/.*out of memory.*raise Redis's maxmemory/);
      expect(message).not.toMatch(/run the command again/);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      admin.disconnect();
      await ex.close();
    }
  }, 60_000);
});

describe("run --workers that failed with a job in a dead worker's hands", () => {
  it('the job, recovered as stalled by the next worker, is dropped: not run for nobody, no result kept', async () => {
    // Its lock outlasts the run (the run cannot take the job off the queue), as with the
    // default 30 s; it expires 5 s after the kill, and the next worker recovers the job.
    const victim = startWorker({ WORKER_LOCK_MS: '5000' });
    await waitReady([victim]);
    const ex = distributedExecutor({
      redisUrl: redis.url,
      prefix: PREFIX,
      pollMs: 50,
      workerTimeoutMs: 1_000,
    });
    try {
      const outcome = outcomeOf(ex, 4);
      await whenActive(1);
      await killHard(victim);
      const err = await Promise.race([outcome, sleep(20_000).then(() => 'still waiting')]);
      expect(String((err as Error).message)).toMatch(/every 'experiments' worker went away/);
    } finally {
      await ex.close();
    }
    await waitReady([startWorker()]);
    const admin = new Redis(redis.url);
    try {
      const queue = new Queue(EXPERIMENTS_QUEUE, { connection: admin, prefix: PREFIX });
      const deadline = Date.now() + 20_000;
      while ((await queue.getJobCountByTypes('active', 'wait', 'prioritized')) > 0) {
        if (Date.now() > deadline) throw new Error('the stalled job was never taken');
        await sleep(100);
      }
      await sleep(500);
      const left = await admin.keys(`${PREFIX}:${EXPERIMENTS_QUEUE}:*`);
      expect(left.filter((k) => /:\w+:(results|errors|alive)$/.test(k))).toEqual([]);
      await queue.close();
    } finally {
      admin.disconnect();
    }
  }, 60_000);
});

describe('run --workers with a worker of other reference data', () => {
  it('is refused as a --workers error naming both, not run to other numbers', async () => {
    // A valid config/ whose e-visa monthly profile is reversed: the same sum, other numbers.
    const dir = mkdtempSync(join(tmpdir(), 'consular-other-config-'));
    try {
      cpSync(join(ROOT, 'config'), dir, { recursive: true });
      const file = join(dir, 'evisa.yaml');
      const text = readFileSync(file, 'utf8');
      const line = /^monthlyProfile: \[(.*)\]$/m.exec(text)!;
      const reversed = line[1]
        .split(',')
        .map((x) => x.trim())
        .reverse()
        .join(', ');
      expect(reversed).not.toBe(
        line[1]
          .split(',')
          .map((x) => x.trim())
          .join(', '),
      );
      writeFileSync(file, text.replace(line[0], `monthlyProfile: [${reversed}]`));
      await waitReady([startWorker({ CONSULAR_SIM_CONFIG: dir })]);
      const ex = executor();
      try {
        const run = runScenarioSet([scenario()], { replications: 2, executor: ex });
        await expect(run).rejects.toThrow(
          /--workers: a worker runs another consular-sim version, build or other reference data \(config\/\) than this command \(worker [^,]+, here [^)]+\)/,
        );
      } finally {
        await ex.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
