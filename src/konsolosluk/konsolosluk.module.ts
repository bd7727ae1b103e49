import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { OfficerHandoffSink } from './konsolosluk-handoff.service';
import { KonsoloslukController } from './konsolosluk.controller';
import { KonsoloslukProcessor } from './konsolosluk.processor';
import { KonsoloslukService } from './konsolosluk.service';

@Module({})
export class KonsoloslukModule {
  /** `sink`: the Hızır hand-off sink this module's service feeds (see OfficerHandoffSink). */
  static register(role: FeatureRole, sink?: OfficerHandoffSink): DynamicModule {
    return {
      module: KonsoloslukModule,
      controllers: role.http ? [KonsoloslukController] : [],
      providers: [
        KonsoloslukService,
        ...(sink ? [{ provide: OfficerHandoffSink, useValue: sink }] : []),
        ...(role.worker ? [KonsoloslukProcessor] : []),
      ],
      exports: [KonsoloslukService],
    };
  }
}
