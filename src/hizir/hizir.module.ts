import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { PRODUCER_REDIS } from '../queue/queue.module';
import {
  MemorySessionStore,
  RedisSessionStore,
  type HizirRedisLike,
  type HizirSessionStore,
} from './hizir-conversation';
import {
  HIZIR_ENGINE,
  HIZIR_HANDOFF_SINK,
  HIZIR_SESSION_STORE,
  type HizirHandoffSink,
} from './hizir-handoff';
import { HizirController } from './hizir.controller';
import { HizirEngine } from './hizir.engine';
import { HizirService } from './hizir.service';

export interface HizirModuleOptions {
  /** Where hand-offs go (e.g. the live officer queue); default: nowhere. */
  handoffSink?: HizirHandoffSink;
  /** A ready engine (tests); default: HizirEngine.fromConfig() on config/. */
  engine?: HizirEngine;
  /** Where pending clarifying questions wait; default: Redis when the app has its producer
   * connection (every replica sees them), else this process's memory. */
  sessionStore?: HizirSessionStore;
}

const HIZIR_OPTIONS = Symbol('HIZIR_OPTIONS');

/**
 * Hızır over HTTP: POST /hizir/messages. The engine is loaded once at start. Import
 * `HizirModule` as is, or `HizirModule.register({ handoffSink })` to route hand-offs to officers.
 */
@Module({
  controllers: [HizirController],
  providers: [
    {
      provide: HIZIR_ENGINE,
      useFactory: (options?: HizirModuleOptions) => options?.engine ?? HizirEngine.fromConfig(),
      inject: [{ token: HIZIR_OPTIONS, optional: true }],
    },
    {
      provide: HIZIR_SESSION_STORE,
      useFactory: (options?: HizirModuleOptions, redis?: HizirRedisLike): HizirSessionStore =>
        options?.sessionStore ?? (redis ? new RedisSessionStore(redis) : new MemorySessionStore()),
      inject: [
        { token: HIZIR_OPTIONS, optional: true },
        { token: PRODUCER_REDIS, optional: true },
      ],
    },
    HizirService,
  ],
  exports: [HizirService],
})
export class HizirModule {
  static register(options: HizirModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [{ provide: HIZIR_OPTIONS, useValue: options }];
    if (options.handoffSink)
      providers.push({ provide: HIZIR_HANDOFF_SINK, useValue: options.handoffSink });
    return { module: HizirModule, providers };
  }
}
