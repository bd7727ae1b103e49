import { Logger, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerStorageService,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
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
