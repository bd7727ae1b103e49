import { BullModule, getQueueToken } from '@nestjs/bullmq';
import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { QUEUE_NAMES } from './queue-names';
import { RecordJobQueue, RecordJobWorker } from './record-worker';
import { createProducerRedis } from './redis-connections';
import { configureWorkerOptions } from './worker-options';

/** The API-side Redis connection (fail fast), shared by every producer Queue and the record hashes. */
export const PRODUCER_REDIS = Symbol('PRODUCER_REDIS');

export interface QueueModuleOptions {
  config: AppConfig;
  /** Concurrency of each worker this process runs. */
  concurrency?: number;
}

/** How long start-up waits for the producer connection; past it the API starts anyway and answers 503 until Redis is back. */
const STARTUP_CONNECT_WAIT_MS = 3000;

/** The producer connection, once connected (or after the start-up wait): without an offline queue, a first request racing the connect would get a 503. */
async function connectedProducer(url: string): Promise<Redis> {
  const redis = createProducerRedis(url);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, STARTUP_CONNECT_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

/** Provides the configuration and the producer connection to everything (and closes it last). */
@Global()
@Module({})
export class QueueConnectionModule implements OnApplicationShutdown {
  constructor(@Inject(PRODUCER_REDIS) private readonly redis: Redis) {}

  static register(config: AppConfig): DynamicModule {
    return {
      module: QueueConnectionModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PRODUCER_REDIS, useFactory: () => connectedProducer(config.REDIS_URL) },
      ],
      exports: [APP_CONFIG, PRODUCER_REDIS],
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * Registers every queue of queue-names.ts as a producer (prefix with a hash tag, bounded
 * retention, the fail-fast connection) and prepares the options the workers start with.
 */
@Global()
@Module({})
export class QueueModule implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  static register(options: QueueModuleOptions): DynamicModule {
    const { config } = options;
    configureWorkerOptions(config, options.concurrency ?? config.WORKER_CONCURRENCY);
    // Queues and workers that read a job with a field that is not JSON, to fail it (record-worker.ts
    // RecordJob, record-backend.ts).
    BullModule.queueClass = RecordJobQueue;
    BullModule.workerClass = RecordJobWorker;
    const connection = QueueConnectionModule.register(config);
    const queues = BullModule.registerQueueAsync(
      ...QUEUE_NAMES.map((name) => ({
        name,
        imports: [connection],
        inject: [PRODUCER_REDIS],
        useFactory: (redis: Redis) => ({
          connection: redis,
          prefix: config.QUEUE_PREFIX,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
          // BullMQ checks the Redis version once, with an INFO when the Queue is created; on
          // this fail-fast connection that INFO times out if Redis stalls then, and the Queue
          // keeps the failure: every add is refused (503) until the process restarts. The
          // workers' own connections still make the check (they wait for Redis instead).
          skipVersionCheck: true,
        }),
      })),
    );
    return { module: QueueModule, imports: [connection, queues], exports: [connection, queues] };
  }

  onModuleInit(): void {
    // A Queue re-emits connection errors; without a listener an 'error' event would crash the API.
    for (const name of QUEUE_NAMES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (err) => this.logger.debug(`queue ${name}: ${err.message}`));
    }
  }
}

/** What a feature module runs in this process: its HTTP API, its workers, or both. */
export interface FeatureRole {
  http: boolean;
  worker: boolean;
}
