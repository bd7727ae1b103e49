import { describe, expect, it } from 'vitest';
import { openText, sealText, textSeal } from '../../../src/common/sealed-text';
import { openPersonalData, sealPersonalData } from '../../../src/evisa/personal-data';

const SECRET = 'test-secret-0123456789';
const TEXT = 'Benim adım Ayşe Yılmaz, pasaport U12345678, +90 532 123 45 67';

describe('sealed free text', () => {
  it('opens with the same secret and job id, and shows nothing of the text sealed', () => {
    const sealed = sealText(SECRET, 'task-1', TEXT);
    expect(openText(SECRET, 'task-1', sealed)).toBe(TEXT);
    for (const part of ['Ayşe', 'U12345678', '532'])
      expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain(part);
    expect(sealed).not.toContain('U12345678');
  });

  it('seals the same text differently each time (a fresh IV)', () => {
    expect(sealText(SECRET, 'task-1', TEXT)).not.toBe(sealText(SECRET, 'task-1', TEXT));
  });

  it('does not open under another job id, another secret, or when altered', () => {
    const sealed = sealText(SECRET, 'task-1', TEXT);
    expect(() => openText(SECRET, 'task-2', sealed)).toThrow();
    expect(() => openText('another-secret-0123456789', 'task-1', sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(() => openText(SECRET, 'task-1', raw.toString('base64url'))).toThrow();
  });
});

describe('seals of different uses', () => {
  it('opens what was sealed before the two uses shared one implementation (same keys, same format)', () => {
    // Sealed on 2 December 2026 by the hand-off and e-visa code as they were then.
    expect(
      openText(
        SECRET,
        'task-vector',
        '18pfMS-eH8y1arVT--K96c9Ajr62w3j6Z_k6E-cF0PW5LBRzDO-Jsjxd0Eld',
      ),
    ).toBe('Benim adım Ayşe');
    expect(
      openPersonalData(
        SECRET,
        'ev_vector',
        'b9cgzKy_K0T-lujLGCPMH8HrS8vJdOlTUucKSWJTbRl3eTsOo-E99NDNbcLY3KiqdFikemktlwcMBAwSLwWWLaYv9lF3-202OGn15B8ggX-q637f-GRoj8jyh6_fm0PLkyFOzVzaUlkk39ejSw',
      ),
    ).toEqual({ passportNumber: 'U12345678', fullName: 'Ayşe Yılmaz', email: 'a@example.org' });
  });

  it('do not open each other: each label has its own key', () => {
    const data = { passportNumber: 'U1', fullName: 'A', email: 'a@example.org' };
    const sealed = sealPersonalData(SECRET, 'ev_1', data);
    expect(openPersonalData(SECRET, 'ev_1', sealed)).toEqual(data);
    expect(() => openText(SECRET, 'ev_1', sealed)).toThrow();
    expect(() => textSeal('another use v1').open(SECRET, 'ev_1', sealed)).toThrow();
  });
});
