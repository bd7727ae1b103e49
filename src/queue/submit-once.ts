import { ConflictException, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { createOnce, keyedAccessToken, newNonce, requestFingerprint } from './idempotency';
import { withBackend } from './queue-backend';
import { randomAccessToken, sha256 } from './records';
import { issueMarker } from './store-epoch';
import { PRODUCER_COMMAND_TIMEOUT_MS } from './redis-connections';
import { RedisScript } from './redis-script';
import { cleanUpWhenRedisAnswers } from './redis-retry';

export interface SubmitOnceRequest {
  /** Names the route (e.g. 'kn', 'pay'): the idempotency scope and the token's scope. */
  scope: string;
  /** The client's Idempotency-Key (idempotencyKeyOf), if any. */
  key: string | undefined;
  /** The client the key belongs to (CreateOnceRequest.client). */
  client: string | undefined;
  /** The request body, fingerprinted when there is a key. */
  body: object;
  /** The id of the record this request creates when it is new. */
  id: string;
  /** The Redis key of a record of this route. */
  recordKey: (id: string) => string;
  /** The new record's fields; the hash of its access token is added as `tokenHash`. */
  fields: Record<string, string>;
  /** For the 409 when the record exists and this request holds no binding to it ('… already exists'). */
  what: string;
  /** For the 409 when a retry's record is gone ('the … this Idempotency-Key made is no longer held'). */
  noun: string;
  /** Why such a record may be gone, added to that 409 in brackets ('expired after it was served'). */
  goneReason?: string;
  /**
   * A new record expires after this many seconds unless its job is queued (none when absent):
   * a safety net for a record whose job never was (the request failed between the two). Once the
   * job is queued the record is kept (PERSIST, while still pending) until the job's final state
   * sets its retention: an accepted request does not expire while its job waits or is retried.
   */
  expireSeconds?: number;
  /**
   * Put before the record's access token (made now, or given again to a retry), so the token
   * tells the server where the record is (a payment's owner tag); covered by the stored hash.
   */
  tokenPrefix?: string;
  /** The record's status while its job is still to run: the job is enqueued (again) then. */
  pendingStatus: string;
  /**
   * Enqueues the record's job; its job id must derive from the record (id, and what tells one
   * record under that id from a later one), so a retry adds nothing.
   */
  enqueue: (id: string, record: Record<string, string>) => Promise<unknown>;
}

/**
 * Keeps a record whose job is now queued (its safety-net expiry removed) while it is still
 * pending; a job that already settled it has set its own retention. KEYS[1] record; ARGV: status.
 */
const KEEP_QUEUED_RECORD = new RedisScript(`
if redis.call('HGET', KEYS[1], 'status') == ARGV[1] then return redis.call('PERSIST', KEYS[1]) end
return 0`);

/**
 * Deletes a record if it holds the given token hash: the record one request wrote, and no other
 * (a payment reference is the client's: another request may hold a record under it).
 */
const DISCARD_OWN_RECORD = new RedisScript(`
if redis.call('HGET', KEYS[1], 'tokenHash') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

export interface SubmitOnceResult {
  id: string;
  record: Record<string, string>;
  /** The record's access token: the one made now, or for a retry the one the first answer gave. */
  token: string;
}

export interface OwnRecordAfter503 {
  /** The Redis key of the record this request would have created (its fresh id). */
  recordKey: string;
  /** Whether the record there is the one this request wrote (a payment's id is the client's). */
  owns: (record: Record<string, string>) => boolean;
  /** The record's status while its job is still to run. */
  pendingStatus: string;
  /** Queues the record's job (a job id derived from the record: a queued one is not doubled). */
  enqueue: (record: Record<string, string>) => Promise<unknown>;
}

/**
 * After a keyed submission was answered 503, queues the job of the record it wrote, as the
 * client's retry with the same key would. The record's script may have run with its answer lost —
 * Redis stalled past the command's timeout, died, or the network held the answer — and then no
 * enqueue was ever sent (BackendCall.commit's `evenIfLate` covers only a record whose answer came
 * back): a client that did not retry left the record pending for ever with no job, its personal
 * data sealed in Redis with no expiry (a probe with 1.2 s of network delay each way between the
 * API and Redis left an e-visa application `received` so). Tried until Redis answers
 * (cleanUpWhenRedisAnswers); only the record this request wrote, and only while still pending.
 */
export function queueOwnRecordAfter503(redis: Redis, after: OwnRecordAfter503): void {
  void cleanUpWhenRedisAnswers(async () => {
    const record = await redis.hgetall(after.recordKey);
    if (record.status !== after.pendingStatus || !after.owns(record)) return;
    await after.enqueue(record);
  });
}

/**
 * A POST that creates a tokened record and enqueues its job, idempotent per key
 * (src/queue/idempotency.ts): the record and the binding are written at once, a retry with the
 * same key and body answers the same record and token (the job enqueued again only while the
 * record is pending: its job id makes that a no-op once it is there), the same key with another
 * body is 422, a record that exists without a binding to this request is 409. Redis not
 * answering is a 503 (withBackend).
 */
export async function submitOnce(
  redis: Redis,
  config: Pick<AppConfig, 'TOKEN_SECRET' | 'IDEMPOTENCY_TTL_SECONDS' | 'QUEUE_PREFIX'>,
  req: SubmitOnceRequest,
): Promise<SubmitOnceResult> {
  const secret = config.TOKEN_SECRET;
  const nonce = newNonce();
  const prefix = req.tokenPrefix ?? '';
  const token =
    prefix + (req.key ? keyedAccessToken(secret, req.scope, req.id, nonce) : randomAccessToken());
  const fields: Record<string, string> = { tokenHash: sha256(token), ...req.fields };
  const result = withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async (call) => {
    const once = await createOnce(redis, {
      scope: req.scope,
      key: req.key,
      client: req.client,
      fingerprint: req.key ? requestFingerprint(secret, req.scope, req.body) : '',
      ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
      prefix: config.QUEUE_PREFIX,
      id: req.id,
      recordKey: req.recordKey(req.id),
      nonce,
      fields,
      recordTtlSeconds: req.expireSeconds,
      what: req.what,
    });
    const recordKey = req.recordKey(once.id);
    const record = once.created ? fields : await redis.hgetall(recordKey);
    // A retry's token is re-derived from the binding; the record under the id must be the one
    // that token opens. A payment's id is its reference, which a later payment takes once the
    // first has expired (declined, or unpaid): the retry was answered 202 with that other
    // payment's status and a token that opened nothing. That record is not this key's.
    const retryToken = once.created
      ? undefined
      : prefix + keyedAccessToken(secret, req.scope, once.id, once.nonce);
    if (!record.status || (retryToken !== undefined && record.tokenHash !== sha256(retryToken)))
      throw new ConflictException(
        `the ${req.noun} this Idempotency-Key made is no longer held${req.goneReason ? ` (${req.goneReason})` : ''}`,
      );
    if (record.status === req.pendingStatus) {
      // Once sent, the enqueue answers for itself (BackendCall.commit): a 202 if Redis takes
      // it before the connection's command timeout, never a 503 with the job queued; and,
      // without a key, nothing is enqueued once the client has been answered 503 (its record
      // is being deleted). With a key the job is queued all the same: the retry finds both.
      await call.commit(() => req.enqueue(once.id, record), { evenIfLate: !!req.key });
      // Sent after the job, on the same connection: Redis runs it after the enqueue. Not waited
      // for: if it is lost, the worker keeps the record when the job runs (reopenRecord).
      if (req.expireSeconds)
        void KEEP_QUEUED_RECORD.run(redis, 1, [recordKey, req.pendingStatus]).catch(
          () => undefined,
        );
    }
    // The token ends with its issue marker (store-epoch.ts), which the hash does not cover: a
    // status read after Redis lost its data can then say so instead of the expiry's 404.
    const marker = issueMarker(secret, req.scope, prefix + once.id, once.epoch, once.issuedAtMs);
    return {
      id: once.id,
      record,
      token: (retryToken ?? token) + marker,
    };
  });
  // A keyless request answered 503 deletes the record it may have written anyway (a stalled
  // Redis runs the script when it wakes, after the client was told 503): nobody was given its
  // token and no retry can find it, and under a client's own id (a payment reference) it
  // refused the citizen's next payment 409 until it expired, a day later. Only the record
  // holding this request's token hash goes (see EvisaService.submit). A keyed one answered 503
  // gets its record's job queued instead, as its retry would (queueOwnRecordAfter503).
  const recordKey = req.recordKey(req.id);
  result.catch((err: unknown) => {
    if (!(err instanceof ServiceUnavailableException)) return;
    if (req.key)
      queueOwnRecordAfter503(redis, {
        recordKey,
        owns: (record) => record.tokenHash === fields.tokenHash,
        pendingStatus: req.pendingStatus,
        enqueue: async (record) => {
          await req.enqueue(req.id, record);
          if (req.expireSeconds)
            await KEEP_QUEUED_RECORD.run(redis, 1, [recordKey, req.pendingStatus]);
        },
      });
    else
      void cleanUpWhenRedisAnswers(() =>
        DISCARD_OWN_RECORD.run(redis, 1, [recordKey, fields.tokenHash]),
      );
  });
  return result;
}
