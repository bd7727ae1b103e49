import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { PaymentsFlow } from '../../../src/payments/payments-flow';
import { QUEUE_NAMES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { PRODUCER_REDIS } from '../../../src/queue/queue.module';
import { testConfig } from '../../helpers/redis-test-env';

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('payments API on a real Redis, with in-process workers', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  const config = testConfig('payments');

  beforeAll(async () => {
    app = await createApiApp(config, {
      workers: QUEUE_NAMES,
      concurrency: 5,
      logger: false,
    });
    await app.init();
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('payments: a reference is paid once; a retry with the same key and body is the same payment', async () => {
    const body = {
      reference: `ref-${Date.now()}`,
      amountMinor: 2000,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    const key = `pay-${Date.now()}`;
    const a = await request(http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    const b = await request(http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    expect(b.body.token).toBe(a.body.token);
    await request(http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send({ ...body, amountMinor: 2001 })
      .expect(422);
    const again = await request(http).post('/payments').send(body).expect(409);
    expect(again.body).not.toHaveProperty('token');
    expect(again.body).not.toHaveProperty('status', 'pending');
    expect(a.body.reference).toBe(body.reference);
    const done = await waitFor(
      () =>
        request(http)
          .get(`/payments/${body.reference}`)
          .set('Authorization', `Bearer ${a.body.token}`),
      (r) => r.body.status !== 'pending',
    );
    // The acquirer's answer is the payments model's draw for this attempt (declined at 3%).
    const redis = app.get<Redis>(PRODUCER_REDIS, { strict: false });
    const createdAt = await redis.hget(
      RECORD_KEYS.payment(config.QUEUE_PREFIX, body.reference),
      'createdAt',
    );
    expect(done.body.status).toBe(
      app.get(PaymentsFlow, { strict: false }).outcome(body.reference, 'virtual-pos', createdAt!),
    );
    await request(http)
      .post('/payments')
      .send({ ...body, channel: 'cash' })
      .expect(400);
  });
});
