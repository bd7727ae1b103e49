import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { waitUntilReady } from '../../helpers/api-app';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * The Diplomatic Portal after Redis lost its data (restarted without persistence, on this
 * file's own redis-server). A request read with the mission's new key answered the 404 of an
 * unknown id, naming its retention ("kept 2592000 s after it is decided"), which reads as its
 * expiry; the old key was refused as a wrong one. Both now name the loss, as the e-visa's status
 * route does (src/queue/store-epoch.ts) — to the mission that holds them only: another
 * mission, a forged marker and an id without one keep the unknown id's 404.
 */
describe('the Diplomatic Portal names a store loss', () => {
  const api = usePrivateApi('portal-store-lost', { RATE_LIMIT: '0' });
  const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
  const A = 'germany-emb-ankara';
  const B = 'japan-emb-ankara';

  const newKey = async (missionId: string): Promise<string> =>
    (
      await request(api.http)
        .post(`/diplomatic-portal/missions/${missionId}/keys`)
        .set('Authorization', ADMIN)
        .expect(201)
    ).body.key as string;
  const read = (key: string, id: string) =>
    request(api.http)
      .get(`/diplomatic-portal/requests/${encodeURIComponent(id)}`)
      .set('Authorization', `Bearer ${key}`);
  const submit = async (key: string, subject: string): Promise<string> =>
    (
      await request(api.http)
        .post('/diplomatic-portal/requests')
        .set('Authorization', `Bearer ${key}`)
        .send({ area: 'vehicles', subject })
        .expect(202)
    ).body.id as string;
  /** The id as the record's key has it: the id a mission is given, without its marker. */
  const bare = (id: string) => /^dp_[0-9a-f]{26}/.exec(id)![0];

  it('tells a request removed from an intact store from an unknown id', async () => {
    const key = await newKey(A);
    const id = await submit(key, 'Removed from the store');
    expect((await read(key, id)).status).toBe(200);
    // The list gives the id the answer gave.
    const list = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toContain(id);
    await api.probe.del(RECORD_KEYS.portalRequest(api.prefix, bare(id)));
    const res = await read(key, id);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(
      /^this request was accepted .*removed it before its retention/,
    );
  });

  it('names the loss to the mission, for its old key and its request, and to nobody else', async () => {
    const oldKey = await newKey(A);
    const id = await submit(oldKey, 'Before the loss');
    expect((await read(oldKey, id)).body.status).toBeDefined();
    // What a mistyped key and an unknown id answer, with the store intact.
    const wrong = await read(
      oldKey.replace(/^dpk_./, (s) => (s === 'dpk_A' ? 'dpk_B' : 'dpk_A')),
      id,
    );
    expect(wrong.status).toBe(401);
    const unknownId = `dp_${'0'.repeat(26)}`;
    const unknown = await read(oldKey, unknownId);
    expect(unknown.status).toBe(404);

    // Restarted without persistence: every key is gone.
    await api.redis.kill();
    await api.redis.start();
    await waitUntilReady(api.http);
    expect(await api.probe.dbsize()).toBe(0);

    // The old key: 401 still (it opens nothing), but not the wrong key's answer.
    const old = await read(oldKey, id);
    expect(old.status).toBe(401);
    expect(old.body.message).not.toBe(wrong.body.message);
    expect(old.body.message).toMatch(/mission key was issued by this server .*lost its data/);
    // A forged key (its marker changed) is a wrong key.
    const forgedKey = oldKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await read(forgedKey, id)).body.message).toBe(wrong.body.message);

    // With the key the administrator issues after the loss: the request is named lost.
    const key = await newKey(A);
    const lost = await read(key, id);
    expect(lost.status).toBe(404);
    expect(lost.body.message).toMatch(
      /^this request was accepted .*lost its data .*not its expiry/,
    );
    expect(lost.body.message).not.toMatch(/kept \d+ s/);

    // Anyone else, and any id without this mission's marker: the unknown id's 404, word for word.
    const other = await newKey(B);
    const forgedId = id.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const [k, i] of [
      [other, id],
      [key, forgedId],
      [key, bare(id)],
      [key, unknownId],
    ]) {
      const res = await read(k, i);
      expect(res.status, i).toBe(404);
      expect(res.body.message, i).toBe(unknown.body.message);
    }

    // The store takes requests again, under its new epoch.
    const after = await submit(key, 'After the loss');
    expect((await read(key, after)).status).toBe(200);
    expect((await read(key, id)).body.message).toBe(lost.body.message);
  }, 60_000);
});
