import { ConflictException, UnprocessableEntityException } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/queue/records';
import { submitOnce, type SubmitOnceRequest } from '../../../src/queue/submit-once';
import { issuedEpoch, storeEpochKey, tokenBase } from '../../../src/queue/store-epoch';
import { testConfig } from '../../helpers/redis-test-env';

/** The shared submit path of Konsolosluk.NET transactions and payments, on a real Redis. */
describe('submitOnce: a tokened record and its job, once per idempotency key', () => {
  const config = testConfig('submit-once');
  let redis: Redis;
  let seq = 0;
  const enqueued: string[] = [];

  beforeAll(() => {
    redis = new Redis(config.REDIS_URL);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${config.QUEUE_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const recordKey = (id: string) => `${config.QUEUE_PREFIX}:thing:${id}`;
  const request = (key: string | undefined, over: Partial<SubmitOnceRequest> = {}) =>
    submitOnce(redis, config, {
      scope: 'thing',
      key,
      client: '203.0.113.1',
      body: { colour: 'blue' },
      id: `th_${process.pid}_${++seq}`,
      recordKey,
      fields: { colour: 'blue', status: 'waiting' },
      what: 'thing',
      noun: 'thing',
      pendingStatus: 'waiting',
      enqueue: async (id) => void enqueued.push(id),
      ...over,
    });

  it('stores a new record with the hash of the token it answers, and enqueues its job', async () => {
    const before = enqueued.length;
    const made = await request(undefined, { expireSeconds: 600 });
    // The hash covers the token without its issue marker, which names the store's epoch and is
    // this deployment's for this id (store-epoch.ts).
    expect(issuedEpoch(config.TOKEN_SECRET, 'thing', made.id, made.token)).toBe(
      await redis.get(storeEpochKey(config.QUEUE_PREFIX)),
    );
    expect(await redis.hgetall(recordKey(made.id))).toEqual({
      tokenHash: sha256(tokenBase(made.token)),
      colour: 'blue',
      status: 'waiting',
    });
    expect(made.record.status).toBe('waiting');
    expect(enqueued.slice(before)).toEqual([made.id]);
    // Its job is queued: the record is kept until the job's final state sets its retention (the
    // keep is sent after the enqueue, not waited for; a read on the connection comes after it).
    expect(await redis.ttl(recordKey(made.id))).toBe(-1);
    // Without expireSeconds the record is kept.
    expect(await redis.ttl(recordKey((await request(undefined)).id))).toBe(-1);
  });

  it('keeps the expiry of a new record whose job could not be queued', async () => {
    const key = `submit-once-lost-${process.pid}-${Date.now()}`;
    const lost = request(key, {
      expireSeconds: 600,
      enqueue: () => Promise.reject(new Error('Connection is closed.')),
    });
    await expect(lost).rejects.toMatchObject({ status: 503 });
    const binding = await redis.keys(`${config.QUEUE_PREFIX}:idem:thing:*`);
    const ids = await Promise.all(binding.map((b) => redis.hget(b, 'id')));
    const ttls = await Promise.all(ids.map((id) => redis.ttl(recordKey(id!))));
    // The one record of that key has no job behind it: it frees itself.
    expect(ttls.filter((t) => t > 0 && t <= 600)).toHaveLength(1);
  });

  it('answers a retry with the same record and token; enqueues again only while pending', async () => {
    const key = `submit-once-${process.pid}-${Date.now()}`;
    const first = await request(key);
    const retry = await request(key);
    expect(retry.id).toBe(first.id);
    expect(retry.token).toBe(first.token);
    expect(enqueued.filter((id) => id === first.id)).toHaveLength(2);
    await redis.hset(recordKey(first.id), 'status', 'done');
    const late = await request(key);
    expect(late).toMatchObject({ id: first.id, token: first.token });
    expect(late.record.status).toBe('done');
    expect(enqueued.filter((id) => id === first.id)).toHaveLength(2);
    await expect(request(key, { body: { colour: 'red' } })).rejects.toThrow(
      UnprocessableEntityException,
    );
  });

  it('is 409 for a retry whose record is gone, and for a record made by another request', async () => {
    const key = `submit-once-gone-${process.pid}-${Date.now()}`;
    const first = await request(key);
    await redis.del(recordKey(first.id));
    const gone = request(key);
    await expect(gone).rejects.toThrow(ConflictException);
    await expect(gone).rejects.toThrow('the thing this Idempotency-Key made is no longer held');
    const taken = await request(undefined);
    const again = request(undefined, { id: taken.id });
    await expect(again).rejects.toThrow(ConflictException);
    await expect(again).rejects.toThrow('thing already exists');
  });
});
