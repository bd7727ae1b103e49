import { Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { BACKEND_UNAVAILABLE } from '../queue/queue-backend';

/**
 * BullMQ's refusals of a job's options (bullmq classes/job.js validateOptions and
 * classes/queue.js), each as the field and the rule it breaks. Matched on BullMQ's wording,
 * which names no field; one it rewords falls through to the generic 500 (and the log), not
 * to a leak of its text.
 */
const JOB_OPTION_RULES: readonly (readonly [RegExp, string])[] = [
  [/^Custom Id cannot contain :/, 'options.jobId must not contain ":"'],
  [/^Custom Id cannot be integers/, 'options.jobId must not be a whole number'],
  [/^JobId cannot be '0' or start with '0:'/, 'options.jobId must not be "0" or start with "0:"'],
  [/^Priority should not be float/, 'options.priority must be a whole number'],
  [/^Priority should be between 0 and (\d+)/, 'options.priority must be between 0 and $1'],
  [
    /^The following options cannot be used together: ([\w, ]+)$/,
    'options $1 cannot be used together',
  ],
  [/^Deduplication id must be provided/, 'options.deduplication.id must be given'],
  [
    /^Deduplication and parent options cannot be used together/,
    'options deduplication, parent cannot be used together',
  ],
  [
    /^Debounce option has been removed/,
    'options.debounce is not supported: use options.deduplication',
  ],
  [/^Jitter should be between 0 and 1/, 'options.backoff.jitter must be between 0 and 1'],
  [
    /^The size of job [\s\S]* exceeds the limit (\d+) bytes$/,
    'data must be at most options.sizeLimit ($1 bytes)',
  ],
  [
    /^End date must be greater than current timestamp/,
    'options.repeat.endDate must be in the future',
  ],
];

/**
 * ioredis's errors for a connection that is down or not answering, for the case where the
 * connection has come back by the time the error is handled.
 */
const CONNECTION_ERROR =
  /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|Command timed out|MaxRetriesPerRequest/;

/** What Bull Board's Express adapter sends for an error: a status and a JSON body. */
export interface BoardErrorResponse {
  status: number;
  body: { statusCode: number; error: string; message: string };
}

function answer(status: number, message: string): BoardErrorResponse {
  return { status, body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message } };
}

/**
 * Bull Board's error handler, in place of its own, which answers every thrown error 500 with the
 * error's text (ioredis's "Stream isn't writeable and enableOfflineQueue options is false",
 * BullMQ's "Custom Id cannot contain :"). Here: our JSON shape and no internal text. Redis
 * not ready is 503, as every other route answers then (the queues share the producer
 * connection); a job option BullMQ refuses is 400 naming the option; an error the dashboard
 * raised for the client (an HTTP status under 500) keeps its status; anything else is 500,
 * logged for operations.
 */
export function boardErrors(redis: Redis, logger = new Logger('Dashboard')) {
  return (err: Error & { statusCode?: number; status?: number }): BoardErrorResponse => {
    const message = String(err?.message ?? '');
    if (redis.status !== 'ready' || CONNECTION_ERROR.test(`${err?.name} ${message}`))
      return answer(503, BACKEND_UNAVAILABLE);
    for (const [pattern, rule] of JOB_OPTION_RULES)
      if (pattern.test(message)) return answer(400, message.replace(pattern, rule));
    const status = err?.statusCode ?? err?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return answer(status, message.slice(0, 200));
    logger.error({ event: 'dashboard.error', error: String(err) });
    return answer(500, 'the dashboard could not do this: the error is logged for operations');
  };
}

/** A name from the request quoted into a message: JSON-escaped and short. */
function named(value: unknown): string {
  return JSON.stringify(String(value ?? '')).slice(0, 80);
}

/**
 * Bull Board's own 404 bodies (`{"error":{"key":"ERRORS.QUEUE_NOT_FOUND"}}`, a key for its
 * page to translate) in the API's JSON shape, naming what the path named that is not there.
 * Its page reads `error` and `message` as text as well as keys: its notice still shows.
 */
function notFoundMessage(
  key: unknown,
  params: Record<string, unknown>,
  queues: readonly string[],
): string | undefined {
  switch (key) {
    case 'ERRORS.QUEUE_NOT_FOUND':
      return `no queue ${named(params.queueName)}: the queues are ${queues.join(', ')}`;
    case 'ERRORS.JOB_NOT_FOUND':
      return `no job ${named(params.jobId)} in queue ${named(params.queueName)}`;
    case 'ERRORS.JOB_SCHEDULER_NOT_FOUND':
      return `no job scheduler ${named(params.schedulerId)} in queue ${named(params.queueName)}`;
    default:
      return undefined;
  }
}

/**
 * Mounted before Bull Board: its API's 404s (a queue, job or job scheduler its path names that
 * does not exist) are answered in the API's shape, {statusCode, error, message}, as every other
 * 404 of the API is; a path it has no route for already falls through to the API's own 404.
 */
export function boardNotFound(queues: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode === 404 && typeof body === 'object' && body !== null) {
        const key = (body as { error?: { key?: unknown } }).error?.key;
        const message = notFoundMessage(key, req.params ?? {}, queues);
        if (message !== undefined) return json(answer(404, message).body);
      }
      return json(body);
    };
    next();
  };
}
