import { createHash, timingSafeEqual } from 'node:crypto';
import {
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { pooledRandomBytes } from '../common/random-pool';
import { RedisScript } from './redis-script';
import { tokenBase } from './store-epoch';

/**
 * Creates a record hash unless it exists, atomically. Returns null when created, or the
 * existing record's fields (a retried submission): the caller answers with the same record.
 */
const CREATE_IF_ABSENT = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
redis.call('HSET', KEYS[1], unpack(ARGV))
return false`);

export async function createIfAbsent(
  redis: Redis,
  key: string,
  fields: Record<string, string>,
): Promise<Record<string, string> | null> {
  const existing = (await CREATE_IF_ABSENT.run(redis, 1, [
    key,
    ...Object.entries(fields).flat(),
  ])) as string[] | null;
  if (!existing) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < existing.length; i += 2) out[existing[i]] = existing[i + 1];
  return out;
}

export { IDEMPOTENCY_KEY, idempotencyKeyOf } from './idempotency';

/**
 * The status of a record whose job failed for good (every attempt used): its owner reads
 * `failed` instead of the last step it reached, which it showed for ever before.
 */
export const FAILED_STATUS = 'failed';

/**
 * Marks a record failed unless it is gone or already done (its `doneField` set): a late
 * failure must not undo an outcome. Failed is a final state like done: a service that expires
 * its records after their outcome (EVISA_RECORD_TTL_SECONDS, ...) expires a failed one too, in
 * the same script, so no crash between the two leaves it kept for ever.
 * KEYS[1] record; ARGV: done field, time, ttl seconds (0: keep).
 */
const MARK_FAILED = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'status', '${FAILED_STATUS}', 'failedAt', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1`);

/**
 * Marks the record failed (see MARK_FAILED); with `ttlSeconds` > 0 it then expires after that
 * many seconds. A payment passes 0: it keeps the unpaid expiry it was created with.
 */
export async function markFailed(
  redis: Redis,
  key: string,
  doneField: string,
  ttlSeconds = 0,
): Promise<boolean> {
  return (
    (await MARK_FAILED.run(redis, 1, [
      key,
      doneField,
      new Date().toISOString(),
      String(ttlSeconds),
    ])) === 1
  );
}

/**
 * A record whose job runs again after failing for good — retried from the dashboard
 * (job.retry(), which keeps the attempts made) — is in progress again: unless it is gone or
 * done, a `failed` one goes back to the status its job shows while pending, with `retriedAt`,
 * and it loses the expiry its failure set (PERSIST), so it cannot expire under the retried run
 * (the retention starts again at the new final state: done, or failed once more). A record
 * in progress keeps no expiry either (a payment's safety-net expiry, payments.service.ts).
 * KEYS[1] record; ARGV: done field, in-progress status, time.
 * Returns -1 gone, 0 done (nothing changed), 1 reopened from failed, 2 in progress (kept).
 */
const REOPEN = new RedisScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('PERSIST', KEYS[1])
if status ~= '${FAILED_STATUS}' then return 2 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'retriedAt', ARGV[3])
return 1`);

/** What REOPEN answers for a record that is not there: past its retention, or deleted. */
export const RECORD_GONE = -1;

/** Keeps the record of a job that runs (again): see REOPEN. */
export async function reopenRecord(
  redis: Redis,
  key: string,
  doneField: string,
  pendingStatus: string,
): Promise<number> {
  return (await REOPEN.run(redis, 1, [
    key,
    doneField,
    pendingStatus,
    new Date().toISOString(),
  ])) as number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new record's id: random (an idempotent retry finds its record through createOnce's binding). */
export function recordId(kind: string): string {
  return `${kind}_${pooledRandomBytes(13).toString('hex')}`;
}

/** A random access token (only its hash is stored). */
export function randomAccessToken(): string {
  return pooledRandomBytes(32).toString('base64url');
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

/**
 * A record's status route wants its bearer token before anything else: 401 without one, as a
 * guard, so before the check of the query string and body (UnreadInputInterceptor). The token
 * was looked for in the service, after that check, so `GET /evisa/applications/{id}?token=…`
 * without the header was a 400 about the query string instead of the 401 saying where the token
 * goes. The service still reads the token (bearerToken) and decides whether it opens the record.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    bearerToken(header);
    return true;
  }
}

/** 403 unless the token hashes to the stored hash (constant-time comparison). */
export function checkToken(token: string, storedHash: string | undefined): void {
  if (!tokenOpens(token, storedHash))
    throw new ForbiddenException('this token does not open this record');
}

/**
 * Whether the token hashes to the stored hash (constant-time comparison). The hash covers the
 * token without its issue marker (store-epoch.ts tokenBase); a token from before markers has none.
 */
export function tokenOpens(token: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(sha256(tokenBase(token)), 'hex');
  const stored = Buffer.from(storedHash ?? '', 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/**
 * A record read with its owner's token: a record that does not exist and one this token does
 * not open get the same 404, so a guessed id tells nothing about whether it exists.
 */
export function ownedRecord(
  token: string,
  record: Record<string, string>,
  notFound: string,
): Record<string, string> {
  if (!tokenOpens(token, record.tokenHash)) throw new NotFoundException(notFound);
  return record;
}
