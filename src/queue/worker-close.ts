import { RedisQueueBackend, type Worker } from 'bullmq';

/** How many jobs a worker's processor is running now (countingJobsInHand keeps it). */
export interface JobsInHand {
  jobs: number;
}

/**
 * The processor, counting in `hand.jobs` the jobs it is running; a processor given as a file
 * path is left as it is (none of this project's).
 */
export function countingJobsInHand<P>(processor: P, hand: JobsInHand): P {
  if (typeof processor !== 'function') return processor;
  const run = processor as unknown as (...args: unknown[]) => Promise<unknown>;
  const counting = async (...args: unknown[]): Promise<unknown> => {
    hand.jobs += 1;
    try {
      return await run(...args);
    } finally {
      hand.jobs -= 1;
    }
  };
  return counting as unknown as P;
}

/** Whether the worker's Redis connections, the blocking one included, are connected now. */
export function redisConnected(worker: Pick<Worker, 'getBackend'>): boolean {
  const backend = worker.getBackend();
  if (!(backend instanceof RedisQueueBackend)) return true;
  // The client is RedisConnection's own (protected), an adapter whose status is ioredis's.
  const statusOf = (c: RedisQueueBackend['connection']): string | undefined =>
    (c as unknown as { _client?: { status?: string } })._client?.status;
  const connections = [backend.connection, backend.blockingConnection].filter(
    (c): c is RedisQueueBackend['connection'] => c !== undefined,
  );
  return connections.every((c) => statusOf(c) === 'ready');
}

/**
 * Whether a worker asked to close should close by force: when it holds no job and Redis is not
 * connected. BullMQ 6.7's graceful close interrupts the blocking fetch by disconnecting its
 * client and waits for that client's end, which a client that is not connected — Redis never
 * reached since the start, or down and being reconnected — never emits
 * (taskforcesh/bullmq#4656, open): `serve --with-workers` and `worker` stopped with Ctrl+C
 * then waited out SHUTDOWN_GRACE_SECONDS and exited 1 with nothing to finish. A worker that
 * holds no job, and whose fetch cannot complete without a connection, loses nothing by closing
 * at once; one holding jobs still lets them finish, within the grace.
 */
export function closesAtOnce(worker: Pick<Worker, 'getBackend'>, hand: JobsInHand): boolean {
  return hand.jobs === 0 && !redisConnected(worker);
}
