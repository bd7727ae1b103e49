import type { LiveModels } from '../experiment/live-models';
import { Module, type DynamicModule } from '@nestjs/common';
import { AdminAuthModule } from './admin-auth.module';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { DiplomaticPortalModule } from '../diplomatic-portal/diplomatic-portal.module';
import { EvisaModule } from '../evisa/evisa.module';
import { HizirModule } from '../hizir/hizir.module';
import { OfficerHandoffSink } from '../konsolosluk/konsolosluk-handoff.service';
import { KonsoloslukModule } from '../konsolosluk/konsolosluk.module';
import { PaymentsModule } from '../payments/payments.module';
import { QUEUES, type QueueName } from '../queue/queue-names';
import { PRODUCER_REDIS, QueueModule } from '../queue/queue.module';
import { ReplayModule } from '../replay/replay.module';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { ApiThrottlerGuard, throttlerOptions } from './rate-limit';
import { HealthController } from './health.controller';
import { MetricsModule } from './metrics';

export interface AppOptions {
  config: AppConfig;
  /** Serve the HTTP API (serve); false for a worker-only process. */
  http: boolean;
  /** Queues this process works on (none for a pure API process). */
  workers: readonly QueueName[];
  concurrency?: number;
  /** The live services' compiled models (built before the app, never during injection). */
  models: LiveModels;
}

/** Wiring only: which features run their API and which run their workers in this process. */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    const { http } = options;
    const worker = (q: QueueName) => options.workers.includes(q);
    const sink = new OfficerHandoffSink();
    // Per client IP and route, counted in Redis: every replica behind a balancer shares the limit.
    const rateLimited = http && options.config.RATE_LIMIT > 0;
    return {
      module: AppModule,
      imports: [
        QueueModule.register({ config: options.config, concurrency: options.concurrency }),
        EvisaModule.register({ http, worker: worker(QUEUES.evisa) }, options.models.evisa),
        KonsoloslukModule.register(
          { http, worker: worker(QUEUES.konsolosluk) },
          options.models.konsolosluk,
          sink,
        ),
        PaymentsModule.register({ http, worker: worker(QUEUES.payments) }, options.models.payments),
        DiplomaticPortalModule.register({ http, worker: worker(QUEUES.diplomaticPortal) }),
        ...(http
          ? [
              AdminAuthModule,
              HizirModule.register({ handoffSink: sink }),
              TerminusModule,
              MetricsModule,
              ReplayModule,
            ]
          : []),
        ...(rateLimited
          ? [
              ThrottlerModule.forRootAsync({
                inject: [PRODUCER_REDIS],
                useFactory: (redis: Redis) => throttlerOptions(options.config, redis),
              }),
            ]
          : []),
      ],
      providers: rateLimited ? [{ provide: APP_GUARD, useClass: ApiThrottlerGuard }] : [],
      controllers: http ? [HealthController] : [],
    };
  }
}
