import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { STATUS_CODES } from 'node:http';
import { BACKEND_UNAVAILABLE, type BackendBreaker } from '../queue/queue-backend';

/**
 * Keeps the dashboard's JSON API (Bull Board's /api routes) from waiting on a Redis that is not
 * there. Bull Board's queues wait, without a deadline, for their connection's first `ready`:
 * while Redis had never answered (a deployment whose Redis is not up yet) a dashboard request got
 * no answer at all. Here it is 503 at once while the producer connection is not ready, or while
 * the backend breaker is open (a call ran out of time moments ago), as every other route answers
 * then. A Redis that drops or hangs once ready is the error handler's (board-errors.ts): the
 * producer connection's calls fail, or time out, and that is 503 too. The page itself (HTML,
 * scripts) needs no Redis and is left alone.
 */
export function boardBackendGuard(redis: Redis, breaker: BackendBreaker) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/api/') || (redis.status === 'ready' && !breaker.isOpen))
      return next();
    res
      .status(503)
      .json({ statusCode: 503, error: STATUS_CODES[503], message: BACKEND_UNAVAILABLE });
  };
}
