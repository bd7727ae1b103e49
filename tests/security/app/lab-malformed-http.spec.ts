import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabServer } from '../../../src/lab-server/static-site';
import { exchange } from '../../helpers/raw-http';

/** A file of the site large enough that its answer is still being written when the next bytes are read. */
const BIG = 'x'.repeat(4_000_000);

/**
 * `consular-sim lab`: bytes the HTTP parser refuses after a well-formed request on the same
 * connection (pipelined, or a body longer than its Content-Length) are the next request. The
 * answer to the first is sent whole, then the refusal, each in its turn (RFC 9112 9.3.2), as
 * on the API (tests/security/app/malformed-http.spec.ts). The Lab closed the connection at once,
 * cutting off the answer in progress (a 4 MB file arrived in part, and no refusal after it), or
 * wrote its 400 before an answer whose headers were not yet sent.
 */
describe('the Lab: a request HTTP cannot parse after one it can', () => {
  let dir: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-malformed-'));
    mkdirSync(join(dir, 'site'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>lab page</title>');
    writeFileSync(join(dir, 'site', 'big.js'), BIG);
    let url: string;
    ({ server, url } = await startLabServer(0, '127.0.0.1', join(dir, 'site')));
    port = Number(new URL(url).port);
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a large answer in progress is sent whole, then the 400', async () => {
    const answer = await exchange(
      port,
      'GET /big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nFOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '400']);
    expect(answer).toContain(`\r\n\r\n${BIG}HTTP/1.1 400 Bad Request\r\n`);
    expect(answer).toMatch(/malformed HTTP request: the method is not one HTTP defines"}$/);
  });

  it('pipelined requests are each answered, in order, before the refusal', async () => {
    const answer = await exchange(
      port,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' +
        'HEAD /big.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' +
        'GET /nope.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' +
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\0b\r\n\r\n',
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '200', '404', '400']);
    expect(answer).toContain('lab page');
    const last = answer.slice(answer.lastIndexOf('HTTP/1.1 400'));
    expect(last.toLowerCase()).toContain('content-type: application/json; charset=utf-8');
    expect(last).toMatch(/"message":"malformed HTTP request: a header name or value holds/);
  });

  it('a malformed request alone is still answered at once', async () => {
    const answer = await exchange(port, 'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/the method is not one HTTP defines"}$/);
  });
});
