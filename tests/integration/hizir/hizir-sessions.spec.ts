import 'reflect-metadata';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PRODUCER_REDIS } from '../../../src/queue/queue.module';
import { useApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * Two deployments on one Redis (each with its own QUEUE_PREFIX, the same TOKEN_SECRET) must not
 * share Hızır's clarifying sessions: a reply sent to one must never take the question pending in
 * the other, as every other key of the app is kept apart by the prefix.
 */
describe("Hızır's clarifying sessions in a Redis shared by two deployments", () => {
  const configA = testConfig('clarify-a', { RATE_LIMIT: '0' });
  const configB = testConfig('clarify-b', { RATE_LIMIT: '0' });
  const a = useApiApp(configA);
  const b = useApiApp(configB);

  const post = async (http: typeof a.http, text: string, sessionId: string) =>
    (await request(http).post('/hizir/messages').send({ text, sessionId }).expect(201))
      .body as Record<string, unknown>;

  it("keeps a pending question under the deployment's prefix, out of the other's reach", async () => {
    const sessionId = `shared-${Date.now()}`;
    const first = await post(a.http, 'I lost my passport', sessionId);
    expect(first.clarify).toMatchObject({ question: expect.stringMatching(/travel/) });

    const redis = a.app.get<Redis>(PRODUCER_REDIS, { strict: false });
    const keys = await redis.keys(`${configA.QUEUE_PREFIX}:hizir:clarify:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.ttl(keys[0])).toBeGreaterThan(0);

    // The same sessionId on the other deployment is a conversation of its own: its answer is
    // the one a fresh session gets, and the first deployment's question stays pending.
    const reply = 'yes, I fly on Saturday';
    const onB = await post(b.http, reply, sessionId);
    expect(onB).toEqual(await post(b.http, reply, `${sessionId}-fresh`));
    expect(await redis.exists(keys[0])).toBe(1);

    const second = await post(a.http, reply, sessionId);
    expect(second.operationId).toBe('travel-document-emergency-passport');
    expect(second.clarify).toBeUndefined();
    expect(await redis.exists(keys[0])).toBe(0);
  });
});
