import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../../src/queue/queue-names';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * Duplicate submissions sent at once to two replicas of the API sharing one Redis (two apps on
 * one QUEUE_PREFIX), as a client retrying through a load balancer does. The key, its binding and
 * the record are written in one Redis script (src/queue/idempotency.ts), so whichever request
 * Redis runs first makes the record: the others with its body are answered that record (a
 * replay by the same client with the same body is the same client by design: it gets the
 * token), those with another body are 422 with nothing of it, and a reference already paid is
 * 409 with nothing of that payment. One record and one job, whatever the interleaving.
 */
const N = 40;
const key = (tag: string) => `${tag}-${randomBytes(6).toString('hex')}`;

describe('concurrent duplicates across two replicas', () => {
  let apps: INestApplication[] = [];
  let probe: Redis;
  const config = testConfig('idem-race', { RATE_LIMIT: '0', RATE_LIMIT_COSTLY: '0' });
  const http = (i: number) => apps[i % 2].getHttpServer();
  const queue = (name: string) => apps[0].get<Queue>(getQueueToken(name), { strict: false });

  beforeAll(async () => {
    apps = [await startApiApp(config), await startApiApp(config)];
    probe = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    probe?.disconnect();
    for (const app of apps) await app.close();
  });

  const person = (passportNumber: string, fullName: string) => ({
    nationality: 'GB',
    passportNumber,
    fullName,
    email: `${passportNumber.toLowerCase()}@example.org`,
    arrivalDate: plausibleArrivalDate(),
  });

  it('one key, two bodies at once: one application; its body gets it, the other 422 with nothing of it', async () => {
    const k = key('mixed');
    const bodies = [person('A7777777', 'Ayse Racer'), person('B8888888', 'Berk Racer')];
    const before = (await probe.keys(`${config.QUEUE_PREFIX}:evisa:app:*`)).length;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        request(http(i))
          .post('/evisa/applications')
          .set('Idempotency-Key', k)
          .send(bodies[i % 2]),
      ),
    );
    expect((await probe.keys(`${config.QUEUE_PREFIX}:evisa:app:*`)).length).toBe(before + 1);
    const accepted = answers.map((a, i) => ({ a, i })).filter(({ a }) => a.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    const winner = accepted[0].i % 2;
    // Every request with the winner's body is answered its application, token and all.
    expect(accepted.every(({ i }) => i % 2 === winner)).toBe(true);
    expect(accepted).toHaveLength(N / 2);
    expect(new Set(accepted.map(({ a }) => a.body.id)).size).toBe(1);
    expect(new Set(accepted.map(({ a }) => a.body.token)).size).toBe(1);
    const { id, token } = accepted[0].a.body as { id: string; token: string };
    // Every one with the other body: 422 naming the rule, and nothing of the winner's request.
    const loser = bodies[1 - winner];
    const refused = answers.filter((_, i) => i % 2 !== winner);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body.message).toMatch(/already used with a different request body/);
      const text = JSON.stringify(r.body);
      for (const secret of [id, token, bodies[winner].passportNumber, bodies[winner].fullName])
        expect(text).not.toContain(secret);
      expect(text).not.toContain(loser.passportNumber);
    }
    const jobs = (await queue(QUEUES.evisa).getJobs(['waiting'])).filter((j) => j.data.id === id);
    expect(jobs).toHaveLength(1);
  });

  it('one free reference paid at once under many keys and none: one payment, the rest 409 with nothing of it', async () => {
    const reference = key('INV');
    const body = { reference, amountMinor: 2500, currency: 'USD', channel: 'virtual-pos' };
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => {
        const r = request(http(i)).post('/payments');
        return (i % 3 === 0 ? r : r.set('Idempotency-Key', key(`pay${i}`))).send(body);
      }),
    );
    const paid = answers.filter((a) => a.status === 202);
    expect(paid).toHaveLength(1);
    const others = answers.filter((a) => a.status !== 202);
    for (const r of others) {
      expect(r.status).toBe(409);
      expect(r.body.message).toMatch(/already exists/);
      expect(r.body).not.toHaveProperty('token');
      expect(JSON.stringify(r.body)).not.toContain(String(paid[0].body.token));
    }
    const jobs = (await queue(QUEUES.payments).getJobs(['waiting'])).filter(
      (j) => j.data.reference === reference,
    );
    expect(jobs).toHaveLength(1);
    // The one token answered opens the payment, from either replica.
    for (const i of [0, 1])
      await request(http(i))
        .get(`/payments/${reference}`)
        .set('Authorization', `Bearer ${String(paid[0].body.token)}`)
        .expect(200);
  });

  it('one e-visa paid at once by its owner under ten keys: one payment, the rest 409', async () => {
    const ev = await request(http(0))
      .post('/evisa/applications')
      .send(person('C9999999', 'Cem Payer'))
      .expect(202);
    const pay = {
      reference: ev.body.id,
      amountMinor: 2000,
      currency: 'USD',
      channel: 'virtual-pos',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(http(i))
          .post('/payments')
          .set('Authorization', `Bearer ${String(ev.body.token)}`)
          .set('Idempotency-Key', key(`ev-pay${i}`))
          .send(pay),
      ),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    for (const r of answers.filter((a) => a.status !== 202)) {
      expect(r.status).toBe(409);
      expect(r.body).not.toHaveProperty('token');
    }
    const jobs = (await queue(QUEUES.payments).getJobs(['waiting'])).filter(
      (j) => j.data.reference === ev.body.id,
    );
    expect(jobs).toHaveLength(1);
  });

  it("a retry whose payment is gone and whose reference was paid again is 409, not the other payment's answer", async () => {
    const reference = key('INV');
    const body = { reference, amountMinor: 3100, currency: 'USD', channel: 'virtual-pos' };
    const first = key('first');
    const a = await request(http(0)).post('/payments').set('Idempotency-Key', first).send(body);
    expect(a.status).toBe(202);
    // The payment is gone (as a declined or unpaid one expires: PAYMENT_UNPAID_TTL_SECONDS may
    // be shorter than IDEMPOTENCY_TTL_SECONDS), and the client pays the reference again.
    const [record] = await probe.keys(`${config.QUEUE_PREFIX}:payments:ref:*${reference}`);
    expect(record).toBeDefined();
    await probe.del(record);
    const b = await request(http(1))
      .post('/payments')
      .set('Idempotency-Key', key('again'))
      .send(body);
    expect(b.status).toBe(202);
    // The first key's retry: its payment is no longer held. It had been answered 202 with the
    // second payment's status and a token that opened nothing.
    const retry = await request(http(0)).post('/payments').set('Idempotency-Key', first).send(body);
    expect(retry.status).toBe(409);
    expect(retry.body.message).toMatch(/no longer held/);
    expect(retry.body).not.toHaveProperty('token');
    // The second payment is untouched and still its own token's.
    await request(http(0))
      .get(`/payments/${reference}`)
      .set('Authorization', `Bearer ${String(b.body.token)}`)
      .expect(200);
  });
});
