import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { RedisAdminLoginLimiter } from '../../../src/app/admin-login-limiter';

/** A Redis that does not answer: every command fails as a closed connection does. */
const closed = () => Promise.reject(new Error('Connection is closed.'));
const silentRedis = { eval: closed, evalsha: closed } as unknown as Redis;

describe('RedisAdminLoginLimiter while Redis does not answer', () => {
  it('counts failures in this process, so guessing stays limited during an outage', async () => {
    const limiter = new RedisAdminLoginLimiter(silentRedis, 'p', 3, 60_000);
    for (let i = 0; i < 2; i++) await limiter.fail('10.0.0.1');
    expect(await limiter.blockedFor('10.0.0.1')).toBe(0);
    await limiter.fail('10.0.0.1');
    const wait = await limiter.blockedFor('10.0.0.1');
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await limiter.blockedFor('10.0.0.2')).toBe(0);
  });

  it('limits nothing when the limit is 0 (turned off)', async () => {
    const limiter = new RedisAdminLoginLimiter(silentRedis, 'p', 0, 60_000);
    for (let i = 0; i < 5; i++) await limiter.fail('c');
    expect(await limiter.blockedFor('c')).toBe(0);
  });
});
