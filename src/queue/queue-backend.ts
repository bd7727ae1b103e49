import { HttpException, ServiceUnavailableException } from '@nestjs/common';

/** Message of the 503 a producer returns when Redis does not answer in time. */
export const BACKEND_UNAVAILABLE = 'queue backend unavailable: retry later';

/** How long after a Redis call runs out of time the next calls fail at once (then one tries). */
export const BACKEND_COOL_DOWN_MS = 2_000;

/**
 * Remembers that Redis stopped answering. A Redis that is down refuses connections and every
 * call fails at once; one that hangs (a stopped process, a full network buffer) lets each call
 * wait out its whole deadline, and a request that makes three calls (two rate-limit counters,
 * then its own) waited three deadlines, 4.5 s, for its 503. After a call runs out of time the
 * breaker is open: calls fail at once for BACKEND_COOL_DOWN_MS, then the next call tries Redis
 * again, and the first one that succeeds closes it. Refused connections do not open it.
 */
export class BackendBreaker {
  private openUntil = 0;

  constructor(
    private readonly coolDownMs = BACKEND_COOL_DOWN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while calls should not wait for Redis. */
  get isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  /** A call ran out of time. */
  timedOut(): void {
    this.openUntil = this.now() + this.coolDownMs;
  }

  /** A call succeeded. */
  answered(): void {
    this.openUntil = 0;
  }
}

/** The process's breaker: producers and the rate limiter share one view of Redis. */
export const backendBreaker = new BackendBreaker();

/** ioredis's error for a command that ran past its commandTimeout. */
export function isTimeout(err: unknown): boolean {
  return err instanceof Error && /timed out/i.test(err.message);
}

/**
 * What a producer-side call sees of its own deadline (withBackend): whether it has passed, and
 * the step after which the request has taken effect.
 */
export interface BackendCall {
  /** True once the deadline has passed: the client has been (or is being) answered 503. */
  readonly late: boolean;
  /**
   * Runs the step that makes the request take effect — the enqueue of its job — and from then on
   * lets that step's own outcome answer, not the deadline: its answer from Redis between the
   * deadline and the connection's command timeout is a 202, where it had been a 503 with the
   * job queued all the same. A cap of one more deadline still bounds the wait. Once the deadline
   * has passed it is refused with the same 503, sending nothing — no job is queued after a 503 —
   * unless `evenIfLate`: a request with an Idempotency-Key queues its record's job all the same,
   * so the record its retry finds is not left pending without one (the answer is 503 either way).
   */
  commit<T>(step: () => Promise<T>, options?: { evenIfLate?: boolean }): Promise<T>;
}

/**
 * Runs a producer-side Redis call (enqueue, record write, status read) with a deadline.
 * The producer connection has no offline queue, so a dead Redis fails at once; the deadline
 * covers the other cases (a Redis that accepts connections but does not answer, a connection
 * still being set up). Either way the caller gets a 503, not a hang; while the breaker is open
 * (a call ran out of time moments ago) it gets it at once. A call that queues a job passes that
 * step through `call.commit` (BackendCall): once sent, the job's enqueue answers for itself.
 */
export async function withBackend<T>(
  timeoutMs: number,
  fn: (call: BackendCall) => Promise<T>,
  breaker: BackendBreaker = backendBreaker,
): Promise<T> {
  if (breaker.isOpen) throw new ServiceUnavailableException(BACKEND_UNAVAILABLE);
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  let committed = false;
  const deadline = new Promise<never>((_, reject) => {
    const expire = () => {
      late = true;
      reject(new ServiceUnavailableException(BACKEND_UNAVAILABLE));
    };
    timer = setTimeout(() => {
      // A committed step is waited for, up to one more deadline (its commands time out first).
      if (committed) timer = setTimeout(expire, timeoutMs);
      else expire();
    }, timeoutMs);
  });
  const call: BackendCall = {
    get late() {
      return late;
    },
    commit: async (step, options) => {
      if (late && !options?.evenIfLate) throw new ServiceUnavailableException(BACKEND_UNAVAILABLE);
      committed = true;
      return step();
    },
  };
  try {
    const result = await Promise.race([fn(call), deadline]);
    breaker.answered();
    return result;
  } catch (err) {
    if (late || isTimeout(err)) breaker.timedOut();
    if (err instanceof HttpException) throw err;
    throw new ServiceUnavailableException(BACKEND_UNAVAILABLE, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A Redis read that its caller will not wait long for — a metrics scrape, an admin login check —
 * with a fallback for when there is no answer. Rejects after `timeoutMs`, or at once while the
 * breaker is open, so a hung Redis costs the caller at most that. The call itself goes on until
 * the connection's own command timeout settles it (nothing is left pending beyond that); if it
 * runs out there, it opens the breaker as withBackend's calls do. A short deadline alone does not
 * open it: a Redis that is merely slow must not turn the producers' calls into 503s.
 */
export async function readWithin<T>(
  timeoutMs: number,
  call: () => Promise<T>,
  breaker: BackendBreaker = backendBreaker,
): Promise<T> {
  if (breaker.isOpen) throw new ServiceUnavailableException(BACKEND_UNAVAILABLE);
  const answer = call();
  answer.then(
    () => breaker.answered(),
    (err: unknown) => {
      if (isTimeout(err)) breaker.timedOut();
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableException(BACKEND_UNAVAILABLE)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
