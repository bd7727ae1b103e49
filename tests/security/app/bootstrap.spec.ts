import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;

describe('the dashboard and the docs', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startApiApp(testConfig('headers', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('send security headers: no framing, a content-security policy, no X-Powered-By', async () => {
    for (const [path, auth] of [
      ['/admin/queues', ADMIN],
      ['/admin/queues/api/queues', ADMIN],
      ['/admin/queues', undefined],
      ['/docs', undefined],
      ['/docs/', undefined],
      ['/docs-json', undefined],
      ['/no/such/route', undefined],
    ] as const) {
      const r = await (auth
        ? request(http).get(path).set('Authorization', auth)
        : request(http).get(path));
      expect(r.headers['x-powered-by'], path).toBeUndefined();
      expect(r.headers['x-frame-options'], path).toBe('SAMEORIGIN');
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      const csp = r.headers['content-security-policy'] ?? '';
      expect(csp, path).toMatch(/frame-ancestors '(none|self)'/);
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const page = await request(http).get('/admin/queues').set('Authorization', ADMIN).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('write routes refuse other origins and non-JSON bodies', async () => {
    const add = '/admin/queues/api/queues/payments/add';
    const job = JSON.stringify({ name: 'x', data: {} });
    // A cross-site form: text/plain, the attacker's origin, and the same with a JSON body: both
    // refused for their origin, by the admin check, which comes before any judgement of the body.
    await request(http)
      .post(add)
      .set('Authorization', ADMIN)
      .set('Origin', 'https://evil.example')
      .set('Content-Type', 'text/plain')
      .send(job)
      .expect(403);
    await request(http)
      .post(add)
      .set('Authorization', ADMIN)
      .set('Origin', 'https://evil.example')
      .set('Content-Type', 'application/json')
      .send(job)
      .expect(403);
    await request(http)
      .post(add)
      .set('Authorization', ADMIN)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Content-Type', 'application/json')
      .send(job)
      .expect(403);
    // Same origin but not JSON.
    const plain = await request(http)
      .post(add)
      .set('Authorization', ADMIN)
      .set('Content-Type', 'text/plain')
      .send(job);
    expect(plain.status).toBe(415);
    expect(plain.body.message).toMatch(/JSON/);
    const form = await request(http)
      .put('/admin/queues/api/queues/payments/retry/failed')
      .set('Authorization', ADMIN)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('a=1');
    expect(form.status).toBe(415);
    // The dashboard itself (same origin, no body or JSON) still works.
    const host = `127.0.0.1:${12345}`;
    await request(http)
      .put('/admin/queues/api/queues/payments/retry/failed')
      .set('Authorization', ADMIN)
      .set('Host', host)
      .set('Origin', `http://${host}`)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect((r) => expect(r.status).toBeLessThan(300));
  });
});
