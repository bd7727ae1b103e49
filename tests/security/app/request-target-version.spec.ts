import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { exchange } from '../../helpers/raw-http';
import { testConfig } from '../../helpers/redis-test-env';

/** An answer's status line, headers (lower-cased names) and body. */
function parsed(answer: string): { status: string; headers: Map<string, string>; body: string } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [status, ...lines] = head.split('\r\n');
  const headers = new Map(
    lines.map((l) => [
      l.slice(0, l.indexOf(':')).toLowerCase(),
      l.slice(l.indexOf(':') + 1).trim(),
    ]),
  );
  return { status, headers, body: rest.join('\r\n\r\n') };
}

/**
 * The odd corners of a request line: a known path asked with a method it does not take (POST
 * /metrics), the asterisk target (OPTIONS *), and versions the parser reads but this server does
 * not speak (HTTP/0.9, HTTP/2.0). Each was 404 or served as HTTP/1.1.
 */
describe('request line: /metrics methods, OPTIONS *, HTTP versions', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(testConfig('request-line', { RATE_LIMIT: '0' }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer() as { address(): AddressInfo }).address().port;
  });
  afterAll(async () => {
    await app?.close();
  });

  const send = async (line: string) =>
    parsed(await exchange(port, `${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`));

  it('POST /metrics is 405 with Allow, OPTIONS /metrics 204, as on every published path', async () => {
    const post = await send('POST /metrics HTTP/1.1');
    expect(post.status).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(JSON.parse(post.body)).toEqual({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: 'POST is not allowed on /metrics: it takes GET, HEAD, OPTIONS',
    });
    const options = await send('OPTIONS /metrics HTTP/1.1');
    expect(options.status).toBe('HTTP/1.1 204 No Content');
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const docs = await send('DELETE /docs-json HTTP/1.1');
    expect(docs.status).toBe('HTTP/1.1 405 Method Not Allowed');
  });

  it('OPTIONS * is 204 with Allow naming the methods the API takes; * with another method 400', async () => {
    const options = await send('OPTIONS * HTTP/1.1');
    expect(options.status).toBe('HTTP/1.1 204 No Content');
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
    expect(options.body).toBe('');
    const get = await send('GET * HTTP/1.1');
    expect(get.status).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(get.body)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'the request target * is only for OPTIONS (RFC 9112 3.2.4): send GET to a path starting with /',
    });
  });

  it('HTTP/0.9 and HTTP/2.0 are 505 naming the versions taken, and the connection closes; 1.0 is served', async () => {
    for (const version of ['0.9', '2.0']) {
      const answer = await send(`GET /health/live HTTP/${version}`);
      expect(answer.status, version).toBe('HTTP/1.1 505 HTTP Version Not Supported');
      expect(answer.headers.get('connection')).toBe('close');
      expect(JSON.parse(answer.body)).toEqual({
        statusCode: 505,
        error: 'HTTP Version Not Supported',
        message: `HTTP/${version} is not supported: the start line must end with HTTP/1.0 or HTTP/1.1`,
      });
    }
    expect((await send('GET /health/live HTTP/1.0')).status).toBe('HTTP/1.1 200 OK');
  });
});
