import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_CSP, startLabServer } from '../../../src/lab-server/static-site';

/**
 * `consular-sim lab` answers only requests naming it. A page of another site can point its own
 * DNS name at 127.0.0.1 (DNS rebinding) and read the Lab as its own origin from the browser of
 * whoever runs it: its requests reach the server with `Host: evil.example:4178`, which the Lab
 * answered like any other.
 */
const ROOT = resolve(__dirname, '../../..');

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw request with exactly the given header lines (no Host added). */
function raw(port: number, lines: string[], host = '127.0.0.1'): Promise<Answer> {
  return new Promise((done, fail) => {
    const s = connect(port, host, () =>
      s.write(`${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n`),
    );
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => {
      const head = out.slice(0, out.indexOf('\r\n\r\n'));
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      done({ status: Number(out.slice(9, 12)), headers, body: out.slice(head.length + 4) });
    });
    s.on('error', fail);
  });
}

function expectMisdirected(r: Answer, what: string): void {
  expect(r.status, what).toBe(421);
  expect(r.headers['content-type'], what).toBe('application/json; charset=utf-8');
  expect(r.headers['cache-control'], what).toBe('no-store');
  expect(r.headers['x-content-type-options'], what).toBe('nosniff');
  expect(r.headers['x-frame-options'], what).toBe('DENY');
  expect(r.headers['content-security-policy'], what).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  const body = JSON.parse(r.body) as Record<string, unknown>;
  expect(Object.keys(body).sort(), what).toEqual(['error', 'message', 'statusCode']);
  expect(body.statusCode).toBe(421);
  expect(body.error).toBe('Misdirected Request');
  expect(body.message, what).toMatch(/is not a name of this server.*--allow-host/);
  expect(body.message, what).not.toContain('<h1>lab');
}

describe('the Lab server answers only the names it listens on', () => {
  let dir: string;
  let site: string;
  const servers: Server[] = [];
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-host-'));
    site = join(dir, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<!doctype html><h1>lab page</h1>');
    const lab = await startLabServer(0, '127.0.0.1', site, ['lab.internal']);
    servers.push(lab.server);
    port = Number(new URL(lab.url).port);
  });

  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page to localhost, 127.0.0.1, [::1] and an --allow-host name, any port', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      '127.0.0.1',
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      `lab.internal:${port}`,
      // a forwarded port (ssh -L 8080:127.0.0.1:port)
      'localhost:8080',
    ]) {
      const r = await raw(port, ['GET / HTTP/1.1', `Host: ${host}`]);
      expect(r.status, host).toBe(200);
      expect(r.body, host).toContain('lab page');
      expect(r.headers['content-security-policy']).toBe(LAB_CSP);
    }
    // HTTP/1.0 without Host names no site: nothing a page of another site could send.
    expect((await raw(port, ['GET / HTTP/1.0'])).status).toBe(200);
  });

  it('refuses another name with 421 in the error shape, for pages, files and /lab alike', async () => {
    for (const [line, host] of [
      ['GET / HTTP/1.1', `evil.example:${port}`],
      ['GET / HTTP/1.1', 'evil.example'],
      ['HEAD / HTTP/1.1', `evil.example:${port}`],
      ['GET /index.html HTTP/1.1', `rebind.127.0.0.1.nip.io:${port}`],
      ['GET /lab/ HTTP/1.1', `evil.example:${port}`],
      ['GET /lab HTTP/1.1', `evil.example:${port}`],
      ['GET /missing.js HTTP/1.1', `evil.example:${port}`],
      ['POST / HTTP/1.1', `evil.example:${port}`],
      // a subdomain, a trailing dot, a name that only starts like a local one
      ['GET / HTTP/1.1', `a.localhost:${port}`],
      ['GET / HTTP/1.1', `localhost.:${port}`],
      ['GET / HTTP/1.1', `localhost.evil.example:${port}`],
      ['GET / HTTP/1.1', `127.0.0.1.evil.example:${port}`],
      // not a host at all
      ['GET / HTTP/1.1', `user@127.0.0.1:${port}`],
      ['GET / HTTP/1.1', `127.0.0.1:${port}:1`],
      ['GET / HTTP/1.1', ''],
    ] as const) {
      const what = `${line} Host: ${host}`;
      const r = await raw(port, [line, `Host: ${host}`]);
      if (line.startsWith('HEAD')) {
        expect(r.status, what).toBe(421);
        expect(r.body, what).toBe('');
        continue;
      }
      expectMisdirected(r, what);
    }
  });

  it('checks the authority of a target in absolute form, which wins over Host', async () => {
    expectMisdirected(
      await raw(port, [`GET http://evil.example:${port}/ HTTP/1.1`, `Host: 127.0.0.1:${port}`]),
      'absolute form',
    );
    expect(
      (await raw(port, [`GET http://localhost:${port}/ HTTP/1.1`, `Host: evil.example`])).status,
    ).toBe(200);
  });

  it('refuses a request sending Host twice', async () => {
    const r = await raw(port, ['GET / HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Host: evil.example']);
    // Node may refuse it itself (400); either way no page.
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('lab page');
  });

  it("answers a request Node's parser refuses, or with no Host, in the error shape with its headers", async () => {
    for (const [lines, status, words] of [
      [['GET / HTTP/1.1', 'Host: 127.0.0.1', 'X: a\0b'], 400, /control character/],
      [['GET / HTTP/1.1', 'Host: 127.0.0.1', `X: ${'a'.repeat(20_000)}`], 431, /larger than/],
      // In the API's words (tests/security/app/malformed-http.spec.ts), whichever header comes first.
      [
        ['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Content-Length: 5', 'Transfer-Encoding: chunked'],
        400,
        /^malformed HTTP request: Content-Length and Transfer-Encoding must not both be sent \(RFC 9112\)$/,
      ],
      [
        ['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Transfer-Encoding: chunked', 'Content-Length: 5'],
        400,
        /^malformed HTTP request: Content-Length and Transfer-Encoding must not both be sent \(RFC 9112\)$/,
      ],
      [
        ['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Transfer-Encoding: chunked, chunked'],
        400,
        /^malformed HTTP request: Transfer-Encoding must end with chunked, named once \(RFC 9112\)$/,
      ],
      [['GET / HTTP/1.1'], 400, /must send Host/],
      [['GET * HTTP/1.1', 'Host: 127.0.0.1'], 400, /must be a path starting with \/ \(got "\*"\)/],
    ] as const) {
      const what = lines[lines.length - 1].slice(0, 40);
      const r = await raw(port, [...lines]);
      expect(r.status, what).toBe(status);
      expect(r.headers['content-type'], what).toBe('application/json; charset=utf-8');
      expect(r.headers['x-content-type-options'], what).toBe('nosniff');
      expect(r.headers['cache-control'], what).toBe('no-store');
      const body = JSON.parse(r.body) as { statusCode: number; message: string };
      expect(body.statusCode, what).toBe(status);
      expect(body.message, what).toMatch(words);
    }
  });

  it('on 0.0.0.0 answers any IP address, still no other name', async () => {
    const all = await startLabServer(0, '0.0.0.0', site);
    servers.push(all.server);
    const p = Number(new URL(all.url).port);
    for (const host of [`127.0.0.1:${p}`, `192.168.1.20:${p}`, `10.0.0.5`, `localhost:${p}`])
      expect((await raw(p, ['GET / HTTP/1.1', `Host: ${host}`])).status, host).toBe(200);
    expectMisdirected(await raw(p, ['GET / HTTP/1.1', `Host: evil.example:${p}`]), '0.0.0.0');
    expect(JSON.parse((await raw(p, ['GET / HTTP/1.1', 'Host: x'])).body).message).toContain(
      'and any IP address',
    );
  });

  it('answers the name it listens on when --host is one', async () => {
    const named = await startLabServer(0, 'localhost', site);
    servers.push(named.server);
    const u = new URL(named.url);
    const r = await raw(Number(u.port), ['GET / HTTP/1.1', `Host: ${u.host}`], 'localhost');
    expect(r.status).toBe(200);
  });

  it('consular-sim lab --allow-host refuses a value that is no host name', () => {
    for (const bad of ['http://lab.internal', 'lab.internal:8080', 'a b', '']) {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'dist/cli/main.js'), 'lab', '--port', '0', '--allow-host', bad],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.status, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/^error: --allow-host: must be a host name or an IP address/);
      expect(r.stderr, bad).not.toMatch(/\n\s+at /);
    }
  });
});
