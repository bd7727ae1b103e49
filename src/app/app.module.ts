import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { EvisaModule } from '../evisa/evisa.module';
import { HizirModule } from '../hizir/hizir.module';
import { OfficerHandoffSink } from '../konsolosluk/konsolosluk-handoff.service';
import { KonsoloslukModule } from '../konsolosluk/konsolosluk.module';
import { PaymentsModule } from '../payments/payments.module';
import { QUEUES, type QueueName } from '../queue/queue-names';
import { QueueModule } from '../queue/queue.module';
import { ReplayModule } from '../replay/replay.module';
import type { AppConfig } from '../config/app-config';
import { HealthController } from './health.controller';
import { MetricsModule } from './metrics';

export interface AppOptions {
  config: AppConfig;
  /** Serve the HTTP API (serve); false for a worker-only process. */
  http: boolean;
  /** Queues this process works on (none for a pure API process). */
  workers: readonly QueueName[];
  concurrency?: number;
}

/** Wiring only: which features run their API and which run their workers in this process. */
@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    const { http } = options;
    const worker = (q: QueueName) => options.workers.includes(q);
    const sink = new OfficerHandoffSink();
    const { RATE_LIMIT, RATE_LIMIT_WINDOW_SECONDS } = options.config;
    // Per client IP, in this process's memory: replicas behind a balancer each count their own.
    const rateLimited = http && RATE_LIMIT > 0;
    return {
      module: AppModule,
      imports: [
        QueueModule.register({ config: options.config, concurrency: options.concurrency }),
        EvisaModule.register({ http, worker: worker(QUEUES.evisa) }),
        KonsoloslukModule.register({ http, worker: worker(QUEUES.konsolosluk) }, sink),
        PaymentsModule.register({ http, worker: worker(QUEUES.payments) }),
        ...(http
          ? [
              HizirModule.register({ handoffSink: sink }),
              TerminusModule,
              MetricsModule,
              ReplayModule,
            ]
          : []),
        ...(rateLimited
          ? [
              ThrottlerModule.forRoot({
                throttlers: [{ ttl: RATE_LIMIT_WINDOW_SECONDS * 1000, limit: RATE_LIMIT }],
              }),
            ]
          : []),
      ],
      providers: rateLimited ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : [],
      controllers: http ? [HealthController] : [],
    };
  }
}
