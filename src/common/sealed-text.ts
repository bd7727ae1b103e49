import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Free text sealed with AES-256-GCM before it reaches Redis (a Hızır question handed to an
 * officer may hold a name, a phone or a passport number): a Redis dump, the AOF or the
 * dashboard show ciphertext. The key is derived from TOKEN_SECRET with HKDF under its own
 * label, and `boundTo` (the job id) is the additional data, so a sealed text copied into
 * another job does not open there.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const LABEL = 'hizir handoff text v1';

const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'consular-sim', LABEL, 32));
    keys.set(secret, key);
  }
  return key;
}

export function sealText(secret: string, boundTo: string, text: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openText(secret: string, boundTo: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([
    decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
