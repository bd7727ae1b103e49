import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { exchange } from '../../helpers/raw-http';

/** The status line and the JSON body of an answer. */
function parse(answer: string): { status: string; headers: string; body: { message?: string } } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [status, ...headers] = head.split('\r\n');
  return { status, headers: headers.join('\n').toLowerCase(), body: JSON.parse(rest.join('\r\n')) };
}

/**
 * A Host field whose value names no host (RFC 9110 7.2: `uri-host [":" port]`) is 400 (RFC 9112
 * 3.2: a server MUST refuse it), as a Host sent twice is: a proxy in front and this server may
 * each read another host from it. Probed on 8 December 2026: `Host: a b` was served 200.
 */
describe('a Host field that names no host', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(testConfig('host-value', { RATE_LIMIT: '0' }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['a space inside', 'a b'],
    ['a path', 'api.example.org/evil'],
    ['user information', 'user@api.example.org'],
    ['two ports', 'api.example.org:80:81'],
    ['a port that is no number', 'api.example.org:http'],
    ['an unclosed IPv6 literal', '[::1'],
    ['a bracketed text that is no address', '[not-an-address]'],
    ['a backslash', 'api.example.org\\evil'],
  ])('%s is 400 naming Host, and the connection closes', async (_what, host) => {
    const answer = parse(
      await exchange(port, `GET /health/live HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    );
    expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers).toContain('connection: close');
    expect(answer.body.message).toMatch(/^malformed HTTP request: Host must be a host name/);
  });
});
