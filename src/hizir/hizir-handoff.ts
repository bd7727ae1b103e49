import { HttpException } from '@nestjs/common';
import type { HizirAnswer } from './hizir.engine';

/** A question Hızır could not answer, for an officer to take up. */
export interface HizirHandoff {
  text: string;
  /** The conversation: the client's sessionId bound to the client (`clientSession`), so that
   * the session's quota and deduplication are that client's alone. */
  sessionId?: string;
  answer: HizirAnswer;
  /** The asking client's address, for the hand-off quota (never stored in clear). */
  client?: string;
}

/**
 * A hand-off the officer queue will not take (a quota spent, 429; the queue full, 503). The
 * citizen is told so, with Retry-After, instead of an answer promising an officer who never
 * gets the question.
 */
export class HandoffRefused extends HttpException {
  constructor(
    status: 429 | 503,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      {
        statusCode: status,
        error: status === 429 ? 'Too Many Requests' : 'Service Unavailable',
        message,
      },
      status,
    );
  }
}

/**
 * Where hand-offs go. The live queue plugs an implementation in (to enqueue an officer task);
 * without one, hand-offs are only returned to the caller.
 */
export interface HizirHandoffSink {
  handoff(request: HizirHandoff): void | Promise<void>;
}

/** Injection token for the optional HizirHandoffSink. */
export const HIZIR_HANDOFF_SINK = Symbol('HIZIR_HANDOFF_SINK');

/** Injection token for the HizirEngine instance (tests may provide their own). */
export const HIZIR_ENGINE = Symbol('HIZIR_ENGINE');

/** Injection token for the HizirSessionStore that keeps pending clarifying questions. */
export const HIZIR_SESSION_STORE = Symbol('HIZIR_SESSION_STORE');
