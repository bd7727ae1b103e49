import { Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { BACKEND_UNAVAILABLE } from '../queue/queue-backend';
import { quoted } from '../common/visible-text';

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

/** A dashboard 5xx's message: what went wrong is in the log, not in the answer. */
const GENERIC_500 = 'the dashboard could not do this: the error is logged for operations';

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
    return answer(500, GENERIC_500);
  };
}

/** A name from the request quoted into a message, short (visibleText escapes it with the rest). */
function named(value: unknown): string {
  return quoted(String(value ?? ''));
}

/**
 * The statuses the dashboard's job lists take (@bull-board/api dist/constants/statuses.js,
 * version 9), named in the 400 for another.
 */
const BOARD_STATUSES = [
  'latest',
  'active',
  'waiting',
  'waiting-children',
  'prioritized',
  'completed',
  'failed',
  'delayed',
  'paused',
];

/** What one of Bull Board's error keys means, for the request that got it. */
type BoardMessage = (
  options: Record<string, unknown>,
  params: Record<string, unknown>,
  detail: Record<string, unknown>,
) => string;

/** The rule a field of Bull Board's request schemas (dist/schemas/requests.js) breaks. */
const FIELD_RULES: Record<string, string> = {
  page: 'query parameter page must be a whole number, 1 or more',
  jobsPerPage: 'query parameter jobsPerPage must be a whole number, 1 or more',
  status: `query parameter status must be one of ${BOARD_STATUSES.join(', ')}`,
  name: 'name must be a text (the job name)',
  options: 'options must be an object (BullMQ job options)',
};

/** The 404's message for a job its path names that is not in the queue. */
export function noJob(jobId: unknown, queueName: unknown): string {
  return `no job ${named(jobId)} in queue ${named(queueName)}`;
}

const queueOf = (params: Record<string, unknown>) => `queue ${named(params.queueName)}`;
const jobOf = (params: Record<string, unknown>, detail: Record<string, unknown> = {}) =>
  `job ${named(detail.jobId ?? params.jobId)} in ${queueOf(params)}`;
const unsupported = (what: string) => `the dashboard cannot ${what} on this queue`;

/**
 * Bull Board's error keys (@bull-board/api dist/schemas/errorKeys.js, version 9) in words that
 * name the field or the record and the rule, as the API's other errors do. Its bodies carry a
 * key for its page to translate (`{"error":{"key":"ERRORS.INVALID_CONCURRENCY"},"code":...}`).
 */
function boardMessages(queues: readonly string[]): Record<string, BoardMessage> {
  return {
    'ERRORS.QUEUE_NOT_FOUND': (_o, p) =>
      `no queue ${named(p.queueName)}: the queues are ${queues.join(', ')}`,
    'ERRORS.JOB_NOT_FOUND': (_o, p) => noJob(p.jobId, p.queueName),
    'ERRORS.JOB_SCHEDULER_NOT_FOUND': (_o, p) =>
      `no job scheduler ${named(p.schedulerId)} in queue ${named(p.queueName)}`,
    'ERRORS.QUEUE_READ_ONLY': (_o, p) =>
      `${queueOf(p)} is read-only: it can be viewed, not changed`,
    'ERRORS.INVALID_QUERY_PARAM': (o) =>
      FIELD_RULES[String(o.field)] ?? `query parameter ${named(o.field)} is not valid here`,
    'ERRORS.INVALID_REQUEST_BODY': (o) =>
      FIELD_RULES[String(o.field)] ?? `body field ${named(o.field)} is not valid here`,
    'ERRORS.INVALID_DATE_RANGE': () =>
      'query parameters from and to must be numbers (ms since 1970), to not before from',
    'ERRORS.INVALID_GRANULARITY': () => 'query parameter granularity must be hour or day',
    'ERRORS.INVALID_METRIC': () =>
      'query parameter metric must be one of completed, failed, queueage (history) or runtime, waittime (latency)',
    'ERRORS.INVALID_RUN_AT': () =>
      'runAt must be a finite number: the time to run at, in ms since 1970',
    'ERRORS.INVALID_PRIORITY': (o) =>
      `priority must be a whole number from 0 to ${Number(o.max) || 2 ** 21 - 1}`,
    'ERRORS.INVALID_CONCURRENCY': () => 'concurrency must be a whole number, 0 or more',
    'ERRORS.INVALID_RATE_LIMIT': () =>
      'max and duration must be whole numbers, 1 or more (max jobs per duration ms); max null removes the limit',
    'ERRORS.INVALID_SCHEDULER_INTERVAL': () => 'every must be a number of ms, more than 0',
    'ERRORS.INVALID_SCHEDULER_LIMIT': () => 'limit must be a whole number, 1 or more',
    'ERRORS.INVALID_SCHEDULER_END_DATE': () =>
      'endDate must be a time in the future (ms since 1970)',
    'ERRORS.INVALID_SCHEDULER_SCHEDULE': () =>
      'give either pattern (a cron pattern) or every (an interval in ms), not both and not neither',
    'ERRORS.INVALID_SCHEDULER_PATTERN': () => 'pattern must be a cron pattern BullMQ takes',
    'ERRORS.INVALID_QUEUE': () => 'queue must be a text (a queue name)',
    'ERRORS.INVALID_BEFORE_DATE': () => 'before must be a day written YYYY-MM-DD',
    'ERRORS.STATUS_NOT_RETRIABLE': (o) =>
      `jobs that are ${named(o.status)} cannot be retried: only failed or completed ones can`,
    'ERRORS.JOB_NOT_RETRIABLE': (o, p) =>
      `${jobOf(p)} is ${named(o.state)}: only a failed or completed job can be retried`,
    'ERRORS.JOB_NOT_DELAYED': (o, p) =>
      `${jobOf(p)} is ${named(o.status)}: only a delayed job can be given a new run time`,
    'ERRORS.JOB_BELONGS_TO_JOB_SCHEDULER': (_o, p, d) =>
      `${jobOf(p, d)} is the next run of job scheduler ${named(d.jobSchedulerId)}: remove the job scheduler to stop it`,
    'ERRORS.JOB_IS_ACTIVE': (_o, p, d) =>
      `${jobOf(p, d)} is being processed by a worker: it can be removed once it finishes`,
    'ERRORS.QUEUE_HAS_ACTIVE_JOBS': (_o, p) =>
      `${queueOf(p)} has jobs being processed: send force: true to obliterate it all the same`,
    'ERRORS.QUEUE_NOT_PAUSED': (_o, p) => `${queueOf(p)} must be paused before it is obliterated`,
    'ERRORS.JOB_HAS_NO_UNPROCESSED_CHILDREN': (_o, p) =>
      `${jobOf(p)} has no unprocessed children to remove`,
    'ERRORS.JOB_EDIT_NOT_SUPPORTED': () => unsupported("edit a job's data or run time"),
    'ERRORS.JOB_UNPROCESSED_CHILDREN_NOT_SUPPORTED': () =>
      unsupported("remove a job's unprocessed children"),
    'ERRORS.JOB_SCHEDULER_EDIT_NOT_SUPPORTED': () => unsupported('edit a job scheduler'),
    'ERRORS.JOB_SCHEDULER_RUN_NOT_SUPPORTED': () => unsupported('run a job scheduler now'),
    'ERRORS.RATE_LIMIT_NOT_SUPPORTED': () => unsupported('set a rate limit'),
    'ERRORS.REDIS_STATS_UNAVAILABLE': () =>
      "the dashboard has no Redis details for this queue's backend",
    'ERRORS.FORBIDDEN': () => 'the dashboard does not show this',
    'ERRORS.WORKERS_DISABLED': () => 'the dashboard does not show workers',
  };
}

/** Whether `body` is already the API's one error shape. */
/**
 * The codes Bull Board's page acts on (@bull-board/ui 9: it shows no error notice for these and
 * handles the answer itself); every other code is dropped with the rest of its own shape.
 */
const PAGE_CODES: ReadonlySet<string> = new Set(['JOB_BELONGS_TO_JOB_SCHEDULER']);

function isApiError(body: object): boolean {
  const b = body as Record<string, unknown>;
  return (
    typeof b.statusCode === 'number' &&
    typeof b.error === 'string' &&
    (typeof b.message === 'string' || Array.isArray(b.message))
  );
}

/** A key and its options out of a Bull Board error body's `error` or `message`. */
function keyOf(value: unknown): { key?: string; options: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return { options: {} };
  const v = value as { key?: unknown; options?: unknown };
  const options =
    typeof v.options === 'object' && v.options !== null
      ? (v.options as Record<string, unknown>)
      : {};
  return { key: typeof v.key === 'string' ? v.key : undefined, options };
}

/**
 * Mounted before Bull Board: every error its API answers is in the API's one shape,
 * {statusCode, error, message}, as every other error of the API is. It answered its own,
 * `{"error":{"key":"ERRORS.INVALID_CONCURRENCY"},"code":"INVALID_REQUEST"}` (a key for its page
 * to translate), for a 400 on bad input, a 403, a 405 on a read-only queue, a 409, and for its
 * own 500s `{"error":{"key":"ERRORS.INTERNAL_SERVER_ERROR"},"details":...}`, with a schema
 * mismatch's or a thrown error's text. Here a 4xx names the field or record and the rule; a 5xx
 * says only that it is logged (what it carried goes to the log, never to the client); a path
 * it has no route for already falls through to the API's own 404. Its page reads `error` and
 * `message` as text as well as keys: its notices still show.
 */
export function boardErrorShape(queues: readonly string[], logger = new Logger('Dashboard')) {
  const messages = boardMessages(queues);
  return (req: Request, res: Response, next: NextFunction): void => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const status = res.statusCode;
      if (status < 400 || (typeof body === 'object' && body !== null && isApiError(body)))
        return json(body);
      const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      if (status >= 500) {
        logger.error({
          event: 'dashboard.error',
          status,
          key: keyOf(b.error).key,
          code: typeof b.code === 'string' ? b.code : undefined,
          // Text a handler threw (BullMQ's, ioredis's): for operations, never for the client.
          error: String(typeof b.message === 'string' ? b.message : (b.details ?? '')).slice(
            0,
            500,
          ),
        });
        return json(answer(status, status === 503 ? BACKEND_UNAVAILABLE : GENERIC_500).body);
      }
      const { key, options } = keyOf(b.error);
      const detail = keyOf(b.message).options;
      const message = key ? messages[key]?.(options, req.params ?? {}, detail) : undefined;
      const shaped = answer(
        status,
        message ??
          `the dashboard refused this request${
            key
              ? ` (${key
                  .replace(/^ERRORS\./, '')
                  .toLowerCase()
                  .replace(/_/g, ' ')})`
              : ''
          }`,
      ).body;
      // Its page acts on a few codes (a job that belongs to a job scheduler is not shown as a
      // failure): those are kept beside the one shape.
      return json(
        typeof b.code === 'string' && PAGE_CODES.has(b.code) ? { ...shaped, code: b.code } : shaped,
      );
    };
    next();
  };
}

/** A whole number from `min` (to `max`). */
const whole =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (v: unknown) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const keep = (v: unknown) =>
  typeof v === 'boolean' ||
  whole(0)(v) ||
  (isObject(v) &&
    Object.entries(v).every(([k, x]) => (k === 'age' || k === 'count') && whole(0)(x)));

/**
 * The BullMQ job options (bullmq JobsOptions, version 5) the dashboard's "add job" takes, each
 * with its rule. BullMQ stores most as they come: a job added with `delay: "abc"`, `attempts:
 * -1` or `backoff: "nope"` was accepted (200) into a live queue for the workers to trip on, and
 * `deduplication.ttl: "x"` or a `parent` that does not exist was a 500 (a Redis script error,
 * "Missing key for parent job"). An option not listed is left to BullMQ, which checks some
 * itself (priority, jobId's form: JOB_OPTION_RULES).
 */
const JOB_OPTION_CHECKS: Record<string, readonly [(v: unknown) => boolean, string]> = {
  jobId: [
    (v) => typeof v === 'string' && v.length > 0 && v.length <= 256,
    'a text of 1 to 256 characters',
  ],
  delay: [whole(0), 'a whole number of ms, 0 or more'],
  attempts: [whole(1), 'a whole number, 1 or more'],
  backoff: [
    (v) =>
      whole(0)(v) ||
      (isObject(v) &&
        (v.type === 'fixed' || v.type === 'exponential') &&
        (v.delay === undefined || whole(0)(v.delay)) &&
        (v.jitter === undefined ||
          (typeof v.jitter === 'number' && v.jitter >= 0 && v.jitter <= 1))),
    'a whole number of ms, or {type: "fixed" or "exponential", delay: ms, jitter: 0 to 1}',
  ],
  lifo: [(v) => typeof v === 'boolean', 'true or false'],
  timestamp: [whole(0), 'a whole number of ms since 1970'],
  removeOnComplete: [keep, 'true, false, a number of jobs, or {age: s, count: jobs}'],
  removeOnFail: [keep, 'true, false, a number of jobs, or {age: s, count: jobs}'],
  keepLogs: [whole(0), 'a whole number of log lines, 0 or more'],
  stackTraceLimit: [whole(0), 'a whole number, 0 or more'],
  sizeLimit: [whole(1), 'a whole number of bytes, 1 or more'],
  deduplication: [
    (v) =>
      isObject(v) &&
      typeof v.id === 'string' &&
      v.id.length > 0 &&
      (v.ttl === undefined || whole(1)(v.ttl)) &&
      (v.extend === undefined || typeof v.extend === 'boolean') &&
      (v.replace === undefined || typeof v.replace === 'boolean'),
    '{id: a text, ttl: ms (1 or more), extend: true or false, replace: true or false}',
  ],
  parent: [
    () => false,
    'not taken from the dashboard: a job with a parent is added by the producer of its flow',
  ],
};

/**
 * Mounted before Bull Board: the options of a job added from the dashboard
 * (POST /api/queues/:queue/add) are checked against JOB_OPTION_CHECKS; the ones that break a
 * rule are a 400 in the API's shape, one message per option naming it and its rule.
 */
export function boardJobOptionsGuard() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !/^\/api\/queues\/[^/]+\/add\/?$/.test(req.path)) return next();
    const options: unknown = (req.body as { options?: unknown } | undefined)?.options;
    if (!isObject(options)) return next();
    const problems = Object.entries(JOB_OPTION_CHECKS)
      .filter(([name, [ok]]) => Object.hasOwn(options, name) && !ok(options[name]))
      .map(([name, [, rule]]) =>
        name === 'parent' ? `options.parent is ${rule}` : `options.${name} must be ${rule}`,
      );
    if (problems.length === 0) return next();
    res.status(400).json({ statusCode: 400, error: STATUS_CODES[400], message: problems });
  };
}

/** The job states BullMQ's Queue.clean takes (bullmq queue.d.ts, version 5). */
const CLEAN_STATES = [
  'completed',
  'wait',
  'waiting',
  'active',
  'paused',
  'prioritized',
  'delayed',
  'failed',
];

/**
 * Mounted before Bull Board: cleaning a state BullMQ does not have
 * (PUT /api/queues/:queue/clean/nope) is a 400 naming the states it has. It was 200 with nothing
 * cleaned, as if it had been done.
 */
export function boardCleanGuard() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const m = /^\/api\/queues\/[^/]+\/clean\/([^/]+)\/?$/.exec(req.path);
    if (req.method !== 'PUT' || !m) return next();
    let state: string;
    try {
      state = decodeURIComponent(m[1]);
    } catch {
      return next();
    }
    if (CLEAN_STATES.includes(state)) return next();
    res.status(400).json({
      statusCode: 400,
      error: STATUS_CODES[400],
      message: `cannot clean jobs that are ${named(state)}: the states are ${CLEAN_STATES.join(', ')}`,
    });
  };
}
