import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import type { NetworkModel } from '../sim/model';
import { PAYMENTS_NETWORK, PaymentsFlow } from './payments-flow';
import { PaymentsController } from './payments.controller';
import { PaymentsProcessor } from './payments.processor';
import { PaymentsService } from './payments.service';

@Module({})
export class PaymentsModule {
  /** `network`: the payments model's network, compiled by the composition root (experiment/live-models.ts). */
  static register(role: FeatureRole, network: NetworkModel): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: role.http ? [PaymentsController] : [],
      providers: [
        PaymentsService,
        { provide: PAYMENTS_NETWORK, useValue: network },
        {
          provide: PaymentsFlow,
          useFactory: (model: NetworkModel) => new PaymentsFlow(model),
          inject: [PAYMENTS_NETWORK],
        },
        ...(role.worker ? [PaymentsProcessor] : []),
      ],
      exports: [PaymentsService],
    };
  }
}
