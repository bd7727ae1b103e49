import 'reflect-metadata';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * The portal's part of the OpenAPI document at /docs-json, read as an outside client would:
 * the credential each route takes, the idempotency key's scope and rule, and every answer a
 * client provokes with a mistake the routes refuse (each one a documented status). Found by
 * probing a live `serve` (portal-probe, 7 December 2026): the mission key was documented as the
 * `bearer` scheme of the admin token, as a JWT; the Idempotency-Key as bound to the client's
 * address; the key routes' 403, 400 and 415 and the status route's 400 not at all.
 */

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; description?: string; schema?: { type?: string } }[];
  responses: Record<string, unknown>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }>;
    securitySchemes: Record<string, { type: string; scheme?: string; bearerFormat?: string }>;
  };
}

const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;
const KEYS = '/diplomatic-portal/missions/{missionId}/keys';
const KEY = '/diplomatic-portal/missions/{missionId}/keys/{keyId}';
const REQUESTS = '/diplomatic-portal/requests';
const REQUEST = '/diplomatic-portal/requests/{id}';

describe('the OpenAPI document of the Diplomatic Portal, against what its routes answer', () => {
  const api = useApiApp(testConfig('portal-openapi', { RATE_LIMIT: '0' }));
  let doc: OpenApi;
  let missionKey: string;
  let keyId: string;
  beforeAll(async () => {
    doc = (await request(api.http).get('/docs-json').expect(200)).body as OpenApi;
    const issued = await request(api.http)
      .post('/diplomatic-portal/missions/germany-emb-ankara/keys')
      .set('Authorization', ADMIN)
      .expect(201);
    missionKey = issued.body.key;
    keyId = issued.body.keyId;
  });

  it('names the mission key as its own scheme on the mission routes, and no credential a JWT', () => {
    for (const [path, method] of [
      [REQUESTS, 'post'],
      [REQUESTS, 'get'],
      [REQUEST, 'get'],
    ] as const) {
      const security = doc.paths[path][method].security ?? [];
      expect(security, `${method} ${path}`).toHaveLength(1);
      const scheme = doc.components.securitySchemes[Object.keys(security[0])[0]];
      expect(scheme, `${method} ${path}`).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(scheme.bearerFormat, `${method} ${path}`).toMatch(/dpk_/);
      // The admin routes take another credential: not the mission key's scheme.
      expect(doc.paths[KEYS].post.security).not.toEqual(security);
    }
    for (const [name, scheme] of Object.entries(doc.components.securitySchemes))
      expect(scheme.bearerFormat ?? '', name).not.toBe('JWT');
  });

  it("documents the Idempotency-Key as the mission's, with the field's rule the header's", async () => {
    const op = doc.paths[REQUESTS].post;
    const header = (op.parameters ?? []).find((p) => p.name === 'Idempotency-Key');
    expect(header?.description).toMatch(/mission/);
    expect(header?.description).not.toMatch(/client address/);
    const field = doc.components.schemas.PortalRequestDto.properties?.idempotencyKey;
    expect(field).toMatchObject({ pattern: '^[A-Za-z0-9._:-]{8,128}$' });
    // The rule documented is the rule applied: 7 characters is a 400 naming the field.
    const short = await request(api.http)
      .post(REQUESTS)
      .set('Authorization', `Bearer ${missionKey}`)
      .send({ area: 'tax', subject: 'Exemption', idempotencyKey: 'abcdefg' })
      .expect(400);
    expect(JSON.stringify(short.body.message)).toContain('idempotencyKey');
  });

  it('types page and pageSize as integers, as the route reads them', async () => {
    for (const p of doc.paths[REQUESTS].get.parameters ?? [])
      expect(p.schema?.type, p.name).toBe('integer');
    await request(api.http)
      .get(REQUESTS)
      .query({ page: '1.5' })
      .set('Authorization', `Bearer ${missionKey}`)
      .expect(400);
  });

  it('documents every answer a client provokes with a mistake', async () => {
    const keyPath = '/diplomatic-portal/missions/germany-emb-ankara/keys';
    const auth = `Bearer ${missionKey}`;
    const provoked: [string, string, request.Test][] = [
      [KEYS, 'post', request(api.http).post(keyPath).set('Authorization', ADMIN).send({ x: 1 })],
      [
        KEYS,
        'post',
        request(api.http)
          .post(keyPath)
          .set('Authorization', ADMIN)
          .set('Content-Type', 'text/plain')
          .send('x'),
      ],
      [
        KEYS,
        'post',
        request(api.http)
          .post(keyPath)
          .set('Authorization', ADMIN)
          .set('Origin', 'https://elsewhere.example'),
      ],
      [
        KEY,
        'delete',
        request(api.http)
          .delete(`${keyPath}/${keyId}`)
          .set('Authorization', ADMIN)
          .set('Origin', 'https://elsewhere.example'),
      ],
      [
        KEY,
        'delete',
        request(api.http).delete(`${keyPath}/${keyId}`).set('Authorization', ADMIN).send({ x: 1 }),
      ],
      [
        REQUEST,
        'get',
        request(api.http)
          .get(`${REQUESTS}/dp_00000000000000000000000000`)
          .query({ x: '1' })
          .set('Authorization', auth),
      ],
      [
        REQUEST,
        'get',
        request(api.http)
          .get(`${REQUESTS}/dp_00000000000000000000000000?x=1&x=2`)
          .set('Authorization', auth),
      ],
      [REQUESTS, 'get', request(api.http).get(`${REQUESTS}?x=1`).set('Authorization', auth)],
    ];
    for (const [path, method, pending] of provoked) {
      const res = await pending;
      const what = `${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(Object.keys(doc.paths[path][method].responses), what).toContain(String(res.status));
    }
    // None of them was taken: the key is still there to revoke.
    await request(api.http).delete(`${keyPath}/${keyId}`).set('Authorization', ADMIN).expect(204);
  });
});
