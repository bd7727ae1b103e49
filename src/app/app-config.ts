import { plainToInstance } from 'class-transformer';
import {
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

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'must be one of error, warn, log, debug, verbose',
  })
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

/** A configuration value that fails validation; the CLI prints it as a user error (exit 2). */
export class AppConfigError extends Error {
  constructor(
    readonly key: string,
    readonly rule: string,
  ) {
    super(`configuration: ${key}: ${rule}`);
    this.name = 'ConfigError';
  }
}

const NUMERIC_KEYS = new Set(['PORT', 'WORKER_CONCURRENCY']);

/** Reads AppConfig from env (defaults for unset keys), plus explicit overrides (CLI flags). */
export function loadAppConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AppConfig> = {},
): AppConfig {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(new AppConfig())) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    plain[key] = NUMERIC_KEYS.has(key) && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
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

export const APP_CONFIG = Symbol('APP_CONFIG');
