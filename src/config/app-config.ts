import { UserError } from '../common/user-error';
import { plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DEFAULT_QUEUE_PREFIX } from './queue-prefix';

/**
 * How long a record with personal data stays in Redis after its final state unless a deployment
 * sets its service's *_RECORD_TTL_SECONDS: 30 days. Redis is the working store; a record past
 * its use there should not outlive it by default (0, kept for ever, must be asked for).
 */
export const RECORD_RETENTION_DEFAULT_SECONDS = 30 * 24 * 3600;

/**
 * Process configuration, read once from the environment at start and validated. A bad
 * value stops the process with a message that names the key (`REDIS_URL: must be ...`).
 */
export class AppConfig {
  /** Redis for queues and records. */
  @Matches(/^rediss?:\/\/[^\s/]+(:\d+)?(\/\d+)?$/, {
    message: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix of queues and records; must hold a {hash tag} so Redis Cluster keeps them in one slot. */
  @Matches(/^[^\s]*\{[^{}\s]+\}[^\s]*$/, { message: 'must contain a {hash tag}, e.g. {consular}' })
  QUEUE_PREFIX = DEFAULT_QUEUE_PREFIX;

  @IsInt({ message: 'must be a whole number from 0 to 65535' })
  @Min(0, { message: 'must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'must be a whole number from 0 to 65535' })
  PORT = 3000;

  /**
   * Secret that derives the key sealing personal data (applications, hand-offs) and the status
   * tokens of resubmitted (idempotent) applications; the same in every API replica. `serve`
   * refuses to start without it, or with a published example value, unless DEV_MODE is set
   * (then a random one is made up for this process, with a warning).
   */
  @ValidateIf((c: AppConfig) => c.TOKEN_SECRET !== '')
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  TOKEN_SECRET = '';

  /** Worker concurrency per queue, unless --concurrency says otherwise. */
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  WORKER_CONCURRENCY = 10;

  /**
   * Credential of the admin surfaces (/admin/queues, /metrics): `Authorization: Bearer <token>`,
   * or Basic with any user and the token as password. `serve` refuses to start without it
   * unless DEV_MODE is set.
   */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_TOKEN: string | undefined = undefined;

  /** Local development: lets `serve` start without ADMIN_TOKEN, leaving the admin surfaces open. */
  @IsBoolean({ message: 'must be true or false (or 1 or 0)' })
  DEV_MODE = false;

  /** Requests per client IP per RATE_LIMIT_WINDOW_SECONDS on the public endpoints (429 past it); 0 turns the limit off. */
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  RATE_LIMIT = 300;

  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * A tighter limit per client IP per RATE_LIMIT_WINDOW_SECONDS on the costly routes: every
   * public POST (submissions and Hızır questions); 0 leaves them under RATE_LIMIT alone. Both
   * limits are counted in Redis, so N API replicas allow the limit once, not N times.
   */
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  RATE_LIMIT_COSTLY = 60;

  /**
   * Failed admin logins (wrong or missing ADMIN_TOKEN on /metrics, /admin/queues, /replay) a
   * client IP may make per ADMIN_AUTH_WINDOW_SECONDS; past it every admin request from that
   * client is 429 until the window ends, so a token cannot be guessed. 0 turns the limit off.
   */
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  ADMIN_AUTH_MAX_FAILURES = 10;

  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  ADMIN_AUTH_WINDOW_SECONDS = 900;

  /**
   * Server timeouts: a request's headers must arrive within HTTP_HEADERS_TIMEOUT_MS and the
   * whole request within HTTP_REQUEST_TIMEOUT_MS (408 and the connection closed past them, so a
   * client trickling bytes cannot hold a connection); an idle keep-alive connection is closed
   * after HTTP_KEEP_ALIVE_TIMEOUT_MS. Node's defaults are 60 s, 300 s and 5 s.
   */
  @IsInt({ message: 'must be a whole number of milliseconds, 1000 or more' })
  @Min(1000, { message: 'must be a whole number of milliseconds, 1000 or more' })
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @IsInt({ message: 'must be a whole number of milliseconds, 500 or more' })
  @Min(500, { message: 'must be a whole number of milliseconds, 500 or more' })
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @IsInt({ message: 'must be a whole number of milliseconds, 100 or more' })
  @Min(100, { message: 'must be a whole number of milliseconds, 100 or more' })
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** Open connections one API process accepts; connections past it are closed at once. 0: no cap. */
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  HTTP_MAX_CONNECTIONS = 1_000;

  /**
   * Open connections one client (src/common/client-address.ts) may hold; a connection past it has
   * its first request answered 503 with Retry-After and is closed (src/app/bootstrap.ts). Without
   * it one address could take every connection under HTTP_MAX_CONNECTIONS, and everybody else was
   * refused. A fifth of the process's cap: a browser opens six per host, wrk's benchmark 50, and
   * Node's fetch up to two per request in flight (it waits an event-loop turn before reusing a
   * connection), so 100 requests in flight through fetch stay under it; at 100, a fetch client
   * with 60 in flight opened about 120 and had one request in 70 refused. 0: no cap per client.
   */
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  HTTP_MAX_CONNECTIONS_PER_CLIENT = 200;

  /**
   * Hızır hand-offs (officer tasks) one client IP, and one sessionId, may create per
   * HIZIR_HANDOFF_WINDOW_SECONDS (429 past it); counted in Redis, so shared by every replica.
   */
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  HIZIR_HANDOFFS_PER_CLIENT = 30;

  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  HIZIR_HANDOFFS_PER_SESSION = 5;

  @IsInt({ message: 'must be a whole number of seconds, 1 or more' })
  @Min(1, { message: 'must be a whole number of seconds, 1 or more' })
  HIZIR_HANDOFF_WINDOW_SECONDS = 3600;

  /** Officer tasks waiting at most; a hand-off past it is refused with 503, never by dropping a waiting task. */
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  OFFICER_QUEUE_MAX_WAITING = 10_000;

  /** Seconds a payment record that was never captured is kept (a squatted or abandoned reference frees itself). */
  @IsInt({ message: 'must be a whole number of seconds, 60 or more' })
  @Min(60, { message: 'must be a whole number of seconds, 60 or more' })
  PAYMENT_UNPAID_TTL_SECONDS = 86_400;

  /** Largest JSON request body in kB (413 past it); an application is well under 1 kB. */
  @IsInt({ message: 'must be a whole number from 1 to 1024' })
  @Min(1, { message: 'must be a whole number from 1 to 1024' })
  @Max(1024, { message: 'must be a whole number from 1 to 1024' })
  BODY_LIMIT_KB = 16;

  /**
   * Stalled-job recovery: a job whose worker died (kill -9, lost machine) or lost Redis is taken
   * back after its lock expires (WORKER_LOCK_MS) at the next stalled check
   * (WORKER_STALLED_INTERVAL_MS), up to WORKER_MAX_STALLED_COUNT times before it fails: within
   * stalledRecoveryBoundMs (src/queue/worker-options.ts), 7 s with these defaults. BullMQ's
   * defaults, 30 s and 30 s, kept an applicant waiting up to 90 s (60 s measured). A live
   * worker renews its jobs' locks every half lock (BullMQ's lockRenewTime) however long a job
   * runs, so the lock bounds how long its event loop may be blocked (about half of it), not a
   * job's length; the worker's jobs run off the event loop's hot path (Redis scripts, model
   * steps of milliseconds; simulations on worker threads). A job that meets two crashes would
   * fail with BullMQ's maxStalledCount of 1, so the default allows 5.
   */
  @IsInt({ message: 'must be a whole number of milliseconds from 1000 to 600000' })
  @Min(1000, { message: 'must be a whole number of milliseconds from 1000 to 600000' })
  @Max(600_000, { message: 'must be a whole number of milliseconds from 1000 to 600000' })
  WORKER_LOCK_MS = 5_000;

  @IsInt({ message: 'must be a whole number of milliseconds from 500 to 600000' })
  @Min(500, { message: 'must be a whole number of milliseconds from 500 to 600000' })
  @Max(600_000, { message: 'must be a whole number of milliseconds from 500 to 600000' })
  WORKER_STALLED_INTERVAL_MS = 2_000;

  @IsInt({ message: 'must be a whole number from 1 to 1000' })
  @Min(1, { message: 'must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'must be a whole number from 1 to 1000' })
  WORKER_MAX_STALLED_COUNT = 5;

  /**
   * Seconds an e-visa record is kept in Redis after its outcome; 0 keeps it. Redis is the
   * working store, not the archive: a deployment exports decided applications and sets this,
   * so Redis memory stays flat under sustained load. The default, RECORD_RETENTION_DEFAULT_SECONDS
   * (30 days), keeps personal data no longer than a working store needs it unless a deployment
   * says otherwise (storage limitation); 0 must be asked for.
   */
  @IsInt({ message: 'must be a whole number of seconds, 0 or more' })
  @Min(0, { message: 'must be a whole number of seconds, 0 or more' })
  EVISA_RECORD_TTL_SECONDS = RECORD_RETENTION_DEFAULT_SECONDS;

  /**
   * Seconds a Konsolosluk.NET transaction is kept in Redis once it is done (served) or failed;
   * 0 keeps it (default 30 days). Its record holds the citizen's transaction (mission, operation,
   * officer time) under a token; as for EVISA_RECORD_TTL_SECONDS, Redis is not the archive.
   */
  @IsInt({ message: 'must be a whole number of seconds, 0 or more' })
  @Min(0, { message: 'must be a whole number of seconds, 0 or more' })
  KONSOLOSLUK_RECORD_TTL_SECONDS = RECORD_RETENTION_DEFAULT_SECONDS;

  /**
   * Seconds a Diplomatic Portal request is kept in Redis once it is decided or failed; 0 keeps
   * it (default 30 days). Its record holds the mission's sealed subject and body (which name diplomats).
   */
  @IsInt({ message: 'must be a whole number of seconds, 0 or more' })
  @Min(0, { message: 'must be a whole number of seconds, 0 or more' })
  DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS = RECORD_RETENTION_DEFAULT_SECONDS;

  /**
   * Seconds `serve` and `worker` take at most to stop on SIGTERM/SIGINT: they close cleanly
   * (jobs in hand finish) if they can, and exit anyway when this runs out, e.g. with Redis
   * down; unfinished jobs then come back through stalled-job recovery. docker-compose.yml's
   * stop_grace_period leaves a margin above it.
   */
  @IsInt({ message: 'must be a whole number of seconds from 1 to 600' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 600' })
  @Max(600, { message: 'must be a whole number of seconds from 1 to 600' })
  SHUTDOWN_GRACE_SECONDS = 10;

  /**
   * How long an Idempotency-Key stays bound to the request it first came with (seconds):
   * within it a retry gets the original answer and another body gets 422; after it the key
   * is free again. Default 24 h.
   */
  @IsInt({ message: 'must be a whole number of seconds from 1 to 2592000 (30 days)' })
  @Min(1, { message: 'must be a whole number of seconds from 1 to 2592000 (30 days)' })
  @Max(2_592_000, { message: 'must be a whole number of seconds from 1 to 2592000 (30 days)' })
  IDEMPOTENCY_TTL_SECONDS = 86_400;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: "must be one of error, warn, info, debug, trace (or Nest's log, verbose)",
  })
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

/** A configuration value that fails validation; the CLI prints it as a user error (exit 2). */
export class AppConfigError extends UserError {
  constructor(
    readonly key: string,
    rule: string,
  ) {
    // Settings come from the environment, not a file: reported as `configuration: KEY: rule`.
    super('configuration', key, rule);
  }
}

const NUMERIC_KEYS = new Set([
  'PORT',
  'WORKER_CONCURRENCY',
  'RATE_LIMIT',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_COSTLY',
  'BODY_LIMIT_KB',
  'WORKER_LOCK_MS',
  'WORKER_STALLED_INTERVAL_MS',
  'WORKER_MAX_STALLED_COUNT',
  'EVISA_RECORD_TTL_SECONDS',
  'KONSOLOSLUK_RECORD_TTL_SECONDS',
  'DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS',
  'IDEMPOTENCY_TTL_SECONDS',
  'SHUTDOWN_GRACE_SECONDS',
  'ADMIN_AUTH_MAX_FAILURES',
  'ADMIN_AUTH_WINDOW_SECONDS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'HTTP_MAX_CONNECTIONS',
  'HTTP_MAX_CONNECTIONS_PER_CLIENT',
  'HIZIR_HANDOFFS_PER_CLIENT',
  'HIZIR_HANDOFFS_PER_SESSION',
  'HIZIR_HANDOFF_WINDOW_SECONDS',
  'OFFICER_QUEUE_MAX_WAITING',
  'PAYMENT_UNPAID_TTL_SECONDS',
]);
const BOOLEAN_KEYS = new Set(['DEV_MODE']);
const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

/**
 * LOG_LEVEL in the names most loggers use, mapped to Nest's: info is Nest's log, trace its
 * verbose; case does not matter.
 */
const LOG_LEVEL_NAMES: Record<string, string> = {
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'log',
  log: 'log',
  debug: 'debug',
  trace: 'verbose',
  verbose: 'verbose',
};

function parseEnvValue(key: string, raw: string): unknown {
  const v = raw.trim();
  if (key === 'LOG_LEVEL') return LOG_LEVEL_NAMES[v.toLowerCase()] ?? raw;
  if (NUMERIC_KEYS.has(key) && /^-?\d+$/.test(v)) return Number(v);
  if (BOOLEAN_KEYS.has(key) && v.toLowerCase() in BOOLEANS) return BOOLEANS[v.toLowerCase()];
  return raw;
}

/** Reads AppConfig from env (defaults for unset keys), plus explicit overrides (CLI flags). */
export function loadAppConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(new AppConfig())) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    plain[key] = parseEnvValue(key, raw);
  }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) plain[k] = v;
  const config = plainToInstance(AppConfig, plain);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) {
    const first = errors[0];
    throw new AppConfigError(
      first.property,
      Object.values(first.constraints ?? {})[0] ?? 'is invalid',
    );
  }
  // Node closes a connection at the first timeout it meets: the order must make sense.
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS)
    throw new AppConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.HTTP_REQUEST_TIMEOUT_MS})`,
    );
  return config;
}

/**
 * TOKEN_SECRET values published in this repository's history or in examples: anyone holding
 * one and a Redis dump opens the sealed records, so they are refused like a missing secret
 * (as example ADMIN_TOKEN values are).
 */
const PUBLISHED_SECRETS = new Set(['change-me-to-a-long-random-secret']);
const PLACEHOLDER_SECRET = /change[-_ ]?me|replace[-_ ]?me|your[-_ ]?secret|^(secret|password)/i;

/** Why `secret` is not acceptable as TOKEN_SECRET or ADMIN_TOKEN, or undefined when it is. */
export function weakSecretReason(secret: string): string | undefined {
  if (PUBLISHED_SECRETS.has(secret) || PLACEHOLDER_SECRET.test(secret))
    return 'is a published example value; set a long random secret of your own (e.g. openssl rand -hex 32)';
  if (new Set(secret).size < 8)
    return 'has fewer than 8 different characters; set a long random secret (e.g. openssl rand -hex 32)';
  return undefined;
}

/**
 * The API's own start-up rule: the admin surfaces need a credential. Without ADMIN_TOKEN the
 * API refuses to start, unless DEV_MODE says this is a local setup.
 */
export function assertServeConfig(config: AppConfig): void {
  if (!config.ADMIN_TOKEN && !config.DEV_MODE)
    throw new AppConfigError(
      'ADMIN_TOKEN',
      'must be set (16 characters or more) to protect /admin/queues and /metrics; set DEV_MODE=1 to run without it locally',
    );
  // The admin token is a secret too: a trivial or example one is guessed past the failed-login
  // limit by clients enough, and one equal to TOKEN_SECRET hands whoever sees an admin request
  // (a proxy's log, a browser's saved Basic credential) the key that opens the sealed records.
  if (config.ADMIN_TOKEN) {
    const weak = weakSecretReason(config.ADMIN_TOKEN);
    if (weak) throw new AppConfigError('ADMIN_TOKEN', weak);
    if (config.ADMIN_TOKEN === config.TOKEN_SECRET)
      throw new AppConfigError(
        'ADMIN_TOKEN',
        'must differ from TOKEN_SECRET: the admin token travels in requests, the secret seals personal data',
      );
  }
  if (config.TOKEN_SECRET) {
    const weak = weakSecretReason(config.TOKEN_SECRET);
    if (weak) throw new AppConfigError('TOKEN_SECRET', weak);
  } else if (!config.DEV_MODE) {
    throw new AppConfigError(
      'TOKEN_SECRET',
      'must be set (16 characters or more, the same in every API replica): it seals personal data and signs application tokens; set DEV_MODE=1 to use a random one locally',
    );
  }
}

/**
 * DEV_MODE without TOKEN_SECRET: a random secret for this process only. Records sealed and
 * tokens issued under it do not open in another or a restarted process.
 */
export function devTokenSecret(config: AppConfig): boolean {
  if (config.TOKEN_SECRET) return false;
  config.TOKEN_SECRET = randomBytes(32).toString('hex');
  return true;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
