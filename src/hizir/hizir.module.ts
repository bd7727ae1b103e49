import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { redactText } from '../common/redact';
import { textSeal } from '../common/sealed-text';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEFAULT_QUEUE_PREFIX } from '../config/queue-prefix';
import { withBackend } from '../queue/queue-backend';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import {
  MemorySessionStore,
  RedisSessionStore,
  type HizirRedisLike,
  type HizirSessionStore,
  type SessionPrivacy,
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
 * The Redis session store under the producers' deadline: when Redis does not answer, a message
 * with a sessionId is answered 503 like every other route that needs Redis,
 * never a 500 and never a hang.
 */
export function withDeadline(store: HizirSessionStore): HizirSessionStore {
  return {
    take: (sessionId) => withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () => store.take(sessionId)),
    put: (sessionId, pending, ttl) =>
      withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () => store.put(sessionId, pending, ttl)),
  };
}

/**
 * Where the live service keeps pending clarifying questions: under the deployment's QUEUE_PREFIX,
 * as every other key of the app, so that two deployments sharing one Redis never read each
 * other's sessions.
 */
export function sessionKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:hizir:clarify:`;
}

/**
 * What the live service keeps of a session in Redis: the question sealed with TOKEN_SECRET
 * (masked as the logs mask it where none is configured), under a keyed hash of the sessionId (a
 * plain hash without a secret).
 */
export function sessionPrivacy(secret?: string): SessionPrivacy {
  return {
    // Sealed under TOKEN_SECRET, bound to the session's key: a name with no cue before it
    // ("my brother Karl Heinzmann ...") was kept in clear for the clarify window by a mask.
    // Without a secret (a test's store) the mask is what there is.
    conceal: (text, key) => (secret ? PENDING_QUESTION.seal(secret, key, text) : redactText(text)),
    reveal: (kept, key) => {
      if (!secret) return kept;
      try {
        return PENDING_QUESTION.open(secret, key, kept);
      } catch {
        return null;
      }
    },
    keyOf: (sessionId) =>
      (secret ? createHmac('sha256', secret) : createHash('sha256'))
        .update(`hizir-session:${sessionId}`)
        .digest('hex')
        .slice(0, 32),
  };
}

/** The sealing of a question kept while Hızır waits for the citizen's clarifying reply. */
const PENDING_QUESTION = textSeal('hizir pending question v1');

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
      useFactory: (
        options?: HizirModuleOptions,
        redis?: HizirRedisLike,
        config?: AppConfig,
      ): HizirSessionStore =>
        options?.sessionStore ??
        (redis
          ? withDeadline(
              new RedisSessionStore(
                redis,
                sessionPrivacy(config?.TOKEN_SECRET),
                sessionKeyPrefix(config?.QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX),
              ),
            )
          : new MemorySessionStore()),
      inject: [
        { token: HIZIR_OPTIONS, optional: true },
        { token: PRODUCER_REDIS, optional: true },
        { token: APP_CONFIG, optional: true },
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
