import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { startLabServer } from '../../../src/lab-server/static-site';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * The Lab's refusals are the API's one error body, as JSON. Under `serve`, /lab answered a
 * write (405), a path outside its folder (`/lab/..%2f..%2fpackage.json`) and a NUL (`%00`) with a
 * line of text (`not found`, `bad request`), while every other path of the API, a missing file
 * under /lab included, answered JSON; a path outside the folder now answers as a missing one.
 */
const ROOT = resolve(__dirname, '../../..');

/** A raw request, so a path such as /../x reaches the server unnormalised; the status and the body. */
function raw(port: number, line: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const s = connect(port, '127.0.0.1', () =>
      s.write(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () =>
      done({ status: Number(out.slice(9, 12)), body: out.slice(out.indexOf('\r\n\r\n') + 4) }),
    );
    s.on('error', fail);
  });
}

function expectErrorBody(body: unknown, status: number, error: string): void {
  expect(body).toMatchObject({ statusCode: status, error });
  expect(typeof (body as { message: unknown }).message).toBe('string');
}

describe('the Lab under serve answers its refusals as the API does', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let port: number;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'lab', 'index.html'))) {
      const b = spawnSync('npm', ['run', 'build:lab'], { cwd: ROOT, encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
    }
    app = await createApiApp(testConfig('laberr', { RATE_LIMIT: '0' }), { logger: false });
    await app.listen(0, '127.0.0.1');
    http = app.getHttpServer();
    port = (http.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a write is 405 in the JSON error body, with Allow', async () => {
    for (const method of ['post', 'put', 'delete'] as const) {
      const r = await request(http)[method]('/lab/').expect(405);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expectErrorBody(r.body, 405, 'Method Not Allowed');
      expect(r.body.message).toContain(`${method.toUpperCase()} is not allowed on /lab/`);
    }
  });

  it('OPTIONS is 204 with Allow, as on the API and /docs; a missing path is 404 whatever the method', async () => {
    const docs = await request(http).options('/docs/').expect(204);
    for (const path of ['/lab/', '/lab/index.html', '/lab', '/lab?x=1']) {
      const r = await request(http).options(path);
      expect(r.status, path).toBe(204);
      expect(r.headers.allow, path).toBe(docs.headers.allow);
      expect(r.text, path).toBe('');
    }
    for (const method of ['post', 'delete'] as const) {
      // /lab redirects GET and HEAD only: a write was sent to /lab/ with 301.
      const r = await request(http)[method]('/lab').expect(405);
      expect(r.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(r.headers.location).toBeUndefined();
      expect((await request(http)[method]('/lab/nope.js')).status).toBe(404);
    }
    expect((await request(http).options('/lab/nope.js')).status).toBe(404);
    expect((await request(http).get('/lab')).status).toBe(301);
  });

  it('a path outside its folder, or with NUL, is the 404 of a missing file', async () => {
    const missing = await request(http).get('/lab/nope.js').expect(404);
    for (const path of [
      '/lab/..%2f..%2fpackage.json',
      '/lab/assets/..%2f..%2f..%2fpackage.json',
      '/lab/%00',
    ]) {
      const r = await raw(port, `GET ${path} HTTP/1.1`);
      expect(r.status, path).toBe(404);
      const body = JSON.parse(r.body) as { message: string };
      expectErrorBody(body, 404, 'Not Found');
      expect(body.message.replace(path, '<path>')).toBe(
        (missing.body as { message: string }).message.replace('/lab/nope.js', '<path>'),
      );
    }
  });
});

describe('the Lab on its own answers its refusals in the same JSON body', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-err-'));
    mkdirSync(join(dir, 'site'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(join(dir, 'secret.txt'), 'not for you');
    ({ server, url } = await startLabServer(0, '127.0.0.1', join(dir, 'site')));
    port = Number(new URL(url).port);
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('405, 400 and 404 are JSON naming the problem; nothing outside the folder', async () => {
    const post = await fetch(url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('content-type')).toMatch(/^application\/json/);
    expectErrorBody(await post.json(), 405, 'Method Not Allowed');
    const bad = await fetch(`${url}%E0%A4%A`);
    expect(bad.status).toBe(400);
    expectErrorBody(await bad.json(), 400, 'Bad Request');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/%00', '/nope.js']) {
      const r = await raw(port, `GET ${path} HTTP/1.1`);
      expect(r.status, path).toBe(404);
      expectErrorBody(JSON.parse(r.body), 404, 'Not Found');
      expect(r.body).not.toContain('not for you');
    }
  });
});
