import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AdminLoginLimiter, type LoginLimiter } from '../config/admin-auth';
import { backendBreaker, readWithin, type BackendBreaker } from '../queue/queue-backend';
import { RedisScript } from '../queue/redis-script';

/**
 * How long an admin request waits for its failed-login count (ms) before counting in this
 * process instead. The count is one small script (a millisecond on a live Redis); unbounded, a
 * hung Redis held every admin request — /metrics, the dashboard, the key routes — for the
 * connection's whole command timeout, 1.5 s, before the handler even ran.
 */
export const ADMIN_LIMIT_READ_TIMEOUT_MS = 200;

/** KEYS[1] the client's failure count; ARGV[1] window ms. Counts one failure, starting the window on the first. */
const FAIL = new RedisScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`);

/** KEYS[1] the client's failure count. Returns {count, ms left in its window}. */
const PEEK = new RedisScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
return {n, redis.call('PTTL', KEYS[1])}`);

/**
 * Failed admin logins counted in Redis, so every API replica behind a balancer shares one
 * limit per client (N replicas do not allow N times the guesses). One fixed window per client,
 * started by its first failure; the key expires with the window, so memory is bounded by the
 * clients that failed in the last window. While Redis does not answer, each process counts in
 * its own memory until it does, and so does a request whose count Redis does not give within
 * ADMIN_LIMIT_READ_TIMEOUT_MS, or while the backend breaker is open.
 */
export class RedisAdminLoginLimiter implements LoginLimiter {
  private readonly logger = new Logger('AdminAuth');
  private readonly local: AdminLoginLimiter;
  private warned = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly maxFailures: number,
    readonly windowMs: number,
    private readonly breaker: BackendBreaker = backendBreaker,
  ) {
    this.local = new AdminLoginLimiter(maxFailures, windowMs);
  }

  private key(client: string): string {
    return `${this.prefix}:adminauth:${client}`;
  }

  async blockedFor(client: string): Promise<number> {
    if (this.maxFailures <= 0) return 0;
    try {
      const [count, msLeft] = (await readWithin(
        ADMIN_LIMIT_READ_TIMEOUT_MS,
        () => PEEK.run(this.redis, 1, [this.key(client)]),
        this.breaker,
      )) as number[];
      this.warned = false;
      return count >= this.maxFailures && msLeft > 0 ? Math.ceil(msLeft / 1000) : 0;
    } catch (err) {
      this.fallingBack(err);
      return this.local.blockedFor(client);
    }
  }

  async fail(client: string): Promise<void> {
    if (this.maxFailures <= 0) return;
    try {
      await readWithin(
        ADMIN_LIMIT_READ_TIMEOUT_MS,
        () => FAIL.run(this.redis, 1, [this.key(client), String(this.windowMs)]),
        this.breaker,
      );
    } catch (err) {
      this.fallingBack(err);
      this.local.fail(client);
    }
  }

  private fallingBack(err: unknown): void {
    if (!this.warned)
      this.logger.warn({
        event: 'admin-auth.local',
        note: 'Redis does not answer: counting failed admin logins in this process until it does',
        error: String(err),
      });
    this.warned = true;
  }
}
