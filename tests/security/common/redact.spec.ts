import { describe, expect, it } from 'vitest';
import { redact, REDACTED, redactText } from '../../../src/common/redact';

describe('redaction of personal data', () => {
  it('masks passport numbers, e-mails, phones, ID numbers, IBANs and bearer tokens in free text', () => {
    const text =
      'Passport U98765432, mail jane.q@example.org, call +90 532 123 45 67, TC 12345678901, ' +
      'IBAN TR33 0006 1005 1978 6457 8413 26, Authorization: Bearer abc.def-ghi';
    const out = redactText(text);
    for (const secret of [
      'U98765432',
      'jane.q@',
      '532 123',
      '12345678901',
      'TR33 0006',
      'abc.def-ghi',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('masks a name after the words that introduce one, in English and Turkish, and keeps the words', () => {
    expect(redactText('Hello, my name is jane doe and I lost my passport')).not.toMatch(/jane|doe/);
    expect(redactText('Benim adım Ayşe Yılmaz, pasaportumu kaybettim')).not.toMatch(/Ayşe|Yılmaz/);
    expect(redactText('Sayın Mehmet Öz')).toBe(`Sayın ${REDACTED}`);
    // Record ids and an ISO date stay: they identify a record or a day, not a person.
    expect(redactText('ev_0123abcd on 2026-12-02T10:00:00Z')).toBe(
      'ev_0123abcd on 2026-12-02T10:00:00Z',
    );
  });

  it('replaces whole fields whose name says personal data or secret, at any depth', () => {
    expect(
      redact({
        id: 'kn_1',
        applicant: { PassportNo: 'K11223344', full_name: 'John', nested: [{ email: 'x' }] },
        headers: { authorization: 'Basic abc', cookie: 'c=1' },
      }),
    ).toEqual({
      id: 'kn_1',
      applicant: { PassportNo: REDACTED, full_name: REDACTED, nested: [{ email: REDACTED }] },
      headers: { authorization: REDACTED, cookie: REDACTED },
    });
    expect(redact(new Error('passport K11223344 rejected'))).toEqual({
      error: 'Error',
      message: `passport ${REDACTED} rejected`,
    });
  });
});
