import { Module, type DynamicModule } from '@nestjs/common';
import type { FeatureRole } from '../queue/queue.module';
import { loadTriageVocabulary } from '../hizir/hizir-triage';
import type { NetworkModel } from '../sim/model';
import { KONSOLOSLUK_NETWORK, KonsoloslukFlow } from './konsolosluk-flow';
import { OfficerHandoffSink } from './konsolosluk-handoff.service';
import { KonsoloslukController } from './konsolosluk.controller';
import { KonsoloslukProcessor } from './konsolosluk.processor';
import { KonsoloslukService, TRIAGE_VOCABULARY } from './konsolosluk.service';

@Module({})
export class KonsoloslukModule {
  /**
   * `network`: the Konsolosluk.NET model's network, compiled by the composition root
   * (experiment/live-models.ts); `sink`: the Hızır hand-off sink this module's service feeds.
   */
  static register(
    role: FeatureRole,
    network: NetworkModel,
    sink?: OfficerHandoffSink,
  ): DynamicModule {
    return {
      module: KonsoloslukModule,
      controllers: role.http ? [KonsoloslukController] : [],
      providers: [
        KonsoloslukService,
        { provide: KONSOLOSLUK_NETWORK, useValue: network },
        {
          provide: KonsoloslukFlow,
          useFactory: (model: NetworkModel) => new KonsoloslukFlow(model),
          inject: [KONSOLOSLUK_NETWORK],
        },
        ...(sink ? [{ provide: OfficerHandoffSink, useValue: sink }] : []),
        // Officer tasks' triage vocabulary, built once at start where hand-offs arrive (Hızır's
        // HTTP route, through the sink).
        ...(sink && role.http
          ? [{ provide: TRIAGE_VOCABULARY, useFactory: () => loadTriageVocabulary() }]
          : []),
        ...(role.worker ? [KonsoloslukProcessor] : []),
      ],
      exports: [KonsoloslukService],
    };
  }
}
