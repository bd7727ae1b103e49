import { UserError } from '../sim/user-error';
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
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { QUEUE_PREFIX } from '../queue/queue-names';

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
  QUEUE_PREFIX = QUEUE_PREFIX;

  @IsInt({ message: 'must be a whole number from 0 to 65535' })
  @Min(0, { message: 'must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'must be a whole number from 0 to 65535' })
  PORT = 3000;

  /** Secret that derives status tokens of resubmitted (idempotent) applications. Set it when several API processes share one Redis. */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  TOKEN_SECRET: string = randomBytes(32).toString('hex');

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

  /** Largest JSON request body in kB (413 past it); an application is well under 1 kB. */
  @IsInt({ message: 'must be a whole number from 1 to 1024' })
  @Min(1, { message: 'must be a whole number from 1 to 1024' })
  @Max(1024, { message: 'must be a whole number from 1 to 1024' })
  BODY_LIMIT_KB = 16;

  /**
   * Stalled-job recovery: a job whose worker died (kill -9, lost machine) is taken back after
   * its lock expires (WORKER_LOCK_MS) at the next stalled check (WORKER_STALLED_INTERVAL_MS),
   * up to WORKER_MAX_STALLED_COUNT times before it fails. BullMQ's defaults are 30 s, 30 s and
   * 1; a job that meets two crashes would fail, so the default allows 5.
   */
  @IsInt({ message: 'must be a whole number of milliseconds, 1000 or more' })
  @Min(1000, { message: 'must be a whole number of milliseconds, 1000 or more' })
  WORKER_LOCK_MS = 30_000;

  @IsInt({ message: 'must be a whole number of milliseconds, 500 or more' })
  @Min(500, { message: 'must be a whole number of milliseconds, 500 or more' })
  WORKER_STALLED_INTERVAL_MS = 30_000;

  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  WORKER_MAX_STALLED_COUNT = 5;

  /**
   * Seconds an e-visa record is kept in Redis after its outcome; 0 keeps it. Redis is the
   * working store, not the archive: a deployment exports decided applications and sets this,
   * so Redis memory stays flat under sustained load.
   */
  @IsInt({ message: 'must be a whole number of seconds, 0 or more' })
  @Min(0, { message: 'must be a whole number of seconds, 0 or more' })
  EVISA_RECORD_TTL_SECONDS = 0;

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
    message: 'must be one of error, warn, log, debug, verbose',
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
  'BODY_LIMIT_KB',
  'WORKER_LOCK_MS',
  'WORKER_STALLED_INTERVAL_MS',
  'WORKER_MAX_STALLED_COUNT',
  'EVISA_RECORD_TTL_SECONDS',
  'IDEMPOTENCY_TTL_SECONDS',
]);
const BOOLEAN_KEYS = new Set(['DEV_MODE']);
const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

function parseEnvValue(key: string, raw: string): unknown {
  const v = raw.trim();
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
  return config;
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
}

export const APP_CONFIG = Symbol('APP_CONFIG');
