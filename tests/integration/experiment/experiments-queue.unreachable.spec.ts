import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { distributedExecutor } from '../../../src/experiment/experiments-queue';
import { freePort } from '../../helpers/fault-env';

// --workers at a Redis that is not there: the message had been the client's retry count
// ("Reached the max retries per request limit ... maxRetriesPerRequest"), with no word of what to do.
describe('distributedExecutor: a Redis that cannot be reached', () => {
  it('says why (the connection refused) and how to start one', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const executor = distributedExecutor({ redisUrl: url, workerTimeoutMs: 1000 });
    try {
      const run = executor.run([], () => undefined);
      await expect(run).rejects.toThrow(
        `--workers: ${url}: cannot reach Redis (ECONNREFUSED). Start one`,
      );
      await expect(executor.run([], () => undefined)).rejects.not.toThrow(/maxRetriesPerRequest/);
    } finally {
      await executor.close();
    }
  }, 30_000);
});
