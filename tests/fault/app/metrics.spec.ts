import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { METRICS_READ_TIMEOUT_MS } from '../../../src/app/metrics';
import { waitFor } from '../../helpers/api-app';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * /metrics while Redis is away. The queue depths kept the last values read, so a scrape with
 * Redis dead still answered `queue_jobs{queue="evisa",state="waiting"} 0` — a quiet, healthy
 * queue to any alert on its depth. Now a queue whose counts could not be read has no
 * queue_jobs series in that scrape, and queue_jobs_read says 0 for it.
 */
describe('/metrics with Redis killed', () => {
  const api = usePrivateApi('metrics');

  const scrape = async () =>
    (
      await request(api.http)
        .get('/metrics')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(200)
    ).text;

  it('gives no queue depths rather than the last ones, and says it could not read them', async () => {
    const up = await scrape();
    expect(up).toContain('queue_jobs{queue="evisa",state="waiting"} 0');
    expect(up).toContain('queue_jobs_read{queue="evisa"} 1');
    await api.redis.kill();
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
  const api = usePrivateApi('metrics-hung');

  const scrape = async () => {
    const start = performance.now();
    const res = await request(api.http)
      .get('/metrics')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(200);
    return { text: res.text, ms: performance.now() - start };
  };

  it('answers within the scrape budget, flagged as not read, and reads again once Redis answers', async () => {
    expect((await scrape()).text).toContain('queue_jobs_read{queue="evisa"} 1');
    api.redis.pause();
    const hung = await scrape();
    expect(hung.ms).toBeLessThan(METRICS_READ_TIMEOUT_MS + 500);
    expect(hung.text).toContain('queue_jobs_read{queue="evisa"} 0');
    expect(hung.text).not.toMatch(/^queue_jobs\{/m);
    // A second scrape while the first reads are still pending does not wait for them either.
    expect((await scrape()).ms).toBeLessThan(METRICS_READ_TIMEOUT_MS + 500);
    api.redis.resume();
    const back = await waitFor(
      () => scrape(),
      (s) => s.text.includes('queue_jobs_read{queue="evisa"} 1'),
    );
    expect(back.text).toContain('queue_jobs_read{queue="evisa"} 1');
    expect(back.text).toMatch(/^queue_jobs\{queue="evisa",state="waiting"\} \d+$/m);
  });
});
