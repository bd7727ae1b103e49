import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { pooledRandomBytes } from '../common/random-pool';

/**
 * Telling a record lost with Redis's data from one that expired, without keeping anything
 * outside Redis.
 *
 * Redis holds an epoch: a random value written (if absent) by the same script that creates a
 * record (idempotency.ts createOnce), so every record is created under the epoch the store held
 * at that moment. A store that loses its data — restarted without persistence, flushed — loses
 * the epoch with it, and the next record creates a new one.
 *
 * A record's token carries an issue marker after its secret part: `.i<epoch><mac>`, where mac
 * is an HMAC under TOKEN_SECRET of the route's scope, the record's id and the epoch. Only this
 * deployment can make one, and only for the id it issued, so nobody learns anything of an id
 * whose token they do not hold: a guessed id, a forged marker or another record's token gets
 * the one 404 of an unknown id. When the holder of a valid marker reads a record that is not
 * there, the store's epoch tells why: the same epoch, the record expired after its retention
 * (or was deleted) with the store intact; another epoch or none, the store lost its data after
 * the record was accepted. The marker is not part of what opens the record: the token's hash
 * covers the part before it (tokenBase), so a token from before markers still opens its record.
 */

/** The Redis key of the store's epoch (same hash tag as the records). */
export function storeEpochKey(prefix: string): string {
  return `${prefix}:store-epoch`;
}

/**
 * The store's epoch in a script that writes a record (idempotency.ts CREATE_ONCE, the portal's
 * mission keys): `storeEpoch(KEYS[i], fresh)` answers the epoch the store holds, writing `fresh`
 * (newEpoch()) first when it holds none, in the same script as the record, so the record is
 * created under the epoch it is told. Prepended to the script's own text.
 */
export const STORE_EPOCH_LUA = `
local function storeEpoch(key, fresh)
  local epoch = redis.call('GET', key)
  if not epoch then
    epoch = fresh
    redis.call('SET', key, epoch)
  end
  return epoch
end
`;

/** A fresh epoch: 9 random bytes, 12 base64url characters. */
export function newEpoch(): string {
  return pooledRandomBytes(9).toString('base64url');
}

const EPOCH_CHARS = 12;
const MAC_CHARS = 22;
/** Seconds since 1970 in base 36: 7 characters hold every time until the year 4453. */
const ISSUED_CHARS = 7;
/** A marker without its issue time (`.i`), as tokens had it before 8 December 2026. */
const MARKER = new RegExp(`\\.i([A-Za-z0-9_-]{${EPOCH_CHARS}})([A-Za-z0-9_-]{${MAC_CHARS}})$`);
/** A marker with its record's issue time (`.j`). */
const TIMED_MARKER = new RegExp(
  `\\.j([A-Za-z0-9_-]{${EPOCH_CHARS}})([0-9a-z]{${ISSUED_CHARS}})([A-Za-z0-9_-]{${MAC_CHARS}})$`,
);

function markerMac(
  secret: string,
  scope: string,
  id: string,
  epoch: string,
  issued?: string,
): string {
  return createHmac('sha256', secret)
    .update(`issued\n${scope}\n${id}\n${epoch}${issued === undefined ? '' : `\n${issued}`}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);
}

/**
 * The issue marker a token of record `id` (scope 'ev', 'kn', 'pay'; the portal's `dp:<mission>`
 * for a request id and 'dpk' for a mission key) created under `epoch` ends
 * with. With `issuedAtMs`, the time the record was created (no later: the retention a missing
 * record cannot yet have run out is counted from it), the marker carries it, to the second.
 */
export function issueMarker(
  secret: string,
  scope: string,
  id: string,
  epoch: string,
  issuedAtMs?: number,
): string {
  if (issuedAtMs === undefined || !Number.isFinite(issuedAtMs))
    return `.i${epoch}${markerMac(secret, scope, id, epoch)}`;
  const issued = Math.floor(issuedAtMs / 1000)
    .toString(36)
    .padStart(ISSUED_CHARS, '0');
  return `.j${epoch}${issued}${markerMac(secret, scope, id, epoch, issued)}`;
}

/** A token without its issue marker: the part whose hash the record keeps. */
export function tokenBase(token: string): string {
  const m = TIMED_MARKER.exec(token) ?? MARKER.exec(token);
  return m ? token.slice(0, m.index) : token;
}

/** What a marker made by this deployment for this scope and id says. */
export interface IssuedMarker {
  epoch: string;
  /** When the record was created (ms, to the second below); undefined on an `.i` marker. */
  issuedAtMs?: number;
}

/**
 * The epoch (and issue time) a token's marker names, when the marker was made by this
 * deployment for this scope and id (constant-time comparison); undefined for any other token.
 */
export function issuedMarker(
  secret: string,
  scope: string,
  id: string,
  token: string,
): IssuedMarker | undefined {
  const timed = TIMED_MARKER.exec(token);
  const m = timed ?? MARKER.exec(token);
  if (!m) return undefined;
  const issued = timed ? timed[2] : undefined;
  const given = Buffer.from(m[timed ? 3 : 2]);
  const expected = Buffer.from(markerMac(secret, scope, id, m[1], issued));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return issued === undefined
    ? { epoch: m[1] }
    : { epoch: m[1], issuedAtMs: parseInt(issued, 36) * 1000 };
}

/** The epoch a token's marker names (issuedMarker), or undefined. */
export function issuedEpoch(
  secret: string,
  scope: string,
  id: string,
  token: string,
): string | undefined {
  return issuedMarker(secret, scope, id, token)?.epoch;
}

/**
 * Whether the record `id`, which the caller has just found missing, was lost with the store's
 * data: the token's marker is this deployment's for this id, and the store's epoch is no longer
 * the one it was issued under. False for anything else (no marker, a forged or another
 * record's marker, a record that expired with the store intact): those keep the ordinary 404.
 */
export async function lostWithStore(
  redis: Redis,
  req: { prefix: string; secret: string; scope: string; id: string; token: string },
): Promise<boolean> {
  const marker = issuedMarker(req.secret, req.scope, req.id, req.token);
  if (marker === undefined) return false;
  return (await redis.get(storeEpochKey(req.prefix))) !== marker.epoch;
}

/**
 * The 404 message for a record lost with the store's data (lostWithStore): distinct from the
 * expiry's, and only ever shown to the holder of that record's token.
 */
export function lostRecordMessage(what: string): string {
  return (
    `this ${what} was accepted but is no longer held: the queue store (Redis) lost its data ` +
    'after it was accepted (restarted without persistence, or flushed), so this is not its ' +
    'expiry; nothing of it can be recovered: submit it again'
  );
}

/**
 * How far the clocks of the API's machines may disagree (s): the issue time is one machine's,
 * the read another's. Assumption: machines kept by NTP agree within a second; a minute is a wide
 * margin, and against a retention of days (30 by default) it costs nothing.
 */
export const CLOCK_ALLOWANCE_SECONDS = 60;

/**
 * The 404 message for a record gone from a store that did not lose its data, before its
 * retention could have run out: evicted or deleted, not expired. Only its token's holder sees it.
 */
export function removedRecordMessage(what: string): string {
  return (
    `this ${what} was accepted but is no longer held: the queue store (Redis) removed it before ` +
    'its retention could have ended — evicted under its memory limit (an evicting ' +
    'maxmemory-policy such as allkeys-lru) or deleted — so this is not its expiry; nothing of it ' +
    'can be recovered: submit it again'
  );
}

/**
 * Why the record `id`, which the caller has just found missing, is gone, when that is known and
 * is not its expiry, as the message of its 404; undefined otherwise (the ordinary 404). Only for
 * a token carrying this deployment's marker for this id: the store lost its data since it was
 * issued (another epoch, or none: lostRecordMessage); or the store is the one it was created in
 * and the record's retention cannot have run out — a record is kept at least `retentionSeconds`
 * after it was created (0: for ever), and the marker says when that was — so Redis evicted it or
 * someone deleted it (removedRecordMessage). A token with an `.i` marker (no issue time) and a
 * record whose retention may have ended keep the ordinary 404: expiry and eviction then look
 * alike, and nothing outside Redis tells them apart.
 */
export async function goneRecordMessage(
  redis: Redis,
  req: {
    prefix: string;
    secret: string;
    scope: string;
    id: string;
    token: string;
    retentionSeconds: number;
    what: string;
  },
): Promise<string | undefined> {
  const marker = issuedMarker(req.secret, req.scope, req.id, req.token);
  if (marker === undefined) return undefined;
  if ((await redis.get(storeEpochKey(req.prefix))) !== marker.epoch)
    return lostRecordMessage(req.what);
  if (marker.issuedAtMs === undefined) return undefined;
  const keptUntil =
    req.retentionSeconds > 0 ? marker.issuedAtMs + req.retentionSeconds * 1000 : Infinity;
  return Date.now() + CLOCK_ALLOWANCE_SECONDS * 1000 < keptUntil
    ? removedRecordMessage(req.what)
    : undefined;
}
