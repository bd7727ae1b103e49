import 'reflect-metadata';
import { BadRequestException, type INestApplication } from '@nestjs/common';
import { registerDecorator, IsString } from 'class-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepthExceeds, MAX_JSON_DEPTH, SafeValidationPipe } from '../../../src/app/body-guard';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
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
