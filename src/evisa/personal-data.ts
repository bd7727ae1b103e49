import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { pooledRandomBytes } from '../common/random-pool';

/**
 * Personal data of an application (passport number, name, e-mail) sealed with AES-256-GCM
 * before it reaches Redis, so a dump of Redis, the dashboard or an AOF file does not show it.
 * The key is derived from TOKEN_SECRET (HKDF, its own label), and the record id is the
 * additional data: a sealed value copied into another record does not open there.
 */
export interface PersonalData {
  passportNumber: string;
  fullName: string;
  email: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** HKDF once per secret, not per request (it showed in the submission path's profile). */
const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'consular-sim', 'evisa personal data v1', 32));
    keys.set(secret, key);
  }
  return key;
}

export function sealPersonalData(secret: string, recordId: string, data: PersonalData): string {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(recordId));
  const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openPersonalData(secret: string, recordId: string, sealed: string): PersonalData {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(recordId));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const text = Buffer.concat([
    decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(text) as PersonalData;
}
