import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiplomaticPortalService } from '../../../src/diplomatic-portal/diplomatic-portal.service';
import { EvisaService } from '../../../src/evisa/evisa.service';
import { KonsoloslukService } from '../../../src/konsolosluk/konsolosluk.service';
import { QUEUES, RECORD_KEYS, type QueueName } from '../../../src/queue/queue-names';
import { tokenBase } from '../../../src/queue/store-epoch';
import { recordGoneReason } from '../../../src/queue/record-worker';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { plausibleArrivalDate, sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A job that failed for good marks its record `failed`, and the record's retention starts
 * (EVISA_RECORD_TTL_SECONDS, KONSOLOSLUK_RECORD_TTL_SECONDS, DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS). The dashboard's Retry
 * (bull-board calls job.retry('failed'), which keeps the attempts made) runs the job again; the
 * record stayed `failed` with its expiry running under the retried run, so a run longer than
 * what was left of the retention ended on a record that was gone: the job completed ("no longer
 * held") and the owner read 404 for a transaction the operator had just put through. Now the
 * retried job puts its record back in progress, without an expiry, before it runs; it ends
 * served (decided) or failed again, and the retention starts afresh from that final state.
 *
 * The retention here is 2 s and the retried run takes 3 s (the handler waits before doing its
 * work); the failures are UnrecoverableErrors, so a job fails for good at once, as one whose
 * five attempts are used does (failedForGood).
 */

const TTL_S = 2;
const RETRIED_RUN_MS = 3_000;

type Http = ReturnType<INestApplication['getHttpServer']>;

/** How a run of the job under test goes, in order; past the list, it runs as usual. */
type Run = 'fail' | 'slow';

interface Case {
  name: string;
  queue: QueueName;
  /** The status a record in progress shows (the one before its job's work). */
  pending: string;
  /** Whether a status is the final state the job's work gives. */
  done: (status: string | undefined) => boolean;
  /** Makes the service's handler follow `runs`. */
  patch: (app: INestApplication, runs: Run[]) => void;
  /** Submits one; returns its record key, its job id and how its owner reads it. */
  submit: (http: Http) => Promise<{
    key: string;
    jobId: string;
    read: () => Promise<{ code: number; status?: string }>;
  }>;
}

/** Wraps a handler: each call takes the next run of `runs` (fail now, or wait, then work). */
function scripted<J>(runs: Run[], work: (job: J) => Promise<unknown>) {
  return async (job: J) => {
    const run = runs.shift();
    if (run === 'fail') throw new UnrecoverableError('the back office is down');
    if (run === 'slow') await sleep(RETRIED_RUN_MS);
    return work(job);
  };
}

describe('a job retried from the dashboard after it failed for good', () => {
  let app: INestApplication;
  let http: Http;
  let redis: Redis;
  const config = testConfig('dash-retry', {
    RATE_LIMIT: '0',
    EVISA_RECORD_TTL_SECONDS: String(TTL_S),
    KONSOLOSLUK_RECORD_TTL_SECONDS: String(TTL_S),
    DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: String(TTL_S),
  });
  const p = config.QUEUE_PREFIX;
  let missionKey = '';
  const runs = new Map<string, Run[]>();

  const cases: Case[] = [
    {
      name: 'e-visa application',
      queue: QUEUES.evisa,
      // Its intake job is the one retried: the application shows `received` until it is taken in.
      pending: 'received',
      done: (s) => s === 'issued' || s === 'refused',
      patch: (a, r) => {
        const s = a.get(EvisaService, { strict: false });
        s.intake = scripted(r, s.intake.bind(s)) as typeof s.intake;
      },
      submit: async (h) => {
        const { id, token } = (
          await request(h)
            .post('/evisa/applications')
            .send({
              nationality: 'GB',
              passportNumber: `R${String(Date.now() % 10_000_000).padStart(7, '0')}`,
              fullName: 'Retry Applicant',
              email: 'retry@example.org',
              arrivalDate: plausibleArrivalDate(),
            })
            .expect(202)
        ).body as { id: string; token: string };
        return {
          key: RECORD_KEYS.evisaApplication(p, id),
          jobId: `${id}-intake`,
          read: async () => {
            const r = await request(h)
              .get(`/evisa/applications/${id}`)
              .set('Authorization', `Bearer ${token}`);
            return { code: r.status, status: (r.body as { status?: string }).status };
          },
        };
      },
    },
    {
      name: 'Konsolosluk.NET transaction',
      queue: QUEUES.konsolosluk,
      pending: 'queued',
      done: (s) => s === 'done',
      patch: (a, r) => {
        const s = a.get(KonsoloslukService, { strict: false });
        s.serve = scripted(r, s.serve.bind(s)) as typeof s.serve;
      },
      submit: async (h) => {
        const { id, token } = (
          await request(h)
            .post('/konsolosluk/transactions')
            .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
            .expect(202)
        ).body as { id: string; token: string };
        return {
          key: RECORD_KEYS.konsoloslukTransaction(p, id),
          jobId: `${id}-tx`,
          read: async () => {
            const r = await request(h)
              .get(`/konsolosluk/transactions/${id}`)
              .set('Authorization', `Bearer ${token}`);
            return { code: r.status, status: (r.body as { status?: string }).status };
          },
        };
      },
    },
    {
      name: 'Diplomatic Portal request',
      queue: QUEUES.diplomaticPortal,
      pending: 'received',
      done: (s) => s === 'decided',
      patch: (a, r) => {
        const s = a.get(DiplomaticPortalService, { strict: false });
        s.decide = scripted(r, s.decide.bind(s)) as typeof s.decide;
      },
      submit: async (h) => {
        const { id } = (
          await request(h)
            .post('/diplomatic-portal/requests')
            .set('Authorization', `Bearer ${missionKey}`)
            .send({ area: 'tax', subject: 'Exemption' })
            .expect(202)
        ).body as { id: string };
        return {
          // The record and the job are named by the id without its issue marker.
          key: RECORD_KEYS.portalRequest(p, tokenBase(id)),
          jobId: `${tokenBase(id)}-req`,
          read: async () => {
            const r = await request(h)
              .get(`/diplomatic-portal/requests/${id}`)
              .set('Authorization', `Bearer ${missionKey}`);
            return { code: r.status, status: (r.body as { status?: string }).status };
          },
        };
      },
    },
  ];

  beforeAll(async () => {
    app = await startApiApp(config, {
      workers: [QUEUES.evisa, QUEUES.konsolosluk, QUEUES.diplomaticPortal],
      concurrency: 2,
    });
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL);
    for (const c of cases) {
      runs.set(c.name, []);
      c.patch(app, runs.get(c.name)!);
    }
    missionKey = (
      (
        await request(http)
          .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
          .expect(201)
      ).body as { key: string }
    ).key;
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  const queueOf = (c: Case) => app.get<Queue>(`BullQueue_${c.queue}`, { strict: false });
  /** The job once it has failed (again), as the dashboard finds it. */
  const failedJob = (c: Case, jobId: string, attempts: number) =>
    waitFor(
      async () => (await queueOf(c).getJob(jobId)) as Job,
      (j) => j?.attemptsMade === attempts && j.finishedOn !== undefined && !!j.failedReason,
    );

  for (const c of cases) {
    it(`${c.name}: in progress again while it runs, then its final state and a new retention`, async () => {
      runs.get(c.name)!.push('fail', 'slow');
      const s = await c.submit(http);
      expect((await waitFor(s.read, (r) => r.status === 'failed')).status).toBe('failed');
      const job = await failedJob(c, s.jobId, 1);
      expect(await redis.pttl(s.key)).toBeGreaterThan(0);

      await job.retry('failed');
      // The retried run is under way (it takes 3 s): the record shows it, and does not expire.
      const during = await waitFor(s.read, (r) => r.status !== 'failed', 1_000);
      expect(during).toEqual({ code: 200, status: c.pending });
      expect(await redis.ttl(s.key)).toBe(-1);
      expect(await redis.hget(s.key, 'retriedAt')).toBeTruthy();
      // Past the 2 s the failure left it: still there, then done.
      await sleep(TTL_S * 1000 + 200);
      expect((await s.read()).code).toBe(200);
      const end = await waitFor(s.read, (r) => c.done(r.status), 10_000);
      expect(end.code).toBe(200);
      expect(c.done(end.status)).toBe(true);
      const ttl = await redis.pttl(s.key);
      expect(ttl).toBeGreaterThan(TTL_S * 1000 - 1_000);
      expect(ttl).toBeLessThanOrEqual(TTL_S * 1000);
    });

    it(`${c.name}: a retry that fails again is failed again, with the retention from then`, async () => {
      runs.get(c.name)!.push('fail', 'fail');
      const s = await c.submit(http);
      await waitFor(s.read, (r) => r.status === 'failed');
      const job = await failedJob(c, s.jobId, 1);
      const firstFailure = await redis.hget(s.key, 'failedAt');
      await sleep(1_100);
      await job.retry('failed');
      await failedJob(c, s.jobId, 2);
      const again = await waitFor(
        async () => redis.hget(s.key, 'failedAt'),
        (at) => at !== firstFailure,
        5_000,
      );
      expect(again).not.toBe(firstFailure);
      expect(await s.read()).toEqual({ code: 200, status: 'failed' });
      // Its retention runs from the second failure: more than the 0.9 s left of the first.
      expect(await redis.pttl(s.key)).toBeGreaterThan(TTL_S * 1000 - 500);
    });

    it(`${c.name}: a retry after the record's retention fails at once, saying the record is gone`, async () => {
      // Once the retried job would run, it would work as usual: only the missing record stops it.
      runs.get(c.name)!.push('fail');
      const s = await c.submit(http);
      await waitFor(s.read, (r) => r.status === 'failed');
      const job = await failedJob(c, s.jobId, 1);
      // The failed job is kept a week; its record only the retention.
      await waitFor(
        () => redis.exists(s.key),
        (n) => n === 0,
        TTL_S * 1000 + 2_000,
      );
      expect((await s.read()).code).toBe(404);

      await job.retry('failed');
      const again = await failedJob(c, s.jobId, 2);
      expect(again.failedReason).toBe(recordGoneReason(c.queue));
      expect(await queueOf(c).getJobState(s.jobId)).toBe('failed');
      // Nothing was written for it: the owner still reads 404, and no record came back.
      expect((await s.read()).code).toBe(404);
      expect(await redis.exists(s.key)).toBe(0);
    });
  }
});
