import { ServiceUnavailableException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { BackendBreaker, readWithin, withBackend } from '../../../src/queue/queue-backend';
import { RedisAdminLoginLimiter } from '../../../src/app/admin-login-limiter';
import { RedisThrottlerStorage } from '../../../src/app/rate-limit';

const never = () => new Promise<never>(() => undefined);
const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
const hung = () => Promise.reject(new Error('Command timed out'));

/** A breaker on a clock the test moves. */
function breaker() {
  const clock = { t: 0 };
  return { clock, breaker: new BackendBreaker(2_000, () => clock.t) };
}

async function elapsed(fn: () => Promise<unknown>): Promise<{ ms: number; err: unknown }> {
  const t0 = performance.now();
  try {
    await fn();
    return { ms: performance.now() - t0, err: undefined };
  } catch (err) {
    return { ms: performance.now() - t0, err };
  }
}

describe('withBackend and a Redis that hangs', () => {
  it('after one call runs out of time, the next fail at once with the same 503', async () => {
    const { breaker: b } = breaker();
    const first = await elapsed(() => withBackend(100, never, b));
    expect(first.err).toBeInstanceOf(ServiceUnavailableException);
    expect(first.ms).toBeGreaterThanOrEqual(90);
    expect(b.isOpen).toBe(true);
    const second = await elapsed(() => withBackend(100, never, b));
    expect(second.err).toBeInstanceOf(ServiceUnavailableException);
    expect(second.ms).toBeLessThan(50);
  });

  it('after the cool-down one call tries Redis again, and an answer closes the breaker', async () => {
    const { clock, breaker: b } = breaker();
    await elapsed(() => withBackend(50, never, b));
    clock.t = 1_999;
    await expect(withBackend(50, async () => 'ok', b)).rejects.toThrow(ServiceUnavailableException);
    clock.t = 2_000;
    await expect(withBackend(50, async () => 'ok', b)).resolves.toBe('ok');
    expect(b.isOpen).toBe(false);
  });

  it("ioredis's own command timeout opens it too; a refused connection does not", async () => {
    const a = breaker().breaker;
    await expect(withBackend(1_000, hung, a)).rejects.toThrow(ServiceUnavailableException);
    expect(a.isOpen).toBe(true);
    const b = breaker().breaker;
    await expect(withBackend(1_000, refused, b)).rejects.toThrow(ServiceUnavailableException);
    expect(b.isOpen).toBe(false);
  });

  it('the rate limiter counts in the process at once while the breaker is open', async () => {
    const { breaker: b } = breaker();
    let calls = 0;
    const send = () => {
      calls++;
      return hung();
    };
    const redis = { eval: send, evalsha: send };
    const storage = new RedisThrottlerStorage(redis as never, 'test', b);
    const one = await storage.increment('client', 60_000, 10, 0, 'default');
    expect(one.totalHits).toBe(1);
    expect(calls).toBe(1);
    expect(b.isOpen).toBe(true);
    const two = await storage.increment('client', 60_000, 10, 0, 'default');
    // Counted locally, without asking the hung Redis again.
    expect(two.totalHits).toBe(2);
    expect(calls).toBe(1);
  });
});

describe('withBackend and the step that queues the job (BackendCall.commit)', () => {
  const after = <T>(ms: number, value: T) =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('answers with a committed step that Redis answers after the deadline, not 503', async () => {
    const b = breaker().breaker;
    // The record in time, the job's enqueue answered 60 ms past the 100 ms deadline.
    const r = await elapsed(() =>
      withBackend(
        100,
        async (call) => {
          await after(80, 'record');
          return call.commit(() => after(80, 'job'));
        },
        b,
      ),
    );
    expect(r.err).toBeUndefined();
    expect(r.ms).toBeGreaterThanOrEqual(150);
    expect(b.isOpen).toBe(false);
  });

  it('still answers 503 when a committed step outlasts one more deadline', async () => {
    const b = breaker().breaker;
    const r = await elapsed(() => withBackend(100, (call) => call.commit(never), b));
    expect(r.err).toBeInstanceOf(ServiceUnavailableException);
    expect(r.ms).toBeGreaterThanOrEqual(190);
    expect(b.isOpen).toBe(true);
  });

  it('sends no committed step once the deadline has passed (the client was answered 503)', async () => {
    let sent = false;
    let lateSeen: boolean | undefined;
    const answer = withBackend(
      50,
      async (call) => {
        await after(80, 'record');
        lateSeen = call.late;
        return call.commit(async () => {
          sent = true;
          return 'job';
        });
      },
      breaker().breaker,
    );
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableException);
    await after(60, undefined);
    expect(lateSeen).toBe(true);
    expect(sent).toBe(false);
  });

  it('sends a step marked evenIfLate after the 503 all the same (a keyed request)', async () => {
    let sent = false;
    const answer = withBackend(
      50,
      async (call) => {
        await after(80, 'record');
        return call.commit(
          async () => {
            sent = true;
            return 'job';
          },
          { evenIfLate: true },
        );
      },
      breaker().breaker,
    );
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableException);
    await after(60, undefined);
    expect(sent).toBe(true);
  });
});

describe('readWithin: a read its caller will not wait long for', () => {
  it('gives up at its deadline without opening the breaker (a slow Redis is not a hung one)', async () => {
    const { breaker: b } = breaker();
    const r = await elapsed(() => readWithin(60, never, b));
    expect(r.err).toBeInstanceOf(ServiceUnavailableException);
    expect(r.ms).toBeGreaterThanOrEqual(50);
    expect(r.ms).toBeLessThan(1_000);
    expect(b.isOpen).toBe(false);
  });

  it("opens the breaker when the call later runs out of the connection's own time, then fails at once", async () => {
    const { breaker: b } = breaker();
    let fail!: (err: Error) => void;
    const late = new Promise<never>((_, reject) => (fail = reject));
    await expect(readWithin(20, () => late, b)).rejects.toThrow(ServiceUnavailableException);
    fail(new Error('Command timed out'));
    await late.catch(() => undefined);
    expect(b.isOpen).toBe(true);
    let calls = 0;
    const r = await elapsed(() => readWithin(1_000, async () => calls++, b));
    expect(r.err).toBeInstanceOf(ServiceUnavailableException);
    expect(calls).toBe(0);
  });

  it('the admin login limiter falls back to counting in the process within its deadline', async () => {
    const { breaker: b } = breaker();
    const limiter = new RedisAdminLoginLimiter(
      { eval: never, evalsha: never } as never,
      'p',
      2,
      60_000,
      b,
    );
    const r = await elapsed(async () => {
      await limiter.fail('c');
      await limiter.fail('c');
      return limiter.blockedFor('c');
    });
    expect(r.err).toBeUndefined();
    expect(r.ms).toBeLessThan(1_500);
    expect(await limiter.blockedFor('c')).toBeGreaterThan(0);
  });
});
