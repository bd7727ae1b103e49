import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp, waitFor } from '../../helpers/api-app';
import { CAPTURED, PaymentsFlow } from '../../../src/payments/payments-flow';
import {
  ownerOfToken,
  PaymentsService,
  type PaymentJobData,
} from '../../../src/payments/payments.service';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/** Payments tied to what they pay for: no squatting on someone's application, no free or fake-currency payments, unpaid records expire. */
const applicant = (passportNumber: string, nationality = 'GB') => ({
  nationality,
  passportNumber,
  fullName: 'Pay Applicant',
  email: 'pay@example.org',
  arrivalDate: plausibleArrivalDate(),
});

describe('payments on a reference that names an application', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  const config = testConfig('pay-squat', { RATE_LIMIT: '0', PAYMENT_UNPAID_TTL_SECONDS: '600' });
  beforeAll(async () => {
    app = await startApiApp(config);
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('need the application token and the fee the server has on record', async () => {
    const victim = await request(http)
      .post('/evisa/applications')
      .send(applicant('V1234567'))
      .expect(202);
    const squatter = await request(http)
      .post('/evisa/applications')
      .send(applicant('S1234567'))
      .expect(202);
    const pay = {
      reference: victim.body.id,
      amountMinor: 1,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    // The probe's squat: 1 cent on someone else's application.
    await request(http).post('/payments').send(pay).expect(401);
    const stranger = await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${squatter.body.token}`)
      .send(pay);
    const unknown = await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${victim.body.token}`)
      .send({ ...pay, reference: `ev_${'0'.repeat(26)}` });
    expect(stranger.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(stranger.body).toEqual(unknown.body);
    // The owner, with a wrong amount or currency: told what is due (GB: the 20 USD group).
    const wrong = await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${victim.body.token}`)
      .send({ ...pay, currency: 'EUR' })
      .expect(400);
    expect(wrong.body.message).toEqual([
      'amountMinor must be the fee due for this application: 2000 (config/evisa.yaml group standard-usd-20)',
      'currency must be USD, the currency of the fee due (config/evisa.yaml group standard-usd-20)',
    ]);
    // Nothing was recorded by those attempts: the real payment goes through.
    const paid = await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${victim.body.token}`)
      .send({ ...pay, amountMinor: 2000 })
      .expect(202);
    expect(paid.body).toMatchObject({
      reference: victim.body.id,
      amountMinor: 2000,
      status: 'pending',
    });
    // A nationality in a fee-free group owes nothing.
    const free = await request(http)
      .post('/evisa/applications')
      .send(applicant('F1234567', 'ID'))
      .expect(202);
    const none = await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${free.body.token}`)
      .send({ ...pay, reference: free.body.id, amountMinor: 100 })
      .expect(409);
    expect(none.body.message).toMatch(/no fee is due/);
  });

  it('refuse look-alikes of an application reference, whatever their case or separator', async () => {
    const owner = await request(http)
      .post('/evisa/applications')
      .send(applicant('L1234567'))
      .expect(202);
    const id = owner.body.id as string;
    const digits = id.slice(3);
    const lookalikes = [
      `EV_${digits}`,
      `Ev_${digits}`,
      `eV_${digits}`,
      `KN_${digits}`,
      `ev-${digits}`,
      `ev.${digits}`,
      `kn-${digits}`,
      `EV_${digits.toUpperCase()}`,
      `ev${digits}`,
      `EV${digits.toUpperCase()}`,
      `ev_${digits.slice(0, 10)}-${digits.slice(10)}`,
      'ev_short',
      'EV-2024-visa',
    ];
    const pay = { amountMinor: 1, currency: 'USD', channel: 'virtual-pos' };
    for (const reference of lookalikes) {
      // Neither without a token nor with the application's own: the id as issued is the only
      // application reference, so no payment reads as this application's fee.
      for (const token of [undefined, owner.body.token as string]) {
        const r = request(http).post('/payments');
        if (token) void r.set('Authorization', `Bearer ${token}`);
        const res = await r.send({ ...pay, reference });
        expect(res.status, reference).toBe(400);
        expect(res.body.message).toEqual([
          expect.stringMatching(
            /^reference must be an application's or transaction's id as issued/,
          ),
        ]);
      }
      await request(http)
        .get(`/payments/${reference}`)
        .set('Authorization', `Bearer ${owner.body.token}`)
        .expect(404);
    }
    // References that only share letters with the prefix are payments like any other.
    for (const reference of [`every-${digits.slice(0, 8)}`, `knot${digits.slice(0, 8)}`]) {
      const res = await request(http)
        .post('/payments')
        .send({ ...pay, reference })
        .expect(202);
      expect(res.body.reference).toBe(reference);
    }
    // The application's own reference still pays its fee with its token.
    await request(http)
      .post('/payments')
      .set('Authorization', `Bearer ${owner.body.token}`)
      .send({ ...pay, reference: id, amountMinor: 2000 })
      .expect(202);
  });

  it('refuses zero amounts and currencies that are not ISO 4217 money', async () => {
    const base = {
      reference: 'card-free-0001',
      amountMinor: 0,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    const zero = await request(http).post('/payments').send(base).expect(400);
    expect(JSON.stringify(zero.body.message)).toMatch(/amountMinor must be more than 0/);
    for (const currency of ['XXX', 'ZZZ'])
      await request(http)
        .post('/payments')
        .send({ ...base, amountMinor: 100, currency })
        .expect(400);
  });

  it('are kept while their capture is queued and once captured, and expire when declined', async () => {
    const redis = new Redis(config.REDIS_URL);
    const flow = app.get(PaymentsFlow);
    /** The capture job of a payment answered 202 (a free-form reference's carries its owner). */
    const capture = (paid: { body: { reference: string; token: string } }) =>
      app.get(PaymentsService).capture({
        data: { reference: paid.body.reference, owner: ownerOfToken(paid.body.token) },
      } as Job<PaymentJobData>);
    const keyOf = (paid: { body: { reference: string; token: string } }) =>
      RECORD_KEYS.payment(config.QUEUE_PREFIX, paid.body.reference, ownerOfToken(paid.body.token));
    /** An attempt time (fixed candidates) for which the model answers `outcome`. */
    const attemptWith = (reference: string, outcome: string) => {
      for (let i = 0; ; i++) {
        const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
        if (flow.outcome(reference, 'physical-pos', at) === outcome) return at;
      }
    };
    const pay = (reference: string) =>
      request(http)
        .post('/payments')
        .send({ reference, amountMinor: 500, currency: 'EUR', channel: 'physical-pos' })
        .expect(202);
    try {
      const r = await pay('card-unpaid-0001');
      const key = keyOf(r);
      // Its capture job is queued: the record is kept until the capture settles it (the unpaid
      // expiry it was written with is for a record whose job never got queued), and the keep
      // is sent after the enqueue, on the API's connection.
      expect(
        await waitFor(
          () => redis.ttl(key),
          (t) => t === -1,
          2_000,
        ),
      ).toBe(-1);
      await redis.hset(key, 'createdAt', attemptWith(r.body.reference, CAPTURED));
      expect(await capture(r)).toBe(CAPTURED);
      expect(await redis.ttl(key)).toBe(-1);
      expect(await redis.hget(key, 'status')).toBe('captured');
      // A retried capture job settles nothing twice.
      expect(await capture(r)).toBe('captured');
      const d = await pay('card-declined-0001');
      const declinedKey = keyOf(d);
      await redis.hset(declinedKey, 'createdAt', attemptWith(d.body.reference, 'declined'));
      expect(await capture(d)).toBe('declined');
      expect(await redis.hget(declinedKey, 'status')).toBe('declined');
      expect(await redis.ttl(declinedKey)).toBeGreaterThan(500);
      // A capture after the record expired does not bring back a half record.
      await redis.del(key);
      expect(await capture(r)).toBe('expired before capture');
      expect(await redis.exists(key)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
