import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { maxHeaderSize } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { exchange } from '../../helpers/raw-http';

/** The status line, the header lines (lower case) and the JSON body of an answer. */
function parse(answer: string): { status: string; headers: string; body: unknown } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [status, ...headers] = head.split('\r\n');
  return { status, headers: headers.join('\n').toLowerCase(), body: JSON.parse(rest.join('\r\n')) };
}

/**
 * A request Node's HTTP parser refuses (a forbidden byte in a header, an unknown method, both
 * Content-Length and Transfer-Encoding, headers past the size limit) is the client's mistake: it
 * is answered with the API's one error body naming the problem, as JSON, and the connection
 * closes. Node answered these with a bare `400 Bad Request` (or 431) and no body at all, the one
 * kind of client mistake told nothing.
 */
describe('a request HTTP cannot parse', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(
      testConfig('malformed-http', {
        RATE_LIMIT: '0',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
      }),
    );
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  const cases: [string, string, RegExp][] = [
    [
      'a NUL byte in a header value',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Note: a\x00b\r\n\r\n',
      /header/i,
    ],
    ['a method HTTP does not define', 'FOO /health HTTP/1.1\r\nHost: x\r\n\r\n', /method/i],
    [
      'Content-Length and Transfer-Encoding together',
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      /Content-Length and Transfer-Encoding must not both be sent/,
    ],
    // Transfer-Encoding first: llhttp's other code for it, told "Content-Length must be a
    // decimal number of bytes" of the decimal number 4.
    [
      'Transfer-Encoding and Content-Length together',
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n',
      /Content-Length and Transfer-Encoding must not both be sent/,
    ],
    [
      'chunked named twice',
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      /Transfer-Encoding must end with chunked, named once/,
    ],
    [
      'two different Content-Lengths',
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n{}',
      /content-length/i,
    ],
    ['a byte that is not allowed in the path', 'GET /health\x7f HTTP/1.1\r\nHost: x\r\n\r\n', /./],
    ['an HTTP/1.1 request without Host', 'GET /health HTTP/1.1\r\n\r\n', /must send Host/],
    [
      "an HTTP/2 client's connection preface",
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
      /speaks HTTP\/1\.1, not HTTP\/2/,
    ],
    [
      'Host sent twice',
      'GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n',
      /Host must be sent once/,
    ],
    // Node keeps the first of these and drops the rest, while a proxy may read the last: the
    // body was parsed as JSON under a last `Content-Type: text/plain`, and the first of two
    // credentials was the one checked.
    [
      'Content-Type sent twice',
      'POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 19\r\n\r\n{"text":"pasaport"}',
      /Content-Type must be sent once/,
    ],
    [
      'Authorization sent twice',
      'GET /evisa/applications/ev_00000000000000000000000000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nauthorization: Bearer b\r\n\r\n',
      /Authorization must be sent once/,
    ],
  ];

  it.each(cases)(
    '%s is a 400 with a JSON body naming it, and the connection closes',
    async (_, raw, names) => {
      const { status, headers, body } = parse(await exchange(port, raw));
      expect(status).toBe('HTTP/1.1 400 Bad Request');
      expect(headers).toContain('content-type: application/json');
      expect(headers).toContain('connection: close');
      expect(headers).toContain('cache-control: no-store');
      expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      const message = (body as { message: string }).message;
      expect(message).toMatch(/^malformed HTTP request: /);
      expect(message).toMatch(names);
      expect(message).not.toMatch(/\/work|node_modules|at .*\(|HPE_/);
    },
  );

  it.each([
    ['gzip, chunked', 'gzip'],
    ['x-foo, chunked', 'x-foo'],
    ['deflate,chunked', 'deflate'],
  ])(
    'a transfer coding other than chunked (Transfer-Encoding: %s) is a 501 naming it, and the connection closes',
    async (codings, coding) => {
      // Node reads only the final chunked and hands on the bytes as they came: a body labelled
      // gzip was parsed as plain JSON (201), where a proxy that decodes it sees another body.
      const body = '{"text":"pasaport"}';
      const {
        status,
        headers,
        body: answer,
      } = parse(
        await exchange(
          port,
          `POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: ${codings}\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
        ),
      );
      expect(status).toBe('HTTP/1.1 501 Not Implemented');
      expect(headers).toContain('content-type: application/json');
      expect(headers).toContain('connection: close');
      expect(answer).toEqual({
        statusCode: 501,
        error: 'Not Implemented',
        message: expect.stringContaining(`transfer coding "${coding}" is not supported`),
      });
    },
  );

  it('Transfer-Encoding: chunked alone, in any case, is still taken', async () => {
    const body = '{"text":"pasaport"}';
    const answer = await exchange(
      port,
      `POST /hizir/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: Chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 201 Created/);
  });

  it('headers larger than the limit are a 431 naming the limit, as JSON', async () => {
    const raw = `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(maxHeaderSize + 10)}\r\n\r\n`;
    const { status, headers, body } = parse(await exchange(port, raw));
    expect(status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headers).toContain('content-type: application/json');
    expect(body).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: `request headers are larger than the ${Math.round(maxHeaderSize / 1024)} kB limit`,
    });
  });

  it('headers not complete within HTTP_HEADERS_TIMEOUT_MS are a 408 naming the setting, as JSON', async () => {
    const { status, body } = parse(await exchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\n'));
    expect(status).toBe('HTTP/1.1 408 Request Timeout');
    expect(body).toEqual({
      statusCode: 408,
      error: 'Request Timeout',
      message: expect.stringContaining('within 1000 ms (HTTP_HEADERS_TIMEOUT_MS)'),
    });
  });

  it('a well-formed request before the refused bytes is answered first, then the refusal', async () => {
    // A pipelined request, or a body longer than its Content-Length: the bytes after the request
    // are the next request, which the parser refuses while the first one's answer is being made.
    const body = JSON.stringify({ text: 'pasaportumu kaybettim' });
    const answer = await exchange(
      port,
      `POST /hizir/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
        'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n' +
        'FOO / HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(['201', '200', '400']);
    expect(answer).toContain('"handoff"');
    expect(answer).toMatch(/malformed HTTP request: the method is not one HTTP defines"}$/);
  });

  it('a well-formed request on another connection is still answered', async () => {
    const answer = await exchange(
      port,
      'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  });
});
