import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiApp, createWorkerContext } from '../../../src/app/bootstrap';
import { QUEUE_NAMES } from '../../../src/queue/queue-names';
import { testConfig, testRedisUrl } from '../../helpers/redis-test-env';

/**
 * A REDIS_URL naming a database the server does not have (`/99` on a Redis with the default 16
 * databases; any but 0 on Redis Cluster). ioredis only emitted an error for the refused SELECT
 * and went on in database 0: `serve` started, GET /health said Redis was up, and records and
 * jobs landed in database 0 among another deployment's keys (probe: a 202 whose record and
 * intake job were then found with `redis-cli -n 0`), and a worker took database 0's jobs. Both
 * now refuse to start, naming REDIS_URL.
 */
describe('REDIS_URL naming a database the Redis does not have', () => {
  const opened: (INestApplication | INestApplicationContext)[] = [];
  afterAll(async () => {
    for (const o of opened) await o.close();
  });
  const config = testConfig('redis-db', { REDIS_URL: `${testRedisUrl()}/99` });

  it('stops serve at start, naming the key', async () => {
    const start = createApiApp(config, { logger: false }).then((app) => {
      opened.push(app);
      return app;
    });
    await expect(start).rejects.toThrow(/REDIS_URL: names database 99, which this Redis refuses/);
  });

  it('stops a worker at start, naming the key', async () => {
    const start = createWorkerContext(config, QUEUE_NAMES, 1, false).then((ctx) => {
      opened.push(ctx);
      return ctx;
    });
    await expect(start).rejects.toThrow(/REDIS_URL: names database 99/);
  });

  it('lets a database the Redis has through', async () => {
    const app = await createApiApp(testConfig('redis-db-3', { REDIS_URL: `${testRedisUrl()}/3` }), {
      logger: false,
    });
    opened.push(app);
    await app.init();
  });
});
