import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A method a published path does not take is 405 with `Allow`, not the 404 `Cannot PUT
 * /evisa/applications` of a path that does not exist; OPTIONS on such a path is 204 with
 * `Allow`. Paths the OpenAPI document does not publish, and unknown paths, stay 404.
 */
describe('a method a path does not take', () => {
  const api = useApiApp(testConfig('method-not-allowed', { RATE_LIMIT: '0' }));

  it('is 405 naming the method and the ones the path takes, in the JSON error shape', async () => {
    const r = await request(api.http).put('/evisa/applications').send({ a: 1 });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST, OPTIONS');
    expect(r.body).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'PUT is not allowed on /evisa/applications: it takes POST, OPTIONS',
    });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('matches parametric paths, and lists HEAD with GET', async () => {
    for (const method of ['delete', 'patch', 'post', 'put'] as const) {
      const r = await request(api.http)[method](
        '/evisa/applications/ev_0123456789abcdef0123456789',
      );
      expect(r.status, method).toBe(405);
      expect(r.headers.allow, method).toBe('GET, HEAD, OPTIONS');
      expect(r.body.message).toContain(
        `${method.toUpperCase()} is not allowed on /evisa/applications/ev_`,
      );
    }
  });

  it('joins the methods of every route on one path', async () => {
    const r = await request(api.http).put('/diplomatic-portal/requests');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('HEAD on a POST-only path is 405 too', async () => {
    const r = await request(api.http).head('/hizir/messages');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('POST, OPTIONS');
  });

  it('OPTIONS on a path is 204 with Allow and no CORS headers', async () => {
    const r = await request(api.http).options('/payments/INV-1');
    expect(r.status).toBe(204);
    expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(r.text).toBe('');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('the methods a path takes are unchanged', async () => {
    expect((await request(api.http).get('/health/live')).status).toBe(200);
    const r = await request(api.http).get('/evisa/applications/ev_0123456789abcdef0123456789');
    expect(r.status).toBe(401);
  });

  it('an unknown path stays 404, whatever the method', async () => {
    for (const method of ['get', 'put', 'delete', 'options'] as const) {
      const r = await request(api.http)[method]('/evisa/nothing-here');
      expect(r.status, method).toBe(404);
      expect(r.headers.allow).toBeUndefined();
    }
  });

  it('/metrics and the OpenAPI document itself, listed in docs/api.md, are 405 with Allow too', async () => {
    for (const path of ['/metrics', '/docs-json', '/docs-yaml']) {
      const r = await request(api.http)
        .put(path)
        .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      expect(r.status, path).toBe(405);
      expect(r.headers.allow, path).toBe('GET, HEAD, OPTIONS');
      const o = await request(api.http).options(path);
      expect(o.status, path).toBe(204);
    }
  });

  // They were 404 `Cannot POST /docs`, as for a path that does not exist.
  it('the docs page and each of its files: 405 with Allow GET, HEAD; OPTIONS 204; HEAD as GET without a body', async () => {
    const paths = ['/docs', '/docs/', '/docs/swagger-ui.css', '/docs/swagger-ui-init.js'];
    for (const path of paths) {
      for (const method of ['post', 'put', 'delete', 'patch'] as const) {
        const r = await request(api.http)[method](path);
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.allow, path).toBe('GET, HEAD, OPTIONS');
        expect(r.body).toEqual({
          statusCode: 405,
          error: 'Method Not Allowed',
          message: `${method.toUpperCase()} is not allowed on ${path}: the documentation page and its files take GET, HEAD`,
        });
      }
      const o = await request(api.http).options(path);
      expect([o.status, o.headers.allow, o.text], path).toEqual([204, 'GET, HEAD, OPTIONS', '']);
      const get = await request(api.http).get(path);
      const head = await request(api.http).head(path);
      expect(get.status, path).toBe(200);
      expect([head.status, head.headers['content-type'], head.text], path).toEqual([
        200,
        get.headers['content-type'],
        undefined,
      ]);
    }
    // A path outside the page's files is still 404, whatever the method.
    const r = await request(api.http).put('/docs/package.json');
    expect([r.status, r.headers.allow]).toEqual([404, undefined]);
  });

  it('the dashboard page and its API routes: 405 with the Allow of their routes, HEAD as GET', async () => {
    const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues']) {
      for (const method of ['post', 'put', 'delete', 'patch'] as const) {
        const r = await request(api.http)[method](path).set(admin);
        expect(r.status, `${method} ${path}`).toBe(405);
        expect(r.headers.allow, path).toBe('GET, HEAD, OPTIONS');
        expect(r.body.message, path).toMatch(
          new RegExp(
            `^${method.toUpperCase()} is not allowed on /admin/queues/?.*: it takes GET, HEAD, OPTIONS$`,
          ),
        );
      }
      const get = await request(api.http).get(path).set(admin);
      const head = await request(api.http).head(path).set(admin);
      expect([head.status, head.headers['content-type'], head.text], path).toEqual([
        get.status,
        get.headers['content-type'],
        undefined,
      ]);
    }
    // A route that takes the method still answers it; without the credential it is 401 first.
    const retry = await request(api.http)
      .put('/admin/queues/api/queues/evisa/retry/failed')
      .set(admin);
    expect(retry.status).not.toBe(405);
    expect((await request(api.http).post('/admin/queues')).status).toBe(401);
  });

  it('a record not found on a route that matched is still the route 404', async () => {
    const r = await request(api.http)
      .get('/evisa/applications/ev_0123456789abcdef0123456789')
      .set('Authorization', 'Bearer not-the-token');
    expect(r.status).toBe(404);
    expect(r.headers.allow).toBeUndefined();
  });

  // Swagger's route for /docs/LICENSE throws a bare NotFoundException: its body had no `error`.
  // The docs' allow-list (docs-assets.ts) now answers that path before Swagger's route does.
  it('a 404 thrown without a message is in the one error shape too', async () => {
    const r = await request(api.http).get('/docs/LICENSE');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message:
        "Cannot GET /docs/LICENSE: /docs serves the API's documentation page and the files it loads, nothing else (the OpenAPI document is /docs-json, or /docs-yaml)",
    });
  });
});
