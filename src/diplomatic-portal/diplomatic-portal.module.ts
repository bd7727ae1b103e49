import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { DiplomaticPortalController } from './diplomatic-portal.controller';
import { DiplomaticPortalProcessor } from './diplomatic-portal.processor';
import { DiplomaticPortalService } from './diplomatic-portal.service';
import { MissionKeyGuard } from './mission-key.guard';

@Module({})
export class DiplomaticPortalModule {
  static register(role: FeatureRole): DynamicModule {
    return {
      module: DiplomaticPortalModule,
      controllers: role.http ? [DiplomaticPortalController] : [],
      providers: [
        DiplomaticPortalService,
        ...(role.http ? [MissionKeyGuard] : []),
        ...(role.worker ? [DiplomaticPortalProcessor] : []),
      ],
    };
  }
}
