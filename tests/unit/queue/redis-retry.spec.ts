import { describe, expect, it } from 'vitest';
import {
  cleanUpWhenRedisAnswers,
  isTransientRedisError,
  retryWhileRedisDown,
} from '../../../src/queue/redis-retry';

/** An error shaped as ioredis's AbortError (redis-errors), without importing ioredis's internals. */
function abortError(): Error {
  const err = new Error('Command aborted due to connection close');
  err.name = 'AbortError';
  return err;
}

describe('retryWhileRedisDown', () => {
  it('tells transient Redis errors from others', () => {
    expect(isTransientRedisError(abortError())).toBe(true);
    expect(isTransientRedisError(new Error('Connection is closed.'))).toBe(true);
    expect(
      isTransientRedisError(
        new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      ),
    ).toBe(true);
    expect(isTransientRedisError(new Error('LOADING Redis is loading the dataset in memory'))).toBe(
      true,
    );
    expect(
      isTransientRedisError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isTransientRedisError(new Error('WRONGTYPE Operation against a key'))).toBe(false);
    expect(isTransientRedisError(new TypeError('x is not a function'))).toBe(false);
    expect(isTransientRedisError('Connection is closed')).toBe(false);
  });

  it('tries again after a transaction cut short by a closing connection, until it goes through', async () => {
    let calls = 0;
    const result = await retryWhileRedisDown(
      async () => {
        calls++;
        if (calls < 3) throw abortError();
        return 'added';
      },
      { firstPauseMs: 1 },
    );
    expect(result).toBe('added');
    expect(calls).toBe(3);
  });

  it('throws any other error at once, and a transient one past the deadline', async () => {
    let calls = 0;
    await expect(
      retryWhileRedisDown(async () => {
        calls++;
        throw new Error('ERR syntax error');
      }),
    ).rejects.toThrow('ERR syntax error');
    expect(calls).toBe(1);
    calls = 0;
    const started = Date.now();
    await expect(
      retryWhileRedisDown(
        async () => {
          calls++;
          throw abortError();
        },
        { deadlineMs: 50, firstPauseMs: 5, maxPauseMs: 10 },
      ),
    ).rejects.toThrow('Command aborted due to connection close');
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('cleanUpWhenRedisAnswers', () => {
  it('tries again while Redis is down or times out, and stops at the first success', async () => {
    const failures = [
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Command timed out'),
    ];
    let calls = 0;
    const done = await cleanUpWhenRedisAnswers(async () => {
      const err = failures[calls++];
      if (err) throw err;
    });
    expect(done).toBe(true);
    expect(calls).toBe(failures.length + 1);
  });

  it('gives up at once on an error that waiting does not mend, and past its deadline', async () => {
    let calls = 0;
    expect(
      await cleanUpWhenRedisAnswers(async () => {
        calls++;
        throw new Error('WRONGTYPE Operation against a key');
      }),
    ).toBe(false);
    expect(calls).toBe(1);
    const t0 = Date.now();
    expect(
      await cleanUpWhenRedisAnswers(() => Promise.reject(new Error('Connection is closed.')), 250),
    ).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
