import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { exchange } from '../../helpers/raw-http';

/**
 * A CONNECT, the method that asks a proxy for a tunnel (`CONNECT 127.0.0.1:6379 HTTP/1.1`), is
 * answered 405 in the API's one error body, with `Allow`, and the connection closes. Node, with
 * no 'connect' listener, closed the connection without a byte: every other method the server
 * does not take on a path is a 405 naming it.
 */
describe('CONNECT', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    app = await startApiApp(testConfig('connect', { RATE_LIMIT: '0' }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is 405 in the JSON error body, with Allow, and the connection closes', async () => {
    for (const target of ['127.0.0.1:6379', 'example.org:443']) {
      const answer = await exchange(port, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      const [head, body] = answer.split('\r\n\r\n');
      const [status, ...headers] = head.split('\r\n');
      expect(status).toBe('HTTP/1.1 405 Method Not Allowed');
      const lower = headers.join('\n').toLowerCase();
      expect(lower).toContain('content-type: application/json; charset=utf-8');
      expect(lower).toContain('connection: close');
      expect(lower).toMatch(/^allow: get, head, post, put, delete, options$/m);
      expect(JSON.parse(body)).toEqual({
        statusCode: 405,
        error: 'Method Not Allowed',
        message:
          'CONNECT is not allowed: this server is no proxy; send each request to it directly (GET, HEAD, POST, PUT, DELETE, OPTIONS)',
      });
    }
  });

  it('leaves the server answering the next client', async () => {
    await exchange(port, 'CONNECT 127.0.0.1:6379 HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await exchange(
      port,
      'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});
