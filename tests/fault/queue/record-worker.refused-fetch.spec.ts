import 'reflect-metadata';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordWorkerHost } from '../../../src/queue/record-worker';
import { QUEUES } from '../../../src/queue/queue-names';
import { waitFor } from '../../helpers/api-app';
import { freePort, PrivateRedis, sleep } from '../../helpers/fault-env';

/**
 * A worker whose Redis refuses its fetch with an error of Redis's own — READONLY from a primary
 * turned replica in a failover, OOM past `maxmemory` — asked again at once, without BullMQ's
 * pause after a lost connection: probed against `consular-sim worker`, 4 s of `REPLICAOF` gave
 * 25,357 log lines (about 6,000 refusals a second), a core and Redis kept busy for nothing. It
 * now pauses its fetching a second after each refusal, and takes jobs again once Redis does.
 */
class CountingHost extends RecordWorkerHost {
  readonly processed: string[] = [];
  constructor() {
    super(QUEUES.evisa);
  }
  protected recordFailed(): Promise<unknown> {
    return Promise.resolve(undefined);
  }
  protected recordRunning(): Promise<number | undefined> {
    return Promise.resolve(1);
  }
  protected handle(job: Job): Promise<unknown> {
    this.processed.push(String(job.id));
    return Promise.resolve(undefined);
  }
}

describe('a worker whose Redis refuses its fetches', () => {
  let redis: PrivateRedis;
  let probe: Redis;
  let worker: Worker | undefined;
  let queue: Queue | undefined;
  beforeAll(async () => {
    redis = new PrivateRedis(await freePort(), false);
    await redis.start();
    probe = new Redis(redis.url);
  }, 20_000);
  afterAll(async () => {
    await probe?.replicaof('NO', 'ONE').catch(() => undefined);
    await worker?.close(true);
    await queue?.close();
    probe?.disconnect();
    await redis?.stop();
  });

  it('asks about once a second while Redis is a read-only replica, and takes jobs once it is a primary', async () => {
    const host = new CountingHost();
    const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
    const prefix = '{refused-fetch}';
    // Jobs waiting: the worker fetches without blocking (an idle one waits on a read, which a
    // replica answers).
    queue = new Queue(QUEUES.evisa, { connection, prefix });
    await queue.addBulk(
      Array.from({ length: 200 }, (_, i) => ({
        name: 'intake',
        data: {},
        opts: { jobId: `j${i}` },
      })),
    );
    worker = new Worker(QUEUES.evisa, (job) => host.process(job), {
      connection,
      prefix,
      concurrency: 4,
      autorun: false,
    });
    // As Nest's explorer does: the host's `worker`, and its @OnWorkerEvent('error') listener.
    (host as unknown as { _worker: Worker })._worker = worker;
    let refusals = 0;
    worker.on('error', (err) => {
      if (/^READONLY /.test(err.message)) refusals++;
      host.onError(err);
    });
    // A replica of an address where nothing listens: every write, the fetch too, is READONLY.
    await probe.replicaof('127.0.0.1', 1);
    void worker.run();
    await sleep(2_000);
    const during = refusals;
    await probe.replicaof('NO', 'ONE');
    expect(during).toBeGreaterThanOrEqual(1);
    // One fetch a second for the worker (with its lock renewals, a few), not thousands.
    expect(during).toBeLessThan(20);
    await waitFor(
      () => Promise.resolve(host.processed.length),
      (n) => n >= 200,
    );
    expect(new Set(host.processed).size).toBe(200);
  }, 20_000);
});
