import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiment/scenario.runner';
import type { liveJson } from '../../../src/cli/commands/live-run';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import type { RunSummary } from '../../../src/sim/summary';
import {
  applicant,
  CLI,
  ensureBuilt,
  envInt,
  freePort,
  killHard,
  PrivateRedis,
  readRecords,
  readyAt,
  ROOT,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';
import { expectSameRun } from '../../integration/queue/live-fixtures';

/**
 * Chaos on the whole path, with real processes as an operator runs them: `consular-sim serve`,
 * two `consular-sim worker`s and a live replay of the e-visa record day
 * (`run scenarios/paper-evisa-peak-day.yaml --engine bullmq --via http --speed max`, its
 * 55,000 arrivals posted to the serve), on a private redis-server with AOF (appendfsync
 * always), while clients submit e-visa applications to the same serve. At defined points of
 * the replay's progress:
 *   1. the API is killed (SIGKILL) while the replay is posting its arrivals, and started again
 *      on the same port;
 *   2. a worker is killed (SIGKILL) while it holds e-visa jobs, and a new one started;
 *   3. Redis is killed (SIGKILL) and started again on its AOF.
 * Then the replay's summary must equal the kernel's replication 1 to the number, and every
 * application that got a 202 must be decided exactly once (outcome, payment and issuance
 * counted once in its record), with one record per Idempotency-Key and no failed job.
 *
 * The record day is the one the live-replay differential test replays (horizon 2 h: all of the
 * day's arrivals, their first two hours of service). CHAOS_HORIZON overrides it (e.g. 1d),
 * CHAOS_CLIENTS (default 4) sets the concurrent e-visa clients, CHAOS_REDIS_DOWN_MS (2000)
 * how long Redis stays down; CHAOS_TRACE=1 prints each fault as it happens.
 */
const SCENARIO = join(ROOT, 'scenarios/paper-evisa-peak-day.yaml');
const HORIZON = process.env.CHAOS_HORIZON || '2h';
const CLIENTS = envInt('CHAOS_CLIENTS', 4);
const REDIS_DOWN_MS = envInt('CHAOS_REDIS_DOWN_MS', 2000);
/** Progress points of the replay (share of its jobs taken by the station workers). */
const API_KILL_AT_POSTED = 0.3;
const WORKER_KILL_AT = 0.4;
const REDIS_KILL_AT = 0.6;

const STALLED = {
  WORKER_LOCK_MS: '2000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  WORKER_MAX_STALLED_COUNT: '50',
};

async function until(ok: () => Promise<boolean> | boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A `consular-sim serve` child process; resolves once it listens. */
async function startServe(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let up = false;
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (up ||= d.toString().includes('API on')));
  child.stderr?.on('data', (d: Buffer) => (err = `${err}${d.toString()}`.slice(-4000)));
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
      return up;
    },
    60_000,
    'serve to listen',
  );
  return child;
}

/**
 * The replay's progress read from Redis: jobs added to its station queues (BullMQ's id
 * counters) and jobs still waiting or held; null while Redis does not answer.
 */
async function replayProgress(probe: Redis): Promise<{ added: number; taken: number } | null> {
  try {
    const ids = await probe.keys('{consular-live-*}:live-*:id');
    if (!ids.length) return { added: 0, taken: 0 };
    const p = probe.pipeline();
    for (const k of ids) {
      const base = k.slice(0, -':id'.length);
      p.get(k);
      p.llen(`${base}:wait`);
      p.llen(`${base}:active`);
      p.zcard(`${base}:prioritized`);
      p.zcard(`${base}:delayed`);
    }
    const res = ((await p.exec()) ?? []).map(([e, v]) => {
      if (e) throw e;
      return Number(v ?? 0);
    });
    let added = 0;
    let open = 0;
    for (let i = 0; i < res.length; i += 5) {
      added += res[i];
      open += res[i + 1] + res[i + 2] + res[i + 3] + res[i + 4];
    }
    return { added, taken: added - open };
  } catch {
    return null;
  }
}

describe('chaos: the record day replayed live while a worker, Redis and the API fail', () => {
  let redis: PrivateRedis;
  let env: Record<string, string>;
  let apiPort: number;
  let serve: ChildProcess | undefined;
  const workers = new Set<ChildProcess>();
  let replay: ChildProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    redis = new PrivateRedis(await freePort(), true);
    await redis.start();
    apiPort = await freePort();
    env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `{test-chaos-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: '0',
      LOG_LEVEL: 'error',
      SHUTDOWN_GRACE_SECONDS: '2',
      ...STALLED,
    };
  }, 60_000);

  afterAll(async () => {
    for (const c of [replay, serve, ...workers]) if (c) await killHard(c);
    await redis?.stop();
  });

  it('summary equals the kernel, every application decided once', async () => {
    const t0 = Date.now();
    const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const events: string[] = [];
    const note = (what: string) => {
      events.push(`${at()} ${what}`);
      if (process.env.CHAOS_TRACE) process.stderr.write(`chaos: ${at()} ${what}\n`);
    };

    // The kernel's replication 1 of the same scenario: the figures the replay must give.
    const set = [`horizon=${HORIZON}`];
    const kernel = await runScenario(loadScenario(SCENARIO, { set }), {
      replications: 1,
      threads: 0,
    });
    const k = kernel.firstReplication.main as RunSummary;
    const totalJobs = Object.values(k.stations).reduce((s, st) => s + st.arrivals, 0);

    const startWorker = () => {
      const w = spawnWorker(env, ['--concurrency', '20']);
      workers.add(w);
      w.once('exit', () => workers.delete(w));
      return w;
    };
    [serve] = await Promise.all([startServe(env, apiPort), startWorker(), startWorker()]);
    await until(() => [...workers].every((w) => readyAt(w) !== undefined), 60_000, 'workers');
    note('serve and 2 workers up');

    // The replay, through the serve, as fast as it goes.
    replay = spawn(
      process.execPath,
      [
        CLI,
        'run',
        SCENARIO,
        '--engine',
        'bullmq',
        '--via',
        'http',
        '--base-url',
        `http://127.0.0.1:${apiPort}`,
        '--redis-url',
        redis.url,
        '--speed',
        'max',
        '--json',
        ...set.flatMap((s) => ['--set', s]),
      ],
      { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: TEST_ADMIN_TOKEN }, stdio: 'pipe' },
    );
    let replayOut = '';
    let replayErr = '';
    replay.stdout?.on('data', (d: Buffer) => (replayOut += d.toString()));
    replay.stderr?.on('data', (d: Buffer) => (replayErr = `${replayErr}${d}`.slice(-8000)));
    const replayExit = new Promise<number | null>((r) => replay!.once('exit', (code) => r(code)));
    note('replay started');

    // E-visa clients: each submits applications one after another until the faults are over;
    // a 503, 429 or a refused connection is retried with the same Idempotency-Key and body.
    const salt = `C${randomBytes(2).toString('hex').toUpperCase()}`;
    const idsByKey = new Map<string, Set<string>>();
    const statuses = new Map<number | string, number>();
    let nextApp = 0;
    let clientsOn = true;
    const submit = async (i: number) => {
      const key = `chaos-${salt}-${i}`;
      const body = JSON.stringify(applicant(i, salt));
      for (let attempt = 0; attempt < 600; attempt++) {
        let status: number | string;
        try {
          const res = await fetch(`http://127.0.0.1:${apiPort}/evisa/applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          const answer = (await res.json()) as { id?: string };
          if (status === 202 && answer.id) {
            const ids = idsByKey.get(key) ?? new Set();
            ids.add(answer.id);
            idsByKey.set(key, ids);
          }
        } catch (err) {
          status = String((err as { cause?: { code?: string } }).cause?.code ?? 'error');
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 202) return;
        if (typeof status === 'number' && status !== 503 && status !== 429)
          throw new Error(`application ${i}: ${status}`);
        await sleep(100);
      }
      throw new Error(`application ${i}: no 202 after 600 tries`);
    };
    const clients = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (clientsOn) await submit(nextApp++);
      }),
    );

    const probe = new Redis(redis.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: () => 100,
    });
    probe.on('error', () => undefined);
    const reached = async (share: number, of: 'added' | 'taken', what: string) => {
      await until(
        async () => {
          if (replay!.exitCode !== null)
            throw new Error(`replay ended before ${what}: ${replayErr}`);
          const p = await replayProgress(probe);
          return p !== null && p[of] >= share * totalJobs;
        },
        120_000,
        what,
      );
    };

    try {
      // 1. The API, while the replay posts its arrivals.
      await reached(API_KILL_AT_POSTED, 'added', 'the API kill point');
      const posted = (await replayProgress(probe))?.added ?? 0;
      await killHard(serve);
      note(`API killed (SIGKILL) at ${posted} replay jobs added`);
      serve = await startServe(env, apiPort);
      note('API up again');

      // 2. A worker holding e-visa jobs.
      await reached(WORKER_KILL_AT, 'taken', 'the worker kill point');
      const activeKey = `${env.QUEUE_PREFIX}:${QUEUES.evisa}:active`;
      await until(async () => (await probe.llen(activeKey)) > 0, 20_000, 'active e-visa jobs');
      const active = await probe.llen(activeKey);
      const victim = [...workers][0];
      await killHard(victim);
      note(`worker killed (SIGKILL) with ${active} e-visa jobs active`);
      startWorker();

      // 3. Redis, on its AOF.
      await reached(REDIS_KILL_AT, 'taken', 'the Redis kill point');
      const before = await replayProgress(probe);
      await redis.kill();
      note(`Redis killed (SIGKILL) at ${before?.taken} replay jobs taken`);
      await sleep(REDIS_DOWN_MS);
      await redis.start();
      note('Redis up again (AOF)');
    } catch (err) {
      console.log(events.join('\n'));
      throw err;
    } finally {
      clientsOn = false;
      probe.disconnect();
    }
    await clients;
    note(`clients stopped after ${nextApp} applications`);

    const code = await replayExit;
    note(`replay exited ${code}`);
    expect(code, replayErr).toBe(0);
    // run --engine bullmq --json: the kernel's keys, and `live`, how the replay ran.
    const out = JSON.parse(replayOut) as ReturnType<typeof liveJson>;
    const live = out.live;

    // Every 202 decided exactly once.
    const check = new Redis(redis.url);
    let records = new Map<string, (string | null)[]>();
    const ids = [...idsByKey.values()].flatMap((s) => [...s]);
    try {
      const keyOf = (id: string) => RECORD_KEYS.evisaApplication(env.QUEUE_PREFIX, id);
      await until(
        async () => {
          records = await readRecords(check, keyOf, ids, [
            'outcome',
            'outcomeCount',
            'paymentCount',
            'issuanceCount',
          ]);
          return [...records.values()].every((r) => r[0] !== null);
        },
        60_000,
        'every application decided',
      );
      const failed = await check.zcard(`${env.QUEUE_PREFIX}:${QUEUES.evisa}:failed`);
      let issued = 0;
      const twice: string[] = [];
      for (const [id, [outcome, outcomes, payments, issuances]] of records) {
        if (outcome === 'issued') issued++;
        if (
          outcomes !== '1' ||
          Number(payments ?? 0) > 1 ||
          (outcome === 'issued' ? issuances !== '1' : issuances !== null)
        )
          twice.push(
            `${id}: ${outcome} ×${outcomes}, payment ×${payments}, issuance ×${issuances}`,
          );
      }
      const keysWithTwoIds = [...idsByKey.values()].filter((s) => s.size !== 1).length;
      console.log(
        [
          `chaos: ${SCENARIO.split('/').pop()} --set horizon=${HORIZON} at --speed max via http, ${live.jobs} jobs in ${live.wallSeconds.toFixed(1)} s (${live.arms.main.duplicates} copies of jobs already taken ignored); kernel ${totalJobs} jobs`,
          ...events.map((e) => `  ${e}`),
          `  e-visa: ${ids.length} applications accepted (answers ${JSON.stringify(Object.fromEntries(statuses))}), ${issued} issued, ${twice.length} decided twice, ${failed} failed jobs`,
          `  wall ${at()}`,
        ].join('\n'),
      );
      expect(keysWithTwoIds).toBe(0);
      expect(ids.length).toBe(nextApp);
      expect(twice).toEqual([]);
      expect(failed).toBe(0);
    } finally {
      check.disconnect();
    }

    // The replay: the kernel's replication 1 to the number, each job taken once.
    expect(live.jobs).toBe(totalJobs);
    expectSameRun(out.firstReplication.main as RunSummary, k);
  }, 480_000);
});
