import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { tokenBase } from '../../../src/queue/store-epoch';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { sleep } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A mission's request list is a sorted set of ids; a decided request expires after
 * DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS, but its id stayed in the list until a list read met it
 * and pruned it — for ever in a mission that never reads its list, and a read's `total` still
 * counted the expired ids on other pages. Now a write to the list trims what has expired, and a
 * list whose requests have all expired expires with the last of them. The retention here is
 * 1 s, so the records really expire (no PEXPIRE by the test): the list's trimming and its own
 * expiry must agree with Redis's own expiry of the records.
 */

/** DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS here (the smallest whole retention). */
const TTL_S = 1;
const A = 'germany-emb-ankara';
const B = 'japan-emb-ankara';
const C = 'france-emb-ankara';

describe('a mission request list and expired requests', () => {
  const config = testConfig('dp-list-expiry', {
    RATE_LIMIT: '0',
    DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: String(TTL_S),
  });
  const p = config.QUEUE_PREFIX;
  const listKey = (m: string) => RECORD_KEYS.portalMissionRequests(p, m);
  const expiriesKey = (m: string) => RECORD_KEYS.portalMissionExpiries(p, m);
  /** A request's id as its record's key and its lists hold it: without its issue marker. */
  const bare = (id: string) => tokenBase(id);
  const recordKey = (id: string) => RECORD_KEYS.portalRequest(p, bare(id));

  const keyFor = async (missionId: string) =>
    (
      (
        await request(api.http)
          .post(`/diplomatic-portal/missions/${missionId}/keys`)
          .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
          .expect(201)
      ).body as { key: string }
    ).key;
  const send = async (key: string, subject: string) =>
    (
      (
        await request(api.http)
          .post('/diplomatic-portal/requests')
          .set('Authorization', `Bearer ${key}`)
          .send({ area: 'tax', subject })
          .expect(202)
      ).body as { id: string }
    ).id;
  const decided = (key: string, id: string) =>
    waitFor(
      async () =>
        (
          await request(api.http)
            .get(`/diplomatic-portal/requests/${id}`)
            .set('Authorization', `Bearer ${key}`)
        ).body as { status?: string },
      (b) => b.status === 'decided',
    );
  const gone = (key: string) =>
    waitFor(
      () => api.redis.exists(key),
      (n) => n === 0,
      5_000,
    );
  let workers: INestApplicationContext | undefined;
  const startWorkers = async () => {
    workers ??= await api.startWorkers([QUEUES.diplomaticPortal]);
  };
  const stopWorkers = async () => {
    await api.stopWorkers();
    workers = undefined;
  };

  // The API alone; the tests start and stop the portal's workers.
  const api = useApiThenWorkers(config);

  it('expires with the last of its requests when none is left in progress', async () => {
    const key = await keyFor(A);
    await startWorkers();
    const ids = [await send(key, 'First'), await send(key, 'Second')];
    for (const id of ids) expect((await decided(key, id)).status).toBe('decided');
    // Both decided: the list expires with the later of them, not before.
    expect(await api.redis.pttl(listKey(A))).toBeGreaterThan(0);
    expect(await api.redis.pttl(listKey(A))).toBeLessThanOrEqual(TTL_S * 1000);
    for (const id of ids) expect(await gone(recordKey(id))).toBe(0);
    // No list read in between: the list and its expiries are gone by themselves.
    expect(await gone(listKey(A))).toBe(0);
    expect(await gone(expiriesKey(A))).toBe(0);
    // And a read then answers an empty list.
    const page = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(page.body).toMatchObject({ items: [], total: 0 });
  });

  it('drops an expired id at the next write while a request is in progress, and counts only live ones', async () => {
    const key = await keyFor(B);
    const other = await keyFor(A);
    await startWorkers();
    const expired = await send(key, 'Decided, then expired');
    expect((await decided(key, expired)).status).toBe('decided');
    // The workers stop: what is sent now stays in progress (no expiry), and keeps the list.
    await stopWorkers();
    const open = await send(key, 'Still in progress');
    expect(await api.redis.ttl(recordKey(open))).toBe(-1);
    expect(await gone(recordKey(expired))).toBe(0);
    // Expired, but nothing has written to the list since: it is still listed.
    expect(await api.redis.zscore(listKey(B), bare(expired))).not.toBeNull();
    // The next write (a new request; no list read) trims it.
    const newest = await send(key, 'Newest');
    expect(await api.redis.zscore(listKey(B), bare(expired))).toBeNull();
    expect(await api.redis.zscore(expiriesKey(B), bare(expired))).toBeNull();
    // Requests in progress: the list is kept.
    expect(await api.redis.ttl(listKey(B))).toBe(-1);
    // A page of one: the newest, and a total of the two live requests only.
    const page = await request(api.http)
      .get('/diplomatic-portal/requests?pageSize=1')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual([newest]);
    expect(page.body.total).toBe(2);
    // Another mission's list never shows them.
    const theirs = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${other}`)
      .expect(200);
    const theirIds = theirs.body.items.map((r: { id: string }) => r.id);
    for (const id of [expired, open, newest]) expect(theirIds).not.toContain(id);
  });

  it('does not expire under a request in progress when a listed record vanished before its time', async () => {
    const key = await keyFor(C);
    await stopWorkers();
    // A request whose job is held (removed from the queue here): in progress for the whole test.
    const open = await send(key, 'Held');
    const queue = api.app.get<Queue>(`BullQueue_${QUEUES.diplomaticPortal}`, { strict: false });
    await queue.remove(`${bare(open)}-req`);
    await startWorkers();
    const deleted = await send(key, 'Decided, then deleted');
    expect((await decided(key, deleted)).status).toBe('decided');
    // Deleted before its expiry (by an operator, say): a list read meets it and drops it.
    await api.redis.del(recordKey(deleted));
    const read = async () =>
      (
        await request(api.http)
          .get('/diplomatic-portal/requests')
          .set('Authorization', `Bearer ${key}`)
          .expect(200)
      ).body as { items: { id: string }[]; total: number };
    expect((await read()).items.map((r) => r.id)).toEqual([open]);
    // Dropped from both sets: the list, with a request in progress, is kept, not expired at the
    // deleted request's time.
    await read();
    expect(await api.redis.zscore(expiriesKey(C), bare(deleted))).toBeNull();
    expect(await api.redis.pttl(listKey(C))).toBe(-1);
    await sleep(TTL_S * 1000 + 200);
    expect(await read()).toMatchObject({ items: [{ id: open }], total: 1 });
  });
});
