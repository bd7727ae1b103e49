import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/** Sends `head` and `body` as one request on a fresh connection; the whole answer as text. */
function exchange(port: number, head: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error(`no end after 5 s: ${answer}`)));
    socket.write(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

/**
 * Sends only a request's head (no body) and gathers what comes back until the server closes, or
 * 3 s pass: a server that answered 100 Continue waits for a body that never comes.
 */
function headOnly(
  port: number,
  head: string,
  enough?: RegExp,
): Promise<{ answer: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      answer += d;
      if (enough?.test(answer)) socket.destroy();
    });
    socket.on('close', () => resolve({ answer, closed: true }));
    socket.on('error', reject);
    setTimeout(() => {
      resolve({ answer, closed: false });
      socket.destroy();
    }, 3000);
    socket.write(`${head}\r\n\r\n`);
  });
}

/**
 * An Expect header the server cannot meet is the client's mistake: 417 with the API's JSON error
 * naming the header and its rule, not Node's empty 417; `100-continue` still works.
 */
describe('an Expect header', () => {
  let app: INestApplication;
  let port: number;
  let limitBytes: number;
  beforeAll(async () => {
    const config = testConfig('expect', { RATE_LIMIT: '0' });
    limitBytes = config.BODY_LIMIT_KB * 1024;
    app = await startApiApp(config);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  const head = (expectation: string) =>
    [
      'POST /hizir/messages HTTP/1.1',
      'Host: localhost',
      'Content-Type: application/json',
      `Expect: ${expectation}`,
      'Connection: close',
    ].join('\r\n');
  const body = JSON.stringify({ text: 'e-vize ücreti ne kadar?' });

  it('other than 100-continue is 417 naming the header and the rule, as JSON, and the connection closes', async () => {
    for (const expectation of ['teapot', 'x']) {
      const answer = await exchange(port, head(expectation), body);
      const [status, ...rest] = answer.split('\r\n');
      expect(status).toBe('HTTP/1.1 417 Expectation Failed');
      expect(answer.toLowerCase()).toContain('content-type: application/json');
      expect(answer.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(rest.join('\r\n').split('\r\n\r\n')[1])).toEqual({
        statusCode: 417,
        error: 'Expectation Failed',
        message: `Expect must be 100-continue (got "${expectation}"): no other expectation is supported`,
      });
    }
  });

  it('100-continue is answered as any request', async () => {
    const answer = await exchange(port, head('100-continue'), body);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    expect(answer).toContain('HTTP/1.1 201 Created');
  });

  it('100-continue with a Content-Length over the body limit is 413 at once: no 100 Continue, no upload', async () => {
    const { answer, closed } = await headOnly(
      port,
      `${head('100-continue')}\r\nContent-Length: ${limitBytes + 1}`,
    );
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: `request body is larger than the ${limitBytes / 1024} kB limit`,
    });
    expect(closed).toBe(true);
  });

  it('100-continue over the limit on a route behind a credential is 401 without it, still at once', async () => {
    const { answer, closed } = await headOnly(
      port,
      [
        'POST /replay/arrivals HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        'Expect: 100-continue',
        `Content-Length: ${limitBytes * 64}`,
      ].join('\r\n'),
    );
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(closed).toBe(true);
  });

  /** What a request's head alone gets, with a 20-byte body announced and never sent. */
  const refusedFromHead = async (start: string, ...headers: string[]) =>
    headOnly(
      port,
      [start, 'Host: localhost', ...headers, 'Expect: 100-continue', 'Content-Length: 20'].join(
        '\r\n',
      ),
    );

  it('100-continue with a wrong Content-Type is 415 at once: no 100 Continue, no upload', async () => {
    const { answer, closed } = await refusedFromHead(
      'POST /hizir/messages HTTP/1.1',
      'Content-Type: text/plain',
    );
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/^HTTP\/1\.1 415 Unsupported Media Type\r\n/);
    expect(JSON.parse(answer.split('\r\n\r\n')[1])).toMatchObject({
      statusCode: 415,
      message: 'Content-Type must be application/json (got "text/plain"): request bodies are JSON',
    });
    expect(closed).toBe(true);
  });

  it('100-continue on a path of no route is 404 at once, on a wrong method 405, without a credential 401', async () => {
    const json = 'Content-Type: application/json';
    for (const [start, status, extra] of [
      ['POST /no-such-path HTTP/1.1', '404 Not Found', []],
      ['PUT /hizir/messages HTTP/1.1', '405 Method Not Allowed', []],
      ['POST /replay/arrivals HTTP/1.1', '401 Unauthorized', []],
      ['POST /admin/queues/api/queues/evisa/add HTTP/1.1', '401 Unauthorized', []],
      ['POST /replay/arrivals HTTP/1.1', '401 Unauthorized', ['Authorization: Bearer wrong']],
    ] as const) {
      const { answer, closed } = await refusedFromHead(start, json, ...extra);
      expect(answer, start).not.toContain('100 Continue');
      expect(answer.split('\r\n')[0], start).toBe(`HTTP/1.1 ${status}`);
      expect(closed, start).toBe(true);
    }
  });

  it('100-continue on a route behind a credential, with it, is asked for and answered', async () => {
    const answer = await exchange(
      port,
      [
        'POST /admin/queues/api/queues/evisa/add HTTP/1.1',
        'Host: localhost',
        'Content-Type: application/json',
        `Authorization: Bearer ${TEST_ADMIN_TOKEN}`,
        'Expect: 100-continue',
        'Connection: close',
      ].join('\r\n'),
      JSON.stringify({ name: 'x', data: { nope: 1 } }),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    expect(answer).not.toContain('HTTP/1.1 401');
    expect(answer).toMatch(/HTTP\/1\.1 [2-4]\d\d /);
  });

  it('100-continue with a body the parser refuses is asked for, then answered 400', async () => {
    const answer = await exchange(port, head('100-continue'), '{"text":');
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    expect(answer).toContain('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('request body is not valid JSON');
  });

  it('100-continue at the body limit exactly is asked for: 100 Continue', async () => {
    const { answer } = await headOnly(
      port,
      `${head('100-continue')}\r\nContent-Length: ${limitBytes}`,
      /\r\n\r\n/,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
  });
});
