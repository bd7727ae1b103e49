import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { PaymentsController } from './payments.controller';
import { PaymentsProcessor } from './payments.processor';
import { PaymentsService } from './payments.service';

@Module({})
export class PaymentsModule {
  static register(role: FeatureRole): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: role.http ? [PaymentsController] : [],
      providers: [PaymentsService, ...(role.worker ? [PaymentsProcessor] : [])],
      exports: [PaymentsService],
    };
  }
}
