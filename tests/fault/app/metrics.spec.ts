import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_READ_TIMEOUT_MS } from '../../../src/app/metrics';
import { loadAppConfig } from '../../../src/config/app-config';
import { startApiApp, waitFor } from '../../helpers/api-app';
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

/**
 * /metrics while Redis hangs (the process stopped: connections open, nothing answered). Each
 * queue's count waited out the connection's command timeout and its retry, about 3 s, so a
 * scrape took longer than most scrapers wait and Prometheus saw the API as down as well.
 * Now the reads are bounded: the scrape answers in well under a second, flagged as not read.
 */
describe('/metrics with Redis hung', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    app = await startApiApp(
      loadAppConfig({
        REDIS_URL: redis.url,
        QUEUE_PREFIX: '{test-metrics-hung}',
        TOKEN_SECRET: 'test-secret-0123456789',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      }),
    );
  });
  afterAll(async () => {
    redis?.resume();
    await app?.close();
    await redis?.stop();
  });

  const scrape = async () => {
    const start = performance.now();
    const res = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    return { text: res.text, ms: performance.now() - start };
  };

  it('answers within the scrape budget, flagged as not read, and reads again once Redis answers', async () => {
    expect((await scrape()).text).toContain('queue_jobs_read{queue="evisa"} 1');
    redis.pause();
    const hung = await scrape();
    expect(hung.ms).toBeLessThan(METRICS_READ_TIMEOUT_MS + 500);
    expect(hung.text).toContain('queue_jobs_read{queue="evisa"} 0');
    expect(hung.text).not.toMatch(/^queue_jobs\{/m);
    // A second scrape while the first reads are still pending does not wait for them either.
    expect((await scrape()).ms).toBeLessThan(METRICS_READ_TIMEOUT_MS + 500);
    redis.resume();
    const back = await waitFor(
      () => scrape(),
      (s) => s.text.includes('queue_jobs_read{queue="evisa"} 1'),
    );
    expect(back.text).toContain('queue_jobs_read{queue="evisa"} 1');
    expect(back.text).toMatch(/^queue_jobs\{queue="evisa",state="waiting"\} \d+$/m);
  });
});
