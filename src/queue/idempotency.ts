import { createHash, createHmac } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { pooledRandomBytes } from '../common/random-pool';
import { RedisScript } from './redis-script';
import { newEpoch, STORE_EPOCH_LUA, storeEpochKey } from './store-epoch';

/**
 * Idempotency bound to the request, for every POST that takes an `Idempotency-Key`.
 *
 * A key is bound, atomically with the record it creates (one Lua script), to a fingerprint of
 * the request's canonical body. The same key with the same body is a retry: the caller answers
 * with the original record (same id, same token). The same key with another body is refused
 * with 422 and nothing of the first request. The binding expires after `ttlSeconds` (the
 * record itself does not): after that the key is free again.
 *
 * Keys are unauthenticated, so a retry's answer must not open a record to someone who merely
 * guessed a key: the fingerprint covers the whole body (for an e-visa the passport number, name
 * and e-mail), it is an HMAC under the server secret (a Redis dump does not give a guessable hash
 * of personal data), and the token a retry gets back is derived from the server secret and a
 * random nonce stored in the binding, never from the key alone.
 */

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
export const IDEMPOTENCY_KEY_RULE = '8 to 128 letters, digits or . _ : -';

/** The client's idempotency key, from the Idempotency-Key header or the body (they must agree). */
export function idempotencyKeyOf(
  header: string | undefined,
  body: string | null | undefined,
): string | undefined {
  // `"idempotencyKey": null` is an optional field left empty, as the field's rule reads it.
  if (body === null) body = undefined;
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header))
    throw new BadRequestException(`Idempotency-Key header must be ${IDEMPOTENCY_KEY_RULE}`);
  if (header !== undefined && body !== undefined && header !== body)
    throw new BadRequestException('Idempotency-Key header and idempotencyKey differ');
  return header ?? body;
}

/** JSON with object keys sorted at every level, so two equal bodies give one text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The fingerprint of a request: HMAC-SHA256 under the server secret of the route's scope and
 * the canonical body, without the `idempotencyKey` field (it may come in the header instead).
 */
export function requestFingerprint(secret: string, scope: string, body: object): string {
  const { idempotencyKey: _ignored, ...rest } = body as Record<string, unknown>;
  return createHmac('sha256', secret)
    .update(`${scope}\n${canonicalJson(rest)}`)
    .digest('base64url');
}

/**
 * Redis key of a binding (same prefix, so the same hash tag, as the record): one per route scope,
 * client and key. A key is one client's (src/common/client-address.ts), as a Hızır session is:
 * the body of a Konsolosluk.NET transaction (a mission and an operation) or of a payment to a
 * free reference is easy to guess, and so were keys such as the `client-0002` docs/api.md once
 * showed, so a global key let anyone repeat another citizen's request and be answered with that
 * record and its token. `client` is undefined where the scope is already one caller's (a
 * mission's requests, behind its key).
 */
export function idempotencyBindingKey(
  prefix: string,
  scope: string,
  key: string,
  client: string | undefined,
): string {
  const owner = client === undefined ? key : `${client}\n${key}`;
  return `${prefix}:idem:${scope}:${createHash('sha256').update(owner).digest('hex').slice(0, 40)}`;
}

/** The access token of a keyed record: re-derivable by the server only (secret, record id, nonce). */
export function keyedAccessToken(secret: string, scope: string, id: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${scope}-token:${id}:${nonce}`).digest('base64url');
}

/** A fresh random nonce for a binding. */
export function newNonce(): string {
  return pooledRandomBytes(12).toString('base64url');
}

/**
 * KEYS[1] binding ('' when there is no key), KEYS[2] record, KEYS[3] the store's epoch
 * (store-epoch.ts).
 * ARGV: fingerprint, id, nonce, binding ttl seconds, record ttl seconds (0: none), a fresh
 * epoch (written when the store holds none), the time of this request (ms, kept in the binding),
 * the record's field that keeps its epoch ('' for none), then the record's fields and values.
 * Returns {'created', epoch}, {'replay', epoch, id, nonce, time}, {'conflict'} (the key was
 * bound to another body) or {'taken'} (the record exists and this request holds no binding to
 * it); the epoch is the store's, under which the record was (or is) held; the time, that of the
 * request that created it ('' for a binding from before it was kept).
 */
const CREATE_ONCE = new RedisScript(`${STORE_EPOCH_LUA}
local epoch = storeEpoch(KEYS[3], ARGV[6])
if KEYS[1] ~= '' then
  local b = redis.call('HMGET', KEYS[1], 'fp', 'id', 'nonce', 'at')
  if b[1] then
    if b[1] ~= ARGV[1] then return {'conflict'} end
    return {'replay', epoch, b[2], b[3], b[4] or ''}
  end
end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'taken'} end
redis.call('HSET', KEYS[2], unpack(ARGV, 9))
if ARGV[8] ~= '' then redis.call('HSET', KEYS[2], ARGV[8], epoch) end
if tonumber(ARGV[5]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
if KEYS[1] ~= '' then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'id', ARGV[2], 'nonce', ARGV[3], 'at', ARGV[7])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
return {'created', epoch}`);

export interface CreateOnceRequest {
  /** Names the route (e.g. 'ev', 'kn', 'pay'): the same key on two routes is two keys. */
  scope: string;
  /** The client's Idempotency-Key, if any. */
  key: string | undefined;
  /**
   * The client the key belongs to (clientOf: its address): the same key from another client is
   * another key. Undefined only where the scope already names the caller (a mission).
   */
  client: string | undefined;
  /** requestFingerprint of the body. */
  fingerprint: string;
  ttlSeconds: number;
  /** The queue prefix (hash tag) the binding lives under. */
  prefix: string;
  /** Id and Redis key of the record this request creates when it is new. */
  id: string;
  recordKey: string;
  /** newNonce(): stored in the binding; keyedAccessToken(secret, scope, id, nonce) is the record's token. */
  nonce: string;
  fields: Record<string, string>;
  /**
   * A new record expires after this many seconds (none when absent). Set in the script that
   * creates it: a separate EXPIRE after it could be lost (Redis gone, the process killed) and
   * leave a record meant to free itself, e.g. an unpaid payment reference, held forever.
   */
  recordTtlSeconds?: number;
  /**
   * A field of the new record that keeps the store's epoch it was created under (written by the
   * same script), for a record whose id, not a token, carries the issue marker and is read
   * back from the record (the Diplomatic Portal's list). None when absent.
   */
  epochField?: string;
  /** What the record is, for messages ('e-visa application', 'payment reference …'). */
  what: string;
}

export interface CreateOnceResult {
  /** False for a retry: the record was made by an earlier request with the same key and body. */
  created: boolean;
  id: string;
  nonce: string;
  /** The store's epoch the record is held under: its token's issue marker names it (store-epoch.ts). */
  epoch: string;
  /**
   * When the request that created the record was made (ms; this server's clock, before the
   * record was written), which the marker carries too; undefined for a retry whose binding is
   * from before it was kept.
   */
  issuedAtMs?: number;
}

/**
 * Creates a record once per idempotency key (see the top of this file). Answers the record's
 * id and the binding's nonce (for keyedAccessToken); throws 422 when the key was used with
 * another body, 409 when the record exists and the request has no binding to it.
 */
export async function createOnce(redis: Redis, req: CreateOnceRequest): Promise<CreateOnceResult> {
  const binding = req.key ? idempotencyBindingKey(req.prefix, req.scope, req.key, req.client) : '';
  const issuedAtMs = Date.now();
  // One array, built once (no per-field entry arrays, no spreading through the calls below).
  const args: string[] = [
    binding,
    req.recordKey,
    storeEpochKey(req.prefix),
    req.fingerprint,
    req.id,
    req.nonce,
    String(req.ttlSeconds),
    String(req.recordTtlSeconds ?? 0),
    newEpoch(),
    String(issuedAtMs),
    req.epochField ?? '',
  ];
  for (const field in req.fields) args.push(field, req.fields[field]);
  const [outcome, epoch, id, storedNonce, storedAt] = (await CREATE_ONCE.run(
    redis,
    3,
    args,
  )) as string[];
  if (outcome === 'created')
    return { created: true, id: req.id, nonce: req.nonce, epoch, issuedAtMs };
  if (outcome === 'replay')
    return {
      created: false,
      id,
      nonce: storedNonce,
      epoch,
      issuedAtMs: storedAt ? Number(storedAt) : undefined,
    };
  if (outcome === 'conflict')
    throw new UnprocessableEntityException(
      'this Idempotency-Key was already used with a different request body; a retry must repeat the body exactly, a new request needs a new key',
    );
  throw new ConflictException(`${req.what} already exists`);
}
