import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import type { Job } from 'bullmq';
import { EvisaService, type EvisaJobData } from '../../../src/evisa/evisa.service';
import { EVISA_JOBS, QUEUES, RECORD_KEYS } from '../../../src/queue/queue-names';
import { tokenBase } from '../../../src/queue/store-epoch';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { useApiThenWorkers, waitFor } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * Retention of the records that hold personal data. E-visa applications had
 * EVISA_RECORD_TTL_SECONDS; Konsolosluk.NET transactions (a citizen's consular business) and
 * Diplomatic Portal requests (sealed texts naming diplomats) were kept in Redis for ever.
 * KONSOLOSLUK_RECORD_TTL_SECONDS and DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS expire them once they
 * reach their final state, never while they are still in progress; what refers to them then
 * answers as for an e-visa past its retention: 404 for the record and for a payment naming
 * it, 409 for a retry with its Idempotency-Key, and the mission's list no longer counts it.
 */

/** The retentions configured here (seconds): long enough that nothing expires on its own in the test. */
const KN_TTL = 3_600;
const DP_TTL = 7_200;
const EV_TTL = 10_800;

describe('retention of transactions and portal requests', () => {
  const config = testConfig('retention', {
    RATE_LIMIT: '0',
    KONSOLOSLUK_RECORD_TTL_SECONDS: String(KN_TTL),
    DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS: String(DP_TTL),
    EVISA_RECORD_TTL_SECONDS: String(EV_TTL),
  });
  const knKey = (id: string) => RECORD_KEYS.konsoloslukTransaction(config.QUEUE_PREFIX, id);
  /** A portal request's record: its id without its issue marker (store-epoch.ts). */
  const dpKey = (id: string) => RECORD_KEYS.portalRequest(config.QUEUE_PREFIX, tokenBase(id));
  /**
   * Runs `fn` with the clock past every retention (a day past the longest): a record's token
   * says when it was created, and a record gone before its retention could have ended reads to
   * its holder as removed (evicted or deleted), not expired (store-epoch.ts).
   */
  async function pastRetention<T>(fn: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (Math.max(KN_TTL, DP_TTL, EV_TTL) + 86_400) * 1000);
    try {
      return await fn();
    } finally {
      vi.useRealTimers();
    }
  }
  /** Lets a record's retention run out now, as it would after its TTL. */
  const expireNow = async (key: string) => {
    await api.redis.pexpire(key, 1);
    await waitFor(
      () => api.redis.exists(key),
      (n) => n === 0,
      5_000,
    );
  };

  // The API alone: the records wait, in progress, until the workers start.
  const api = useApiThenWorkers(config);

  it('expire a transaction once it is served, not before, and answer for it sensibly after', async () => {
    const body = { missionId: 'berlin-cg', operationId: 'passport-first-issue' };
    const idempotencyKey = `kn-retention-${Date.now()}`;
    const accepted = await request(api.http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', idempotencyKey)
      .send(body)
      .expect(202);
    const { id, token } = accepted.body as { id: string; token: string };
    // Queued: in progress, kept (-1: no expiry).
    expect(await api.redis.ttl(knKey(id))).toBe(-1);

    await api.startWorkers([QUEUES.konsolosluk, QUEUES.diplomaticPortal]);
    const status = async () =>
      (
        await request(api.http)
          .get(`/konsolosluk/transactions/${id}`)
          .set('Authorization', `Bearer ${token}`)
      ).body as { status?: string };
    expect((await waitFor(status, (b) => b.status === 'done')).status).toBe('done');
    const ttl = await api.redis.ttl(knKey(id));
    expect(ttl).toBeGreaterThan(KN_TTL - 60);
    expect(ttl).toBeLessThanOrEqual(KN_TTL);

    await expireNow(knKey(id));
    const gone = await pastRetention(() =>
      request(api.http)
        .get(`/konsolosluk/transactions/${id}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(404),
    );
    expect(gone.body.message).toBe(
      `no transaction with this id (a transaction is kept ${KN_TTL} s after it is served or fails)`,
    );
    // The same answer as for an id that never existed: the message tells nothing of the id.
    const unknown = await request(api.http)
      .get(`/konsolosluk/transactions/kn_${'0'.repeat(26)}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(404);
    expect(unknown.body).toEqual(gone.body);
    // A retry with its Idempotency-Key: 409, as an e-visa application past its retention.
    const retry = await request(api.http)
      .post('/konsolosluk/transactions')
      .set('Idempotency-Key', idempotencyKey)
      .send(body)
      .expect(409);
    expect(retry.body.message).toBe(
      'the transaction this Idempotency-Key made is no longer held (expired after it was served or failed)',
    );
    // Nothing came back to life under the id.
    expect(await api.redis.exists(knKey(id))).toBe(0);
    // A payment naming it: 404 with the retention, not 500.
    const pay = await pastRetention(() =>
      request(api.http)
        .post('/payments')
        .set('Authorization', `Bearer ${token}`)
        .send({ reference: id, amountMinor: 6000, currency: 'EUR', channel: 'virtual-pos' })
        .expect(404),
    );
    expect(pay.body.message).toBe(
      `no application or transaction with this reference (a transaction is kept ${KN_TTL} s after it is served or fails)`,
    );
  });

  it('expire a portal request once it is decided, not before; the list stops counting it', async () => {
    const { key } = (
      await request(api.http)
        .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(201)
    ).body as { key: string };
    const asMission = (r: request.Test) => r.set('Authorization', `Bearer ${key}`);
    // The workers are stopped (if the test above started them): this request stays received.
    await api.stopWorkers();
    const idempotencyKey = `dp-retention-${Date.now()}`;
    const body = { area: 'tax', subject: 'Exemption for First Secretary Doe', body: 'Details.' };
    const sent = await asMission(request(api.http).post('/diplomatic-portal/requests'))
      .set('Idempotency-Key', idempotencyKey)
      .send(body)
      .expect(202);
    const kept = await asMission(request(api.http).post('/diplomatic-portal/requests'))
      .send({ ...body, subject: 'Another request' })
      .expect(202);
    const id = sent.body.id as string;
    expect(await api.redis.ttl(dpKey(id))).toBe(-1);

    await api.startWorkers([QUEUES.diplomaticPortal]);
    const read = async (rid: string) =>
      (await asMission(request(api.http).get(`/diplomatic-portal/requests/${rid}`))).body as {
        status?: string;
      };
    await waitFor(
      () => read(id),
      (b) => b.status === 'decided',
    );
    expect((await read(id)).status).toBe('decided');
    const ttl = await api.redis.ttl(dpKey(id));
    expect(ttl).toBeGreaterThan(DP_TTL - 60);
    expect(ttl).toBeLessThanOrEqual(DP_TTL);

    const before = (
      await asMission(request(api.http).get('/diplomatic-portal/requests')).expect(200)
    ).body as { items: { id: string }[]; total: number };
    expect(before.items.map((r) => r.id)).toContain(id);

    await expireNow(dpKey(id));
    // Past its retention: before it, its mission would be told it was removed, not expired.
    const gone = await pastRetention(() =>
      asMission(request(api.http).get(`/diplomatic-portal/requests/${id}`)).expect(404),
    );
    expect(gone.body.message).toBe(
      `no request with this id (a request is kept ${DP_TTL} s after it is decided or fails)`,
    );
    const after = (
      await asMission(request(api.http).get('/diplomatic-portal/requests')).expect(200)
    ).body as { items: { id: string }[]; total: number };
    expect(after.items.map((r) => r.id)).not.toContain(id);
    expect(after.items.map((r) => r.id)).toContain(kept.body.id);
    expect(after.total).toBe(before.total - 1);
    // Its id left the mission's list too (the list does not grow with expired ids).
    expect(
      await api.redis.zscore(
        RECORD_KEYS.portalMissionRequests(config.QUEUE_PREFIX, 'germany-emb-ankara'),
        tokenBase(id),
      ),
    ).toBeNull();
    const retry = await asMission(request(api.http).post('/diplomatic-portal/requests'))
      .set('Idempotency-Key', idempotencyKey)
      .send(body)
      .expect(409);
    expect(retry.body.message).toBe(
      'the request this Idempotency-Key made is no longer held (expired after it was decided or failed)',
    );
    expect(await api.redis.exists(dpKey(id))).toBe(0);
  });

  it('expire an e-visa application marked failed, but not while its retried job runs again', async () => {
    await api.stopWorkers();
    const accepted = await request(api.http)
      .post('/evisa/applications')
      .send({
        nationality: 'GB',
        passportNumber: 'R7654321',
        fullName: 'Retry Applicant',
        email: 'retry@example.org',
        arrivalDate: plausibleArrivalDate(),
      })
      .expect(202);
    const { id, token } = accepted.body as { id: string; token: string };
    const key = RECORD_KEYS.evisaApplication(config.QUEUE_PREFIX, id);
    expect(await api.redis.ttl(key)).toBe(-1);
    // Its job failed for good (RecordWorkerHost calls this): final, so it expires.
    const evisa = api.app.get(EvisaService, { strict: false });
    const job = (name: string) => ({ name, data: { id }, attemptsMade: 0 }) as Job<EvisaJobData>;
    expect(await evisa.failed(job(EVISA_JOBS.intake))).toBe(true);
    expect(await api.redis.hget(key, 'status')).toBe('failed');
    const failedTtl = await api.redis.ttl(key);
    expect(failedTtl).toBeGreaterThan(EV_TTL - 60);
    expect(failedTtl).toBeLessThanOrEqual(EV_TTL);
    // The job retried from the dashboard moves the application on: in progress again, it must
    // not expire under its owner (before, it kept the failed record's expiry).
    await evisa.intake(job(EVISA_JOBS.intake));
    expect(await api.redis.hget(key, 'status')).not.toBe('failed');
    expect(await api.redis.ttl(key)).toBe(-1);
    // Decided: the retention starts again from the outcome.
    await api.startWorkers([QUEUES.evisa]);
    const status = async () =>
      (
        await request(api.http)
          .get(`/evisa/applications/${id}`)
          .set('Authorization', `Bearer ${token}`)
      ).body as { outcome?: string | null };
    expect((await waitFor(status, (b) => !!b.outcome)).outcome).toBeTruthy();
    const ttl = await api.redis.ttl(key);
    expect(ttl).toBeGreaterThan(EV_TTL - 60);
    expect(ttl).toBeLessThanOrEqual(EV_TTL);
  });
});
