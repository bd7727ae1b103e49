import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { HizirMessageDto } from './dto/hizir-message.dto';
import { HizirConversation, type HizirSessionStore } from './hizir-conversation';
import {
  HIZIR_ENGINE,
  HIZIR_HANDOFF_SINK,
  HIZIR_SESSION_STORE,
  type HizirHandoffSink,
} from './hizir-handoff';
import type { HizirAnswer, HizirEngine } from './hizir.engine';

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

  /** Answers one citizen message; hand-offs also go to the sink, when one is wired in. */
  async ask(message: HizirMessageDto): Promise<HizirAnswer> {
    const answer = await this.conversation.reply(message.text, {
      lang: message.lang,
      sessionId: message.sessionId,
    });
    if (answer.handoff && this.sink) {
      // The citizen still gets the hand-off message if the officer queue is down; the failure
      // is logged for operations rather than turned into a 500.
      try {
        await this.sink.handoff({ text: message.text, sessionId: message.sessionId, answer });
      } catch (err) {
        this.logger.error(
          `hand-off sink failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    return answer;
  }
}
