import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EvisaModule } from '../evisa/evisa.module';
import { HizirModule } from '../hizir/hizir.module';
import { OfficerHandoffSink } from '../konsolosluk/konsolosluk-handoff.service';
import { KonsoloslukModule } from '../konsolosluk/konsolosluk.module';
import { PaymentsModule } from '../payments/payments.module';
import { QUEUES, type QueueName } from '../queue/queue-names';
import { QueueModule } from '../queue/queue.module';
import type { AppConfig } from './app-config';
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
    return {
      module: AppModule,
      imports: [
        QueueModule.register({ config: options.config, concurrency: options.concurrency }),
        EvisaModule.register({ http, worker: worker(QUEUES.evisa) }),
        KonsoloslukModule.register({ http, worker: worker(QUEUES.konsolosluk) }, sink),
        PaymentsModule.register({ http, worker: worker(QUEUES.payments) }),
        ...(http
          ? [HizirModule.register({ handoffSink: sink }), TerminusModule, MetricsModule]
          : []),
      ],
      controllers: http ? [HealthController] : [],
    };
  }
}
