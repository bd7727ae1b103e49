import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

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
 * An Expect header the server cannot meet is the client's mistake: 417 with the API's JSON error
 * naming the header and its rule, not Node's empty 417; `100-continue` still works.
 */
describe('an Expect header', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(testConfig('expect', { RATE_LIMIT: '0' }));
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
});
