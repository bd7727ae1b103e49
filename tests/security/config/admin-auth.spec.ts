import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminLoginLimiter } from '../../../src/config/admin-auth';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** A mission of config/diplomatic-portal/missions.yaml. */
const MISSION = 'japan-emb-ankara';

/** Admin-token guessing is limited per client on every admin surface. */
describe('failed admin logins', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await startApiApp(
      testConfig('adminlim', { ADMIN_AUTH_MAX_FAILURES: '5', ADMIN_AUTH_WINDOW_SECONDS: '600' }),
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('are 429 with Retry-After past the limit on /metrics, /admin/queues, POST /replay/arrivals and the mission-key routes, even with the right token', async () => {
    const http = app.getHttpServer();
    const wrong = 'Bearer wrong-token-0123456789';
    const tries = [
      () => request(http).get('/metrics').set('Authorization', wrong),
      () => request(http).get('/admin/queues/api/queues').set('Authorization', wrong),
      () => request(http).post('/replay/arrivals').set('Authorization', wrong).send({}),
      () => request(http).get('/metrics'),
      () => request(http).post('/replay/arrivals').send({}),
    ];
    for (const t of tries) expect((await t()).status).toBe(401);
    for (const path of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
      const r = await request(http).get(path).set('Authorization', wrong);
      expect(r.status, path).toBe(429);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(500);
      expect(r.body.message).toMatch(/too many failed admin logins/);
      // The right token does not get through either: a guesser cannot tell a hit.
      await request(http).get(path).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(429);
    }
    await request(http)
      .post('/replay/arrivals')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({})
      .expect(429);
    const keys = `/diplomatic-portal/missions/${MISSION}/keys`;
    for (const t of [
      () => request(http).post(keys),
      () => request(http).delete(`${keys}/0000000000000000`),
    ]) {
      const r = await t().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      expect(r.status).toBe(429);
      expect(r.headers['retry-after']).toBeDefined();
      expect(r.body.message).toMatch(/too many failed admin logins/);
    }
    // The public API is not affected.
    await request(http).get('/health/live').expect(200);
  });

  it('are counted on the mission-key routes too, and lock out every admin route', async () => {
    const guessed = await startApiApp(
      testConfig('adminkeys', { ADMIN_AUTH_MAX_FAILURES: '5', ADMIN_AUTH_WINDOW_SECONDS: '600' }),
    );
    try {
      const http = guessed.getHttpServer();
      const keys = `/diplomatic-portal/missions/${MISSION}/keys`;
      // A key id that does not exist: only the right token may learn that (404).
      for (let i = 0; i < 5; i++) {
        const r = await request(http)
          .delete(`${keys}/0000000000000000`)
          .set('Authorization', `Bearer guess-${i}-0123456789`);
        expect(r.status).toBe(401);
        expect(r.body.message).toMatch(/admin credential/);
      }
      for (const t of [
        () => request(http).get('/metrics'),
        () => request(http).post(keys),
        () => request(http).delete(`${keys}/0000000000000000`),
      ]) {
        const r = await t().set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
        expect(r.status).toBe(429);
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(500);
      }
    } finally {
      await guessed.close();
    }
  });

  it('are shared by every replica: failures on one API process block the client on another', async () => {
    // Two API processes of one deployment (one Redis, one prefix), as behind a balancer.
    const config = testConfig('adminshared', {
      ADMIN_AUTH_MAX_FAILURES: '4',
      ADMIN_AUTH_WINDOW_SECONDS: '600',
    });
    const replicas: INestApplication[] = [];
    try {
      for (let i = 0; i < 2; i++) replicas.push(await startApiApp(config));
      const [a, b] = replicas.map((r) => r.getHttpServer());
      const wrong = 'Bearer wrong-token-0123456789';
      // Two failures on each replica: four in all, the shared limit.
      for (const http of [a, b, a, b]) {
        await request(http).get('/metrics').set('Authorization', wrong).expect(401);
      }
      for (const http of [a, b]) {
        const r = await request(http)
          .get('/metrics')
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
        expect(r.status).toBe(429);
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(500);
      }
    } finally {
      for (const r of replicas) await r.close();
    }
  });

  it('count per client and forget a client when its window ends', () => {
    let now = 0;
    const limiter = new AdminLoginLimiter(3, 60_000, 2, () => now);
    for (let i = 0; i < 3; i++) limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(60);
    expect(limiter.blockedFor('b')).toBe(0);
    now = 59_500;
    expect(limiter.blockedFor('a')).toBe(1);
    now = 60_000;
    expect(limiter.blockedFor('a')).toBe(0);
    // Bounded memory: a third client pushes out the oldest window.
    limiter.fail('x');
    limiter.fail('y');
    limiter.fail('z');
    for (let i = 0; i < 3; i++) limiter.fail('z');
    expect(limiter.blockedFor('z')).toBe(60);
  });
});

/**
 * A browser that opened the dashboard keeps its Basic credential and sends it with any page's
 * request to this server: a form on another site must not act as the admin on any admin route.
 */
describe('admin changes from another site', () => {
  let app: INestApplication;
  let redis: Redis;
  const config = testConfig('admincsrf', { ADMIN_AUTH_MAX_FAILURES: '0' });
  const basic = `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}`;
  beforeAll(async () => {
    app = await startApiApp(config);
    redis = new Redis(config.REDIS_URL);
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  const keysHeld = () =>
    redis.hlen(RECORD_KEYS.portalMissionKeys(config.QUEUE_PREFIX, 'south-korea-emb-ankara'));

  it('are 403 on the key routes and the replay, with the credential, and change nothing', async () => {
    const http = app.getHttpServer();
    const keys = '/diplomatic-portal/missions/south-korea-emb-ankara/keys';
    const issued = await request(http).post(keys).set('Authorization', basic).expect(201);
    const before = await keysHeld();
    // A body-less form posted from another site (what a browser sends), and a script's request.
    const crossSite = [
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
    ];
    for (const headers of crossSite) {
      const form = await request(http)
        .post(keys)
        .set('Authorization', basic)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set(headers);
      expect(form.status, JSON.stringify(headers)).toBe(403);
      expect(form.body.message).toMatch(/not from a page of another site/);
      expect(form.body.key).toBeUndefined();
      const revoke = await request(http)
        .delete(`${keys}/${issued.body.keyId}`)
        .set('Authorization', basic)
        .set(headers);
      expect(revoke.status, JSON.stringify(headers)).toBe(403);
      const replay = await request(http)
        .post('/replay/arrivals')
        .set('Authorization', basic)
        .set(headers)
        .send({ run: '0a1b2c3d', arrivals: [{ station: 'desk', c: 0, s: 0, t: 1 }] });
      expect(replay.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await keysHeld()).toBe(before);
    // Reads are not changes; the server's own pages and clients outside a browser still work.
    await request(http)
      .get('/metrics')
      .set('Authorization', basic)
      .set('Sec-Fetch-Site', 'cross-site')
      .expect(200);
    const host = '127.0.0.1:12345';
    await request(http)
      .post(keys)
      .set('Authorization', basic)
      .set('Host', host)
      .set('Origin', `http://${host}`)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(201);
    await request(http).post(keys).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).expect(201);
    expect(await keysHeld()).toBe(before + 2);
  });
});
