import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isCountryCode,
  isCurrencyCode,
  arrivalWindow,
  isPlausibleArrivalDate,
  isPrintableText,
} from '../../../src/common/field-rules';
import { startApiApp } from '../../helpers/api-app';
import { testConfig } from '../../helpers/redis-test-env';
import { plausibleArrivalDate } from '../../helpers/fault-env';

/**
 * Text that shows nothing, though none of it is white space to trim(): format characters
 * (zero-width space, joiners, word joiner, soft hyphen, a tag character), letters that draw
 * nothing (the Hangul fillers), the blank Braille pattern, other spaces (no-break, ideographic),
 * a combining mark alone and a variation selector.
 */
const INVISIBLE = [
  '\u200b',
  '\u200b\u200c\u200d',
  '\u2060',
  '\u00ad',
  '\u{e0041}',
  '\u3164',
  '\u115f\u1160',
  '\uffa0',
  '\u2800',
  '\u2800 \u2800',
  '\u00a0\u00a0',
  '\u3000',
  '\u0301',
  '\u034f',
  '\ufe0f',
  ' \u200b ',
];
/** Names in scripts that use joiners and marks, and symbols: all of them show. */
const VISIBLE_NAMES = [
  'Ayşe Öztürk-Çelik',
  'مهسا\u200cنوری',
  'क्\u200dष',
  '李小龍',
  'O\u2019Brien',
  'José\u00a0María',
  '\u2800X',
];

/** Stricter field rules: printable text, a plausible arrival window, assigned codes, special keys refused. */
const jane = {
  nationality: 'GB',
  passportNumber: 'P1234567',
  fullName: 'Jane Doe',
  email: 'jane@example.org',
  arrivalDate: plausibleArrivalDate(),
};

describe('field rules of the API', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startApiApp(testConfig('rules', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  const messageOf = async (path: string, body: unknown) => {
    const r = await request(http)
      .post(path)
      .send(body as object);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    return JSON.stringify(r.body.message);
  };

  it('fullName: printable text, not only whitespace', async () => {
    for (const bad of [
      'Jane\u0000Doe',
      'Jane\u001b[31mDoe',
      'Jane\r\nDoe',
      'Jane \u202eeoD',
      'Jane\u2066Doe',
      '   ',
      '\t',
      ...INVISIBLE,
    ])
      expect(
        await messageOf('/evisa/applications', { ...jane, fullName: bad }),
        JSON.stringify(bad),
      ).toMatch(/fullName must be printable text with at least one visible character/);
    // An empty name is one mistake: one message (it had also been told it was not printable).
    const empty = await request(http)
      .post('/evisa/applications')
      .send({ ...jane, fullName: '' })
      .expect(400);
    expect(empty.body.message).toEqual(['fullName must be 1 to 200 characters long']);
    for (const fullName of VISIBLE_NAMES)
      await request(http)
        .post('/evisa/applications')
        .send({ ...jane, fullName })
        .expect(202);
  });

  it('email: an address without control, bidirectional or invisible characters; one message for a non-text', async () => {
    // U+202E shows "jane@example.org\u202e…" reversed to whoever reads it; U+200B makes two
    // addresses that look the same; both had passed the address rule alone.
    for (const bad of [
      'jane@example.org\u202e',
      '\u202ejane@example.org',
      'ja\u2066ne@example.org',
      'ja\u200bne@example.org',
      'jane@exa\u200dmple.org',
      'jane\u00ad@example.org',
      'jane@example.org\ufeff',
      'a@b',
    ])
      expect(
        JSON.parse(await messageOf('/evisa/applications', { ...jane, email: bad })),
        JSON.stringify(bad),
      ).toEqual([
        'email must be an e-mail address such as jane@example.org: no control characters, bidirectional overrides or invisible characters',
      ]);
    // A number is told it must be text, and nothing else (it had two messages, neither saying so).
    expect(JSON.parse(await messageOf('/evisa/applications', { ...jane, email: 123 }))).toEqual([
      'email must be a string',
    ]);
    for (const email of ['jane+visa@example.org', 'jané@exämple.org', 'JANE@EXAMPLE.ORG'])
      await request(http)
        .post('/evisa/applications')
        .send({ ...jane, email })
        .expect(202);
  });

  it('printable text needs a visible character: invisible letters, marks and format characters alone are not text', () => {
    for (const bad of INVISIBLE) {
      expect(isPrintableText(bad), JSON.stringify(bad)).toBe(false);
      expect(isPrintableText(bad, true), JSON.stringify(bad)).toBe(false);
    }
    for (const name of VISIBLE_NAMES) expect(isPrintableText(name), name).toBe(true);
  });

  it('Hızır text: printable (line breaks allowed), not only whitespace; sessionId printable', async () => {
    expect(await messageOf('/hizir/messages', { text: 'vize \u202e ücreti' })).toMatch(
      /text must be printable text/,
    );
    expect(await messageOf('/hizir/messages', { text: ' \n ' })).toMatch(/text must be printable/);
    expect(await messageOf('/hizir/messages', { text: '\u200b\n\u2800' })).toMatch(
      /text must be printable/,
    );
    expect(await messageOf('/hizir/messages', { text: 'vize', sessionId: '\u3164' })).toMatch(
      /sessionId must be printable text/,
    );
    expect(await messageOf('/hizir/messages', { text: 'vize', sessionId: 'a\u0000b' })).toMatch(
      /sessionId must be printable text/,
    );
    // An empty question is one mistake, told as its length rule, as an empty name is (it had
    // two messages: "should not be empty" and that it was not printable).
    expect(JSON.parse(await messageOf('/hizir/messages', { text: '' }))).toEqual([
      'text must be 1 to 1000 characters long',
    ]);
    expect(JSON.parse(await messageOf('/hizir/messages', { text: 'a'.repeat(1001) }))).toEqual([
      'text must be 1 to 1000 characters long',
    ]);
    await request(http)
      .post('/hizir/messages')
      .send({ text: 'e-vize\nücreti ne kadar?' })
      .expect(201);
  });

  it('arrivalDate: a real date from yesterday to a year ahead', async () => {
    for (const bad of [
      '1900-01-01',
      '9999-12-31',
      '2027-02-30',
      plausibleArrivalDate(-3),
      plausibleArrivalDate(400),
      '2026-12-1',
      '20270101',
    ])
      expect(await messageOf('/evisa/applications', { ...jane, arrivalDate: bad }), bad).toMatch(
        /arrivalDate must be a calendar date \(YYYY-MM-DD\) from yesterday to 365 days ahead/,
      );
    // The window is named as the dates it spans now, not as "today".
    const current = arrivalWindow();
    expect(
      await messageOf('/evisa/applications', { ...jane, arrivalDate: '1900-01-01' }),
    ).toContain(`(at present ${current.from} to ${current.to})`);
    const now = Date.UTC(2026, 11, 2, 12);
    expect(isPlausibleArrivalDate('2026-12-01', now)).toBe(true);
    expect(isPlausibleArrivalDate('2026-11-30', now)).toBe(false);
    expect(isPlausibleArrivalDate('2027-12-02', now)).toBe(true);
    expect(isPlausibleArrivalDate('2027-12-03', now)).toBe(false);
    expect(isPlausibleArrivalDate('2028-02-29', Date.UTC(2027, 5, 1))).toBe(true);
    expect(isPlausibleArrivalDate('2027-02-29', Date.UTC(2026, 11, 2))).toBe(false);
    // The same answers as parsing the date and comparing it with the window, on every day
    // around the window and on strings that are not dates.
    const { from, to } = arrivalWindow(now);
    const parsed = (v: string) => {
      const d = new Date(`${v}T00:00:00Z`);
      return (
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        v >= from &&
        v <= to &&
        !Number.isNaN(d.getTime()) &&
        d.toISOString().slice(0, 10) === v
      );
    };
    const candidates = ['2027-02-29', '2027-04-31', '2026-13-01', '2027-00-10', '+02027-01-01'];
    for (let day = -5; day <= 400; day++) {
      const iso = new Date(now + day * 86_400_000).toISOString().slice(0, 10);
      candidates.push(
        iso,
        `${iso} `,
        iso.replace(/-/g, '/'),
        `${iso.slice(0, 8)}${Number(iso.slice(8)) + 31}`,
      );
    }
    let plausible = 0;
    for (const v of candidates) {
      expect(isPlausibleArrivalDate(v, now), v).toBe(parsed(v));
      if (parsed(v)) plausible++;
    }
    expect(plausible).toBe(367);
  });

  it('nationality: an assigned ISO 3166-1 alpha-2 code; currency: ISO 4217 money', async () => {
    for (const bad of ['ZZ', 'XX', 'UK', 'gb', 'EU'])
      expect(await messageOf('/evisa/applications', { ...jane, nationality: bad }), bad).toMatch(
        /nationality must be an assigned ISO 3166-1 alpha-2 country code/,
      );
    expect(['GB', 'TR', 'DE', 'US', 'ID'].every(isCountryCode)).toBe(true);
    // An e-visa is for foreigners: a citizen of Türkiye was taken, and charged the fee.
    expect(await messageOf('/evisa/applications', { ...jane, nationality: 'TR' })).toMatch(
      /^\["nationality must not be TR: citizens of Türkiye enter with a Turkish passport[^"]*"\]$/,
    );
    for (const bad of ['XXX', 'ZZZ', 'XTS', 'XAU', 'usd', 'US'])
      expect(
        await messageOf('/payments', {
          reference: 'card-rules-1',
          amountMinor: 100,
          currency: bad,
          channel: 'virtual-pos',
        }),
        bad,
      ).toMatch(/currency must be an ISO 4217 currency code/);
    expect(['USD', 'EUR', 'TRY', 'GBP', 'XOF', 'JPY'].every(isCurrencyCode)).toBe(true);
  });

  it('keys naming built-in properties are refused as unknown fields', async () => {
    for (const key of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'prototype',
      'valueOf',
    ]) {
      for (const path of ['/evisa/applications', '/hizir/messages']) {
        const base = path === '/hizir/messages' ? { text: 'vize' } : jane;
        const raw = `${JSON.stringify(base).slice(0, -1)},${JSON.stringify(key)}:{"isAdmin":true}}`;
        const r = await request(http).post(path).set('Content-Type', 'application/json').send(raw);
        expect(r.status, `${path} ${key}`).toBe(400);
        expect(r.body.message).toEqual([`unknown field "${key}": not allowed`]);
      }
    }
  });
});
