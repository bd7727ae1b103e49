import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Creates a record hash unless it exists, atomically. Returns null when created, or the
 * existing record's fields (a retried submission): the caller answers with the same record.
 */
const CREATE_IF_ABSENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], unpack(ARGV))
return false`;

export async function createIfAbsent(
  redis: Redis,
  key: string,
  fields: Record<string, string>,
): Promise<Record<string, string> | null> {
  const args = Object.entries(fields).flat();
  const existing = (await redis.eval(CREATE_IF_ABSENT, 1, key, ...args)) as string[] | null;
  if (!existing) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < existing.length; i += 2) out[existing[i]] = existing[i + 1];
  return out;
}

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** The client's idempotency key, from the Idempotency-Key header or the body (they must agree). */
export function idempotencyKeyOf(
  header: string | undefined,
  body: string | undefined,
): string | undefined {
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    throw new BadRequestException(
      'Idempotency-Key header must be 8 to 128 letters, digits or . _ : -',
    );
  }
  if (header !== undefined && body !== undefined && header !== body) {
    throw new BadRequestException('Idempotency-Key header and idempotencyKey differ');
  }
  return header ?? body;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A record id: derived from the idempotency key (a retry is the same record), else random. */
export function recordId(kind: string, idempotencyKey: string | undefined): string {
  return idempotencyKey
    ? `${kind}_${sha256(`${kind}:${idempotencyKey}`).slice(0, 26)}`
    : `${kind}_${randomBytes(13).toString('hex')}`;
}

/**
 * An access token: with an idempotency key, an HMAC of it under the server secret, so a retry
 * gets the same token back although only its hash is stored; otherwise random.
 */
export function accessToken(
  secret: string,
  kind: string,
  idempotencyKey: string | undefined,
): string {
  return idempotencyKey
    ? createHmac('sha256', secret).update(`${kind}-token:${idempotencyKey}`).digest('base64url')
    : randomBytes(32).toString('base64url');
}

/** The bearer token of an Authorization header; 401 when there is none. */
export function bearerToken(authorization: string | undefined): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m)
    throw new UnauthorizedException(
      'an Authorization: Bearer <token> header is required (the token returned at submission)',
    );
  return m[1];
}

/** Whether the token hashes to the stored hash (constant-time comparison). */
export function tokenOpens(token: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(sha256(token), 'hex');
  const stored = Buffer.from(storedHash ?? '', 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/** 403 unless the token hashes to the stored hash (constant-time comparison). */
export function checkToken(token: string, storedHash: string | undefined): void {
  if (!tokenOpens(token, storedHash))
    throw new ForbiddenException('this token does not open this record');
}
