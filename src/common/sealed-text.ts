import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';
import { pooledRandomBytes } from './random-pool';

/**
 * Text sealed with AES-256-GCM before it reaches Redis, so a Redis dump, the AOF or the
 * dashboard show ciphertext. The key is derived from TOKEN_SECRET with HKDF under a label of
 * its own per use (a key for one use opens nothing of another), and `boundTo` (a job or record
 * id) is the additional data, so a sealed text copied into another job or record does not open
 * there. Sealed: base64url of IV, tag, ciphertext. The IV is 12 random bytes from the CSPRNG pool
 * (random-pool.ts: every byte handed out once), so two seals under one key never share an IV
 * except by chance (2^-96 per pair).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface TextSeal {
  seal(secret: string, boundTo: string, text: string): string;
  open(secret: string, boundTo: string, sealed: string): string;
}

/** Sealing under one HKDF label; HKDF (and the key object) run once per secret, not per request. */
export function textSeal(label: string): TextSeal {
  const keys = new Map<string, KeyObject>();
  const keyOf = (secret: string): KeyObject => {
    let key = keys.get(secret);
    if (!key) {
      key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'consular-sim', label, 32)));
      keys.set(secret, key);
    }
    return key;
  };
  return {
    seal(secret, boundTo, text) {
      const iv = pooledRandomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(secret, boundTo, sealed) {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

/**
 * A Hızır question handed to an officer (it may hold a name, a phone or a passport number),
 * bound to its job id.
 */
const HANDOFF_TEXT = textSeal('hizir handoff text v1');

export function sealText(secret: string, boundTo: string, text: string): string {
  return HANDOFF_TEXT.seal(secret, boundTo, text);
}

export function openText(secret: string, boundTo: string, sealed: string): string {
  return HANDOFF_TEXT.open(secret, boundTo, sealed);
}
