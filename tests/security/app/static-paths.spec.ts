import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * What /docs and the dashboard serve of their folders. /docs served the whole swagger-ui-dist
 * folder (package.json, README.md, every source map, the package's own demonstration page at
 * /docs/./), and a directory path under /docs or the dashboard's static files (/docs/.,
 * /admin/queues/static/js) was Express's HTML 301 page.
 */
const ADMIN = `Bearer ${TEST_ADMIN_TOKEN}`;

/** The swagger-ui-dist folder @nestjs/swagger serves /docs from (its own dependency's). */
const SWAGGER_UI_DIST = dirname(
  createRequire(require.resolve('@nestjs/swagger')).resolve('swagger-ui-dist/package.json'),
);

/** The static folder Bull Board's dashboard serves at /admin/queues/static (@bull-board/api's own ui). */
const BOARD_STATIC = join(
  dirname(createRequire(require.resolve('@bull-board/api')).resolve('@bull-board/ui/package.json')),
  'dist',
  'static',
);

/** Every file under `dir`, relative to it with `/`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** GET `path` exactly as written (no client-side normalisation of `.` or `%2e`). */
function get(port: number, path: string, auth?: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: auth ? { Authorization: auth } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The API's one error shape, as a 404. */
function expectApi404(r: Answer, path: string): void {
  expect(r.status, `${path}: ${r.text.slice(0, 120)}`).toBe(404);
  expect(r.headers['content-type'], path).toMatch(/^application\/json/);
  expect(r.headers.location, path).toBeUndefined();
  const body = JSON.parse(r.text) as Record<string, unknown>;
  expect(Object.keys(body).sort(), path).toEqual(['error', 'message', 'statusCode']);
  expect(body.statusCode).toBe(404);
  expect(body.error).toBe('Not Found');
}

/** The same-origin URLs a page loads (`src` and `href`), resolved against the page's own URL. */
function loadedBy(html: string, pageUrl: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
    .map((m) => new URL(m[1], pageUrl))
    .filter((u) => u.origin === new URL(pageUrl).origin)
    .map((u) => u.pathname);
}

describe('the docs and the dashboard serve only what their pages load', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await createApiApp(testConfig('static-paths', { RATE_LIMIT: '0' }), { logger: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('/docs and /docs/ load every file their page asks for', async () => {
    for (const page of ['/docs', '/docs/']) {
      const r = await get(port, page);
      expect(r.status, page).toBe(200);
      const files = loadedBy(r.text, `http://127.0.0.1:${port}${page}`);
      expect(files.length, page).toBeGreaterThanOrEqual(6);
      for (const file of files)
        expect((await get(port, file)).status, `${page}: ${file}`).toBe(200);
    }
  });

  it("no other file of swagger-ui-dist's folder, nor /docs/index.html, is served", async () => {
    const page = await get(port, '/docs');
    const loaded = new Set(loadedBy(page.text, `http://127.0.0.1:${port}/docs`));
    const others = readdirSync(SWAGGER_UI_DIST)
      .map((f) => `/docs/${f}`)
      .filter((p) => !loaded.has(p));
    // package.json, README.md, LICENSE, the maps, the ES bundles, its own index.html...
    expect(others).toEqual(
      expect.arrayContaining([
        '/docs/package.json',
        '/docs/README.md',
        '/docs/swagger-ui-bundle.js.map',
        '/docs/index.html',
      ]),
    );
    for (const path of others) {
      const r = await get(port, path);
      expectApi404(r, path);
      expect(JSON.parse(r.text).message).toBe(
        `Cannot GET ${path}: /docs serves the API's documentation page and the files it loads, nothing else (the OpenAPI document is /docs-json, or /docs-yaml)`,
      );
    }
    // The document itself is where the message says.
    expect((await get(port, '/docs-json')).status).toBe(200);
    expect((await get(port, '/docs-yaml')).status).toBe(200);
  });

  it('a directory path is a 404 in the API shape, never an HTML redirect', async () => {
    for (const [path, auth] of [
      ['/docs/.', undefined],
      ['/docs/./', undefined],
      ['/docs/%2e', undefined],
      ['/docs/./package.json', undefined],
      ['/admin/queues/static', ADMIN],
      ['/admin/queues/static/js', ADMIN],
      ['/admin/queues/static/css', ADMIN],
    ] as const)
      expectApi404(await get(port, path, auth), path);
    // The dashboard's page and its files still load.
    const board = await get(port, '/admin/queues', ADMIN);
    expect(board.status).toBe(200);
    const files = loadedBy(board.text, `http://127.0.0.1:${port}/admin/queues/`).filter((p) =>
      p.startsWith('/admin/queues/static/'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect((await get(port, file, ADMIN)).status, file).toBe(200);
  });

  it("the dashboard's static folder serves the files its page loads and no other, by one spelling", async () => {
    const all = filesUnder(BOARD_STATIC);
    const page = await get(port, '/admin/queues', ADMIN);
    const linked = loadedBy(page.text, `http://127.0.0.1:${port}/admin/queues/`).filter((p) =>
      p.startsWith('/admin/queues/static/'),
    );
    // What the page's scripts load on demand: their chunks and stylesheets (named in the
    // runtime of main.js by folder), and each language's messages.
    const onDemand = all
      .filter(
        (f) =>
          /^(js|css)\/async\/[^/]+\.(js|css)$/.test(f) ||
          /^locales\/[^/]+\/messages\.json$/.test(f),
      )
      .map((f) => `/admin/queues/static/${f}`);
    const main = linked.find((p) => /\/js\/main\.[^/]+\.js$/.test(p));
    expect(main).toBeDefined();
    const runtime = readFileSync(
      join(BOARD_STATIC, main!.slice('/admin/queues/static/'.length)),
      'utf8',
    );
    expect(runtime).toContain('static/js/async/');
    expect(runtime).toContain('static/locales/{{lng}}/{{ns}}.json');
    expect(onDemand.length).toBeGreaterThan(20);
    const loaded = new Set([...linked, ...onDemand]);
    for (const file of loaded) {
      const r = await get(port, file, ADMIN);
      expect(r.status, file).toBe(200);
      expect(r.headers['x-content-type-options'], file).toBe('nosniff');
      expect(r.headers['cache-control'], file).toBe('no-store');
    }
    // The licence texts beside the scripts, favicon.ico: in the folder, loaded by nothing.
    const others = all.map((f) => `/admin/queues/static/${f}`).filter((p) => !loaded.has(p));
    expect(others).toEqual(
      expect.arrayContaining([
        '/admin/queues/static/favicon.ico',
        expect.stringMatching(/\.LICENSE\.txt$/),
      ]),
    );
    for (const path of others) {
      const r = await get(port, path, ADMIN);
      expectApi404(r, path);
      expect(JSON.parse(r.text).message).toBe(
        `Cannot GET ${path}: the dashboard's static folder serves the files its page loads, nothing else`,
      );
    }
    // A listed file by another spelling: an encoded slash, another case, a dot segment sent
    // encoded, a backslash, a trailing slash or NUL, a double encoding.
    const [dir, name] = main!.slice('/admin/queues/static/'.length).split('/');
    for (const path of [
      `/admin/queues/static/${dir}%2f${name}`,
      `/admin/queues/static/${dir}%2F${name}`,
      `/admin/queues/Static/${dir}/${name}`,
      `/admin/queues/static/${dir.toUpperCase()}/${name}`,
      `/admin/queues/static/%2e/${dir}/${name}`,
      `/admin/queues/static/${dir}%5c${name}`,
      `/admin/queues/static/${dir}/${name}/`,
      `/admin/queues/static/${dir}/${name}%00`,
      `/admin/queues/static/${dir}%252f${name}`,
      `/admin/queues/static/${dir}/${name}.map`,
    ])
      expectApi404(await get(port, path, ADMIN), path);
    // Without the credential, any path of the folder is 401 first.
    expect((await get(port, main!)).status).toBe(401);
    expect((await get(port, '/admin/queues/static/favicon.ico')).status).toBe(401);
    // Another method on a listed file: 405 naming GET and HEAD; OPTIONS 204 with Allow.
    const post = await get(port, main!, ADMIN, 'DELETE');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(post.text)).toMatchObject({ statusCode: 405, error: 'Method Not Allowed' });
    const options = await get(port, main!, ADMIN, 'OPTIONS');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD');
  });
});
