import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisAdminLoginLimiter } from '../../../src/app/admin-login-limiter';
import { RedisThrottlerStorage } from '../../../src/app/rate-limit';
import { BackendBreaker } from '../../../src/queue/queue-backend';
import { createIfAbsent, markFailed, reopenRecord } from '../../../src/queue/records';
import { RedisScript } from '../../../src/queue/redis-script';
import { submitOnce } from '../../../src/queue/submit-once';
import { freePort, PrivateRedis } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * The services' Lua scripts go to Redis by EVALSHA: the script's text is sent once (EVAL after
 * EVALSHA's NOSCRIPT), then only its sha1. Counted in Redis's own INFO commandstats, on a
 * private redis-server: the shared test Redis serves other test files in parallel (their
 * commands would be counted too), and SCRIPT FLUSH there would pull scripts from under them.
 */

interface Stat {
  calls: number;
  failed: number;
}
type Stats = Record<'eval' | 'evalsha', Stat>;

describe('Redis scripts by EVALSHA', () => {
  let server: PrivateRedis;
  let redis: Redis;
  let admin: Redis;
  const config = testConfig('evalsha');
  const prefix = config.QUEUE_PREFIX;

  beforeAll(async () => {
    server = new PrivateRedis(await freePort(), false);
    await server.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    admin?.disconnect();
    await server?.stop();
  });

  // Every case starts with no script loaded: the first call of each must load it.
  beforeEach(async () => {
    await admin.script('FLUSH');
  });

  const stats = async (): Promise<Stats> => {
    // Everything sent on `redis` before has been run once it answers this.
    await redis.ping();
    const info = await admin.info('commandstats');
    const read = (cmd: string): Stat => {
      const line = info.split('\n').find((l) => l.startsWith(`cmdstat_${cmd}:`)) ?? '';
      const field = (name: string) => Number(new RegExp(`[:,]${name}=(\\d+)`).exec(line)?.[1] ?? 0);
      return { calls: field('calls'), failed: field('failed_calls') };
    };
    return { eval: read('eval'), evalsha: read('evalsha') };
  };
  /** EVAL sent, EVALSHA answered, EVALSHA refused (NOSCRIPT, for scripts that do not fail) between two stats(). */
  const sent = (a: Stats, b: Stats) => ({
    eval: b.eval.calls - a.eval.calls,
    evalsha: b.evalsha.calls - b.evalsha.failed - (a.evalsha.calls - a.evalsha.failed),
    noscript: b.evalsha.failed - a.evalsha.failed,
  });

  it('RedisScript: EVAL once when Redis lacks the script, EVALSHA from then on', async () => {
    const script = new RedisScript(`return {KEYS[1], ARGV[1], ARGV[2]}`);
    const s0 = await stats();
    expect(await script.run(redis, 1, ['k', 'a', 7])).toEqual(['k', 'a', '7']);
    const s1 = await stats();
    expect(sent(s0, s1)).toEqual({ eval: 1, evalsha: 0, noscript: 1 });
    for (let i = 0; i < 5; i++)
      expect(await script.run(redis, 1, ['k', 'b', i])).toEqual(['k', 'b', String(i)]);
    expect(sent(s1, await stats())).toEqual({ eval: 0, evalsha: 5, noscript: 0 });
    // The sha is Redis's own name for the script.
    expect(await admin.script('LOAD', script.lua)).toBe(script.sha);
  });

  it("RedisScript: the script's own error is thrown as is, without a second try by EVAL", async () => {
    const script = new RedisScript(`return redis.error_reply('BAD ' .. ARGV[1])`);
    await expect(script.run(redis, 0, ['one'])).rejects.toThrow('BAD one');
    const s = await stats();
    await expect(script.run(redis, 0, ['two'])).rejects.toThrow('BAD two');
    const t = await stats();
    // One EVALSHA (failed: the script's error), no EVAL after it.
    expect(t.evalsha.calls - s.evalsha.calls).toBe(1);
    expect(t.eval.calls - s.eval.calls).toBe(0);
  });

  it('the rate limiter sends its script by EVALSHA after the first request', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix, new BackendBreaker());
    expect((await storage.increment('10.0.0.1', 60_000, 30, 0, 'default')).totalHits).toBe(1);
    const s = await stats();
    for (let i = 2; i <= 21; i++) {
      const r = await storage.increment('10.0.0.1', 60_000, 30, 0, 'default');
      expect(r.totalHits).toBe(i);
      expect(r.isBlocked).toBe(false);
    }
    expect(sent(s, await stats())).toEqual({ eval: 0, evalsha: 20, noscript: 0 });
  });

  it('the admin login limiter sends its scripts by EVALSHA after their first call', async () => {
    const limiter = new RedisAdminLoginLimiter(redis, prefix, 3, 60_000, new BackendBreaker());
    await limiter.fail('10.0.0.2');
    expect(await limiter.blockedFor('10.0.0.2')).toBe(0);
    const s = await stats();
    await limiter.fail('10.0.0.2');
    await limiter.fail('10.0.0.2');
    expect(await limiter.blockedFor('10.0.0.2')).toBeGreaterThan(0);
    expect(await limiter.blockedFor('10.0.0.3')).toBe(0);
    expect(sent(s, await stats())).toEqual({ eval: 0, evalsha: 4, noscript: 0 });
  });

  it('the record scripts (submit-once, create-if-absent, failed, reopened) go by EVALSHA after their first call', async () => {
    let n = 0;
    const submit = () =>
      submitOnce(redis, config, {
        scope: 'evalsha',
        key: undefined,
        client: '203.0.113.9',
        body: {},
        id: `es_${++n}`,
        recordKey: (id) => `${prefix}:es:${id}`,
        fields: { status: 'waiting' },
        what: 'thing',
        noun: 'thing',
        pendingStatus: 'waiting',
        enqueue: async () => undefined,
        expireSeconds: 600,
      });
    const round = async (i: number) => {
      const made = await submit();
      // The record's job is queued: its expiry is cleared (the keep script, not waited for).
      await redis.ping();
      expect(await redis.ttl(`${prefix}:es:${made.id}`)).toBe(-1);
      const key = `${prefix}:cia:${i}`;
      expect(await createIfAbsent(redis, key, { status: 'waiting', n: String(i) })).toBeNull();
      expect(await createIfAbsent(redis, key, { status: 'other' })).toEqual({
        status: 'waiting',
        n: String(i),
      });
      expect(await markFailed(redis, key, 'outcome', 60)).toBe(true);
      expect(await reopenRecord(redis, key, 'outcome', 'waiting')).toBe(1);
    };
    await round(0);
    const s = await stats();
    for (let i = 1; i <= 5; i++) await round(i);
    // Per round: the record and its binding, the keep, two create-if-absent, failed, reopened.
    expect(sent(s, await stats())).toEqual({ eval: 0, evalsha: 30, noscript: 0 });
  });

  it('after SCRIPT FLUSH the next call reloads the script (one EVAL) and answers as without the flush', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix, new BackendBreaker());
    // Two clients, the same requests; the scripts are flushed between the 2nd and 3rd of `b`'s only.
    const hits = { a: [] as number[], b: [] as number[] };
    const blocked = { a: [] as boolean[], b: [] as boolean[] };
    const limit = 3;
    for (const who of ['a', 'b'] as const) {
      for (let i = 0; i < 5; i++) {
        let before: Stats | undefined;
        if (who === 'b' && i === 2) {
          await admin.script('FLUSH');
          before = await stats();
        }
        const r = await storage.increment(`10.1.0.${who === 'a' ? 1 : 2}`, 60_000, limit, 0, 'd');
        hits[who].push(r.totalHits);
        blocked[who].push(r.isBlocked);
        if (before)
          expect(sent(before, await stats())).toEqual({ eval: 1, evalsha: 0, noscript: 1 });
      }
    }
    expect(hits.b).toEqual(hits.a);
    expect(blocked.b).toEqual(blocked.a);
    expect(hits.a).toEqual([1, 2, 3, 4, 5]);
    expect(blocked.a).toEqual([false, false, false, true, true]);

    // A queue script: the record written before the flush is found after it, as before it.
    const key = `${prefix}:flush`;
    expect(await createIfAbsent(redis, key, { status: 'waiting' })).toBeNull();
    const again = await createIfAbsent(redis, key, { status: 'other' });
    await admin.script('FLUSH');
    const s = await stats();
    expect(await createIfAbsent(redis, key, { status: 'other' })).toEqual(again);
    expect(again).toEqual({ status: 'waiting' });
    expect(sent(s, await stats())).toEqual({ eval: 1, evalsha: 0, noscript: 1 });
    // Loaded again: EVALSHA from then on.
    const s2 = await stats();
    expect(await createIfAbsent(redis, key, { status: 'other' })).toEqual(again);
    expect(sent(s2, await stats())).toEqual({ eval: 0, evalsha: 1, noscript: 0 });
  });
});
