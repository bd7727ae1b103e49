import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../../src/config/app-config';
import { startApiApp } from '../../helpers/api-app';
import { freePort, PrivateRedis } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * /metrics while Redis is away. The queue depths kept the last values read, so a scrape with
 * Redis dead still answered `queue_jobs{queue="evisa",state="waiting"} 0` — a quiet, healthy
 * queue to any alert on its depth. Now a queue whose counts could not be read has no
 * queue_jobs series in that scrape, and queue_jobs_read says 0 for it.
 */
describe('/metrics with Redis killed', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    app = await startApiApp(
      loadAppConfig({
        REDIS_URL: redis.url,
        QUEUE_PREFIX: '{test-metrics}',
        TOKEN_SECRET: 'test-secret-0123456789',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const scrape = async () =>
    (
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(200)
    ).text;

  it('gives no queue depths rather than the last ones, and says it could not read them', async () => {
    const up = await scrape();
    expect(up).toContain('queue_jobs{queue="evisa",state="waiting"} 0');
    expect(up).toContain('queue_jobs_read{queue="evisa"} 1');
    await redis.kill();
    const down = await scrape();
    expect(down).not.toMatch(/^queue_jobs\{/m);
    expect(down).toContain('queue_jobs_read{queue="evisa"} 0');
  });
});
