import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { EvisaController } from './evisa.controller';
import { EvisaFlow } from './evisa-flow';
import { EvisaProcessor } from './evisa.processor';
import { EvisaService } from './evisa.service';

@Module({})
export class EvisaModule {
  static register(role: FeatureRole): DynamicModule {
    return {
      module: EvisaModule,
      controllers: role.http ? [EvisaController] : [],
      providers: [
        EvisaService,
        { provide: EvisaFlow, useFactory: () => new EvisaFlow() },
        ...(role.worker ? [EvisaProcessor] : []),
      ],
      exports: [EvisaService],
    };
  }
}
