import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigError, loadAppConfig } from '../../../src/config/app-config';
import { createApiApp } from '../../../src/app/bootstrap';
import { canonicalJson, requestFingerprint } from '../../../src/queue/idempotency';
import { QUEUES } from '../../../src/queue/queue-names';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';
import { waitUntilReady } from '../../helpers/api-app';

const alice = {
  nationality: 'GB',
  passportNumber: 'A1234567',
  fullName: 'Alice Applicant',
  email: 'alice@example.org',
  arrivalDate: plausibleArrivalDate(),
};
const bob = {
  nationality: 'DE',
  passportNumber: 'B7654321',
  fullName: 'Bob Other',
  email: 'bob@example.org',
  arrivalDate: plausibleArrivalDate(45),
};
const tx = { missionId: 'berlin-cg', operationId: 'passport-first-issue' };

let seq = 0;
const newKey = (tag: string) => `${tag}-${process.pid}-${Date.now()}-${++seq}`;

describe('fingerprint of a request', () => {
  it('is the same for the same body in any key order, without the idempotencyKey field', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    const one = requestFingerprint('secret-0123456789', 'ev', alice);
    expect(
      requestFingerprint('secret-0123456789', 'ev', {
        ...Object.fromEntries(Object.entries(alice).reverse()),
        idempotencyKey: 'whatever-key',
      }),
    ).toBe(one);
    expect(
      requestFingerprint('secret-0123456789', 'ev', { ...alice, fullName: 'Alice B' }),
    ).not.toBe(one);
    // Scoped to the route and keyed by the server secret (not a plain hash of personal data).
    expect(requestFingerprint('secret-0123456789', 'kn', alice)).not.toBe(one);
    expect(requestFingerprint('another-secret-0123', 'ev', alice)).not.toBe(one);
  });

  it('IDEMPOTENCY_TTL_SECONDS is validated (24 h by default)', () => {
    expect(loadAppConfig({}).IDEMPOTENCY_TTL_SECONDS).toBe(86_400);
    expect(() => loadAppConfig({ IDEMPOTENCY_TTL_SECONDS: '0' })).toThrow(AppConfigError);
    expect(() => loadAppConfig({ IDEMPOTENCY_TTL_SECONDS: 'a day' })).toThrow(
      /IDEMPOTENCY_TTL_SECONDS: must be a whole number of seconds/,
    );
  });
});

describe('idempotency bound to the request, on every POST that takes a key', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let redis: Redis;
  const config = testConfig('idem', { RATE_LIMIT: '0', IDEMPOTENCY_TTL_SECONDS: '2' });
  const queue = (name: string) => app.get<Queue>(getQueueToken(name), { strict: false });
  const countKeys = async (pattern: string) =>
    (await redis.keys(`${config.QUEUE_PREFIX}:${pattern}`)).length;

  beforeAll(async () => {
    app = await createApiApp(config, { logger: false });
    await app.init();
    http = app.getHttpServer();
    await waitUntilReady(http);
    redis = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
  });

  it('e-visa: the same key sent 50 times at once makes one application and one job; every answer is the same', async () => {
    const key = newKey('ev50');
    const before = await countKeys('evisa:app:*');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(http).post('/evisa/applications').set('Idempotency-Key', key).send(alice),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    const tokens = new Set(answers.map((a) => a.body.token));
    expect(ids.size).toBe(1);
    expect(tokens.size).toBe(1);
    expect(await countKeys('evisa:app:*')).toBe(before + 1);
    const [id] = ids;
    const jobs = (await queue(QUEUES.evisa).getJobs(['waiting', 'active', 'completed'])).filter(
      (j) => j.data.id === id,
    );
    expect(jobs).toHaveLength(1);
    // The token a retry got back opens the application.
    await request(http)
      .get(`/evisa/applications/${id}`)
      .set('Authorization', `Bearer ${[...tokens][0]}`)
      .expect(200);
  });

  it('konsolosluk and payments: 50 concurrent retries, one record, one job', async () => {
    const knKey = newKey('kn50');
    const kn = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(http).post('/konsolosluk/transactions').set('Idempotency-Key', knKey).send(tx),
      ),
    );
    expect(kn.every((r) => r.status === 202)).toBe(true);
    expect(new Set(kn.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(kn.map((r) => r.body.token)).size).toBe(1);
    const knJobs = (await queue(QUEUES.konsolosluk).getJobs(['waiting'])).filter(
      (j) => j.data.id === kn[0].body.id,
    );
    expect(knJobs).toHaveLength(1);

    const reference = newKey('ref');
    const payKey = newKey('pay50');
    const body = { reference, amountMinor: 6000, currency: 'USD', channel: 'virtual-pos' };
    const pay = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(http).post('/payments').set('Idempotency-Key', payKey).send(body),
      ),
    );
    expect(pay.every((r) => r.status === 202)).toBe(true);
    expect(new Set(pay.map((r) => r.body.token)).size).toBe(1);
    const payJobs = (await queue(QUEUES.payments).getJobs(['waiting'])).filter(
      (j) => j.data.reference === reference,
    );
    expect(payJobs).toHaveLength(1);
  });

  it('the same key with another body is 422 and the answer holds nothing of the first request', async () => {
    const key = newKey('reuse');
    const a = await request(http)
      .post('/evisa/applications')
      .set('Idempotency-Key', key)
      .send(alice)
      .expect(202);
    const before = await countKeys('evisa:app:*');
    for (const attempt of [
      request(http).post('/evisa/applications').set('Idempotency-Key', key).send(bob),
      request(http)
        .post('/evisa/applications')
        .send({ ...bob, idempotencyKey: key }),
      // One field changed is another request too.
      request(http)
        .post('/evisa/applications')
        .set('Idempotency-Key', key)
        .send({ ...alice, email: 'alice2@example.org' }),
    ]) {
      const r = await attempt;
      expect(r.status).toBe(422);
      expect(r.body.message).toMatch(/already used with a different request body/);
      const text = JSON.stringify(r.body);
      expect(text).not.toContain(a.body.id);
      expect(text).not.toContain(a.body.token);
      expect(text).not.toMatch(/Alice|A1234567|alice@|received/);
    }
    expect(await countKeys('evisa:app:*')).toBe(before);

    const knKey = newKey('knreuse');
    const first = await request(http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', knKey)
      .send(tx)
      .expect(202);
    const other = await request(http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', knKey)
      .send({ missionId: 'london-cg', operationId: 'passport-first-issue' });
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).not.toMatch(new RegExp(`${first.body.id}|berlin|queued`));

    // Payments: the same key with another amount is 422; the reference used by another
    // request (no key, or another key) is 409; neither answer shows the payment.
    const reference = newKey('ref');
    const payKey = newKey('payreuse');
    const pay = { reference, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' };
    const p1 = await request(http)
      .post('/payments')
      .set('Idempotency-Key', payKey)
      .send(pay)
      .expect(202);
    const changed = await request(http)
      .post('/payments')
      .set('Idempotency-Key', payKey)
      .send({ ...pay, amountMinor: 1 })
      .expect(422);
    const squat = await request(http)
      .post('/payments')
      .set('Idempotency-Key', newKey('other'))
      .send(pay)
      .expect(409);
    const bare = await request(http).post('/payments').send(pay).expect(409);
    for (const r of [changed, squat, bare]) {
      expect(r.body).not.toHaveProperty('token');
      expect(JSON.stringify(r.body)).not.toMatch(new RegExp(`${p1.body.token}|pending|2000`));
    }
  });

  it('an Idempotency-Key header sent twice is 400 saying so (not a malformed key), and makes nothing', async () => {
    // Node joins repeated headers with ", ": two good keys had been refused as one malformed key
    // ("must be 8 to 128 letters ..."), which told the client nothing of what it did wrong.
    const reference = newKey('ref');
    const routes: [string, object][] = [
      ['/evisa/applications', alice],
      ['/konsolosluk/transactions', tx],
      ['/payments', { reference, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' }],
    ];
    const before = await countKeys('evisa:app:*');
    for (const [route, body] of routes) {
      const one = newKey('twice');
      for (const keys of [
        [one, newKey('twice')],
        [one, one],
      ]) {
        // An array sends one header line per value (superagent's types allow it for Cookie only).
        const twice = keys as unknown as string;
        const r = await request(http).post(route).set('Idempotency-Key', twice).send(body);
        expect(r.status, route).toBe(400);
        expect(r.body.message, route).toMatch(/Idempotency-Key header sent 2 times/);
        expect(r.body.message, route).toMatch(/send it once/);
        expect(r.body.message, route).not.toMatch(/8 to 128/);
      }
      // One malformed key is still refused by the key's rule.
      const bad = await request(http).post(route).set('Idempotency-Key', 'x').send(body);
      expect(bad.status, route).toBe(400);
      expect(bad.body.message, route).toMatch(/Idempotency-Key header must be 8 to 128/);
    }
    expect(await countKeys('evisa:app:*')).toBe(before);
    // The payment's reference was not taken: sent once, the key makes it.
    await request(http)
      .post('/payments')
      .set('Idempotency-Key', newKey('once'))
      .send(routes[2]![1])
      .expect(202);
  });

  it('a key is free again after IDEMPOTENCY_TTL_SECONDS; the first record stays', async () => {
    const key = newKey('ttl');
    const a = await request(http)
      .post('/evisa/applications')
      .set('Idempotency-Key', key)
      .send(alice)
      .expect(202);
    const binding = (await redis.keys(`${config.QUEUE_PREFIX}:idem:ev:*`)).length;
    expect(binding).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_300));
    const b = await request(http)
      .post('/evisa/applications')
      .set('Idempotency-Key', key)
      .send(bob)
      .expect(202);
    expect(b.body.id).not.toBe(a.body.id);
    // Both applications are held, each opened by its own token only.
    await request(http)
      .get(`/evisa/applications/${a.body.id}`)
      .set('Authorization', `Bearer ${a.body.token}`)
      .expect(200);
    await request(http)
      .get(`/evisa/applications/${b.body.id}`)
      .set('Authorization', `Bearer ${b.body.token}`)
      .expect(200);
    const ttl = await redis.ttl(
      (await redis.keys(`${config.QUEUE_PREFIX}:idem:ev:*`)).find(Boolean) ?? 'none',
    );
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2);
  });
});
