import { ServiceUnavailableException } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitOnce } from '../../../src/queue/submit-once';
import { waitFor } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * Redis restarting in the middle of a keyless submission: it runs the record's script, then dies
 * before answering. The client is told 503 (no token given), and the deletion of the record it
 * cannot reach was sent at once — on a connection still down (the producer connection has no
 * offline queue), so it failed and the record stayed: a transaction `queued` with no job for
 * ever, a payment reference refused 409 for a day. It is tried again until Redis answers.
 */
describe('submitOnce when Redis dies between running the script and answering', () => {
  const config = testConfig('submit-restart');
  let real: Redis;
  /** Calls of eval/evalsha still to refuse as a closed connection does. */
  let downFor = 0;
  /** The next script runs, and its answer is lost with the connection. */
  let loseNextAnswer = false;
  let flaky: Redis;

  beforeAll(() => {
    real = new Redis(config.REDIS_URL);
    const closed = () => new Error('Connection is closed.');
    flaky = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'eval' && prop !== 'evalsha')
          return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          if (downFor > 0) {
            downFor--;
            throw closed();
          }
          const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (loseNextAnswer) {
            loseNextAnswer = false;
            downFor = 3;
            throw closed();
          }
          return answer;
        };
      },
    });
  });
  afterAll(async () => {
    const keys = await real.keys(`${config.QUEUE_PREFIX}*`);
    if (keys.length > 0) await real.del(...keys);
    real.disconnect();
  });

  it('deletes the record the 503 left once Redis is back, and keeps the one another request made', async () => {
    const recordKey = (id: string) => `${config.QUEUE_PREFIX}:pay:${id}`;
    const submit = (id: string) =>
      submitOnce(flaky, config, {
        scope: 'pay',
        key: undefined,
        client: undefined,
        body: { id },
        id,
        recordKey,
        fields: { status: 'pending' },
        what: `payment reference '${id}'`,
        noun: 'payment',
        pendingStatus: 'pending',
        enqueue: async () => undefined,
      });
    // Another request's payment under the same reference, made before: never deleted.
    await submit('order-kept');
    loseNextAnswer = true;
    await expect(submit('order-lost')).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(await real.exists(recordKey('order-lost'))).toBe(1);
    const left = await waitFor(
      () => real.exists(recordKey('order-lost')),
      (n) => n === 0,
      5_000,
    );
    expect(left).toBe(0);
    loseNextAnswer = true;
    await expect(submit('order-kept')).rejects.toBeInstanceOf(ServiceUnavailableException);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await real.exists(recordKey('order-kept'))).toBe(1);
  });
});
