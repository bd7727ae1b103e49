import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer } from '../../../src/lab-server/static-site';
import { exchange } from '../../helpers/raw-http';

/**
 * `consular-sim lab` reads no request body. A client that says `Expect: 100-continue` is never
 * told to send one: Node answered 100 Continue first, and a 100 MB upload announced to the static
 * site was read to the end and dropped. Any other expectation is 417 in the server's error shape
 * (Node's own was an empty body), as on the API (bootstrap.expect.spec.ts).
 */
describe('the Lab: an Expect header', () => {
  let dir: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-expect-'));
    mkdirSync(join(dir, 'site'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>lab page</title>');
    let url: string;
    ({ server, url } = await startLabServer(0, '127.0.0.1', join(dir, 'site')));
    port = Number(new URL(url).port);
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('100-continue with a body announced is answered at once, without 100 Continue, and the connection closes', async () => {
    // No body is sent: exchange waits for the server to close the connection.
    const answer = await exchange(
      port,
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n',
    );
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(answer).toContain('Connection: close');
    expect(answer).toMatch(
      /"POST is not allowed on \/: the Lab is a static site, it takes GET, HEAD, OPTIONS"}$/,
    );
  });

  it('100-continue on a GET is answered as any GET', async () => {
    const answer = await exchange(
      port,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('lab page');
  });

  it('another expectation is 417 naming the header and the rule, as JSON, and the connection closes', async () => {
    const answer = await exchange(
      port,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: teapot\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 417 Expectation Failed\r\n/);
    expect(answer).toContain('Connection: close');
    expect(answer).toContain('Content-Type: application/json; charset=utf-8');
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toEqual({
      statusCode: 417,
      error: 'Expectation Failed',
      message: 'Expect must be 100-continue (got "teapot"): no other expectation is supported',
    });
  });
});
