import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';
import { freePort, PrivateRedis } from '../../helpers/fault-env';

/**
 * Hızır's clarifying questions wait in Redis. With Redis gone, a message in a session must be
 * answered as every route that needs Redis is (503), not with a 500 or a hang; and once Redis
 * is back, the conversation works again.
 */
describe('Hızır sessions while Redis is down', () => {
  let redis: PrivateRedis;
  let app: INestApplication;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    const config = loadAppConfig({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `{test-hizir-down-${randomBytes(3).toString('hex')}}`,
      TOKEN_SECRET: 'test-secret-0123456789',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RATE_LIMIT: '0',
    });
    app = await startApiApp(config);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('a message with a sessionId is 503, never 500, and works again when Redis is back', async () => {
    const http = app.getHttpServer();
    const ask = (sessionId: string) =>
      request(http).post('/hizir/messages').send({ text: 'how do I renew my passport', sessionId });
    expect((await ask('session-before')).status).toBe(201);
    await redis.kill();
    const down = await ask('session-down');
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).not.toMatch(/Error:|at .*\.ts:|stack/i);
    await redis.start();
    let back = 0;
    for (let i = 0; i < 50 && back !== 201; i++) {
      back = (await ask(`session-back-${i}`)).status;
      if (back !== 201) await new Promise((r) => setTimeout(r, 200));
    }
    expect(back).toBe(201);
  }, 60_000);
});
