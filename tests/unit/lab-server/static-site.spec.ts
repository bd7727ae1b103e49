import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAB_CSP,
  LabNotBuiltError,
  labHandler,
  startLabServer,
} from '../../../src/lab-server/static-site';

/** A raw request, so paths such as /../x reach the server unnormalised. */
function raw(port: number, line: string, headers = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () =>
      s.write(`${line}\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`),
    );
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

describe('the Lab static site', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-site-'));
    mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>lab</title>');
    // A name as Vite writes one (name, dash, 8-character hash), and one put there by hand.
    writeFileSync(join(dir, 'site', 'assets', 'a-Bx3k-9_z.js'), 'export {};');
    writeFileSync(join(dir, 'site', 'assets', 'a.js'), 'export {};');
    writeFileSync(join(dir, 'site', 'robots.txt'), 'User-agent: *');
    writeFileSync(join(dir, 'site', 'changing.txt'), 'first');
    writeFileSync(join(dir, 'secret.txt'), 'not for you');
    // Links in the folder to what is outside it: a file, and a folder.
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'site', 'linked.txt'));
    symlinkSync(dir, join(dir, 'site', 'up'));
    ({ server, url } = await startLabServer(0, '127.0.0.1', join(dir, 'site')));
    port = Number(new URL(url).port);
  });

  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with its content-security policy and the assets with their types', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(LAB_CSP);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const js = await fetch(`${url}assets/a-Bx3k-9_z.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-length')).toBe(String('export {};'.length));
  });

  it('caches for a year only the names Vite gives by content; any other file is checked on each load', async () => {
    // A file whose name does not change with its content, cached as immutable, would be served
    // stale for a year after it changed.
    for (const path of ['assets/a.js', 'robots.txt', '']) {
      const r = await fetch(`${url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('follows no link out of its folder', async () => {
    for (const path of ['/linked.txt', '/up/secret.txt']) {
      const answer = await raw(port, `GET ${path} HTTP/1.1`);
      expect(answer, path).toMatch(/^HTTP\/1\.1 404/);
      expect(answer).not.toContain('not for you');
    }
  });

  it('reads a path that starts with // as a path, not as a host', async () => {
    // `//x/index.html` was parsed as host x and path /index.html, and served the page.
    expect(await raw(port, 'GET //x/index.html HTTP/1.1')).toMatch(/^HTTP\/1\.1 404/);
    // Empty segments are nothing more: //index.html is the page.
    expect(await raw(port, 'GET //index.html HTTP/1.1')).toMatch(/^HTTP\/1\.1 200/);
    // A request in absolute form (RFC 9112 3.2.2) is served its path.
    expect(await raw(port, 'GET http://localhost/index.html HTTP/1.1')).toMatch(/^HTTP\/1\.1 200/);
    // A target that is not a path is refused as one.
    expect(await raw(port, 'GET index.html HTTP/1.1')).toMatch(/^HTTP\/1\.1 400/);
  });

  it('gives its refusals a policy that loads nothing and lets no page frame them', async () => {
    for (const r of [
      await fetch(`${url}nope.js`),
      await fetch(url, { method: 'POST', body: 'x' }),
      await fetch(`${url}%E0%A4%A`),
    ]) {
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers under /lab as serve mounts it, redirecting /lab to /lab/', async () => {
    expect((await fetch(`${url}lab/`)).status).toBe(200);
    const r = await fetch(`${url}lab?lang=tr`, { redirect: 'manual' });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/lab/?lang=tr');
  });

  it('gives the redirect of /lab the headers of its other answers that are not files', async () => {
    // It had a Location and nothing else: no policy, no nosniff, framable.
    for (const path of ['lab', 'lab?lang=tr']) {
      const r = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect(r.status, path).toBe(301);
      expect(r.headers.get('content-security-policy'), path).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('cache-control'), path).toBe('no-store');
      expect(r.headers.get('content-length'), path).toBe('0');
      expect(await r.text(), path).toBe('');
    }
  });

  it('tags each file by its content, and answers a copy that is current 304 with no body', async () => {
    for (const path of ['', 'index.html', 'robots.txt', 'assets/a.js', 'assets/a-Bx3k-9_z.js']) {
      const first = await fetch(`${url}${path}`);
      const tag = first.headers.get('etag') ?? '';
      // A strong tag (no W/), the same for the same bytes, on GET as on HEAD.
      expect(tag, path).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect((await fetch(`${url}${path}`)).headers.get('etag'), path).toBe(tag);
      expect((await fetch(`${url}${path}`, { method: 'HEAD' })).headers.get('etag'), path).toBe(
        tag,
      );
      const cacheControl = first.headers.get('cache-control');
      // The tag in If-None-Match: as sent, weak (compared weakly, RFC 9110 13.1.2), in a list, or *.
      for (const inm of [tag, `W/${tag}`, `"other", ${tag}`, '*']) {
        for (const method of ['GET', 'HEAD']) {
          const answer = await raw(
            port,
            `${method} /${path} HTTP/1.1`,
            `If-None-Match: ${inm}\r\n`,
          );
          const [head, body] = answer.split('\r\n\r\n');
          expect(head, `${method} ${path} ${inm}`).toMatch(/^HTTP\/1\.1 304/);
          expect(body, `${method} ${path} ${inm}`).toBe('');
          // RFC 9110 15.4.5: the fields a cache updates its copy from, not the content's.
          expect(head).toContain(`ETag: ${tag}`);
          expect(head).toContain(`Cache-Control: ${cacheControl}`);
          expect(head).toContain('Content-Security-Policy: ');
          expect(head).toMatch(/\r\nDate: /);
          expect(head).not.toMatch(/\r\n(Content-Type|Content-Length|Transfer-Encoding):/i);
        }
      }
      // Another tag is an old copy: the file, in full.
      const stale = await fetch(`${url}${path}`, { headers: { 'If-None-Match': '"old"' } });
      expect(stale.status, path).toBe(200);
      expect(await stale.text(), path).toBe(await first.text());
    }
    // The hashed assets stay cached for a year.
    expect((await fetch(`${url}assets/a-Bx3k-9_z.js`)).headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('gives a file a new tag when it changes under the running server', async () => {
    const before = (await fetch(`${url}changing.txt`)).headers.get('etag') ?? '';
    expect(before).toMatch(/^"[A-Za-z0-9_-]+"$/);
    writeFileSync(join(dir, 'site', 'changing.txt'), 'second, longer');
    const after = await fetch(`${url}changing.txt`, { headers: { 'If-None-Match': before } });
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('second, longer');
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('gives nothing outside its folder and only reads', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const answer = await raw(port, `GET ${path} HTTP/1.1`);
      expect(answer, path).toMatch(/^HTTP\/1\.1 404/);
      expect(answer).not.toContain('not for you');
    }
    expect((await fetch(`${url}nope.js`)).status).toBe(404);
    expect((await fetch(`${url}%E0%A4%A`)).status).toBe(400);
    const post = await fetch(url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers OPTIONS with what a path takes, as the API does: 204 and Allow', async () => {
    // `*` is the server as a whole (RFC 9110 9.3.7).
    for (const path of ['/', '/index.html', '*']) {
      const answer = await raw(port, `OPTIONS ${path} HTTP/1.1`);
      expect(answer, path).toMatch(/^HTTP\/1\.1 204 /);
      expect(answer, path).toMatch(/\r\nAllow: GET, HEAD, OPTIONS\r\n/);
      expect(answer, path).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/);
    }
    // A path that is no file of the site is 404 whatever the method, as on the API.
    for (const method of ['OPTIONS', 'POST'])
      expect(await raw(port, `${method} /nope.js HTTP/1.1`), method).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('gives a URL that opens on an IPv6 host: the address in brackets', async () => {
    const v6 = await startLabServer(0, '::1', join(dir, 'site'));
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const page = await fetch(v6.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>lab</title>');
    } finally {
      v6.server.close();
    }
  });

  it('says how to build it when it is not built', () => {
    expect(() => labHandler(join(dir, 'missing'))).toThrow(LabNotBuiltError);
    expect(() => labHandler(join(dir, 'missing'))).toThrow(/npm run build:lab/);
  });
});
