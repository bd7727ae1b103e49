import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../src/config/app-config';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** Everything under a prefix, as one text (keys and hash fields and values). */
async function dump(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}*`);
  const parts: string[] = [...keys];
  for (const k of keys) {
    const type = await redis.type(k);
    if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(k)));
    if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(k, '0', '-1')));
  }
  return parts.join('\n');
}

describe('Diplomatic Portal security', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let redis: Redis;
  let config: AppConfig;
  const issue = async (missionId: string) =>
    (
      await request(http)
        .post(`/diplomatic-portal/missions/${missionId}/keys`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(201)
    ).body as { key: string; keyId: string };

  beforeAll(async () => {
    config = testConfig('portal-sec', { RATE_LIMIT: '0' });
    app = await startApiApp(config);
    http = app.getHttpServer();
    redis = new Redis(config.REDIS_URL);
  });

  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
  });

  it('keeps mission keys only as hashes, and a revoked key leaves nothing that opens anything', async () => {
    const { key, keyId } = await issue('france-emb-ankara');
    const secret = key.slice(4);
    expect(await dump(redis, config.QUEUE_PREFIX)).not.toContain(secret);
    await request(http)
      .delete(`/diplomatic-portal/missions/france-emb-ankara/keys/${keyId}`)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(204);
    expect(await dump(redis, config.QUEUE_PREFIX)).not.toContain(keyId);
  });

  it("another mission's request and a request that does not exist answer the same 404", async () => {
    const a = await issue('italy-emb-ankara');
    const b = await issue('spain-emb-ankara');
    const id = (
      await request(http)
        .post('/diplomatic-portal/requests')
        .set('Authorization', `Bearer ${a.key}`)
        .send({ area: 'premises', subject: 'Lease of a residence' })
        .expect(202)
    ).body.id as string;
    const foreign = await request(http)
      .get(`/diplomatic-portal/requests/${id}`)
      .set('Authorization', `Bearer ${b.key}`)
      .expect(404);
    const missing = await request(http)
      .get(`/diplomatic-portal/requests/dp_${randomBytes(13).toString('hex')}`)
      .set('Authorization', `Bearer ${b.key}`)
      .expect(404);
    expect(foreign.body).toEqual(missing.body);
    expect(JSON.stringify(foreign.body)).not.toContain('Lease');
  });

  it("keeps a request's subject and body only sealed in Redis; the mission reads them back", async () => {
    const { key } = await issue('norway-emb-ankara');
    const subject = 'Vehicle registration for First Secretary Ingrid Halvorsen';
    const body = 'Plate CD-4471, passport 31987654, ingrid.halvorsen@example.no';
    const sent = await request(http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key}`)
      .set('Idempotency-Key', `portal-${randomBytes(6).toString('hex')}`)
      .send({ area: 'vehicles', subject, body })
      .expect(202);
    expect(sent.body.subject).toBe(subject);
    const stored = await dump(redis, config.QUEUE_PREFIX);
    for (const secret of ['Halvorsen', 'CD-4471', '31987654', 'ingrid.halvorsen'])
      expect(stored, secret).not.toContain(secret);
    const one = await request(http)
      .get(`/diplomatic-portal/requests/${sent.body.id}`)
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(one.body.subject).toBe(subject);
    const list = await request(http)
      .get('/diplomatic-portal/requests')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    expect(list.body.items.map((r: { subject: string }) => r.subject)).toEqual([subject]);
  });

  it('the admin key routes want the admin credential (Bearer or Basic password) and nothing else', async () => {
    const mission = await issue('austria-emb-ankara');
    for (const auth of [
      undefined,
      `Bearer ${mission.key}`,
      `Basic ${Buffer.from('admin:wrong').toString('base64')}`,
    ]) {
      const r = request(http).post('/diplomatic-portal/missions/austria-emb-ankara/keys');
      await (auth ? r.set('Authorization', auth) : r).expect(401);
    }
    await request(http)
      .post('/diplomatic-portal/missions/austria-emb-ankara/keys')
      .set('Authorization', `Basic ${Buffer.from(`x:${TEST_ADMIN_TOKEN}`).toString('base64')}`)
      .expect(201);
  });

  it('reads the Bearer scheme in any case, as every other credential; the key itself exactly', async () => {
    const { key } = await issue('portugal-emb-ankara');
    const list = (authorization: string) =>
      request(http).get('/diplomatic-portal/requests').set('Authorization', authorization);
    // A record token and the admin credential were read so; a mission key was 401.
    for (const scheme of ['bearer', 'BEARER', 'beArer']) await list(`${scheme} ${key}`).expect(200);
    for (const forged of [
      key.toUpperCase(),
      `DPK_${key.slice(4)}`,
      `${key}x`,
      key.slice(0, -1),
      `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
    ])
      await list(`Bearer ${forged}`).expect(401);
  });

  it('answers with the security headers and JSON errors, never a stack trace', async () => {
    const r = await request(http)
      .post('/diplomatic-portal/requests')
      .set('Authorization', 'Bearer dpk_forged')
      .send({ area: 'tax', subject: 'x' })
      .expect(401);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.message).toMatch(/mission key is required/);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('reads page and pageSize as decimal digits only, each refused once otherwise', async () => {
    // Number() read 1e3 as page 1000, 0x10 as 16 and " 1" as 1; page=1&page=2 was three messages.
    const { key } = await issue('spain-emb-ankara');
    const list = (query: string) =>
      request(http)
        .get(`/diplomatic-portal/requests?${query}`)
        .set('Authorization', `Bearer ${key}`);
    for (const [query, message] of [
      ['page=1e3', 'page must be a whole number from 1 to 1000000'],
      ['page=%201', 'page must be a whole number from 1 to 1000000'],
      ['page=1.0', 'page must be a whole number from 1 to 1000000'],
      // A repeated parameter is told it is repeated: each `1` is a whole number from 1 to 1000000,
      // which that message denied (before 6 December 2026).
      ['page=1&page=2', 'page is sent 2 times in the query string: send each query parameter once'],
      ['page=1&page=1', 'page is sent 2 times in the query string: send each query parameter once'],
      [
        'pageSize=5&pageSize=5&pageSize=5',
        'pageSize is sent 3 times in the query string: send each query parameter once',
      ],
      [
        'p%61ge=1&page=1',
        'page is sent 2 times in the query string: send each query parameter once',
      ],
      ['page=0', 'page must be a whole number from 1 to 1000000'],
      ['page=1000001', 'page must be a whole number from 1 to 1000000'],
      ['page=99999999999999999999', 'page must be a whole number from 1 to 1000000'],
      ['pageSize=0x10', 'pageSize must be a whole number from 1 to 100'],
      ['pageSize=', 'pageSize must be a whole number from 1 to 100'],
    ]) {
      const r = await list(query).expect(400);
      expect(r.body.message, query).toEqual([message]);
    }
    const ok = await list('page=2&pageSize=07').expect(200);
    expect(ok.body).toMatchObject({ page: 2, pageSize: 7 });
  });
});
