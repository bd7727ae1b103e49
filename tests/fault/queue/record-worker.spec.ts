import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Worker } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ownerOfToken } from '../../../src/payments/payments.service';
import { QUEUE_NAMES, QUEUES, RECORD_KEYS, type QueueName } from '../../../src/queue/queue-names';
import { tokenBase } from '../../../src/queue/store-epoch';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { plausibleArrivalDate, sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A job whose worker dies (or loses its lock) mid-job more often than WORKER_MAX_STALLED_COUNT
 * allows is failed by BullMQ — "job stalled more than allowable limit" — when a worker next
 * takes it, after a single attempt of its five. The processors marked a record failed only when
 * every attempt was used, so each of these records said `queued` (or `pending`, `received`) for
 * ever while its job lay in the failed set. Here a worker takes the job and never renews its
 * lock, twice (the limit is 1), as a worker killed mid-job does; then the service's own workers
 * start, and the owner must read `failed`.
 */

/** How long the vanishing worker's lock lives (ms): short, so the stalls come quickly. */
const LOST_LOCK_MS = 500;
/** BullMQ runs at most one stalled check per interval (a key with this expiry): the one used here (ms). */
const CHECK_INTERVAL_MS = 50;

interface Submitted {
  /** What its owner reads; `failed` once the job has failed for good. */
  status: () => Promise<string | undefined>;
  /** The record's Redis key (none for an officer task), and the expiry it should have once failed. */
  record?: (prefix: string) => { key: string; ttl: number };
}

/**
 * Retentions of records with personal data: a failed record is final, so it expires as a
 * decided or served one does (seconds; long enough that nothing expires in the test).
 */
const RETENTION = { evisa: 3_000, konsolosluk: 4_000, portal: 5_000 };
/** A failed payment expires as a declined one does, after its unpaid expiry (seconds). */
const UNPAID_TTL = 6_000;

interface Case {
  name: string;
  queue: QueueName;
  submit: (http: Http) => Promise<Submitted>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** One submission per service, with how its owner reads its status. */
const SUBMIT: Record<QueueName, (http: Http) => Promise<Submitted>> = {
  [QUEUES.evisa]: async (http) => {
    const { id, token } = (
      await request(http)
        .post('/evisa/applications')
        .send({
          nationality: 'GB',
          passportNumber: `P${hex(4).toUpperCase()}`,
          fullName: 'Jane Doe',
          email: 'jane@example.org',
          arrivalDate: plausibleArrivalDate(),
        })
        .expect(202)
    ).body as { id: string; token: string };
    return {
      status: () => statusOf(http, `/evisa/applications/${id}`, token),
      record: (p) => ({ key: RECORD_KEYS.evisaApplication(p, id), ttl: RETENTION.evisa }),
    };
  },
  [QUEUES.konsolosluk]: async (http) => {
    const { id, token } = (
      await request(http)
        .post('/konsolosluk/transactions')
        .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
        .expect(202)
    ).body as { id: string; token: string };
    return {
      status: () => statusOf(http, `/konsolosluk/transactions/${id}`, token),
      record: (p) => ({
        key: RECORD_KEYS.konsoloslukTransaction(p, id),
        ttl: RETENTION.konsolosluk,
      }),
    };
  },
  [QUEUES.payments]: async (http) => {
    const reference = `order-${hex(6)}`;
    const { token } = (
      await request(http)
        .post('/payments')
        .send({ reference, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' })
        .expect(202)
    ).body as { token: string };
    return {
      status: () => statusOf(http, `/payments/${reference}`, token),
      record: (p) => ({
        key: RECORD_KEYS.payment(p, reference, ownerOfToken(token)),
        ttl: UNPAID_TTL,
      }),
    };
  },
  [QUEUES.diplomaticPortal]: async (http) => {
    const { key } = (
      await request(http)
        .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(201)
    ).body as { key: string };
    const { id } = (
      await request(http)
        .post('/diplomatic-portal/requests')
        .set('Authorization', `Bearer ${key}`)
        .send({ area: 'tax', subject: 'Exemption', body: 'Details.' })
        .expect(202)
    ).body as { id: string };
    return {
      status: () => statusOf(http, `/diplomatic-portal/requests/${id}`, key),
      record: (p) => ({ key: RECORD_KEYS.portalRequest(p, tokenBase(id)), ttl: RETENTION.portal }),
    };
  },
};

type Http = ReturnType<INestApplication['getHttpServer']>;

async function statusOf(http: Http, path: string, token: string): Promise<string | undefined> {
  const r = await request(http).get(path).set('Authorization', `Bearer ${token}`).expect(200);
  return (r.body as { status?: string }).status;
}

describe('a job that stalls past the limit', () => {
  const config = testConfig('stalled', {
    RATE_LIMIT: '0',
    WORKER_MAX_STALLED_COUNT: '1',
    EVISA_RECORD_TTL_SECONDS: String(RETENTION.evisa),
    KONSOLOSLUK_RECORD_TTL_SECONDS: String(RETENTION.konsolosluk),
    DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: String(RETENTION.portal),
    PAYMENT_UNPAID_TTL_SECONDS: String(UNPAID_TTL),
  });
  /**
   * A Hızır hand-off's officer task has no record, but it is counted among the tasks waiting
   * (OFFICER_QUEUE_MAX_WAITING) until an officer takes it: one that failed for good stayed
   * counted for ever. Its status here: whether it is still counted.
   */
  const handOff = async (h: Http): Promise<Submitted> => {
    const r = await request(h)
      .post('/hizir/messages')
      .send({ text: 'recipe for baklava please', sessionId: `web-${hex(4)}` })
      .expect(201);
    expect(r.body.handoff).toBe(true);
    const waiting = `${config.QUEUE_PREFIX}:konsolosluk:officer:waiting`;
    return {
      status: async () => ((await api.redis.scard(waiting)) > 0 ? 'waiting' : 'failed'),
    };
  };
  const cases: Case[] = [
    ...QUEUE_NAMES.map((queue) => ({ name: queue, queue, submit: SUBMIT[queue] })),
    { name: 'officer task', queue: QUEUES.konsolosluk, submit: handOff },
  ];

  // The API alone: no worker of the service runs until the jobs have stalled.
  const api = useApiThenWorkers(config, { maxRetriesPerRequest: null });

  /** Takes the queue's next job and vanishes with it: no lock renewal, no outcome. */
  async function stallNextJob(queue: QueueName): Promise<string> {
    const vanishing = new Worker(queue, null, {
      connection: api.redis.duplicate(),
      prefix: config.QUEUE_PREFIX,
      lockDuration: LOST_LOCK_MS,
      stalledInterval: CHECK_INTERVAL_MS,
      maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
      autorun: false,
    });
    try {
      const job = await vanishing.getNextJob(`vanishing-${hex(4)}`);
      if (!job?.id) throw new Error(`no job on queue ${queue}`);
      // The stalled checker (the one a live worker runs every WORKER_STALLED_INTERVAL_MS): one
      // pass marks the active job, the next, its lock gone, moves it back to wait.
      const check = () =>
        (
          vanishing as unknown as { moveStalledJobsToWait(): Promise<void> }
        ).moveStalledJobsToWait();
      await sleep(CHECK_INTERVAL_MS + 10);
      await check();
      await sleep(LOST_LOCK_MS + 100);
      await check();
      return job.id;
    } finally {
      await vanishing.close(true);
    }
  }

  it('leaves every service record failed, not in progress for ever', async () => {
    const submitted: { c: Case; s: Submitted; jobId: string }[] = [];
    // One case at a time, so the vanishing worker takes that case's job.
    for (const c of cases) {
      const s = await c.submit(api.http);
      const before = await s.status();
      let jobId = '';
      // One stall more than the limit allows; the job goes back to wait each time.
      for (let i = 0; i <= config.WORKER_MAX_STALLED_COUNT; i++)
        jobId = await stallNextJob(c.queue);
      expect(await s.status()).toBe(before);
      expect(before).not.toBe('failed');
      // In progress: a record with a retention does not expire yet (nor does a payment, whose
      // unpaid expiry runs once it is settled or failed).
      if (s.record) {
        const now = await api.redis.ttl(s.record(config.QUEUE_PREFIX).key);
        expect({ case: c.name, ttl: now }).toEqual({ case: c.name, ttl: -1 });
      }
      submitted.push({ c, s, jobId });
    }
    const workers = await api.startWorkers(QUEUE_NAMES);
    for (const { c, s, jobId } of submitted) {
      const status = await waitFor(
        () => s.status(),
        (v) => v === 'failed',
        20_000,
      );
      expect({ case: c.name, status }).toEqual({ case: c.name, status: 'failed' });
      // Failed is final: the record expires after its service's retention.
      if (s.record) {
        const { key, ttl } = s.record(config.QUEUE_PREFIX);
        const left = await api.redis.ttl(key);
        expect({ case: c.name, expires: left > ttl - 60 && left <= ttl }).toEqual({
          case: c.name,
          expires: true,
        });
      }
      // It was the stall limit, after one attempt of five, that failed the job.
      const job = await workers
        .get<{ getJob: (id: string) => Promise<unknown> }>(`BullQueue_${c.queue}`, {
          strict: false,
        })
        .getJob(jobId);
      expect(job).toMatchObject({
        failedReason: 'job stalled more than allowable limit',
        attemptsMade: 1,
      });
    }
  }, 60_000);
});
