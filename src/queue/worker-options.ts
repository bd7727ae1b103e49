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
