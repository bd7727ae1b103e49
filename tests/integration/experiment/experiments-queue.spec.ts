import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  decodeOutput,
  distributedExecutor,
  encodeOutput,
  WorkersUnavailableError,
} from '../../../src/experiment/experiments-queue';
import { EXPERIMENTS_QUEUE } from '../../../src/queue/queue-names';
import { runAudit } from '../../../src/experiment/audit';
import { localExecutor, runScenarioSet } from '../../../src/experiment/experiment';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
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

// Experiments on the queue: its own redis-server, two `consular-sim worker --queues experiments`
// processes (the compiled CLI), and the same numbers as a local run, to the last digit.
const PREFIX = '{test-experiments}';
let redis: PrivateRedis;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const w = spawnWorker(
    {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: PREFIX,
      // A killed worker's job comes back within about 2 s instead of 30.
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
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

beforeAll(async () => {
  ensureBuilt();
  redis = new PrivateRedis(await freePort(), false);
  await redis.start();
  await waitReady([startWorker(), startWorker()]);
}, 120_000);

afterAll(async () => {
  for (const w of workers) await killHard(w);
  await redis?.stop();
});

const executor = () => distributedExecutor({ redisUrl: redis.url, prefix: PREFIX, pollMs: 50 });

describe('experiments on the queue (two worker processes)', () => {
  it('a run with replications gives the local numbers to the last digit', async () => {
    const scenario = loadScenario(join(ROOT, 'scenarios/teaching-mmc.yaml'), {
      set: ['horizon=6w', 'warmup=1w'],
    });
    const local = await runScenario(scenario, { replications: 4, threads: 0 });
    const ex = executor();
    const progress: number[] = [];
    try {
      const [remote] = await runScenarioSet([scenario], {
        replications: 4,
        executor: ex,
        onProgress: (d) => progress.push(d),
      });
      expect(remote.metrics).toEqual(local.metrics);
      // Replication 1's detail too, but for its wall-clock time (how long the run took here).
      const noWall = (r: typeof local.firstReplication) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { ...v, wallSeconds: 0 }]));
      expect(noWall(remote.firstReplication)).toEqual(noWall(local.firstReplication));
      expect(remote.timeseries).toEqual(local.timeseries);
    } finally {
      await ex.close();
    }
    expect(progress[progress.length - 1]).toBe(4);
  }, 60_000);

  it('an audit gives the local audit to the last digit', async () => {
    const file = join(ROOT, 'tests/fixtures/scenarios/audit-known.yaml');
    const local = await runAudit(file, { samples: 8, executor: localExecutor(0) });
    const ex = executor();
    try {
      const remote = await runAudit(file, { samples: 8, executor: ex });
      expect(remote.figures).toEqual(local.figures);
      expect(remote.detail).toEqual(local.detail);
    } finally {
      await ex.close();
    }
  }, 60_000);

  it('a worker killed mid-job loses nothing: its job is retried and counted once', async () => {
    // Tasks long enough (about 0.3-1 s each) that a worker is inside one when it is killed.
    const scenario = loadScenario(join(ROOT, 'scenarios/teaching-mmc.yaml'), {
      set: ['sources.walk-ins.arrivals.perHour=90', 'stations.desk.servers=100', 'horizon=8w'],
    });
    const local = await runScenario(scenario, { replications: 8, threads: 0 });
    const queue = new Queue(EXPERIMENTS_QUEUE, {
      connection: new Redis(redis.url, { maxRetriesPerRequest: null }),
      prefix: PREFIX,
    });
    const events = new QueueEvents(EXPERIMENTS_QUEUE, {
      connection: new Redis(redis.url, { maxRetriesPerRequest: null }),
      prefix: PREFIX,
    });
    let stalled = 0;
    events.on('stalled', () => stalled++);
    await events.waitUntilReady();
    const ex = executor();
    let killed = false;
    try {
      const run = runScenarioSet([scenario], { replications: 8, executor: ex });
      // Kill one worker once both hold a job.
      const deadline = Date.now() + 60_000;
      while (!killed && Date.now() < deadline) {
        if ((await queue.getActiveCount()) >= 2) {
          await killHard(workers[0]);
          killed = true;
        } else await sleep(20);
      }
      expect(killed).toBe(true);
      const [remote] = await run;
      expect(remote.metrics).toEqual(local.metrics);
      expect(remote.replications).toBe(8);
    } finally {
      await ex.close();
      await queue.close();
      await events.close();
    }
    // The killed worker's job was taken back (stalled) and run again elsewhere.
    expect(stalled).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('fails clearly when no worker takes the queue within the timeout', async () => {
    const ex = distributedExecutor({
      redisUrl: redis.url,
      prefix: '{test-experiments-nobody}',
      workerTimeoutMs: 300,
      pollMs: 50,
    });
    const scenario = loadScenario(join(ROOT, 'tests/fixtures/scenarios/good.yaml'));
    try {
      await expect(runScenarioSet([scenario], { replications: 1, executor: ex })).rejects.toThrow(
        WorkersUnavailableError,
      );
      await expect(runScenarioSet([scenario], { replications: 1, executor: ex })).rejects.toThrow(
        /no worker is processing the 'experiments' queue after 0 s; start one or more with: REDIS_URL=.* consular-sim worker --queues experiments/,
      );
    } finally {
      await ex.close();
    }
  });
});

describe('experiment outputs on the wire', () => {
  it('keep NaN, infinities and -0 (plain JSON would not)', () => {
    const o = {
      point: 1,
      replication: 2,
      metrics: { a: NaN, b: Infinity, c: -Infinity, d: -0, e: 0.1 + 0.2 },
    };
    const back = decodeOutput(encodeOutput(o));
    expect(back).toEqual(o);
    expect(Object.is(back.metrics.d, -0)).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  it('has an experiments worker service that --scale can multiply', () => {
    const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
    };
    const svc = compose.services['experiments-worker'];
    expect(svc).toBeDefined();
    const command = svc.command as string[];
    expect(command.slice(0, 3)).toEqual(['worker', '--queues', 'experiments']);
    expect((svc.environment as Record<string, string>).REDIS_URL).toBe('redis://redis:6379');
    // Scalable: no fixed container name and no published port (replicas would clash).
    expect(svc.container_name).toBeUndefined();
    expect(svc.ports).toBeUndefined();
  });
});
