import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { UnrecoverableError, type Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentsFlow } from '../../../src/payments/payments-flow';
import { captureJobId, ownerOfToken } from '../../../src/payments/payments.service';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { IN_PROCESS_WORKERS, startApiApp, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A capture job that failed for good marks its payment `failed` (records.ts markFailed). The
 * operator's remedy is the dashboard's Retry button (job.retry()): the job ran again, found the
 * record `failed` rather than `pending`, returned `failed` and completed, so the dashboard
 * showed the retry done while the payment was never captured. Here the acquirer is down for the
 * first run (the model's outcome throws an UnrecoverableError, as an acquirer refusing the
 * request outright would), and back for the retry.
 */
describe('a failed capture retried from the dashboard', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let redis: Redis;
  const config = testConfig('pay-retry', { RATE_LIMIT: '0' });
  let acquirerDown = true;
  beforeAll(async () => {
    app = await startApiApp(config, IN_PROCESS_WORKERS);
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL);
    const flow = app.get(PaymentsFlow, { strict: false });
    const outcome = flow.outcome.bind(flow);
    flow.outcome = (...args) => {
      if (acquirerDown) throw new UnrecoverableError('acquirer unreachable');
      return outcome(...args);
    };
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  it('captures the payment (or declines it as the model says), not completes doing nothing', async () => {
    const reference = `order-retry-${Date.now()}`;
    const paid = await request(http)
      .post('/payments')
      .send({ reference, amountMinor: 4500, currency: 'EUR', channel: 'virtual-pos' })
      .expect(202);
    const token = paid.body.token as string;
    const status = async () =>
      (await request(http).get(`/payments/${reference}`).set('Authorization', `Bearer ${token}`))
        .body as { status?: string };
    expect((await waitFor(status, (b) => b.status === 'failed')).status).toBe('failed');

    // A free-form reference's payment lies under its payer's owner tag, which the token carries.
    const owner = ownerOfToken(token);
    expect(owner).toBeDefined();
    const recordKey = RECORD_KEYS.payment(config.QUEUE_PREFIX, reference, owner);
    const createdAt = (await redis.hget(recordKey, 'createdAt'))!;
    const queue = app.get<Queue>(`BullQueue_${QUEUES.payments}`, { strict: false });
    const job = await queue.getJob(captureJobId(reference, createdAt, owner));
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('failed');

    acquirerDown = false;
    await job!.retry();
    // The retried run first puts the payment back to pending (as any dashboard retry does: the
    // record shows the retry), then settles it.
    const end = await waitFor(status, (b) => b.status === 'captured' || b.status === 'declined');
    // The acquirer's answer is the payments model's draw for this attempt (3% declined).
    const expected = app
      .get(PaymentsFlow, { strict: false })
      .outcome(reference, 'virtual-pos', createdAt);
    expect(end.status).toBe(expected);
    expect(await redis.hget(recordKey, 'settledAt')).not.toBeNull();
    // A captured payment is kept; a declined one keeps its unpaid expiry.
    const ttl = await redis.ttl(recordKey);
    if (expected === 'captured') expect(ttl).toBe(-1);
    else expect(ttl).toBeGreaterThan(0);
    const retried = await waitFor(
      async () => (await queue.getJob(job!.id!))!,
      (j) => j.finishedOn !== undefined && j.returnvalue !== null,
    );
    expect(await retried.getState()).toBe('completed');
    expect(retried.returnvalue).toBe(expected);
  });
});
