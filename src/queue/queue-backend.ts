import { HttpException, ServiceUnavailableException } from '@nestjs/common';

/** Message of the 503 a producer returns when Redis does not answer in time. */
export const BACKEND_UNAVAILABLE = 'queue backend unavailable: retry later';

/**
 * Runs a producer-side Redis call (enqueue, record write, status read) with a deadline.
 * The producer connection has no offline queue, so a dead Redis fails at once; the deadline
 * covers the other cases (a Redis that accepts connections but does not answer, a connection
 * still being set up). Either way the caller gets a 503, not a hang.
 */
export async function withBackend<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableException(BACKEND_UNAVAILABLE)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([fn(), deadline]);
  } catch (err) {
    if (err instanceof HttpException) throw err;
    throw new ServiceUnavailableException(BACKEND_UNAVAILABLE, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
