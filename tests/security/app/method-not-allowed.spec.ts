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

  it('a file of the docs page no route takes stays 404', async () => {
    const r = await request(api.http).put('/docs/swagger-ui.css');
    expect(r.status).toBe(404);
    expect(r.headers.allow).toBeUndefined();
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
