import type { HizirAnswer, HizirEngine, HizirPendingClarify } from './hizir.engine';
import type { HizirLang } from './turkish-text';

/**
 * One exchange with Hızır, with the memory a clarifying question needs: when an answer asks
 * which of two close answers is meant, the session (by `sessionId`) keeps the question for a
 * while, and the next message of that session is read as the reply. Hızır asks once: the answer
 * to a reply never asks another question (a reply numbering no option, "9" after five, gets the
 * same question again, and it waits again). The same class serves `consular-sim ask` (in memory) and
 * POST /hizir/messages (in Redis), so both give the same answers; over HTTP a session is one
 * client's: the sessionId is bound to its address (`clientSession` in hizir.service).
 */

/** Where sessions keep a pending clarifying question. */
export interface HizirSessionStore {
  /** Returns and removes the pending question of a session, if any. */
  take(sessionId: string): Promise<HizirPendingClarify | null>;
  put(sessionId: string, pending: HizirPendingClarify, ttlSeconds: number): Promise<void>;
}

/** How long a clarifying question waits for its reply. Assumption: 15 minutes, a chat's pace. */
export const CLARIFY_TTL_SECONDS = 15 * 60;
/** Most sessions kept in memory at once (oldest dropped first). Assumption, a bound for `ask`. */
export const MEMORY_SESSION_LIMIT = 10_000;

/** Sessions in this process's memory (the CLI; tests). */
export class MemorySessionStore implements HizirSessionStore {
  private readonly sessions = new Map<string, { pending: HizirPendingClarify; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  take(sessionId: string): Promise<HizirPendingClarify | null> {
    const s = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    return Promise.resolve(s && s.expires > this.now() ? s.pending : null);
  }

  put(sessionId: string, pending: HizirPendingClarify, ttlSeconds: number): Promise<void> {
    this.sessions.delete(sessionId);
    if (this.sessions.size >= MEMORY_SESSION_LIMIT) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    this.sessions.set(sessionId, { pending, expires: this.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }
}

/** The part of an ioredis client the Redis store uses. */
export interface HizirRedisLike {
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<unknown>;
  getdel(key: string): Promise<string | null>;
}

/** How the Redis store keeps a session's question without personal data in it. */
export interface SessionPrivacy {
  /**
   * What Redis keeps of the question text, under the session's key `key` (keyOf): the live
   * service's seals it (sessionPrivacy), so that no name, e-mail or number is there in clear.
   */
  conceal: (text: string, key: string) => string;
  /** The question text from what conceal kept under `key`; null when it does not open. */
  reveal: (kept: string, key: string) => string | null;
  /** The key a session is stored under, so that Redis never holds a client's own sessionId. */
  keyOf: (sessionId: string) => string;
}

/**
 * Sessions in Redis with a TTL (the live service): shared by every API replica. The question
 * is kept concealed (sealed, in the live service: the reply is then classified on the question
 * as asked, as in one process's memory) under a keyed hash of the sessionId. `prefix` starts
 * every key: the live service's is under its QUEUE_PREFIX (see `sessionKeyPrefix` in
 * hizir.module), so that deployments sharing one Redis keep apart.
 */
export class RedisSessionStore implements HizirSessionStore {
  constructor(
    private readonly redis: HizirRedisLike,
    private readonly privacy: SessionPrivacy,
    private readonly prefix: string,
  ) {}

  async take(sessionId: string): Promise<HizirPendingClarify | null> {
    const key = this.privacy.keyOf(sessionId);
    const raw = await this.redis.getdel(this.prefix + key);
    if (!raw) return null;
    try {
      const kept = JSON.parse(raw) as HizirPendingClarify;
      const text = this.privacy.reveal(kept.text, key);
      // A text that does not open (another secret, a value changed in Redis): no pending question.
      return text === null ? null : { ...kept, text };
    } catch {
      return null;
    }
  }

  async put(sessionId: string, pending: HizirPendingClarify, ttlSeconds: number): Promise<void> {
    const key = this.privacy.keyOf(sessionId);
    const kept: HizirPendingClarify = { ...pending, text: this.privacy.conceal(pending.text, key) };
    await this.redis.set(this.prefix + key, JSON.stringify(kept), 'EX', ttlSeconds);
  }
}

export interface HizirTurn {
  lang?: HizirLang;
  sessionId?: string;
}

export class HizirConversation {
  constructor(
    readonly engine: HizirEngine,
    private readonly store: HizirSessionStore = new MemorySessionStore(),
    private readonly ttlSeconds = CLARIFY_TTL_SECONDS,
  ) {}

  async reply(text: string, turn: HizirTurn = {}): Promise<HizirAnswer> {
    const { sessionId, lang } = turn;
    if (sessionId) {
      const pending = await this.store.take(sessionId);
      if (pending) {
        const resolved = this.engine.resolveClarification(pending, text, { lang });
        // A reply numbering no option gets the question again, which waits for its reply again.
        if (resolved?.clarify) await this.store.put(sessionId, pending, this.ttlSeconds);
        if (resolved) return resolved;
      }
    }
    const answer = this.engine.answer(text, { lang });
    if (answer.clarify && sessionId) {
      const pending = this.engine.pendingFor(text, answer);
      if (pending) await this.store.put(sessionId, pending, this.ttlSeconds);
    }
    return answer;
  }
}
