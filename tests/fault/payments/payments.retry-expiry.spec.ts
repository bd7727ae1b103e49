import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentsFlow } from '../../../src/payments/payments-flow';
import {
  captureJobId,
  ownerOfToken,
  PaymentsService,
} from '../../../src/payments/payments.service';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { sleep } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A payment's record was created with its unpaid expiry (PAYMENT_UNPAID_TTL_SECONDS) running
 * from the submission, while its capture job was still to run: a capture that failed once and
 * was retried after its backoff found the record expired ('expired before capture'), and the
 * payer, who had been answered 202, read 404. The expiry is now a safety net only for a record
 * whose job never got queued: once the job is queued the record is kept until the capture
 * settles it or fails for good, and the unpaid expiry runs from then.
 *
 * The setting's floor is 60 s; the test shortens it to 1 s on the loaded configuration (as a
 * day-long expiry against a backlog of a day) rather than wait a minute. The acquirer times out
 * slowly on the first attempt (1.5 s, then an ordinary error: BullMQ retries it after the 1 s
 * backoff of job-options.ts), so the retry runs 2.5 s after the submission, past the expiry.
 */

const TTL_S = 1;
const FIRST_ATTEMPT_MS = 1_500;

describe('a capture retried after a backoff longer than the unpaid expiry', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let redis: Redis;
  const config = testConfig('pay-retry-expiry', { RATE_LIMIT: '0' });
  config.PAYMENT_UNPAID_TTL_SECONDS = TTL_S;
  let attempts = 0;

  beforeAll(async () => {
    app = await startApiApp(config, { workers: [QUEUES.payments], concurrency: 2 });
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL);
    const payments = app.get(PaymentsService, { strict: false });
    const capture = payments.capture.bind(payments);
    payments.capture = async (job) => {
      if (++attempts === 1) {
        await sleep(FIRST_ATTEMPT_MS);
        throw new Error('acquirer timed out');
      }
      return capture(job);
    };
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  it('settles the payment, never 404 in between, and starts the expiry only then', async () => {
    const reference = `order-backoff-${Date.now()}`;
    const paid = await request(http)
      .post('/payments')
      .send({ reference, amountMinor: 1250, currency: 'EUR', channel: 'virtual-pos' })
      .expect(202);
    const token = paid.body.token as string;
    const owner = ownerOfToken(token);
    const recordKey = RECORD_KEYS.payment(config.QUEUE_PREFIX, reference, owner);
    const createdAt = (await redis.hget(recordKey, 'createdAt'))!;
    const seen: number[] = [];
    const status = async () => {
      const r = await request(http)
        .get(`/payments/${reference}`)
        .set('Authorization', `Bearer ${token}`);
      seen.push(r.status);
      return r.body as { status?: string };
    };
    const end = await waitFor(status, (b) => b.status !== 'pending', 15_000);
    // Accepted, so always there: pending (its job waiting, failing once, retried), then settled.
    expect(seen.filter((s) => s !== 200)).toEqual([]);
    const expected = app
      .get(PaymentsFlow, { strict: false })
      .outcome(reference, 'virtual-pos', createdAt);
    expect(end.status).toBe(expected);
    // It was the retry that settled it, after the first attempt failed.
    const queue = app.get<Queue>(`BullQueue_${QUEUES.payments}`, { strict: false });
    const job = await waitFor(
      async () => (await queue.getJob(captureJobId(reference, createdAt, owner)))!,
      (j) => j.finishedOn !== undefined,
    );
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toBe(expected);
    // The unpaid expiry from the settlement: a captured payment is kept, a declined one expires.
    const ttl = await redis.pttl(recordKey);
    if (expected === 'captured') expect(ttl).toBe(-1);
    else {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(TTL_S * 1000);
      await sleep(TTL_S * 1000 + 100);
      expect(await redis.exists(recordKey)).toBe(0);
    }
  }, 30_000);
});
