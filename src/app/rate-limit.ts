import { HttpException, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  ThrottlerStorageService,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { clientOf } from '../common/client-address';
import type { AppConfig } from '../config/app-config';
import { backendBreaker, isTimeout, type BackendBreaker } from '../queue/queue-backend';
import { RedisScript } from '../queue/redis-script';

/**
 * Rate limits shared by every API replica: the throttler's counters live in Redis, one fixed
 * window per client IP, route and limit, counted and checked in one Lua script. Past the limit
 * the client is blocked for the rest of the window (429 with Retry-After).
 *
 * KEYS[1] hits, KEYS[2] block marker; ARGV: window ms, limit, block ms.
 * Returns {hits, ms to the window's end, blocked 0/1, ms to the block's end}.
 */
const INCREMENT = new RedisScript(`
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = 0 end
  return {hits, ttl, 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  local block = tonumber(ARGV[3])
  if block > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', block)
    return {hits, ttl, 1, block}
  end
  return {hits, ttl, 1, ttl}
end
return {hits, ttl, 0, 0}`);

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  /** While Redis does not answer, each process counts alone (the routes that need Redis answer 503 anyway). */
  private readonly fallback = new ThrottlerStorageService();
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly breaker: BackendBreaker = backendBreaker,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    // Redis hung moments ago: count here at once instead of waiting out another deadline.
    if (this.breaker.isOpen)
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    try {
      const [hits, msLeft, blocked, blockMsLeft] = (await INCREMENT.run(this.redis, 2, [
        base,
        `${base}:blocked`,
        String(ttl),
        String(limit),
        String(blockDuration),
      ])) as number[];
      this.warned = false;
      this.breaker.answered();
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(msLeft / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockMsLeft / 1000),
      };
    } catch (err) {
      if (isTimeout(err)) this.breaker.timedOut();
      if (!this.warned)
        this.logger.warn({
          event: 'rate-limit.local',
          note: 'Redis does not answer: counting in this process until it does',
          error: String(err),
        });
      this.warned = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}

/** Submissions and Hızır questions: every public POST (the admin replay route skips both limits). */
export function isCostly(context: ExecutionContext): boolean {
  const req = context.switchToHttp().getRequest<{ method?: string }>();
  return req.method === 'POST';
}

/**
 * Two limits per client IP and route: RATE_LIMIT requests per window on every public route, and
 * RATE_LIMIT_COSTLY per window on the costly ones (submissions, Hızır); 0 turns a limit off.
 */
export function throttlerOptions(config: AppConfig, redis: Redis): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    storage: new RedisThrottlerStorage(redis, config.QUEUE_PREFIX),
    // The client's address with IPv6 cut to its /64: one subscriber's network, not one address of it.
    getTracker: (req) => clientOf(req as unknown as Request),
    throttlers: [
      { name: 'default', ttl, limit: config.RATE_LIMIT },
      ...(config.RATE_LIMIT_COSTLY > 0
        ? [
            {
              name: 'costly',
              ttl,
              limit: config.RATE_LIMIT_COSTLY,
              skipIf: (context: ExecutionContext) => !isCostly(context),
            },
          ]
        : []),
    ],
  };
}

/** The setting each named throttler of throttlerOptions counts by, for its 429's message. */
const LIMIT_SETTING: Record<string, string> = {
  default: 'RATE_LIMIT',
  costly: 'RATE_LIMIT_COSTLY',
};

/** The 429 of a rate limit: the API's one error body, naming the limit and the wait. */
export class RateLimited extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    limit: number,
    windowSeconds: number,
    setting: string | undefined,
  ) {
    super(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: `too many requests from this client (${setting ? `${setting}: ` : ''}${limit} per ${windowSeconds} s on this route): try again in ${retryAfterSeconds} s`,
      },
      429,
    );
  }
}

/** What the throttler found past a limit, from throwThrottlingException to handleRequest. */
class RateLimitedDetail extends Error {
  constructor(readonly detail: ThrottlerLimitDetail) {
    super('rate limited');
  }
}

/**
 * The throttler's guard answering past a limit as the API answers every refusal: 429 with
 * `Retry-After` (RFC 9110 §10.2.3) and the one error body. Nest's guard named the header of a
 * named limit after it, so the costly limit (every public POST) said `Retry-After-costly`, a
 * header no client reads, and both said `ThrottlerException: Too Many Requests`, an internal
 * class name, with no `error` field.
 */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(props);
    } catch (err) {
      if (!(err instanceof RateLimitedDetail)) throw err;
      const res = props.context.switchToHttp().getResponse<Response>();
      const wait = Math.max(1, err.detail.timeToBlockExpire);
      const name = props.throttler.name ?? 'default';
      if (name !== 'default') res.removeHeader(`Retry-After-${name}`);
      res.setHeader('Retry-After', String(wait));
      throw new RateLimited(
        wait,
        err.detail.limit,
        Math.round(err.detail.ttl / 1000),
        LIMIT_SETTING[name],
      );
    }
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    // Caught in handleRequest, which knows which limit it was.
    throw new RateLimitedDetail(detail);
  }
}
