import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { EvisaController } from './evisa.controller';
import type { NetworkModel } from '../sim/model';
import { EVISA_NETWORK, EvisaFlow } from './evisa-flow';
import { EvisaProcessor } from './evisa.processor';
import { EvisaService } from './evisa.service';

@Module({})
export class EvisaModule {
  /** `network`: the e-visa process, compiled by the composition root (experiment/live-models.ts). */
  static register(role: FeatureRole, network: NetworkModel): DynamicModule {
    return {
      module: EvisaModule,
      controllers: role.http ? [EvisaController] : [],
      providers: [
        EvisaService,
        { provide: EVISA_NETWORK, useValue: network },
        {
          provide: EvisaFlow,
          useFactory: (model: NetworkModel) => new EvisaFlow(model),
          inject: [EVISA_NETWORK],
        },
        ...(role.worker ? [EvisaProcessor] : []),
      ],
      exports: [EvisaService],
    };
  }
}
