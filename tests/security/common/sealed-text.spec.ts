import { describe, expect, it } from 'vitest';
import { openText, sealText } from '../../../src/common/sealed-text';

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
