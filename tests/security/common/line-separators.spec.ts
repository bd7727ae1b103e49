import 'reflect-metadata';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isPrintableText } from '../../../src/common/field-rules';
import { useApiApp } from '../../helpers/api-app';
import { plausibleArrivalDate } from '../../helpers/fault-env';
import { testConfig } from '../../helpers/redis-test-env';

/**
 * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR break a line as LF does (JavaScript,
 * browsers and log viewers end the line there), but they are no control character: a field of
 * one line (an e-visa's fullName, a Hızır sessionId) refused "Jane\r\nDoe" and took
 * "Jane\u2028Doe", a name that shows on two lines, with 202. A text that may run to several
 * lines (a Hızır question) keeps them, as it keeps LF.
 */
describe('line and paragraph separators in a field of one line', () => {
  const api = useApiApp(testConfig('line-separators', { RATE_LIMIT: '0' }));
  const jane = {
    nationality: 'GB',
    passportNumber: 'P1234567',
    fullName: 'Jane Doe',
    email: 'jane@example.org',
    arrivalDate: plausibleArrivalDate(),
  };

  it('fullName with U+2028 or U+2029 is a 400 naming the field and the separator', async () => {
    for (const fullName of ['Jane\u2028Doe', 'Jane\u2029Doe', '\u2028Jane Doe']) {
      const r = await request(api.http)
        .post('/evisa/applications')
        .send({ ...jane, fullName });
      expect(r.status, JSON.stringify(fullName)).toBe(400);
      expect(r.body.message).toEqual([
        expect.stringMatching(/^fullName must be printable text .*line separators \(U\+2028\)/),
      ]);
    }
  });

  it('a Hızır sessionId with one is refused; the question itself may hold it', async () => {
    const bad = await request(api.http)
      .post('/hizir/messages')
      .send({ text: 'vize', sessionId: 'abc\u2028def' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([expect.stringMatching(/^sessionId must be printable text/)]);
    await request(api.http)
      .post('/hizir/messages')
      .send({ text: 'e-vize\u2028ücreti ne kadar?' })
      .expect(201);
  });

  it('the rule: refused in a line, allowed in multi-line text', () => {
    for (const s of ['a\u2028b', 'a\u2029b']) {
      expect(isPrintableText(s), JSON.stringify(s)).toBe(false);
      expect(isPrintableText(s, true), JSON.stringify(s)).toBe(true);
    }
  });
});
