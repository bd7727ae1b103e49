import type { Processor } from '@nestjs/bullmq';
import type { AppConfig } from '../config/app-config';
import { QUEUE_NAMES, type QueueName } from './queue-names';
import { workerRedisOptions } from './redis-connections';

/** The worker options a @Processor decorator takes (the package does not export the type by name). */
type NestWorkerOptions = NonNullable<Parameters<typeof Processor>[1]>;

/**
 * Worker options of each @Processor. @nestjs/bullmq reads a processor's options from its
 * decorator, i.e. before the configuration is known, and otherwise reuses the producer's
 * connection (fail-fast, no offline queue: wrong for a blocking worker). So each decorator
 * holds one of these objects and QueueModule fills it in at boot, before the workers start:
 * workers get their own connection with `maxRetriesPerRequest: null`.
 */
export const WORKER_OPTIONS: Record<QueueName, NestWorkerOptions> = Object.fromEntries(
  QUEUE_NAMES.map((q) => [q, {} as NestWorkerOptions]),
) as Record<QueueName, NestWorkerOptions>;

export function configureWorkerOptions(config: AppConfig, concurrency: number): void {
  for (const q of QUEUE_NAMES) {
    Object.assign(WORKER_OPTIONS[q], {
      connection: workerRedisOptions(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency,
      // Stalled-job recovery after a worker dies: see the WORKER_* keys of AppConfig.
      lockDuration: config.WORKER_LOCK_MS,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
    });
  }
}

/**
 * The longest a job held by a worker that died (SIGKILL, a lost machine) or lost Redis waits
 * before the stalled check of a live worker on its queue moves it back to wait, from the moment
 * the dead worker last renewed its lock. Its lock runs out WORKER_LOCK_MS after that renewal;
 * a stalled check marks every active job, and the first check that finds a marked job's lock
 * gone moves it back. One worker's check per WORKER_STALLED_INTERVAL_MS runs (a key with that
 * expiry gates the others), so checks are one interval apart, or two when the dead worker was
 * the one that ran them: the mark comes at most two intervals after the death, the move one
 * interval after both the mark and the lock's end. A live worker then takes it at once, as it
 * goes back at the head of the wait list. Assumes a live worker already runs on the queue (one
 * started later adds its start-up time).
 */
export function stalledRecoveryBoundMs(
  config: Pick<AppConfig, 'WORKER_LOCK_MS' | 'WORKER_STALLED_INTERVAL_MS'>,
): number {
  const lock = config.WORKER_LOCK_MS;
  const check = config.WORKER_STALLED_INTERVAL_MS;
  return Math.max(lock, 2 * check) + check;
}
