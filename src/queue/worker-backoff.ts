import type { Worker } from 'bullmq';

/**
 * How long a worker stops taking jobs after Redis refused it (ms): a failover or an operator
 * freeing memory takes seconds, so the worker is back within a second of it, asking about once a
 * second meanwhile instead of thousands of times.
 */
export const REFUSED_FETCH_PAUSE_MS = 1_000;

/**
 * Holds `worker` back from taking jobs for `ms` after Redis answered one of its calls with an
 * error of its own (a ReplyError: READONLY from a replica during a failover, OOM past
 * `maxmemory`, MISCONF after a failed save). BullMQ waits before it tries again after a lost
 * connection, but after such a refusal its loop asked again at once: a worker on a read-only
 * replica logged 25,000 refusals in 4 s, a core and Redis kept busy for nothing. It uses BullMQ's
 * own pause for a rate limit (the worker's `limitUntil`), which delays only the next fetch: jobs
 * in hand run on and renew their locks, and close() cuts the pause short. Answers whether it
 * paused (false for an error that is not Redis's refusal, or a BullMQ without that field).
 */
export function pauseFetchingAfterRefusal(
  worker: Worker,
  err: Error,
  ms = REFUSED_FETCH_PAUSE_MS,
): boolean {
  if (err.name !== 'ReplyError') return false;
  const fetching = worker as unknown as { limitUntil?: unknown };
  if (typeof fetching.limitUntil !== 'number') return false;
  fetching.limitUntil = Math.max(fetching.limitUntil, Date.now() + ms);
  return true;
}
