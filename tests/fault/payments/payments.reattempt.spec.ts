import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveModels, type LiveModels } from '../../../src/experiment/live-models';
import { ownerOfToken } from '../../../src/payments/payments.service';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { IN_PROCESS_WORKERS, startApiApp, waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A reference paid again after its declined attempt expired (docs/api.md: "A declined payment
 * keeps its unpaid expiry, after which the reference can be paid again"). The capture job's id
 * was the reference alone: while the first attempt's job was still kept (completed jobs for an
 * hour, failed ones for a week), the second attempt's add was a no-op, so a 202 was never
 * captured and the payment sat pending until it expired unpaid again.
 */

/** The payments model with every attempt declined, so the first attempt's outcome is known. */
function alwaysDeclined(): LiveModels {
  const models = liveModels();
  const payments = structuredClone(models.payments);
  for (const c of payments.classes)
    for (const step of c.route) if (step.exit) step.exit = { ...step.exit, probability: 1 };
  return { ...models, payments };
}

describe('a reference paid again after its declined attempt expired', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let redis: Redis;
  const config = testConfig('pay-again', { RATE_LIMIT: '0', PAYMENT_UNPAID_TTL_SECONDS: '60' });
  beforeAll(async () => {
    app = await startApiApp(config, { ...IN_PROCESS_WORKERS, models: alwaysDeclined() });
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  const pay = {
    reference: 'order-2026-0042',
    amountMinor: 1500,
    currency: 'EUR',
    channel: 'virtual-pos',
  };
  const settled = async (token: string) =>
    (await request(http).get(`/payments/${pay.reference}`).set('Authorization', `Bearer ${token}`))
      .body as { status?: string };

  it('is settled like the first attempt, not left pending', async () => {
    const first = await request(http).post('/payments').send(pay).expect(202);
    const firstEnd = await waitFor(
      () => settled(first.body.token),
      (b) => b.status !== 'pending',
    );
    expect(firstEnd.status).toBe('declined');
    // The declined attempt's unpaid expiry runs out (here at once, instead of in 60 s).
    const recordKey = RECORD_KEYS.payment(
      config.QUEUE_PREFIX,
      pay.reference,
      ownerOfToken(first.body.token),
    );
    await redis.pexpire(recordKey, 1);
    await waitFor(
      () => redis.exists(recordKey),
      (n) => n === 0,
      5_000,
    );
    const again = await request(http).post('/payments').send(pay).expect(202);
    expect(again.body.status).toBe('pending');
    const againEnd = await waitFor(
      () => settled(again.body.token),
      (b) => b.status !== 'pending',
    );
    expect(againEnd.status).toBe('declined');
  });
});
