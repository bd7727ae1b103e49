import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { ServiceUnavailableException, type INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvisaFlow } from '../../../src/evisa/evisa-flow';
import { evisaDigitalNetwork } from '../../../src/experiment/live-models';
import { EvisaService } from '../../../src/evisa/evisa.service';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { testConfig } from '../../helpers/redis-test-env';
import { startApiApp } from '../../helpers/api-app';
import {
  applicant,
  ensureBuilt,
  envInt,
  killHard,
  pool,
  readRecords,
  readyAt,
  sleep,
  spawnWorker,
} from '../../helpers/fault-env';

/**
 * Worker crash (cf. BullMQ's stalled-job tests): e-visa applications are submitted while
 * worker PROCESSES are killed with SIGKILL again and again. Every accepted application must
 * end issued or refused exactly once, and payment and issuance must each have happened
 * exactly once for an issued one, however often a killed job ran again.
 *
 * FAULT_APPLICATIONS (default 20000), FAULT_KILLS (default 5), FAULT_WORKERS (default 2).
 */
const APPLICATIONS = envInt('FAULT_APPLICATIONS', 20_000);
const KILLS = envInt('FAULT_KILLS', 5);
const WORKERS = envInt('FAULT_WORKERS', 2);
/** Short lock and stalled check so a killed worker's jobs come back within seconds. */
const STALLED = {
  WORKER_LOCK_MS: '2000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  WORKER_MAX_STALLED_COUNT: '50',
};
const FIELDS = [
  'outcome',
  'outcomeCount',
  'paymentCount',
  'issuanceCount',
  'stepRuns',
  'status',
] as const;

/** Jobs an application runs without faults: intake and each step of its (deterministic) path. */
function jobsOnPath(flow: EvisaFlow, id: string): number {
  let jobs = 1;
  let next = flow.first(id);
  while ('step' in next) {
    jobs++;
    next = flow.after(id, next.step.index);
  }
  return jobs;
}

describe('worker processes killed with SIGKILL during a replay', () => {
  let app: INestApplication;
  let redis: Redis;
  let queue: Queue;
  const workers = new Set<ChildProcess>();
  const config = testConfig('crash', { ...STALLED, LOG_LEVEL: 'error' });
  const workerEnv = {
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    TOKEN_SECRET: config.TOKEN_SECRET,
    LOG_LEVEL: 'error',
    ...STALLED,
  };

  beforeAll(async () => {
    ensureBuilt();
    app = await startApiApp(config);
    redis = new Redis(config.REDIS_URL);
    queue = app.get<Queue>(getQueueToken(QUEUES.evisa), { strict: false });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...workers].map(killHard));
    await app?.close();
    redis?.disconnect();
  });

  const start = () => {
    const w = spawnWorker(workerEnv, ['--queues', 'evisa', '--concurrency', '40']);
    workers.add(w);
    w.once('exit', () => workers.delete(w));
    return w;
  };

  it(`loses and duplicates nothing across ${KILLS}+ kills (${APPLICATIONS} applications)`, async () => {
    const t0 = Date.now();
    for (let i = 0; i < WORKERS; i++) start();
    const service = app.get(EvisaService);
    const salt = `K${randomBytes(2).toString('hex').toUpperCase()}`;
    const ids: string[] = [];
    let refusedFor503 = 0;
    let submitting = true;
    const submitted = pool(
      Array.from({ length: APPLICATIONS }, (_, i) => i),
      100,
      async (i) => {
        // As a client does: a 503 (Redis did not answer within the producer's deadline, on a
        // machine loaded several times over) took nothing, so the application is sent again.
        for (let attempt = 1; ; attempt++) {
          try {
            const res = await service.submit(applicant(i, salt) as never);
            ids.push(res.id);
            return;
          } catch (err) {
            if (!(err instanceof ServiceUnavailableException) || attempt >= 20) throw err;
            refusedFor503++;
            await sleep(250);
          }
        }
      },
    ).finally(() => {
      submitting = false;
    });
    // Awaited after the kills; observed now, so that a failure there is the test's, not an
    // unhandled rejection while the killer loop runs.
    submitted.catch(() => undefined);

    // The killer: every 2.5 s, one worker that has been up and working for at least a second
    // (never one still booting) is killed hard while it holds active jobs, and a new one
    // started; until KILLS kills are done and the submissions are in.
    let kills = 0;
    let activeAtKills = 0;
    const killed: number[] = [];
    while (kills < KILLS || submitting) {
      await sleep(2500);
      const working = [...workers].filter((w) => (readyAt(w) ?? Infinity) < Date.now() - 1000);
      const victim = working[Math.floor(Math.random() * working.length)];
      // A count Redis is too busy to give in time skips this round's kill; it is not the test's.
      const active = await queue.getActiveCount().catch(() => 0);
      if (victim && active > 0) {
        activeAtKills += active;
        await killHard(victim);
        kills++;
        killed.push(Date.now() - t0);
        start();
      }
    }
    await submitted;
    const submitSeconds = (Date.now() - t0) / 1000;
    const keyOf = (id: string) => RECORD_KEYS.evisaApplication(config.QUEUE_PREFIX, id);

    let records = new Map<string, (string | null)[]>();
    const deadline = Date.now() + 180_000;
    for (;;) {
      records = await readRecords(redis, keyOf, ids, FIELDS);
      const open = [...records.values()].filter((r) => !r[0]).length;
      if (open === 0 || Date.now() > deadline) break;
      await sleep(1000);
    }

    let issued = 0;
    let refused = 0;
    let lost = 0;
    let duplicated = 0;
    let reRuns = 0;
    const flow = new EvisaFlow(evisaDigitalNetwork());
    const problems: string[] = [];
    for (const [id, [outcome, outcomeCount, paymentCount, issuanceCount, stepRuns]] of records) {
      if (outcome === 'issued') issued++;
      else if (outcome === 'refused') refused++;
      else {
        lost++;
        if (problems.length < 5) problems.push(`${id}: no outcome`);
        continue;
      }
      const pay = Number(paymentCount ?? 0);
      const iss = Number(issuanceCount ?? 0);
      if (Number(outcomeCount) !== 1 || pay > 1 || iss > 1) duplicated++;
      if (outcome === 'issued' && (pay !== 1 || iss !== 1)) {
        if (problems.length < 5)
          problems.push(`${id}: issued with payment ${pay}, issuance ${iss}`);
        lost++;
      }
      if (outcome === 'refused' && iss !== 0) duplicated++;
      // Every run above one per job of the application's path is a job run again after a kill.
      reRuns += Number(stepRuns) - jobsOnPath(flow, id);
    }
    const failed = await queue.getJobCountByTypes('failed');
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      [
        `worker-crash: ${ids.length} applications accepted, ${kills} worker kills (SIGKILL at ${killed.map((t) => (t / 1000).toFixed(1)).join(', ')} s), ${WORKERS} worker processes`,
        `  issued ${issued}, refused ${refused}, lost ${lost}, duplicated ${duplicated}, failed jobs ${failed}`,
        `  ${activeAtKills} jobs active (all workers) at the kills; ${reRuns} jobs ran again after kills (their effects still once); submitted in ${submitSeconds.toFixed(1)} s (${refusedFor503} answered 503 and sent again), all decided in ${seconds.toFixed(1)} s`,
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(ids.length).toBe(APPLICATIONS);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    // The kills hit workers in the middle of jobs: some jobs had to run again.
    if (KILLS > 0) expect(reRuns).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(failed).toBe(0);
    expect(issued + refused).toBe(APPLICATIONS);
  }, 600_000);
});
