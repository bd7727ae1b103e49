import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { startApiApp } from '../../helpers/api-app';
import { freePort, PrivateRedis } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** The dashboard's API (Bull Board) while its Redis is away: the API's 503, not ioredis's words in a 500. */
describe('the dashboard when Redis goes down', () => {
  const api = usePrivateApi('boarddown');

  it('answers 503 saying the queue backend is unavailable', async () => {
    const http = api.http;
    const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
    await request(http).get('/admin/queues/api/queues').set('Authorization', admin).expect(200);
    await api.redis.kill();
    for (const t of [
      () => request(http).get('/admin/queues/api/queues'),
      () =>
        request(http)
          .post('/admin/queues/api/queues/evisa/add')
          .send({ name: 'intake', data: { id: 'ev_x' } }),
    ]) {
      const r = await t().set('Authorization', admin);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'queue backend unavailable: retry later',
      });
    }
  });
});

const UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'queue backend unavailable: retry later',
};

/**
 * Bull Board's queues wait, without a deadline, for a connection that is ready: with a Redis that
 * never answered or that hangs, a dashboard request got no answer at all. The supertest timeout
 * is what a request that hangs runs into.
 */
describe('the dashboard when Redis never answers', () => {
  it('answers 503 while Redis has never been reachable; the page itself still loads', async () => {
    // A port nobody listens on: the API starts (its start-up wait for Redis gives up) and waits.
    const app = await createApiApp(
      testConfig('boardnever', { REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
      { logger: false },
    );
    try {
      await app.init();
      const http = app.getHttpServer();
      const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
      const r = await request(http)
        .get('/admin/queues/api/queues')
        .set('Authorization', admin)
        .timeout(12_000);
      expect(r.status).toBe(503);
      expect(r.body).toEqual(UNAVAILABLE);
      await request(http).get('/admin/queues/').set('Authorization', admin).expect(200);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('answers 503 while Redis hangs, and from Redis again once it is back', async () => {
    const redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    const app = await startApiApp(testConfig('boardhang', { REDIS_URL: redis.url }));
    try {
      const http = app.getHttpServer();
      const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
      await request(http).get('/admin/queues/api/queues').set('Authorization', admin).expect(200);
      redis.pause();
      // The logs of a job: the job is looked for first (board-routes.ts), and that read's
      // failure is the same 503, not a 500 nor an empty list.
      const logs = await request(http)
        .get('/admin/queues/api/queues/evisa/some-job/logs')
        .set('Authorization', admin)
        .timeout(12_000);
      expect(logs.status, logs.text).toBe(503);
      expect(logs.body).toEqual(UNAVAILABLE);
      const r = await request(http)
        .get('/admin/queues/api/queues')
        .set('Authorization', admin)
        .timeout(12_000);
      expect(r.status).toBe(503);
      expect(r.body).toEqual(UNAVAILABLE);
      redis.resume();
      // After the breaker's cool-down the dashboard answers from Redis again.
      let back = 0;
      for (let i = 0; i < 100 && back !== 200; i++) {
        await new Promise((ok) => setTimeout(ok, 100));
        back = (await request(http).get('/admin/queues/api/queues').set('Authorization', admin))
          .status;
      }
      expect(back).toBe(200);
    } finally {
      redis.resume();
      await app.close();
      await redis.stop();
    }
  }, 60_000);
});
