import 'reflect-metadata';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PaymentsFlow } from '../../../src/payments/payments-flow';
import { ownerOfToken } from '../../../src/payments/payments.service';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { PRODUCER_REDIS } from '../../../src/queue/queue.module';
import { testConfig } from '../../helpers/redis-test-env';
import { IN_PROCESS_WORKERS, useApiApp, waitFor } from '../../helpers/api-app';

describe('payments API on a real Redis, with in-process workers', () => {
  const config = testConfig('payments');
  const api = useApiApp(config, IN_PROCESS_WORKERS);

  it('payments: a reference is paid once; a retry with the same key and body is the same payment', async () => {
    const body = {
      reference: `ref-${Date.now()}`,
      amountMinor: 2000,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    const key = `pay-${Date.now()}`;
    const a = await request(api.http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    const b = await request(api.http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(202);
    expect(b.body.token).toBe(a.body.token);
    await request(api.http)
      .post('/payments')
      .set('Idempotency-Key', key)
      .send({ ...body, amountMinor: 2001 })
      .expect(422);
    const again = await request(api.http).post('/payments').send(body).expect(409);
    expect(again.body).not.toHaveProperty('token');
    expect(again.body).not.toHaveProperty('status', 'pending');
    expect(a.body.reference).toBe(body.reference);
    const done = await waitFor(
      () =>
        request(api.http)
          .get(`/payments/${body.reference}`)
          .set('Authorization', `Bearer ${a.body.token}`),
      (r) => r.body.status !== 'pending',
    );
    // The acquirer's answer is the payments model's draw for this attempt (declined at 3%).
    const redis = api.app.get<Redis>(PRODUCER_REDIS, { strict: false });
    const createdAt = await redis.hget(
      RECORD_KEYS.payment(config.QUEUE_PREFIX, body.reference, ownerOfToken(a.body.token)),
      'createdAt',
    );
    expect(done.body.status).toBe(
      api.app
        .get(PaymentsFlow, { strict: false })
        .outcome(body.reference, 'virtual-pos', createdAt!),
    );
    await request(api.http)
      .post('/payments')
      .send({ ...body, channel: 'cash' })
      .expect(400);
  });
});
