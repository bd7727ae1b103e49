import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * Past a rate limit the answer is the API's 429: `Retry-After` (the header every client reads,
 * RFC 9110 §10.2.3) and the one error body naming the limit. Past the costly limit (every public
 * POST) Nest's guard said `Retry-After-costly` and no `Retry-After`, and past either limit the
 * body was `{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}`: an internal
 * class name, no `error`.
 */
const WINDOW = 60;

async function until429(send: () => request.Test, max: number): Promise<request.Response> {
  for (let i = 0; i < max; i++) {
    const r = await send();
    if (r.status === 429) return r;
  }
  throw new Error(`no 429 within ${max} requests`);
}

function expectApi429(r: request.Response, setting: string, limit: number): void {
  expect(r.status).toBe(429);
  const wait = Number(r.headers['retry-after']);
  expect(Number.isInteger(wait)).toBe(true);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(WINDOW);
  expect(Object.keys(r.headers).filter((h) => /^retry-after-/i.test(h))).toEqual([]);
  expect(r.body).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: `too many requests from this client (${setting}: ${limit} per ${WINDOW} s on this route): try again in ${wait} s`,
  });
  expect(JSON.stringify(r.body)).not.toMatch(/Throttler|Exception/);
}

describe('the answer past a rate limit', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await startApiApp(
      testConfig('ratebody', {
        RATE_LIMIT: '6',
        RATE_LIMIT_COSTLY: '3',
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW),
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('past the costly limit (a public POST) is 429 with Retry-After and the one error body', async () => {
    const http = app.getHttpServer();
    const r = await until429(
      () => request(http).post('/hizir/messages').send({ text: 'e-vize ücreti?' }),
      4,
    );
    expectApi429(r, 'RATE_LIMIT_COSTLY', 3);
  });

  it('past the limit of every public route it is the same answer, naming RATE_LIMIT', async () => {
    const http = app.getHttpServer();
    const r = await until429(
      () =>
        request(http)
          .get('/evisa/applications/ev_00000000000000000000000000')
          .set('Authorization', 'Bearer not-a-token'),
      7,
    );
    expectApi429(r, 'RATE_LIMIT', 6);
  });
});
