import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * OWASP API1 (broken object-level authorisation) over every GET route that reads a citizen's
 * record: without the token returned at submission nothing opens; another record's token, a
 * forged one and hundreds of guessed ids open nothing either; "not yours" and "no such id" are
 * the same 404 (no existence oracle).
 */
const applicant = (n: string) => ({
  nationality: 'GB',
  passportNumber: `P${n}`,
  fullName: `Applicant ${n}`,
  email: `a${n}@example.org`,
  arrivalDate: plausibleArrivalDate(),
});

interface Route {
  /** OpenAPI path of the GET route. */
  path: string;
  create: (http: Http, n: string) => Promise<{ id: string; token: string }>;
  url: (id: string) => string;
  guess: () => string;
  /** Statuses a stranger's token may get on an existing record. */
  strangerStatuses: number[];
}
type Http = ReturnType<INestApplication['getHttpServer']>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const ROUTES: Route[] = [
  {
    path: '/evisa/applications/{id}',
    create: async (http, n) => {
      const r = await request(http).post('/evisa/applications').send(applicant(n)).expect(202);
      return { id: r.body.id, token: r.body.token };
    },
    url: (id) => `/evisa/applications/${id}`,
    guess: () => `ev_${hex(13)}`,
    strangerStatuses: [404],
  },
  {
    path: '/konsolosluk/transactions/{id}',
    create: async (http) => {
      const r = await request(http)
        .post('/konsolosluk/transactions')
        .send({ missionId: 'berlin-cg', operationId: 'passport-first-issue' })
        .expect(202);
      return { id: r.body.id, token: r.body.token };
    },
    url: (id) => `/konsolosluk/transactions/${id}`,
    guess: () => `kn_${hex(13)}`,
    strangerStatuses: [404],
  },
  {
    path: '/payments/{reference}',
    create: async (http, n) => {
      const reference = `bola-${n}-${hex(4)}`;
      const r = await request(http)
        .post('/payments')
        .send({ reference, amountMinor: 2000, currency: 'USD', channel: 'virtual-pos' })
        .expect(202);
      return { id: reference, token: r.body.token };
    },
    url: (id) => `/payments/${id}`,
    // References are client-chosen: guess sequential and random ones.
    guess: () => (Math.random() < 0.5 ? `bola-${hex(2)}-${hex(4)}` : `ev_${hex(13)}`),
    strangerStatuses: [404],
  },
  {
    // Tenants are missions: the credential is a mission key, and another mission is the stranger.
    path: '/diplomatic-portal/requests/{id}',
    create: async (http, n) => {
      const mission = n === '1000001' ? 'germany-emb-ankara' : 'russia-emb-ankara';
      const key = await request(http)
        .post(`/diplomatic-portal/missions/${mission}/keys`)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
        .expect(201);
      const r = await request(http)
        .post('/diplomatic-portal/requests')
        .set('Authorization', `Bearer ${key.body.key}`)
        .send({ area: 'accreditation', subject: `BOLA probe ${n}` })
        .expect(202);
      return { id: r.body.id, token: key.body.key };
    },
    url: (id) => `/diplomatic-portal/requests/${id}`,
    guess: () => `dp_${hex(13)}`,
    strangerStatuses: [404],
  },
];

describe('object-level authorisation on every GET route of a record', () => {
  let app: INestApplication;
  let http: Http;

  beforeAll(async () => {
    app = await startApiApp(testConfig('bola', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('covers every parameterised GET route of the API', async () => {
    const doc = await request(http).get('/docs-json').expect(200);
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path, ops]) => path.includes('{') && 'get' in ops)
      .map(([path]) => path);
    expect(routes.sort()).toEqual(ROUTES.map((r) => r.path).sort());
  });

  for (const route of ROUTES) {
    it(`${route.path}: 401 without the token, nothing for a stranger or a guess`, async () => {
      const owner = await route.create(http, '1000001');
      const stranger = await route.create(http, '2000002');
      await request(http).get(route.url(owner.id)).expect(401);
      await request(http).get(route.url(owner.id)).set('Authorization', owner.token).expect(401);
      // The token is not taken from the query string or a body, and the answer says where it
      // goes (401) before anything about what else was sent.
      for (const sent of [
        request(http).get(`${route.url(owner.id)}?token=${owner.token}`),
        request(http).get(route.url(owner.id)).send({ token: owner.token }),
      ]) {
        const r = await sent;
        expect(r.status, JSON.stringify(r.body)).toBe(401);
      }
      await request(http)
        .get(route.url(owner.id))
        .set('Authorization', `Bearer ${owner.token}`)
        .expect(200);
      const foreign = await request(http)
        .get(route.url(owner.id))
        .set('Authorization', `Bearer ${stranger.token}`);
      expect(route.strangerStatuses).toContain(foreign.status);
      const missing = await request(http)
        .get(route.url(route.guess()))
        .set('Authorization', `Bearer ${stranger.token}`);
      expect(missing.status).toBe(404);
      if (foreign.status === 404) expect(foreign.body).toEqual(missing.body);

      const guesses = [
        ...Array.from({ length: 250 }, route.guess),
        `${owner.id.slice(0, -1)}${owner.id.endsWith('0') ? '1' : '0'}`,
        owner.id.toUpperCase(),
        `${owner.id}%00`,
        '*',
        '..%2f',
      ];
      let opened = 0;
      for (const id of guesses) {
        const r = await request(http)
          .get(route.url(id))
          .set('Authorization', `Bearer ${stranger.token}`);
        if (r.status === 200) opened++;
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
      // The owner's id with forged tokens.
      for (let i = 0; i < 50; i++) {
        const r = await request(http)
          .get(route.url(owner.id))
          .set('Authorization', `Bearer ${randomBytes(32).toString('base64url')}`);
        if (r.status === 200) opened++;
      }
      console.log(
        `bola: ${route.path}: ${guesses.length} guessed ids and 50 forged tokens: ${opened} opened`,
      );
      expect(opened).toBe(0);
    }, 60_000);
  }
});
