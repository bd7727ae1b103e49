import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { HizirMessageDto } from './dto/hizir-message.dto';
import { HizirConversation, type HizirSessionStore } from './hizir-conversation';
import {
  HIZIR_ENGINE,
  HIZIR_HANDOFF_SINK,
  HIZIR_SESSION_STORE,
  type HizirHandoffSink,
} from './hizir-handoff';
import type { HizirAnswer, HizirEngine } from './hizir.engine';

/** Message of the 503 when a hand-off could not be passed on to an officer. */
export const HANDOFF_UNAVAILABLE =
  'your question could not be passed to an officer: please try again later';

/**
 * The conversation a message belongs to: its `sessionId` as sent by this client (the address the
 * rate limits and the hand-off quota count by). A sessionId is the client's own choice and can be
 * guessed (`web-42`); bound to the client, the same id sent from another address is another
 * conversation, which can neither take the pending clarifying question nor spend the session's
 * hand-off quota. Without a sessionId there is no conversation.
 */
export function clientSession(
  client: string | undefined,
  sessionId: string | null | undefined,
): string | undefined {
  // `"sessionId": null` is the optional field left out, as null is for every optional field of
  // the API: no conversation. Before 8 December 2026 it was a session named null, one for every
  // message of the client that sent null (a clarifying question waiting, a hand-off quota).
  return sessionId === undefined || sessionId === null
    ? undefined
    : JSON.stringify([client ?? '', sessionId]);
}

@Injectable()
export class HizirService {
  private readonly logger = new Logger(HizirService.name);
  private readonly conversation: HizirConversation;

  constructor(
    @Inject(HIZIR_ENGINE) engine: HizirEngine,
    @Optional() @Inject(HIZIR_HANDOFF_SINK) private readonly sink?: HizirHandoffSink,
    @Optional() @Inject(HIZIR_SESSION_STORE) sessions?: HizirSessionStore,
  ) {
    // A clarifying question waits for its reply in the session store (Redis in the live app).
    this.conversation = new HizirConversation(engine, sessions);
  }

  /**
   * Answers one citizen message; hand-offs also go to the sink, when one is wired in. A
   * hand-off the sink refuses (quota, full queue) or cannot store is answered as such (429/503),
   * and so is one the sink fails on for any other reason (503).
   */
  async ask(message: HizirMessageDto, client?: string): Promise<HizirAnswer> {
    const sessionId = clientSession(client, message.sessionId);
    const answer = await this.conversation.reply(message.text, {
      lang: message.lang ?? undefined,
      sessionId,
    });
    if (answer.handoff && this.sink) {
      // A hand-off refused (quota, full queue) or not stored (Redis down: 503) is answered as
      // such: the answer must not promise an officer who never gets the question. Any other
      // failure of the sink (one not wired up yet, a bug) is logged for operations and is a 503
      // too, never a 500 and never `handoff: true` for a question that was lost.
      try {
        await this.sink.handoff({
          text: message.text,
          sessionId,
          answer,
          client,
        });
      } catch (err) {
        if (err instanceof HttpException) throw err;
        this.logger.error(
          `hand-off sink failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        throw new ServiceUnavailableException(HANDOFF_UNAVAILABLE, { cause: err });
      }
    }
    return answer;
  }
}
