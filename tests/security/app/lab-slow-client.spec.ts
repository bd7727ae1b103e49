import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_HEADERS_TIMEOUT_MS, startLabServer } from '../../../src/lab-server/static-site';

/**
 * A client that sends its headers a few bytes at a time held a connection of the Lab's server
 * for minutes: Node's defaults gave the headers a minute and the request five, checked every
 * 30 s. Now the headers must arrive within LAB_HEADERS_TIMEOUT_MS, as on the API, and past it
 * the client is told 408 in the server's error shape and the connection closes.
 */
describe('the Lab server and a client that never finishes its headers', () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-slow-'));
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>Lab</title>');
    const started = await startLabServer(0, '127.0.0.1', join(dir, 'site'));
    server = started.server;
    port = Number(new URL(started.url).port);
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is answered 408 and cut off soon after the headers limit, though it keeps sending', async () => {
    const started = Date.now();
    const { answer, closedAfterMs } = await new Promise<{ answer: string; closedAfterMs: number }>(
      (done, fail) => {
        const s = connect(port, '127.0.0.1', () =>
          s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
        );
        // A header line every second, never the blank line that ends them.
        let n = 0;
        const drip = setInterval(() => s.writable && s.write(`X-Drip-${n++}: x\r\n`), 1_000);
        let out = '';
        s.on('data', (d) => (out += d.toString()));
        s.on('close', () => {
          clearInterval(drip);
          done({ answer: out, closedAfterMs: Date.now() - started });
        });
        s.on('error', () => undefined);
        setTimeout(() => {
          clearInterval(drip);
          s.destroy();
          fail(new Error(`still open after 25 s; received: ${out}`));
        }, 25_000);
      },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      statusCode: 408,
      error: 'Request Timeout',
    });
    expect(answer).toMatch(/\r\nX-Content-Type-Options: nosniff\r\n/i);
    // Node checks its timers on an interval of its own: a second here, 30 s by default.
    expect(closedAfterMs).toBeGreaterThanOrEqual(LAB_HEADERS_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(LAB_HEADERS_TIMEOUT_MS + 5_000);
  }, 30_000);
});
