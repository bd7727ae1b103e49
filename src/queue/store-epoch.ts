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

/** A fresh epoch: 9 random bytes, 12 base64url characters. */
export function newEpoch(): string {
  return pooledRandomBytes(9).toString('base64url');
}

const EPOCH_CHARS = 12;
const MAC_CHARS = 22;
const MARKER = new RegExp(`\\.i([A-Za-z0-9_-]{${EPOCH_CHARS}})([A-Za-z0-9_-]{${MAC_CHARS}})$`);

function markerMac(secret: string, scope: string, id: string, epoch: string): string {
  return createHmac('sha256', secret)
    .update(`issued\n${scope}\n${id}\n${epoch}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);
}

/** The issue marker a token of record `id` (scope 'ev', 'kn', 'pay') created under `epoch` ends with. */
export function issueMarker(secret: string, scope: string, id: string, epoch: string): string {
  return `.i${epoch}${markerMac(secret, scope, id, epoch)}`;
}

/** A token without its issue marker: the part whose hash the record keeps. */
export function tokenBase(token: string): string {
  const m = MARKER.exec(token);
  return m ? token.slice(0, m.index) : token;
}

/**
 * The epoch a token's marker names, when the marker was made by this deployment for this
 * scope and id (constant-time comparison); undefined for a token without one or any other.
 */
export function issuedEpoch(
  secret: string,
  scope: string,
  id: string,
  token: string,
): string | undefined {
  const m = MARKER.exec(token);
  if (!m) return undefined;
  const given = Buffer.from(m[2]);
  const expected = Buffer.from(markerMac(secret, scope, id, m[1]));
  return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : undefined;
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
  const epoch = issuedEpoch(req.secret, req.scope, req.id, req.token);
  if (epoch === undefined) return false;
  return (await redis.get(storeEpochKey(req.prefix))) !== epoch;
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
