import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequestException, type INestApplication } from '@nestjs/common';
import { registerDecorator, IsString } from 'class-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jsonDepthExceeds,
  MAX_FIELDS,
  MAX_JSON_DEPTH,
  SafeValidationPipe,
} from '../../../src/app/body-guard';
import { startApiApp } from '../../helpers/api-app';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';
import { plausibleArrivalDate } from '../../helpers/fault-env';

/** Crafted bodies: lone surrogates, deep nesting, validators that throw — 400 naming the field, never 500. */
const VALID: Record<string, Record<string, unknown>> = {
  '/evisa/applications': {
    nationality: 'GB',
    passportNumber: 'P1234567',
    fullName: 'Jane Doe',
    email: 'jane@example.org',
    arrivalDate: plausibleArrivalDate(),
  },
  '/konsolosluk/transactions': { missionId: 'berlin-cg', operationId: 'passport-first-issue' },
  '/payments': {
    reference: 'card-0001',
    amountMinor: 2000,
    currency: 'USD',
    channel: 'virtual-pos',
  },
  '/hizir/messages': { text: 'e-vize ücreti ne kadar?' },
};

describe('crafted JSON bodies', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startApiApp(testConfig('crafted', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (path: string, raw: string) =>
    request(http).post(path).set('Content-Type', 'application/json').send(raw);
  /** POST of raw bytes (supertest writes a Buffer as JSON of its bytes). */
  const postBytes = async (path: string, raw: Buffer) => {
    const server = http as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array(raw),
    });
    return { status: res.status, body: (await res.json()) as { message?: unknown } };
  };

  it('a lone surrogate in any string field is a 400 naming the field', async () => {
    for (const [path, valid] of Object.entries(VALID))
      for (const field of Object.keys(valid).filter((k) => typeof valid[k] === 'string')) {
        const raw = JSON.stringify({ ...valid, [field]: 'x' }).replace('"x"', '"a\\ud800b"');
        const r = await post(path, raw);
        expect(r.status, `${path} ${field}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(JSON.stringify(r.body.message)).toContain(`${field} must be valid Unicode text`);
      }
    // The probe's case: the e-mail check used to throw "URI malformed" (500).
    const r = await post(
      '/evisa/applications',
      JSON.stringify(VALID['/evisa/applications']).replace(
        'jane@example.org',
        '\\udc00@example.org',
      ),
    );
    expect(r.status).toBe(400);
    // A lone surrogate in a key is an unknown field.
    const k = await post('/hizir/messages', '{"text":"merhaba","\\ud800":1}');
    expect(k.status).toBe(400);
    expect(k.body.message[0]).toMatch(/^unknown field .*: not allowed$/);
  });

  it('a lone surrogate is named as U+XXXX, the half the field holds, with no escape the body doubles', async () => {
    // The message gave the escape `\ud800` as its example; the error body doubles a backslash
    // (visibleText), so a client read `e.g. \\ud800`, whichever half the field held.
    for (const [half, name] of [
      ['\\udc01', 'U+DC01'],
      ['\\ud83d', 'U+D83D'],
    ]) {
      const r = await post('/hizir/messages', `{"text":"ok \\ud83d\\ude00 a${half}b"}`);
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([
        `text must be valid Unicode text: it holds ${name} (a lone surrogate half, not a character)`,
      ]);
    }
  });

  it('bytes that are not UTF-8, in any string field, are a 400 saying so: never stored as U+FFFD', async () => {
    // 0xFF, an overlong slash (C0 AF), a truncated sequence, and the UTF-8 form of the lone
    // surrogate the test above sends escaped (ED A0 80): the decoder read each as "�" and the
    // field was accepted holding other text than was sent (a name "��").
    const bad = [
      [0xff, 0xff],
      [0xc0, 0xaf],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
    ];
    for (const [path, valid] of Object.entries(VALID))
      for (const field of Object.keys(valid).filter((k) => typeof valid[k] === 'string'))
        for (const bytes of bad) {
          const [before, after] = JSON.stringify({ ...valid, [field]: 'x' }).split('"x"');
          const raw = Buffer.concat([
            Buffer.from(`${before}"a`),
            Buffer.from(bytes),
            Buffer.from(`b"${after}`),
          ]);
          const r = await postBytes(path, raw);
          expect(r.status, `${path} ${field} ${bytes}: ${JSON.stringify(r.body)}`).toBe(400);
          expect(r.body.message).toBe('request body is not valid UTF-8 (JSON is UTF-8, RFC 8259)');
        }
    // Valid UTF-8 of every length, and a byte-order mark, still pass.
    const ok = await postBytes(
      '/hizir/messages',
      Buffer.from('\ufeff{"text":"pasaport ücreti € 𝄞 ne kadar?"}'),
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('nesting deeper than the limit is a 400 before parsing, in any field of any POST', async () => {
    for (const levels of [MAX_JSON_DEPTH + 1, 1314, 4000]) {
      const deepArray = `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const deepObject = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      for (const [path, valid] of Object.entries(VALID))
        for (const deep of [deepArray, deepObject]) {
          const field = Object.keys(valid)[0];
          const raw = JSON.stringify({ ...valid, [field]: 'DEEP' }).replace('"DEEP"', deep);
          if (raw.length > 16 * 1024) continue;
          const r = await post(path, raw);
          expect(r.status, `${path} at ${levels} levels`).toBe(400);
          expect(r.body.message).toBe(
            `request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
          );
        }
    }
    // Within the limit, a nested value is an ordinary field error.
    const ok = await post('/hizir/messages', JSON.stringify({ text: [[['a']]] }));
    expect(ok.status).toBe(400);
    expect(JSON.stringify(ok.body.message)).toMatch(/text/);
  });

  it('a body not sent as application/json in UTF-8 is 415 naming Content-Type and the rule', async () => {
    for (const [path, valid] of Object.entries(VALID)) {
      const raw = JSON.stringify(valid);
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/vnd.api+json',
        undefined,
      ]) {
        const r = await (type === undefined
          ? request(http).post(path).send(Buffer.from(raw))
          : request(http).post(path).set('Content-Type', type).send(raw));
        expect(r.status, `${path} as ${type}`).toBe(415);
        expect(r.body.message).toMatch(/^Content-Type must be application\/json \(got .*\): /);
        expect(r.body.message).toContain(type === undefined ? '(got none)' : `"${type}"`);
      }
      for (const charset of ['utf-16le', 'latin1']) {
        const r = await request(http)
          .post(path)
          .set('Content-Type', `application/json; charset=${charset}`)
          .send(raw);
        expect(r.status, `${path} in ${charset}`).toBe(415);
        expect(r.body.message).toMatch(/^Content-Type charset must be utf-8 .*RFC 8259/);
      }
      // UTF-8, named or not, in any case, is the body it always was (a payment reference is paid once).
      for (const type of ['application/json', 'Application/JSON; charset=UTF-8']) {
        const body = path === '/payments' ? { ...valid, reference: `card-${randomUUID()}` } : valid;
        const r = await request(http)
          .post(path)
          .set('Content-Type', type)
          .send(JSON.stringify(body));
        expect(r.status, `${path} as ${type}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      }
    }
  });

  // The charset had been found by a search of the header's text: `charset=` inside another
  // parameter's quoted value was taken for one, and a body in UTF-8 refused.
  it('the charset is a parameter of Content-Type, not text found anywhere in it', async () => {
    const path = '/konsolosluk/transactions';
    const raw = JSON.stringify(VALID[path]);
    for (const type of [
      'application/json; foo="charset=latin1"',
      'application/json; boundary="x;charset=utf-16"',
      'application/json; foo="a\\"; charset=latin1"',
      'application/json;charset="utf-8"',
      'application/json; CHARSET=Utf-8',
      'application/json ;  charset=utf-8 ; foo=bar',
      // RFC 9110 §5.6.6: parameters = *( OWS ";" OWS [ parameter ] ), so a ';' may stand alone.
      'application/json;;',
      'application/json; ; charset=utf-8',
    ]) {
      const r = await request(http).post(path).set('Content-Type', type).send(raw);
      expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    }
    for (const [type, charset] of [
      ['application/json; foo="x"; charset=latin1', 'latin1'],
      ['application/json; Charset="UTF-16LE"', 'UTF-16LE'],
      ['application/json; charset=utf-8; charset=utf-16le', 'utf-16le'],
    ]) {
      const r = await request(http).post(path).set('Content-Type', type).send(raw);
      expect(r.status, type).toBe(415);
      expect(r.body.message).toBe(
        `Content-Type charset must be utf-8 (got "${charset}"): JSON is UTF-8 (RFC 8259)`,
      );
    }
    for (const type of [
      'application/json; charset',
      'application/json; foo="unclosed',
      'application/json; =x',
    ]) {
      const r = await request(http).post(path).set('Content-Type', type).send(raw);
      expect(r.status, type).toBe(415);
      expect(r.body.message).toMatch(/^Content-Type parameters must be name=value pairs/);
    }
  });

  it('routes that take no body work whatever Content-Type says', async () => {
    const admin = `Bearer ${TEST_ADMIN_TOKEN}`;
    const keys = '/diplomatic-portal/missions/japan-emb-ankara/keys';
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      const issue = request(http).post(keys).set('Authorization', admin);
      const issued = await (type ? issue.set('Content-Type', type) : issue);
      expect(issued.status, `POST keys as ${type}`).toBe(201);
      const revoke = request(http)
        .delete(`${keys}/${issued.body.keyId}`)
        .set('Authorization', admin);
      expect((await (type ? revoke.set('Content-Type', type) : revoke)).status).toBe(204);
    }
    await request(http)
      .put('/admin/queues/api/queues/payments/retry/failed')
      .set('Authorization', admin)
      .set('Content-Type', 'text/plain')
      .expect((r) => expect(r.status).toBeLessThan(300));
  });

  it('utf-16 cannot hide nesting from the depth check', async () => {
    // "Ģ" is the bytes 22 01 in UTF-16LE: read as UTF-8 bytes, a quote that never closes.
    const levels = 3990;
    const raw = `{"fullName":"Ģ","x":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    const r = await request(http)
      .post('/payments')
      .set('Content-Type', 'application/json; charset=utf-16le')
      // The bytes as they are (a JSON Content-Type would make supertest serialise the Buffer).
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(Buffer.from(raw, 'utf16le'));
    expect(r.status).toBe(415);
    expect(r.body.message).toMatch(/charset must be utf-8/);
    // The same body in UTF-8 is the depth check's 400.
    const utf8 = await post('/payments', raw);
    expect(utf8.status).toBe(400);
    expect(utf8.body.message).toBe(`request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('a body that is JSON but not an object is a 400 saying it must be an object', async () => {
    for (const path of Object.keys(VALID))
      for (const raw of ['[1,2]', '[]', '"x"', 'null', '1', 'true', ' [{"text":"a"}]']) {
        const r = await post(path, raw);
        expect(r.status, `${path} ${raw}`).toBe(400);
        expect(r.body.message, `${path} ${raw}`).toBe('request body must be a JSON object ({...})');
      }
    // Text that is not JSON at all keeps its own answer.
    for (const raw of ['x', '{"text":', "{'text':'a'}"]) {
      const r = await post('/hizir/messages', raw);
      expect(r.status, raw).toBe(400);
      expect(r.body.message, raw).toBe('request body is not valid JSON');
    }
  });

  it('special keys in the query string are refused as unknown query parameters, like ?foo=1', async () => {
    const issued = await request(http)
      .post('/diplomatic-portal/missions/japan-emb-ankara/keys')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .expect(201);
    const list = (query: string) =>
      request(http)
        .get(`/diplomatic-portal/requests?${query}`)
        .set('Authorization', `Bearer ${issued.body.key}`);
    const foo = await list('foo=1');
    expect(foo.status).toBe(400);
    expect(foo.body.message).toEqual([
      'unknown query parameter "foo": this route takes page, pageSize',
    ]);
    for (const key of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
      const r = await list(`page=1&${key}=x`);
      expect(r.status, key).toBe(400);
      expect(r.body.message, key).toEqual([
        `unknown query parameter "${key}": this route takes page, pageSize`,
      ]);
    }
    await list('page=1&pageSize=5').expect(200);
    // On any route, a POST's query too, named as the query's (before 8 December 2026 it was
    // `unknown field "valueOf": not allowed`, as if the body held it).
    const post = await request(http)
      .post('/hizir/messages?valueOf=1')
      .send(VALID['/hizir/messages']);
    expect(post.status).toBe(400);
    expect(post.body.message).toEqual(['unknown query parameter "valueOf": this route takes none']);
    const text = await request(http)
      .post('/hizir/messages?text=x&valueOf=1')
      .send(VALID['/hizir/messages']);
    expect(text.body.message).toEqual([
      'unknown query parameter "text": this route takes none',
      'unknown query parameter "valueOf": this route takes none',
    ]);
  });

  it('an object of more than MAX_FIELDS fields is one 400, before the validators read its fields', async () => {
    // The probe: 1,700 unknown fields in 16 kB took the validators 30 to 80 ms and came back as
    // 1,700 messages (65 kB).
    const many = (n: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        ...extra,
        ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])),
      });
    for (const path of Object.keys(VALID)) {
      const r = await post(path, many(1700));
      expect(r.status, path).toBe(400);
      expect(r.body.message, path).toEqual([
        `request body has 1700 fields: an object of this API has at most ${MAX_FIELDS}`,
      ]);
    }
    const nested = await post(
      '/hizir/messages',
      JSON.stringify({ text: 'x', lang: JSON.parse(many(MAX_FIELDS + 1)) }),
    );
    expect(nested.body.message).toEqual([
      `lang has ${MAX_FIELDS + 1} fields: an object of this API has at most ${MAX_FIELDS}`,
    ]);
    // Up to the limit, the unknown fields are named as before.
    const few = await post('/hizir/messages', many(3, VALID['/hizir/messages']));
    expect(few.body.message).toHaveLength(3);
    // The query string too.
    const query = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `q${i}=1`).join('&');
    const q = await request(http).post(`/hizir/messages?${query}`).send(VALID['/hizir/messages']);
    expect(q.status).toBe(400);
    expect(q.body.message).toEqual([
      `query string has ${MAX_FIELDS + 1} fields: an object of this API has at most ${MAX_FIELDS}`,
    ]);
  });

  it('a query string past the 1000 parameters the parser keeps is counted whole', async () => {
    // The parser keeps the first 1000 parameters: 1,500 were told "query string has 1000 fields".
    const params = (names: number, each = 1) =>
      Array.from({ length: names * each }, (_, i) => `q${i % names}=1`).join('&');
    for (const [query, fields] of [
      [params(1500), 1500],
      [params(1000), 1000],
      // Fields, not parameters: 1,200 parameters of 600 names are 600 fields.
      [params(600, 2), 600],
    ] as const) {
      const r = await request(http).post(`/hizir/messages?${query}`).send(VALID['/hizir/messages']);
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([
        `query string has ${fields} fields: an object of this API has at most ${MAX_FIELDS}`,
      ]);
    }
  });

  it('a list longer than its rule is one message, not one for each of its elements', async () => {
    const arrivals = Array.from({ length: 1500 }, () => ({ x: 1 }));
    const r = await request(http)
      .post('/replay/arrivals')
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ run: '0a1b2c3d', arrivals });
    expect(r.status).toBe(400);
    expect(r.body.message).toEqual(['arrivals must be a list of 1 to 150 arrivals']);
  });

  it('a route that reads no query string or no body refuses one with fields', async () => {
    // The probe's ?token=… on a status read and a body on the key route were answered as if
    // they had not been sent.
    const accepted = await request(http)
      .post('/konsolosluk/transactions')
      .send(VALID['/konsolosluk/transactions'])
      .expect(202);
    const read = (query: string) =>
      request(http)
        .get(`/konsolosluk/transactions/${accepted.body.id}${query}`)
        .set('Authorization', `Bearer ${accepted.body.token}`);
    const withToken = await read(`?token=${accepted.body.token}`).expect(400);
    expect(withToken.body.message).toEqual([
      'unknown query parameter "token": this route takes none',
    ]);
    await read('').expect(200);
    await read('?').expect(200);
    const health = await request(http).get('/health/live?verbose=1').expect(400);
    expect(health.body.message).toEqual([
      'unknown query parameter "verbose": this route takes none',
    ]);
    // A body on a route that takes none: refused, after the credential is checked.
    const keys = '/diplomatic-portal/missions/south-korea-emb-ankara/keys';
    await request(http).post(keys).send({ missionId: 'x' }).expect(401);
    const extra = await request(http)
      .post(keys)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .send({ missionId: 'x' })
      .expect(400);
    expect(extra.body.message).toEqual(['unknown field "missionId": not allowed']);
    await request(http)
      .post(keys)
      .set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{}')
      .expect(201);
  });

  it('counts depth outside strings only, in one pass', () => {
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[[[[[[[[[[[[[[[[[["}'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":"\\"[[[[[[[[[[[[[[[[[[[","b":[[[1]]]}'), 3)).toBe(
      true,
    );
    expect(jsonDepthExceeds(Buffer.from('[[[1]],[[2]]]'), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[1]]]]'), 3)).toBe(true);
  });

  it('a validator that throws is a 400 naming its field, not a 500', async () => {
    class Probe {
      @IsString()
      name!: string;

      @IsString()
      fragile!: string;
    }
    registerDecorator({
      name: 'throws',
      target: Probe,
      propertyName: 'fragile',
      validator: {
        validate: (v: unknown) => {
          if (v === 'boom') throw new URIError('URI malformed');
          return true;
        },
      },
    });
    const pipe = new SafeValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
    });
    const meta = { type: 'body' as const, metatype: Probe, data: '' };
    await expect(pipe.transform({ name: 'a', fragile: 'fine' }, meta)).resolves.toBeInstanceOf(
      Probe,
    );
    const err = await pipe.transform({ name: 'a', fragile: 'boom' }, meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestException);
    expect(JSON.stringify((err as BadRequestException).getResponse())).toContain(
      'fragile could not be checked',
    );
  });
});
