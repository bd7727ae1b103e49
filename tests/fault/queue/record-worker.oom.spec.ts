import 'reflect-metadata';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordWorkerHost } from '../../../src/queue/record-worker';
import { QUEUES } from '../../../src/queue/queue-names';
import { waitFor } from '../../helpers/api-app';
import { freePort, PrivateRedis } from '../../helpers/fault-env';

/**
 * Past `maxmemory` under `noeviction` (the policy the services ask for) a job's every attempt
 * failed with Redis's OOM refusal, and so did the worker's mark of its record as failed: that
 * mark was retried only after a connection error, so it was given up at once. Probe: 3,000
 * e-visa submissions against a Redis 1.5 MB from its limit; once the limit was lifted, 66 of the
 * 1,124 accepted applications said `issuance`, `payment` or `received` for ever, their jobs
 * failed for good. The mark must go through once Redis takes writes again.
 */
class MarkingHost extends RecordWorkerHost {
  readonly tries: string[] = [];
  constructor(private readonly redis: Redis) {
    super(QUEUES.evisa);
  }
  protected async recordFailed(job: Job): Promise<unknown> {
    try {
      const r = await this.redis.set(`record:${job.id}`, 'failed');
      this.tries.push('ok');
      return r;
    } catch (e) {
      this.tries.push((e as Error).message);
      throw e;
    }
  }
  protected recordRunning(): Promise<number | undefined> {
    return Promise.resolve(1);
  }
  protected handle(): Promise<unknown> {
    return Promise.resolve(undefined);
  }
}

/** An issuance job whose last attempt has just failed: the worker marks its record failed. */
function lastAttempt(id: string): Job {
  return {
    id,
    name: 'issuance',
    attemptsMade: 5,
    finishedOn: Date.now(),
    opts: { attempts: 5 },
  } as unknown as Job;
}

describe('marking a record failed while Redis refuses writes', () => {
  let redis: PrivateRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  }, 20_000);
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  it('keeps trying the mark until Redis takes writes again', async () => {
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxmemory', '1');
    const host = new MarkingHost(client);
    const job = lastAttempt('ev_oom-issuance');
    const err = new Error("OOM command not allowed when used memory > 'maxmemory'.");
    const marking = host.onFailed(job, err);
    // The first mark is refused for memory; then the operator raises the limit.
    await waitFor(
      () => Promise.resolve(host.tries.length),
      (n) => n >= 1,
    );
    expect(host.tries[0]).toMatch(/^OOM /);
    await client.config('SET', 'maxmemory', '0');
    await marking;
    expect(host.tries.at(-1)).toBe('ok');
    expect(await client.get('record:ev_oom-issuance')).toBe('failed');
  });

  it('keeps trying the mark while Redis is a read-only replica (a failover), until it is a primary', async () => {
    // A replica of an address where nothing listens refuses every write with READONLY.
    await client.replicaof('127.0.0.1', 1);
    const host = new MarkingHost(client);
    const job = lastAttempt('ev_readonly-issuance');
    const marking = host.onFailed(job, new Error('job failed'));
    try {
      await waitFor(
        () => Promise.resolve(host.tries.length),
        (n) => n >= 1,
      );
      expect(host.tries[0]).toMatch(/^READONLY /);
    } finally {
      await client.replicaof('NO', 'ONE');
    }
    await marking;
    expect(host.tries.at(-1)).toBe('ok');
    expect(await client.get('record:ev_readonly-issuance')).toBe('failed');
  });
});
