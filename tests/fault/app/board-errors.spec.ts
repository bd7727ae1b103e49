import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { freePort, PrivateRedis } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** The dashboard's API (Bull Board) while its Redis is away: the API's 503, not ioredis's words in a 500. */
describe('the dashboard when Redis goes down', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    app = await startApiApp(testConfig('boarddown', { REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('answers 503 saying the queue backend is unavailable', async () => {
    const http = app.getHttpServer();
    const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
    await request(http).get('/admin/queues/api/queues').set('Authorization', admin).expect(200);
    await redis.kill();
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
