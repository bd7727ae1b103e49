import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ownerOfToken } from '../../../src/payments/payments.service';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { waitFor } from '../../helpers/api-app';
import { sleep } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';

/**
 * A payment without an Idempotency-Key answered 503 while Redis stalls (CLIENT PAUSE). Redis
 * writes the payment record when it wakes, under the client's own reference, with the hash of a
 * token nobody was given and no capture job: the citizen paying again was refused 409 "payment
 * reference already exists" until the unpaid expiry (PAYMENT_UNPAID_TTL_SECONDS, a day), and the
 * status route answered 404 to every token. Now the record the 503'd request wrote is deleted —
 * only that one (it holds that request's token hash), never a payment someone else made.
 */
describe('a keyless payment answered 503 while Redis stalls', () => {
  const api = usePrivateApi(
    'pay-stall',
    { RATE_LIMIT: '0', RATE_LIMIT_COSTLY: '0' },
    { workers: [], concurrency: 1 },
  );

  const pay = (reference: string) =>
    request(api.http)
      .post('/payments')
      .send({ reference, amountMinor: 1500, currency: 'EUR', channel: 'virtual-pos' });

  it('can be paid again at once, and a payment made before is never deleted', async () => {
    // One payment accepted before the stall: its record must survive whatever follows.
    const kept = await pay('order-kept-1');
    expect(kept.status).toBe(202);
    await api.probe.client('PAUSE', 3000, 'ALL');
    expect((await pay('order-stalled-1')).status).toBe(503);
    // The same reference as the accepted payment, during the stall: 503 too, or 409.
    expect([409, 503]).toContain((await pay('order-kept-1')).status);
    await sleep(3_200);
    const again = await waitFor(
      () => pay('order-stalled-1'),
      (r) => r.status !== 503,
      8_000,
    );
    expect(again.status).toBe(202);
    const status = await request(api.http)
      .get('/payments/order-stalled-1')
      .set('Authorization', `Bearer ${again.body.token}`);
    expect(status.status).toBe(200);
    const keptStatus = await request(api.http)
      .get('/payments/order-kept-1')
      .set('Authorization', `Bearer ${kept.body.token}`);
    expect(keptStatus.status).toBe(200);
    expect(
      await api.probe.exists(
        RECORD_KEYS.payment(api.prefix, 'order-kept-1', ownerOfToken(kept.body.token)),
      ),
    ).toBe(1);
  });
});
