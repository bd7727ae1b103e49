import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { ownerOfToken } from '../../../src/payments/payments.service';
import { RECORD_KEYS } from '../../../src/queue/queue-names';
import { waitUntilReady } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { usePrivateApi } from '../../helpers/private-api';
import { TEST_ADMIN_TOKEN } from '../../helpers/redis-test-env';

/**
 * Redis loses its data (restarted without persistence here; FLUSHALL is the same to the API):
 * the status route of a record accepted before answered the 404 of an expired or unknown record,
 * so its owner read it as the normal end of the retention. It now says the record was lost with
 * the store's data — to the holder of that record's token only: a stranger's token, a forged
 * issue marker and a record that expired with the store intact keep the one 404.
 */
describe('a status read after Redis lost its data', () => {
  const api = usePrivateApi('store-lost', { RATE_LIMIT: '0' });

  interface Accepted {
    name: string;
    /** The record's id (its payment reference); none for a payment. */
    id?: string;
    path: string;
    token: string;
    recordKey: string;
  }

  let round = 0;
  async function acceptOne(): Promise<Accepted[]> {
    round++;
    const ev = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'LOST00001',
        fullName: 'Lost Applicant',
        email: 'lost@example.org',
        arrivalDate: plausibleArrivalDate(20),
      })
      .expect(202);
    const kn = await request(api.http)
      .post('/konsolosluk/transactions')
      // With a key: a keyed token is derived, not random, and carries its marker too.
      .set('Idempotency-Key', `store-lost-kn-${round}`)
      .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
      .expect(202);
    const pay = await request(api.http)
      .post('/payments')
      .send({
        reference: 'order-lost-1',
        amountMinor: 1500,
        currency: 'EUR',
        channel: 'virtual-pos',
      })
      .expect(202);
    const p = api.prefix;
    return [
      {
        name: 'e-visa application',
        id: ev.body.id,
        path: `/evisa/applications/${ev.body.id}`,
        token: ev.body.token,
        recordKey: RECORD_KEYS.evisaApplication(p, ev.body.id),
      },
      {
        name: 'transaction',
        id: kn.body.id,
        path: `/konsolosluk/transactions/${kn.body.id}`,
        token: kn.body.token,
        recordKey: RECORD_KEYS.konsoloslukTransaction(p, kn.body.id),
      },
      {
        name: 'payment',
        path: `/payments/${pay.body.reference}`,
        token: pay.body.token,
        recordKey: RECORD_KEYS.payment(p, 'order-lost-1', ownerOfToken(pay.body.token)),
      },
    ];
  }

  const read = (path: string, token: string) =>
    request(api.http).get(path).set('Authorization', `Bearer ${token}`);
  /** Pays for an application or a transaction with a token (the fee does not matter: refused first). */
  const pay = (r: Accepted, token: string) =>
    request(api.http)
      .post('/payments')
      .set('Authorization', `Bearer ${token}`)
      .send({ reference: r.id, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' });

  /**
   * Runs `fn` with the clock past every retention (a year on): a record deleted then reads as
   * one that may have expired, as it does once its retention has run out.
   */
  async function pastRetention<T>(fn: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 400 * 86_400_000);
    try {
      return await fn();
    } finally {
      vi.useRealTimers();
    }
  }

  it('tells the owner the record was lost, and nobody else anything new', async () => {
    // A record that expired (deleted here, as its retention does) with the store intact.
    const expired = await acceptOne();
    for (const r of expired) {
      expect((await read(r.path, r.token)).status).toBe(200);
      await api.probe.del(r.recordKey);
    }
    // Before its retention could have ended, its holder is told it was removed, not expired.
    for (const r of expired) {
      const res = await read(r.path, r.token);
      expect(`${r.name}: ${res.status}`).toBe(`${r.name}: 404`);
      expect(res.body.message).toMatch(
        new RegExp(`this ${r.name} was accepted .*removed it before its retention`),
      );
    }
    // Once it may have: the ordinary 404, expiry and deletion alike.
    const ordinary = new Map<string, string>();
    const ordinaryPay = new Map<string, string>();
    await pastRetention(async () => {
      for (const r of expired) {
        const res = await read(r.path, r.token);
        expect(`${r.name}: ${res.status}`).toBe(`${r.name}: 404`);
        expect(res.body.message).not.toMatch(/lost|removed/);
        ordinary.set(r.name, res.body.message);
        if (r.id) {
          const paid = await pay(r, r.token);
          expect(`${r.name}: ${paid.status}`).toBe(`${r.name}: 404`);
          ordinaryPay.set(r.name, paid.body.message);
        }
      }
    });

    const lost = await acceptOne();
    for (const r of lost) expect((await read(r.path, r.token)).status).toBe(200);
    // Restarted without persistence: every key is gone.
    await api.redis.kill();
    await api.redis.start();
    await waitUntilReady(api.http);
    expect(await api.probe.dbsize()).toBe(0);

    for (const [i, r] of lost.entries()) {
      const owner = await read(r.path, r.token);
      expect(`${r.name}: ${owner.status}`).toBe(`${r.name}: 404`);
      expect(owner.body.message).toMatch(new RegExp(`this ${r.name} was accepted .*lost its data`));
      // Another record's token (a valid marker, for another id) and a forged marker: the 404
      // an unknown id gets, word for word.
      const other = lost[(i + 1) % lost.length].token;
      const stranger = await read(r.path, other);
      expect(stranger.status).toBe(404);
      expect(stranger.body.message).toBe(ordinary.get(r.name));
      const forged = r.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      const forgedRes = await read(r.path, forged);
      expect(forgedRes.status).toBe(404);
      expect(forgedRes.body.message).toBe(ordinary.get(r.name));
      // Paying for it: the same answer as its status read, to its holder only.
      if (r.id) {
        const paid = await pay(r, r.token);
        expect(`${r.name}: ${paid.status}`).toBe(`${r.name}: 404`);
        expect(paid.body.message).toBe(owner.body.message);
        for (const t of [other, forged]) {
          const refused = await pay(r, t);
          expect(refused.status).toBe(404);
          expect(refused.body.message).toBe(ordinaryPay.get(r.name));
        }
      }
    }

    // The store takes records again, under a new epoch; one deleted since reads as expired.
    const after = await acceptOne();
    for (const r of after) {
      expect((await read(r.path, r.token)).status).toBe(200);
      await api.probe.del(r.recordKey);
      const res = await pastRetention(() => read(r.path, r.token));
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(ordinary.get(r.name));
    }
    // And the records lost before still read as lost.
    for (const r of lost)
      expect((await read(r.path, r.token)).body.message).toMatch(/lost its data/);
  }, 60_000);
});

/**
 * The Diplomatic Portal after Redis lost its data. Its missions and areas are reference data
 * read from config/diplomatic-portal/ into memory at start, never from Redis, so nothing of
 * them is lost; its mission keys live only in Redis (their hashes) and are gone with it. They
 * cannot be re-seeded from config (no key is there, only an admin issues them), and must not be
 * trusted without their record (a revoked key would come back): an old key is refused 401, with
 * the message that names the loss (its issue marker: store-epoch.ts), and the admin issues new
 * ones at once.
 */
describe('the Diplomatic Portal after Redis lost its data', () => {
  const api = usePrivateApi('portal-lost', { RATE_LIMIT: '0' });
  const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
  const mission = 'germany-emb-ankara';

  it('keeps its missions, refuses lost keys 401 and takes new ones', async () => {
    const key = await request(api.http)
      .post(`/diplomatic-portal/missions/${mission}/keys`)
      .set('Authorization', admin)
      .expect(201);
    await request(api.http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key.body.key}`)
      .send({ area: 'accreditation', subject: 'Before the loss' })
      .expect(202);

    await api.redis.kill();
    await api.redis.start();
    await waitUntilReady(api.http);

    const old = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key.body.key}`);
    expect(old.status).toBe(401);
    expect(old.body.message).toMatch(/mission key was issued by this server .*lost its data/);
    const fresh = await request(api.http)
      .post(`/diplomatic-portal/missions/${mission}/keys`)
      .set('Authorization', admin)
      .expect(201);
    await request(api.http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${fresh.body.key}`)
      .send({ area: 'accreditation', subject: 'After the loss' })
      .expect(202);
    const list = await request(api.http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${fresh.body.key}`)
      .expect(200);
    expect(list.body.total).toBe(1);
    // An unknown mission is still refused from config, not from Redis.
    await request(api.http)
      .post('/diplomatic-portal/missions/no-such-mission/keys')
      .set('Authorization', admin)
      .expect(404);
  }, 60_000);
});
