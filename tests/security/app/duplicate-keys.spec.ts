import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDuplicateKey } from '../../../src/app/body-guard';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * A field sent twice in one JSON object. RFC 8259 leaves what it means to each reader; JSON.parse
 * keeps the last, so `"fullName":"Jane Doe","fullName":"X"` was taken as X while a proxy, a log or
 * a WAF reading the first saw Jane Doe. It is refused, naming the field, before the validators.
 */
describe('a field sent twice in one JSON object', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startApiApp(testConfig('duplicate-keys', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  const evisa = (fullNames: string) =>
    `{"nationality":"GB","passportNumber":"P1234567",${fullNames},"email":"jane@example.org","arrivalDate":"${plausibleArrivalDate()}"}`;

  it('is a 400 naming the field, however the second is spelled', async () => {
    for (const body of [
      evisa('"fullName":"Jane Doe","fullName":"X"'),
      evisa('"fullName":"Jane Doe","full\\u004eame":"X"'),
      evisa('"fullName":"Jane Doe","fullName":"Jane Doe"'),
    ]) {
      const r = await request(http)
        .post('/evisa/applications')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(r.status, body).toBe(400);
      expect(r.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'request body has the field "fullName" twice: each field may be sent once',
      });
    }
    const q = await request(http)
      .post('/hizir/messages')
      .set('Content-Type', 'application/json')
      .send('{"text":"vize","text":"pasaport"}');
    expect(q.status).toBe(400);
    expect(q.body.message).toBe(
      'request body has the field "text" twice: each field may be sent once',
    );
  });

  it('a value that looks like a key, or one body after another, is no duplicate', async () => {
    await request(http)
      .post('/hizir/messages')
      .set('Content-Type', 'application/json')
      .send('{"text":"text", "lang" : "en"}')
      .expect(201);
    await request(http)
      .post('/evisa/applications')
      .set('Content-Type', 'application/json')
      .send(evisa('"fullName":"Jane Doe"'))
      .expect(202);
  });

  it('is found at any depth, in its own object only', () => {
    const dup = (s: string) => jsonDuplicateKey(Buffer.from(s));
    expect(dup('{"a":1,"b":{"x":1,"x":2}}')).toBe('b.x');
    expect(dup('{"a":[{"x":1},{"x":1,"y":[1,{"z":0,"z":1}]}]}')).toBe('a[1].y[1].z');
    expect(dup('{"a":{"x":1},"b":{"x":1},"x":"a"}')).toBeUndefined();
    expect(dup('{"a":"\\"a\\":1","b":"{\\"b\\":2}"}')).toBeUndefined();
    expect(dup('["a","a",{"a":1}]')).toBeUndefined();
    expect(dup('{"é":1,"\\u00e9":2}')).toBe('é');
    expect(dup('{"a":1,')).toBeUndefined();
  });
});
