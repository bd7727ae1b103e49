import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../../src/app/bootstrap';
import { JsonLogger } from '../../../src/app/json-logger';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * The answers the server writes before any middleware sees the request (a request Node's parser
 * refused, headers past the size limit, an unknown Expect, CONNECT) reached neither the access
 * log nor http_request_duration_seconds: an operator saw nothing of them.
 */
function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect({ port, host: '127.0.0.1' }, () => s.write(request));
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      got += d;
      // An answer to Expect leaves the connection open for the next request.
      if (/\r\n\r\n\{.*\}$/s.test(got)) s.end();
    });
    s.on('error', () => undefined);
    s.on('close', () => resolve(got));
  });
}

describe('answers written before any middleware', () => {
  let app: INestApplication;
  let port: number;
  const lines: string[] = [];
  beforeAll(async () => {
    app = await createApiApp(testConfig('raw-answers', { RATE_LIMIT: '0' }), {
      logger: new JsonLogger(['log'], (line) => lines.push(line)),
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('are logged and counted, without the path or the client', async () => {
    const secret = 'ev_0123456789abcdef0123456789';
    const answers = [
      [`GET /evisa/applications/${secret} HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n`, 400],
      [`GET /${secret} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n', 405],
      [`GET /health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nConnection: close\r\n\r\n`, 417],
    ] as const;
    for (const [request, status] of answers)
      expect(await exchange(port, request)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter(
        (l) => l.event === 'http' && l.route !== 'unmatched' && !String(l.route).startsWith('/'),
      );
    expect(logged.map((l) => `${l.route} ${l.status}`).sort()).toEqual([
      'connect 405',
      'malformed-request 400',
      'malformed-request 431',
      'unknown-expectation 417',
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/ev_0123|127\.0\.0\.1/);
    const metrics = await exchange(
      port,
      `GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`,
    );
    for (const series of [
      'method="unknown",route="malformed-request",status="400"} 1',
      'method="unknown",route="malformed-request",status="431"} 1',
      'method="CONNECT",route="connect",status="405"} 1',
      'method="GET",route="unknown-expectation",status="417"} 1',
    ])
      expect(metrics).toContain(`http_request_duration_seconds_count{${series}`);
  });
});
