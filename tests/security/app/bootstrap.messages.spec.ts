import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { TEST_ADMIN_TOKEN, testConfig } from '../../helpers/redis-test-env';

/**
 * A field of the wrong type, or missing, is one message naming the field and what it must be.
 * The probe's numbers as strings and missing texts were answered with every rule of the field,
 * several of them false for what was sent: `"amountMinor": "100"` was told it "must be at most
 * 1000000000" and "must be more than 0", `"text": 123` that it "must be shorter than or equal to
 * 1000 characters".
 */
describe('a field of the wrong type or missing is one message', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startApiApp(testConfig('messages', { RATE_LIMIT: '0' }));
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  const payment = { reference: 'INV-types-1', currency: 'USD', channel: 'virtual-pos' };
  const applicant = {
    nationality: 'GB',
    passportNumber: 'P1234567',
    fullName: 'Jane Doe',
    email: 'jane@example.org',
    arrivalDate: plausibleArrivalDate(),
  };
  const refused = async (path: string, body: object, admin = false) => {
    const r = request(http).post(path);
    if (admin) r.set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    const answer = await r.send(body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    return answer.body.message as string[];
  };

  it('a number sent as text, or as true, is told it must be a whole number, nothing else', async () => {
    const whole = ['amountMinor must be a whole number of minor units (cents)'];
    expect(await refused('/payments', { ...payment, amountMinor: '100' })).toEqual(whole);
    expect(await refused('/payments', { ...payment, amountMinor: true })).toEqual(whole);
    expect(await refused('/payments', { ...payment, amountMinor: [100] })).toEqual(whole);
    // The right type breaking a rule still hears that rule.
    expect(await refused('/payments', { ...payment, amountMinor: 0 })).toEqual([
      'amountMinor must be more than 0',
    ]);
  });

  it('a text sent as a number, a list or an object is told it must be text', async () => {
    for (const text of [123, ['hi'], { a: 1 }])
      expect(await refused('/hizir/messages', { text })).toEqual(['text must be a string']);
    expect(await refused('/evisa/applications', { ...applicant, fullName: 42 })).toEqual([
      'fullName must be a string',
    ]);
  });

  it('a missing or null field is one message: it is required', async () => {
    expect(await refused('/hizir/messages', {})).toEqual(['text is required']);
    expect(await refused('/hizir/messages', { text: null })).toEqual(['text is required']);
    const { fullName: _left, ...withoutName } = applicant;
    expect(await refused('/evisa/applications', withoutName)).toEqual(['fullName is required']);
    const { amountMinor: _none, ...noAmount } = { ...payment, amountMinor: 1 };
    expect(await refused('/payments', noAmount)).toEqual(['amountMinor is required']);
  });

  it('in a list of arrivals, the element and field are named once', async () => {
    const messages = await refused(
      '/replay/arrivals',
      { run: '0a1b2c3d', arrivals: [{ station: 'desk', c: '5', s: 0, t: 1 }] },
      true,
    );
    expect(messages, JSON.stringify(messages)).toHaveLength(1);
    expect(messages[0]).toMatch(/^arrivals\.0\.c must be a whole number/);
    expect(
      await refused('/replay/arrivals', { run: '0a1b2c3d', arrivals: { c: 1 } }, true),
    ).toEqual(['arrivals must be a list of 1 to 150 arrivals']);
  });
});
