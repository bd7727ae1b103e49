import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';
import { IN_PROCESS_WORKERS, useApiApp, waitFor } from '../../helpers/api-app';

const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const A = 'germany-emb-ankara';
const B = 'japan-emb-ankara';

describe('Diplomatic Portal API: mission keys, requests and tenant isolation', () => {
  const api = useApiApp(testConfig('portal', { RATE_LIMIT: '0' }), IN_PROCESS_WORKERS);
  const key = async (missionId: string) =>
    (
      await request(api.http)
        .post(`/diplomatic-portal/missions/${missionId}/keys`)
        .set('Authorization', ADMIN)
        .expect(201)
    ).body as { key: string; keyId: string; missionId: string };
  const send = (k: string, body: object) =>
    request(api.http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${k}`)
      .send(body);

  it('issues keys only with the admin credential and only for missions of missions.yaml', async () => {
    await request(api.http).post(`/diplomatic-portal/missions/${A}/keys`).expect(401);
    await request(api.http)
      .post(`/diplomatic-portal/missions/${A}/keys`)
      .set('Authorization', 'Bearer not-the-admin-token')
      .expect(401);
    const bad = await request(api.http)
      .post('/diplomatic-portal/missions/atlantis-emb/keys')
      .set('Authorization', ADMIN)
      .expect(404);
    expect(bad.body.message).toMatch(/atlantis-emb/);
    const k = await key(A);
    expect(k.missionId).toBe(A);
    expect(k.key).toMatch(/^dpk_/);
  });

  it('takes a request (202) and a worker decides it; the mission sees it by id and in its list', async () => {
    const k = (await key(A)).key;
    const res = await send(k, { area: 'vehicles', subject: 'New CD plates' }).expect(202);
    expect(res.body).toMatchObject({ status: 'received', area: 'vehicles', missionId: A });
    // The id proper, then its issue marker (src/queue/store-epoch.ts).
    expect(res.body.id).toMatch(/^dp_[0-9a-f]{26}\.j[A-Za-z0-9_-]{41}$/);
    const done = await waitFor(
      () =>
        request(api.http)
          .get(`/diplomatic-portal/requests/${res.body.id}`)
          .set('Authorization', `Bearer ${k}`),
      (r) => r.body.status === 'decided',
    );
    expect(done.status).toBe(200);
    expect(done.body.decidedAt).toBeTruthy();
    const list = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${k}`)
      .expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(res.body.id);
  });

  it('bad input is a 400 naming the field; an unknown area is a 400; a missing or forged key a 401', async () => {
    const k = (await key(A)).key;
    const noSubject = await send(k, { area: 'vehicles' }).expect(400);
    expect(JSON.stringify(noSubject.body.message)).toMatch(/subject/);
    const area = await send(k, { area: 'visas', subject: 'x' }).expect(400);
    expect(JSON.stringify(area.body.message)).toMatch(/area 'visas' is not an area/);
    const extra = await send(k, { area: 'tax', subject: 'x', missionId: B }).expect(400);
    expect(JSON.stringify(extra.body.message)).toMatch(/missionId/);
    const control = await send(k, { area: 'tax', subject: 'a\u0000b' }).expect(400);
    expect(JSON.stringify(control.body.message)).toMatch(/subject/);
    const page = await request(api.http)
      .get('/diplomatic-portal/requests?pageSize=500')
      .set('Authorization', `Bearer ${k}`)
      .expect(400);
    expect(JSON.stringify(page.body.message)).toMatch(/pageSize/);
    await request(api.http)
      .post('/diplomatic-portal/requests')
      .send({ area: 'tax', subject: 'x' })
      .expect(401);
    const forged = `dpk_${randomBytes(32).toString('base64url')}`;
    await send(forged, { area: 'tax', subject: 'x' }).expect(401);
    await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${forged}`)
      .expect(401);
    await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', ADMIN)
      .expect(401);
  });

  it('checks the mission key before the body or query: no key or a forged one is 401 whatever is sent', async () => {
    const forged = `dpk_${randomBytes(32).toString('base64url')}`;
    const bad: object[] = [{}, { area: 'x' }, { area: 5, subject: ['a'] }, { subject: '\u202e' }];
    for (const body of bad) {
      const none = await request(api.http).post('/diplomatic-portal/requests').send(body);
      expect(none.status, JSON.stringify(body)).toBe(401);
      expect(JSON.stringify(none.body)).toMatch(/mission key is required/);
      expect((await send(forged, body)).status, JSON.stringify(body)).toBe(401);
    }
    for (const query of ['pageSize=500', 'page=0', 'page=x'])
      await request(api.http).get(`/diplomatic-portal/requests?${query}`).expect(401);
  });

  it('says once that a missing field is required, and gives one message per broken rule', async () => {
    const k = (await key(A)).key;
    const messages = async (body: object) => {
      const r = await send(k, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const list = r.body.message as string[];
      expect(new Set(list).size, JSON.stringify(list)).toBe(list.length);
      return list;
    };
    expect(await messages({ area: 'x' })).toEqual(['subject is required']);
    expect((await messages({})).sort()).toEqual(['area is required', 'subject is required']);
    expect(await messages({ area: 'tax', subject: 5 })).toEqual(['subject must be text']);
    const long = await messages({ area: 'tax', subject: 's'.repeat(201) });
    expect(long).toHaveLength(1);
    expect(long[0]).toMatch(/^subject must be 1 to 200 characters/);
    const area = await messages({ area: 7, subject: 'x' });
    expect(area).toHaveLength(1);
    expect(area[0]).toMatch(/^area must be an area id/);
    const body = await messages({ area: 'tax', subject: 'x', body: 'b'.repeat(4001) });
    expect(body).toHaveLength(1);
    expect(body[0]).toMatch(/^body must be at most 4000 characters/);
  });

  it('subject and body are printable text: no bidirectional overrides, not blank or invisible', async () => {
    const k = (await key(A)).key;
    for (const subject of [
      '   ',
      '\u00a0\u00a0',
      '\u200b',
      '\u2800',
      '\u2067invoice\u2069 \u202efdp.exe',
      'Invoice\u200f',
      'a\u0085b',
    ]) {
      const r = await send(k, { area: 'tax', subject });
      expect(r.status, JSON.stringify(subject)).toBe(400);
      expect(r.body.message, JSON.stringify(subject)).toEqual([
        expect.stringMatching(/^subject must be printable text/),
      ]);
    }
    for (const body of ['Details \u202eexe.pdf', ' \n\t ', '\u3164', 'a\u0000b']) {
      const r = await send(k, { area: 'tax', subject: 'x', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message, JSON.stringify(body)).toEqual([
        expect.stringMatching(/^body must be printable text/),
      ]);
    }
    await send(k, {
      area: 'tax',
      subject: 'Exemption — ça, 税, مهسا\u200cنوری',
      body: 'Line one\r\n\tLine two',
    }).expect(202);
    await send(k, { area: 'tax', subject: 'No details', body: '' }).expect(202);
  });

  it("isolates missions: hundreds of guessed and cross-mission ids answer 404, lists hold only one's own", async () => {
    const ka = (await key(A)).key;
    const kb = (await key(B)).key;
    const mine = async (k: string, n: number, tag: string) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++)
        ids.push((await send(k, { area: 'tax', subject: `${tag} ${i}` }).expect(202)).body.id);
      return ids;
    };
    const idsA = await mine(ka, 12, 'A');
    const idsB = await mine(kb, 12, 'B');
    const guesses = [
      ...Array.from({ length: 200 }, () => `dp_${randomBytes(13).toString('hex')}`),
      // Near misses of real ids, and shapes that must never reach Redis.
      ...idsB.map((id) => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')),
      ...['dp_', 'dp_zz', '..%2f..%2fkeys', 'dp_' + 'a'.repeat(200), '*', 'dp_*'],
    ];
    const probes = [...idsB.map((id) => ({ k: ka, id })), ...idsA.map((id) => ({ k: kb, id }))];
    for (const g of guesses) probes.push({ k: ka, id: g }, { k: kb, id: g });
    expect(probes.length).toBeGreaterThan(400);
    for (const { k, id } of probes) {
      const r = await request(api.http)
        .get(`/diplomatic-portal/requests/${encodeURIComponent(id)}`)
        .set('Authorization', `Bearer ${k}`);
      expect(r.status, id).toBe(404);
      expect(JSON.stringify(r.body)).not.toMatch(/ [AB] \d/);
    }
    // The owners still see their own.
    for (const id of idsA.slice(0, 3))
      await request(api.http)
        .get(`/diplomatic-portal/requests/${id}`)
        .set('Authorization', `Bearer ${ka}`)
        .expect(200);
    // Lists, paginated: every item is the caller's.
    const all: string[] = [];
    for (let page = 1; page <= 20; page++) {
      const r = await request(api.http)
        .get(`/diplomatic-portal/requests?page=${page}&pageSize=5`)
        .set('Authorization', `Bearer ${kb}`)
        .expect(200);
      for (const item of r.body.items) {
        expect(item.missionId).toBe(B);
        all.push(item.id);
      }
      if (r.body.items.length < 5) break;
    }
    expect(new Set(all)).toEqual(new Set(idsB));
  });

  it("a revoked key answers 401 at once; the mission's other keys keep working", async () => {
    const first = await key(A);
    const second = await key(A);
    const id = (await send(first.key, { area: 'customs', subject: 'Duty-free import' }).expect(202))
      .body.id;
    await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${first.keyId}`)
      .expect(401);
    await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${first.keyId}`)
      .set('Authorization', ADMIN)
      .expect(204);
    await request(api.http)
      .get(`/diplomatic-portal/requests/${id}`)
      .set('Authorization', `Bearer ${first.key}`)
      .expect(401);
    await send(first.key, { area: 'customs', subject: 'again' }).expect(401);
    await request(api.http)
      .get(`/diplomatic-portal/requests/${id}`)
      .set('Authorization', `Bearer ${second.key}`)
      .expect(200);
    // Revoking again, or another mission's key id under this mission: 404.
    await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${first.keyId}`)
      .set('Authorization', ADMIN)
      .expect(404);
    const other = await key(B);
    await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${other.keyId}`)
      .set('Authorization', ADMIN)
      .expect(404);
    await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${other.key}`)
      .expect(200);
  });

  it("a key id not of a key's form answers 404 without echoing it; a well-formed one is named", async () => {
    const long = 'x'.repeat(4000);
    const bad = await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${long}`)
      .set('Authorization', ADMIN)
      .expect(404);
    expect(JSON.stringify(bad.body)).not.toContain('xxxxxxxx');
    expect(bad.body.message).toMatch(/16 hexadecimal digits/);
    const unknown = '0123456789abcdef';
    const none = await request(api.http)
      .delete(`/diplomatic-portal/missions/${A}/keys/${unknown}`)
      .set('Authorization', ADMIN)
      .expect(404);
    expect(none.body.message).toContain(unknown);
    const mission = await request(api.http)
      .post(`/diplomatic-portal/missions/${long}/keys`)
      .set('Authorization', ADMIN)
      .expect(404);
    expect(JSON.stringify(mission.body)).not.toContain('xxxxxxxx');
    const named = await request(api.http)
      .post('/diplomatic-portal/missions/atlantis/keys')
      .set('Authorization', ADMIN)
      .expect(404);
    expect(named.body.message).toContain("'atlantis'");
  });

  it('is in the OpenAPI document, with its bodies and the bearer credential', async () => {
    const doc = (await request(api.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/diplomatic-portal/missions/{missionId}/keys'])).toEqual([
      'post',
    ]);
    expect(doc.paths['/diplomatic-portal/missions/{missionId}/keys/{keyId}'].delete).toBeTruthy();
    expect(Object.keys(doc.paths['/diplomatic-portal/requests']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/diplomatic-portal/requests/{id}'].get.security).toBeTruthy();
    expect(Object.keys(doc.components.schemas.PortalRequestDto.properties ?? {})).toEqual(
      expect.arrayContaining(['area', 'subject', 'body']),
    );
  });

  it('an Idempotency-Key makes a retried request the same one, per mission', async () => {
    const ka = (await key(A)).key;
    const kb = (await key(B)).key;
    const idem = `portal-${randomBytes(6).toString('hex')}`;
    const body = { area: 'residence', subject: 'Residence for a new attaché' };
    const a1 = await send(ka, body).set('Idempotency-Key', idem).expect(202);
    const a2 = await send(ka, body).set('Idempotency-Key', idem).expect(202);
    expect(a2.body.id).toBe(a1.body.id);
    await send(ka, { ...body, subject: 'other' })
      .set('Idempotency-Key', idem)
      .expect(422);
    // The same key from another mission is another request, and never the first one.
    const b = await send(kb, body).set('Idempotency-Key', idem).expect(202);
    expect(b.body.id).not.toBe(a1.body.id);
    expect(b.body.missionId).toBe(B);
  });

  it('a retry that writes the empty body as "", null or leaves it out is the same request', async () => {
    // docs/api.md: `""` is no body. The fingerprint read the body as sent, so such a retry was
    // 422 "already used with a different request body" (portal-probe, 7 December 2026).
    const k = (await key(A)).key;
    const asked = { area: 'customs', subject: 'Duty-free import of an official vehicle' };
    for (const [first, retries] of [
      [
        asked,
        [
          { ...asked, body: '' },
          { ...asked, body: null },
        ],
      ],
      [{ ...asked, body: '' }, [asked, { ...asked, body: null }]],
    ] as const) {
      const idem = `portal-${randomBytes(6).toString('hex')}`;
      const sent = await send(k, first).set('Idempotency-Key', idem).expect(202);
      for (const retry of retries) {
        const again = await send(k, retry).set('Idempotency-Key', idem);
        expect(again.status, JSON.stringify(retry)).toBe(202);
        expect(again.body.id).toBe(sent.body.id);
      }
      // A body with text in it is another request.
      await send(k, { ...asked, body: 'Chassis number attached.' })
        .set('Idempotency-Key', idem)
        .expect(422);
    }
  });
});
