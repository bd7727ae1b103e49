import type { NextFunction, Request, Response } from 'express';
import { BACKEND_COOL_DOWN_MS } from '../queue/queue-backend';

/** Seconds a 503 asks a client to wait when its route named none: the backend breaker's cool-down. */
export const BACKEND_RETRY_AFTER_SECONDS = Math.ceil(BACKEND_COOL_DOWN_MS / 1000);

/**
 * Every 503 carries `Retry-After`. The 503s that say Redis is away (`queue backend unavailable:
 * retry later`) come from many places — a producer's deadline, the open breaker, the rate
 * limiter, the dashboard's guard and error handler, /health — and none set the header: a client
 * was told to retry later without being told when, and a well-behaved one (RFC 9110 §10.2.3)
 * had nothing to wait on. A 503 that sets its own (a Hızır hand-off past the officer cap) keeps
 * it; any other gets the breaker's cool-down, the time after which the API tries Redis again.
 * Set when the status line is written, so it covers Nest's and Express's answers alike.
 */
export function retryAfterOn503(seconds = BACKEND_RETRY_AFTER_SECONDS) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
      if (status === 503 && !this.hasHeader('Retry-After') && !this.headersSent)
        this.setHeader('Retry-After', String(seconds));
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    next();
  };
}
