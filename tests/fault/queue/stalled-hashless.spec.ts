import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES, QUEUES, type QueueName } from '../../../src/queue/queue-names';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { plausibleArrivalDate, sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A job whose hash Redis evicted while a worker held it, and whose worker then died: the stalled
 * check's HINCRBY of its stall count makes a hash of the count alone, and with a stall limit of
 * 0 (the stall count is past it at once) the check writes the failure reason there too, so BullMQ
 * fails the job as soon as a worker takes it ("job stalled more than allowable limit") without
 * calling the processor. The mark of the failure read the record's id from the job's data, now
 * empty: the job lay in the failed set and its record said `received` (`queued`, `pending`)
 * for ever. It must say `failed`, as for any job failed for good; the failed job keeps a reason
 * the dashboard shows. WORKER_MAX_STALLED_COUNT itself must be 1 or more (app-config.ts): the
 * limit 0 is the stalled checker's (any worker of the queue runs it), and a job reaches the same
 * state with the limit 1 after two stalls.
 */
const LOST_LOCK_MS = 500;
const CHECK_INTERVAL_MS = 50;
/** The stall limit of the worker whose stalled check finds the job. */
const CHECKER_MAX_STALLED = 0;

type Http = ReturnType<INestApplication['getHttpServer']>;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function statusOf(http: Http, path: string, token: string): Promise<string | undefined> {
  const r = await request(http).get(path).set('Authorization', `Bearer ${token}`).expect(200);
  return (r.body as { status?: string }).status;
}

const SUBMIT: Record<QueueName, (http: Http) => Promise<() => Promise<string | undefined>>> = {
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
    return () => statusOf(http, `/evisa/applications/${id}`, token);
  },
  [QUEUES.konsolosluk]: async (http) => {
    const { id, token } = (
      await request(http)
        .post('/konsolosluk/transactions')
        .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
        .expect(202)
    ).body as { id: string; token: string };
    return () => statusOf(http, `/konsolosluk/transactions/${id}`, token);
  },
  [QUEUES.payments]: async (http) => {
    const reference = `order-${hex(6)}`;
    const { token } = (
      await request(http)
        .post('/payments')
        .send({ reference, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' })
        .expect(202)
    ).body as { token: string };
    return () => statusOf(http, `/payments/${reference}`, token);
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
    return () => statusOf(http, `/diplomatic-portal/requests/${id}`, key);
  },
};

describe('a job whose hash was evicted, then stalled past the limit', () => {
  const config = testConfig('stalled-hashless', { RATE_LIMIT: '0' });

  // The API alone: no worker of the service runs until the jobs have stalled.
  const api = useApiThenWorkers(config, { maxRetriesPerRequest: null });

  /** Takes the queue's next job, loses its hash (evicted) and vanishes: no lock renewal. */
  async function evictAndStall(queue: QueueName): Promise<string> {
    const vanishing = new Worker(queue, null, {
      connection: api.redis.duplicate(),
      prefix: config.QUEUE_PREFIX,
      lockDuration: LOST_LOCK_MS,
      stalledInterval: CHECK_INTERVAL_MS,
      maxStalledCount: CHECKER_MAX_STALLED,
      autorun: false,
    });
    const q = new Queue(queue, { connection: api.redis, prefix: config.QUEUE_PREFIX });
    try {
      const job = await vanishing.getNextJob(`vanishing-${hex(4)}`);
      if (!job?.id) throw new Error(`no job on queue ${queue}`);
      await api.redis.del(q.toKey(job.id));
      const check = () =>
        (
          vanishing as unknown as { moveStalledJobsToWait(): Promise<void> }
        ).moveStalledJobsToWait();
      await sleep(CHECK_INTERVAL_MS + 10);
      await check();
      await sleep(LOST_LOCK_MS + 100);
      await check();
      // What the check left: a hash of the stall count and the failure to come, back in wait.
      expect(await api.redis.hgetall(q.toKey(job.id))).toEqual({
        stc: '1',
        defa: 'job stalled more than allowable limit',
      });
      return job.id;
    } finally {
      await q.close();
      await vanishing.close(true);
    }
  }

  it('leaves every service record failed, and the job failed with its reason', async () => {
    const submitted: {
      queue: QueueName;
      status: () => Promise<string | undefined>;
      jobId: string;
    }[] = [];
    for (const queue of QUEUE_NAMES) {
      const status = await SUBMIT[queue](api.http);
      expect(await status()).not.toBe('failed');
      submitted.push({ queue, status, jobId: await evictAndStall(queue) });
    }
    const workers = await api.startWorkers(QUEUE_NAMES);
    for (const { queue, status, jobId } of submitted) {
      const final = await waitFor(status, (v) => v === 'failed', 20_000);
      expect({ queue, status: final }).toEqual({ queue, status: 'failed' });
      const job = await workers
        .get<{ getJob: (id: string) => Promise<unknown> }>(`BullQueue_${queue}`, { strict: false })
        .getJob(jobId);
      expect(job).toMatchObject({ failedReason: 'job stalled more than allowable limit' });
    }
  }, 60_000);
});
