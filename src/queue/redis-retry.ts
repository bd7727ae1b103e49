import { isTimeout } from './queue-backend';

/**
 * Redis calls that a restart of Redis may cut short, run again until Redis is back.
 *
 * A connection that waits for Redis (workerRedisOptions: offline queue, no limit on retries)
 * holds ordinary commands until it reconnects, but ioredis rejects what it cannot resend: a
 * transaction or pipeline that was partly answered when the connection closed ("Command aborted
 * due to connection close"). BullMQ's addBulk is such a transaction, and in the live replay a
 * lost batch of next-step jobs failed the whole run. Only callers whose effect is safe to repeat
 * may retry: the live replay's coordinator takes a copy of a job once (live-coordinator.ts).
 */

/** Codes of network errors that end when Redis is reachable again. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
/** Messages ioredis and Redis give while a connection is down or Redis is starting. */
const TRANSIENT_MESSAGE =
  /Command aborted due to connection close|Connection is closed|Stream isn't writeable|^LOADING /;

/** Whether an error from a Redis call says only that Redis was (briefly) not there. */
export function isTransientRedisError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'MaxRetriesPerRequestError') return true;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  return TRANSIENT_MESSAGE.test(err.message);
}

/**
 * Whether Redis refused a write for memory (past `maxmemory` under `noeviction`): nothing was
 * written by the refused command, and the same write goes through once memory is freed (records
 * expire, retention trims finished jobs, an operator raises the limit).
 */
export function isRedisOutOfMemory(err: unknown): boolean {
  return err instanceof Error && /^OOM /.test(err.message);
}

/**
 * Whether Redis refused a write for a while, and will take the same write later: past
 * `maxmemory` (isRedisOutOfMemory), or as a read-only replica (READONLY) — the primary that
 * failed over, until the connection reaches the new one or the operator sends REPLICAOF NO ONE.
 * Nothing was written by the refused command.
 */
export function isRedisRefusingWrites(err: unknown): boolean {
  return isRedisOutOfMemory(err) || (err instanceof Error && /^READONLY /.test(err.message));
}

export interface RetryOptions {
  /** Also try again after an error this accepts (besides a transient one). */
  retryIf?: (err: unknown) => boolean;
  /** Give up (rethrow the last error) once this long has passed since the first try (ms). */
  deadlineMs?: number;
  /** First pause between tries (ms); it doubles up to maxPauseMs. */
  firstPauseMs?: number;
  maxPauseMs?: number;
}

/**
 * Runs `call` until it succeeds, trying again after a transient Redis error (with a pause that
 * doubles, up to the deadline); any other error, or one past the deadline, is thrown at once.
 * The call must be safe to repeat: a transaction aborted by a closing connection may have run.
 */
export async function retryWhileRedisDown<T>(
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  let pause = options.firstPauseMs ?? 100;
  const maxPause = options.maxPauseMs ?? 2_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const again = isTransientRedisError(err) || options.retryIf?.(err) === true;
      if (!again || Date.now() + pause > deadline) throw err;
      await new Promise<void>((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, maxPause);
    }
  }
}

/** How long a clean-up after a 503 keeps trying while Redis is away (ms): a restart, with room. */
export const CLEAN_UP_DEADLINE_MS = 120_000;

/**
 * Runs a clean-up after a request answered 503 — the deletion of a record nobody can reach —
 * until Redis takes it. Redis may have run the request's script and then died or stalled before
 * answering: the clean-up sent at once then failed on the closed connection (the producer
 * connection has no offline queue) and the record stayed for ever. It is tried again after a
 * transient error or a timeout (a timed-out command was sent, and runs in order when Redis
 * wakes; sending it again is harmless), pausing 100 ms doubling to 2 s, until the deadline.
 * The clean-up must be safe to repeat. Never throws: a clean-up that could not run is logged
 * by nobody, as before, and returns false.
 */
export async function cleanUpWhenRedisAnswers(
  call: () => Promise<unknown>,
  deadlineMs = CLEAN_UP_DEADLINE_MS,
): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      await call();
      return true;
    } catch (err) {
      const again = isTransientRedisError(err) || isTimeout(err);
      if (!again || Date.now() + pause > deadline) return false;
      await new Promise<void>((r) => setTimeout(r, pause));
    }
  }
}
