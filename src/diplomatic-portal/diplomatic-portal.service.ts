import { InjectQueue } from '@nestjs/bullmq';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { withBackend } from '../queue/queue-backend';
import { DIPLOMATIC_PORTAL_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { RedisScript } from '../queue/redis-script';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { cleanUpWhenRedisAnswers } from '../queue/redis-retry';
import { queueOwnRecordAfter503 } from '../queue/submit-once';
import { createOnce, idempotencyKeyOf, newNonce, requestFingerprint } from '../queue/idempotency';
import { FAILED_STATUS, RECORD_GONE, recordId, sha256 } from '../queue/records';
import {
  goneRecordMessage,
  issuedMarker,
  issueMarker,
  lostWithStore,
  newEpoch,
  STORE_EPOCH_LUA,
  storeEpochKey,
  tokenBase,
} from '../queue/store-epoch';
import { textSeal } from '../common/sealed-text';
import { loadPortalReference } from './diplomatic-portal.config';
import type {
  MissionKeyDto,
  PortalListQueryDto,
  PortalRequestDto,
  PortalRequestPageDto,
  PortalRequestStatusDto,
} from './dto/portal-request.dto';

/**
 * What a request id looks like without its issue marker (recordId('dp')); anything else is not
 * looked up. The id a mission is given ends with the marker (see LOST below).
 */
export const PORTAL_REQUEST_ID = /^dp_[0-9a-f]{26}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
/**
 * A mission key as createKey issues it, without its issue marker: `dpk_` and 32 random bytes in
 * base64url.
 */
const MISSION_KEY = /^dpk_[A-Za-z0-9_-]{43}$/;

/**
 * Telling what Redis lost from what never was, as the e-visa's tokens do (src/queue/store-epoch.ts):
 * a request id and a mission key end with an issue marker naming the store's epoch they were
 * issued under. A request's marker is made for its mission (scope `dp:<mission>`), so only that
 * mission's keys read its loss; another mission, a guessed id or a forged marker gets the
 * unknown id's 404. A key's marker (scope 'dpk', for its keyId) lets the key check tell a key
 * the store lost from a mistyped, forged or revoked one. Neither marker opens anything by
 * itself, but neither may be altered: a key issued with its marker opens only with it, exactly
 * (its record says it has one), and an id with a marker that is not its mission's is an unknown
 * id. An id without its marker (as the record's key and the job's name have it, and as ids were
 * before markers) still reads its request.
 */
const LOST = {
  requestScope: (missionId: string) => `dp:${missionId}`,
  keyScope: 'dpk',
  /** The record's field keeping the epoch it was created under (createOnce epochField). */
  epochField: 'epoch',
} as const;

/**
 * The 401 of a mission key this deployment issued whose store lost its data since (lostWithStore):
 * not a key the client got wrong, so the mission is told what happened and what to do. Still a
 * 401: the key opens nothing (a key revoked before the loss must not come back), and only the
 * administrator can issue another. A key revoked before the loss reads so too: nothing left in
 * the store tells it apart, and it stays refused.
 */
export const LOST_KEY_MESSAGE =
  'this mission key was issued by this server but is no longer held: the queue store (Redis) ' +
  'lost its data after it was issued (restarted without persistence, or flushed), and every ' +
  'mission key and request with it, so this is not a mistyped key; nothing of it can be ' +
  'recovered: ask the administrator for a new key (POST /diplomatic-portal/missions/{missionId}/keys) ' +
  'and send again the requests accepted before';

/**
 * A new mission key: the key and its mission's list of keys, and the store's epoch (written when
 * the store holds none), in one script, so the key's marker names the epoch it is held under.
 * KEYS: store epoch, key record, mission's keys; ARGV: fresh epoch, missionId, keyId,
 * createdAt, keyHash. Returns the epoch.
 */
const CREATE_KEY_SCRIPT = new RedisScript(`${STORE_EPOCH_LUA}
local epoch = storeEpoch(KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'missionId', ARGV[2], 'keyId', ARGV[3], 'createdAt', ARGV[4], 'marked', '1')
redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
return epoch`);

export interface PortalJobData {
  id: string;
}

/**
 * A request's subject and body, sealed in its record and bound to its id (src/common/sealed-text.ts):
 * a mission writes about its people ("Registration of a vehicle for First Secretary …"), and
 * a Redis dump or the AOF held those texts in clear while an e-visa's name and a Hızır
 * hand-off's text were sealed. Records written before carry `subject` in clear and still read.
 */
const PORTAL_TEXT = textSeal('diplomatic portal request v1');

/**
 * A mission's request list is a sorted set by creation time (newest first); a sorted set member
 * cannot expire with its record, so the expired ones stayed listed until a list read pruned them
 * (for ever in a mission that never read its list). A second sorted set holds the listed requests
 * that have a retention, scored by the time they expire (the record expires at exactly that
 * millisecond: PEXPIREAT with the same value, from Redis's clock; Redis holds a key until its
 * time has passed, and so does the trim). Every write to the list — a
 * request listed, decided, failed or retried, and a list read — trims from both what has expired
 * by then, and sets the two keys' own expiry: while any listed request is in progress (or kept
 * for ever, with no retention) they are kept; once every one has a retention they expire with
 * the last of them. So an expired id stays listed at most until the mission's next write, and a
 * list whose requests have all expired is gone: memory holds the mission's live requests only.
 * The helpers below are prepended to the scripts that use them (TIME before a write in a script
 * needs Redis 5 or later, which replicates a script's effects; BullMQ needs 5 or later anyway).
 */
const INDEX_LUA = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function trimIndex(list, exp, now)
  local gone = redis.call('ZRANGEBYSCORE', exp, '-inf', '(' .. now)
  for i = 1, #gone, 500 do
    redis.call('ZREM', list, unpack(gone, i, math.min(i + 499, #gone)))
  end
  if #gone > 0 then redis.call('ZREMRANGEBYSCORE', exp, '-inf', '(' .. now) end
end
local function settleIndex(list, exp)
  local final = redis.call('ZCARD', exp)
  if final == 0 or redis.call('ZCARD', list) > final then
    redis.call('PERSIST', list)
    redis.call('PERSIST', exp)
  else
    local last = redis.call('ZRANGE', exp, -1, -1, 'WITHSCORES')[2]
    redis.call('PEXPIREAT', list, last)
    redis.call('PEXPIREAT', exp, last)
  end
end
`;

/**
 * A request reaches a final state, atomically: only one that exists and is still open (a retried
 * job changes nothing; one marked failed is still open, for a job retried from the dashboard):
 * `decided` (ARGV[1] 'decided'), or `failed` when its job failed for good; with a retention set
 * (DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS) it expires that long from now, in the same script, and
 * its list entry is scored with the same time (INDEX_LUA; only a listed one, so the expiries
 * stay a subset of the list).
 * KEYS: record, list, expiries; ARGV: 'decided'|'failed', time, ttl seconds (0: keep), id.
 */
const FINAL_SCRIPT = new RedisScript(`${INDEX_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[1], 'decidedAt') == 1 then return 0 end
if ARGV[1] == 'decided' then
  redis.call('HSET', KEYS[1], 'status', 'decided', 'decidedAt', ARGV[2])
else
  redis.call('HSET', KEYS[1], 'status', '${FAILED_STATUS}', 'failedAt', ARGV[2])
end
local now = nowMs()
if tonumber(ARGV[3]) > 0 then
  local at = now + tonumber(ARGV[3]) * 1000
  redis.call('PEXPIREAT', KEYS[1], at)
  if redis.call('ZSCORE', KEYS[2], ARGV[4]) then redis.call('ZADD', KEYS[3], at, ARGV[4]) end
end
trimIndex(KEYS[2], KEYS[3], now)
settleIndex(KEYS[2], KEYS[3])
return 1`);

/**
 * A request whose job runs again after failing for good (retried from the dashboard): as
 * records.ts reopenRecord — `received` again, no expiry — and no longer among the list's
 * expiries, so neither it nor its list expires under the retried run.
 * KEYS: record, list, expiries; ARGV: time, id.
 */
const REOPEN_SCRIPT = new RedisScript(`${INDEX_LUA}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if redis.call('HEXISTS', KEYS[1], 'decidedAt') == 1 then return 0 end
redis.call('PERSIST', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[2])
trimIndex(KEYS[2], KEYS[3], nowMs())
settleIndex(KEYS[2], KEYS[3])
if status ~= '${FAILED_STATUS}' then return 2 end
redis.call('HSET', KEYS[1], 'status', 'received', 'retriedAt', ARGV[1])
return 1`);

/** A request listed under its mission (again on a retry: ZADD is idempotent). KEYS: list, expiries; ARGV: score, id. */
const LIST_SCRIPT = new RedisScript(`${INDEX_LUA}
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
trimIndex(KEYS[1], KEYS[2], nowMs())
settleIndex(KEYS[1], KEYS[2])
return 1`);

/** Before a list page is read: what has expired leaves the list. KEYS: list, expiries. */
const TRIM_SCRIPT = new RedisScript(`${INDEX_LUA}
trimIndex(KEYS[1], KEYS[2], nowMs())
settleIndex(KEYS[1], KEYS[2])
return 1`);

/**
 * The job whose id this is (`<request id>-req`, as submit gives it), or undefined: what marks
 * the request of a job whose hash Redis evicted (record-worker.ts).
 */
export function portalJobOfId(
  jobId: string,
): { name: typeof DIPLOMATIC_PORTAL_JOBS.request; data: PortalJobData } | undefined {
  const m = /^(dp_[0-9a-f]{26})-req$/.exec(jobId);
  return m ? { name: DIPLOMATIC_PORTAL_JOBS.request, data: { id: m[1] } } : undefined;
}

/** A keyless request answered 503: its record and its list entries go. KEYS: record, list, expiries; ARGV: id. */
const DISCARD_SCRIPT = new RedisScript(`
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return redis.call('DEL', KEYS[1])`);

/** Rounds of a list page that met expired requests (each round prunes them and reads again). */
const LIST_PRUNE_ROUNDS = 3;

interface PortalText {
  subject: string;
  body?: string;
}

/**
 * The request a body makes, as its idempotency fingerprint and its sealed text take it: `body`
 * left out, `null` and `""` are one request with no body (as docs/api.md says of `""`). The
 * fingerprint had read the DTO as sent, so a retry that wrote the empty body another of these
 * ways was 422, "a different request body", for the same request.
 */
export function portalRequestOf(dto: PortalRequestDto): {
  area: string;
  subject: string;
  body?: string;
} {
  return dto.body
    ? { area: dto.area, subject: dto.subject, body: dto.body }
    : { area: dto.area, subject: dto.subject };
}

/**
 * The live Diplomatic Portal, multi-tenant: each foreign mission authenticates with its own
 * key (issued and revoked with the admin credential; only the key's SHA-256 is stored) and
 * sees only its own requests. A request id of another mission answers exactly as an id that
 * does not exist (404), so ids tell nothing across tenants.
 */
@Injectable()
export class DiplomaticPortalService {
  private readonly areas: Set<string>;
  private readonly missions: Set<string>;

  constructor(
    @InjectQueue(QUEUES.diplomaticPortal) private readonly queue: Queue<PortalJobData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const ref = loadPortalReference();
    this.areas = new Set(ref.areas.map((a) => a.id));
    this.missions = new Set(ref.missions.map((m) => m.id));
  }

  /** A new key for a mission of config/diplomatic-portal/missions.yaml (admin). */
  async createKey(missionId: string): Promise<MissionKeyDto> {
    this.knownMission(missionId);
    const base = `dpk_${randomBytes(32).toString('base64url')}`;
    const keyHash = sha256(base);
    const keyId = keyHash.slice(0, 16);
    const p = this.config.QUEUE_PREFIX;
    const issuedAtMs = Date.now();
    const epoch = (await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      CREATE_KEY_SCRIPT.run(this.redis, 3, [
        storeEpochKey(p),
        RECORD_KEYS.portalKey(p, keyHash),
        RECORD_KEYS.portalMissionKeys(p, missionId),
        newEpoch(),
        missionId,
        keyId,
        new Date(issuedAtMs).toISOString(),
        keyHash,
      ]),
    )) as string;
    const marker = issueMarker(this.config.TOKEN_SECRET, LOST.keyScope, keyId, epoch, issuedAtMs);
    return { key: base + marker, keyId, missionId };
  }

  /** Revokes one key of a mission (admin); 404 when the mission has no such key. */
  async revokeKey(missionId: string, keyId: string): Promise<void> {
    this.knownMission(missionId);
    // An id not of a key's form is not echoed back (it may be anything a client sent, of any length).
    if (!KEY_ID.test(keyId))
      throw new NotFoundException(
        `mission '${missionId}' has no key with this id (a key id is 16 hexadecimal digits)`,
      );
    const notFound = `mission '${missionId}' has no key '${keyId}'`;
    const p = this.config.QUEUE_PREFIX;
    const done = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const keyHash = await this.redis.hget(RECORD_KEYS.portalMissionKeys(p, missionId), keyId);
      if (!keyHash) return false;
      await this.redis
        .multi()
        .del(RECORD_KEYS.portalKey(p, keyHash))
        .hdel(RECORD_KEYS.portalMissionKeys(p, missionId), keyId)
        .exec();
      return true;
    });
    if (!done) throw new NotFoundException(notFound);
  }

  /**
   * The mission a bearer key belongs to; 401 for a missing, malformed, unknown or revoked key,
   * and 401 LOST_KEY_MESSAGE for a key of this deployment that the store lost with its data.
   */
  async missionOf(authorization: string | undefined): Promise<string> {
    // The scheme in any case (RFC 9110 §11.1), as the record tokens and the admin credential
    // are read: `bearer dpk_…` was 401 here alone.
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    const refused = new UnauthorizedException(
      'a mission key is required: Authorization: Bearer <key from POST /diplomatic-portal/missions/{missionId}/keys>',
    );
    if (key === undefined) throw refused;
    const base = tokenBase(key);
    if (!MISSION_KEY.test(base)) throw refused;
    const keyHash = sha256(base);
    const p = this.config.QUEUE_PREFIX;
    const secret = this.config.TOKEN_SECRET;
    const keyId = keyHash.slice(0, 16);
    // The key exactly as issued: a marker that is not this key's is a forged key, and a key
    // issued with its marker is refused without it.
    const marked = base !== key;
    if (marked && !issuedMarker(secret, LOST.keyScope, keyId, key)) throw refused;
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const found = await this.redis.hgetall(RECORD_KEYS.portalKey(p, keyHash));
      if (found.missionId) return !!found.marked === marked ? found : {};
      const lost = await lostWithStore(this.redis, {
        prefix: p,
        secret,
        scope: LOST.keyScope,
        id: keyId,
        token: key,
      });
      if (lost) throw new UnauthorizedException(LOST_KEY_MESSAGE);
      return found;
    });
    if (!record.missionId || !this.missions.has(record.missionId)) throw refused;
    return record.missionId;
  }

  async submit(
    missionId: string,
    dto: PortalRequestDto,
    idempotencyHeader?: string,
  ): Promise<PortalRequestStatusDto> {
    if (!this.areas.has(dto.area))
      throw new BadRequestException([
        `area '${dto.area}' is not an area of config/diplomatic-portal/areas.yaml (${[...this.areas].join(', ')})`,
      ]);
    const key = idempotencyKeyOf(idempotencyHeader, dto.idempotencyKey);
    const p = this.config.QUEUE_PREFIX;
    // One idempotency scope per mission: two missions' keys never meet.
    const scope = `dp:${missionId}`;
    const fresh = recordId('dp');
    const request = portalRequestOf(dto);
    const text: PortalText = { subject: request.subject, body: request.body };
    const fields: Record<string, string> = {
      missionId,
      area: dto.area,
      sealed: PORTAL_TEXT.seal(this.config.TOKEN_SECRET, fresh, JSON.stringify(text)),
      status: 'received',
      createdAt: new Date().toISOString(),
    };
    const indexKeys = this.indexKeys(missionId);
    const accepted = withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async (call) => {
      const once = await createOnce(this.redis, {
        scope,
        key,
        // The mission is the caller: its retries may come from any of its offices' addresses.
        client: undefined,
        fingerprint: key ? requestFingerprint(this.config.TOKEN_SECRET, scope, request) : '',
        ttlSeconds: this.config.IDEMPOTENCY_TTL_SECONDS,
        prefix: p,
        id: fresh,
        recordKey: RECORD_KEYS.portalRequest(p, fresh),
        nonce: newNonce(),
        fields,
        epochField: LOST.epochField,
        what: 'request',
      });
      const id = once.id;
      // A new record holds the epoch createOnce wrote into it, which its id's marker names.
      const record = once.created
        ? { ...fields, [LOST.epochField]: once.epoch }
        : await this.redis.hgetall(RECORD_KEYS.portalRequest(p, id));
      if (!record.status)
        throw new ConflictException(
          'the request this Idempotency-Key made is no longer held (expired after it was decided or failed)',
        );
      // Listed under the mission (again on a retry: ZADD is idempotent), then queued once; the
      // enqueue answers for itself once sent (BackendCall.commit): no 503 with the job queued;
      // after a 503 only a keyed request's job is queued (see submitOnce).
      await LIST_SCRIPT.run(this.redis, 2, [
        ...indexKeys,
        Date.parse(record.createdAt) || Date.now(),
        id,
      ]);
      if (record.status === 'received')
        await call.commit(
          () => this.queue.add(DIPLOMATIC_PORTAL_JOBS.request, { id }, { jobId: `${id}-req` }),
          { evenIfLate: !!key },
        );
      return this.toDto(id, record);
    });
    // As an e-visa without a key (EvisaService.submit): a request answered 503 that a stalled
    // Redis wrote anyway would sit unlisted and undecided for ever; nobody could reach it. Its
    // list entry goes with it; a job queued for it finds no record and does nothing.
    // With a key, a request whose record was written is listed and queued all the same
    // (queueOwnRecordAfter503), as its retry would do.
    accepted.catch((err: unknown) => {
      if (!(err instanceof ServiceUnavailableException)) return;
      const recordKey = RECORD_KEYS.portalRequest(p, fresh);
      if (key)
        queueOwnRecordAfter503(this.redis, {
          recordKey,
          owns: (record) => record.sealed === fields.sealed,
          pendingStatus: 'received',
          enqueue: async (record) => {
            await LIST_SCRIPT.run(this.redis, 2, [
              ...indexKeys,
              Date.parse(record.createdAt) || Date.now(),
              fresh,
            ]);
            await this.queue.add(
              DIPLOMATIC_PORTAL_JOBS.request,
              { id: fresh },
              { jobId: `${fresh}-req` },
            );
          },
        });
      else
        void cleanUpWhenRedisAnswers(() =>
          DISCARD_SCRIPT.run(this.redis, 3, [recordKey, ...indexKeys, fresh]),
        );
    });
    return accepted;
  }

  /**
   * One request of this mission; another mission's id and an unknown id both answer 404. A
   * request of this mission that is gone, its id carrying the marker made for this mission,
   * answers the 404 that says why when the store tells (goneRecordMessage): lost with the store's
   * data, or removed before its retention could have ended; else the unknown id's.
   */
  async get(missionId: string, id: string): Promise<PortalRequestStatusDto> {
    const notFound = this.notFound();
    const base = tokenBase(id);
    if (!PORTAL_REQUEST_ID.test(base)) throw new NotFoundException(notFound);
    const c = this.config;
    // An id with a marker not made for this mission: another mission's, or altered.
    if (base !== id && !issuedMarker(c.TOKEN_SECRET, LOST.requestScope(missionId), base, id))
      throw new NotFoundException(notFound);
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const found = await this.redis.hgetall(RECORD_KEYS.portalRequest(c.QUEUE_PREFIX, base));
      if (found.missionId) return found;
      const gone = await goneRecordMessage(this.redis, {
        prefix: c.QUEUE_PREFIX,
        secret: c.TOKEN_SECRET,
        scope: LOST.requestScope(missionId),
        id: base,
        token: id,
        retentionSeconds: c.DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS,
        what: 'request',
      });
      if (gone) throw new NotFoundException(gone);
      return found;
    });
    if (record.missionId !== missionId) throw new NotFoundException(notFound);
    return this.toDto(base, record);
  }

  /**
   * This mission's requests, newest first. What has expired is first trimmed from the list by
   * its expiry (INDEX_LUA), so `total` counts live requests only. A listed id whose record is
   * gone without an expiry entry (deleted, or listed before the expiries were kept) is dropped
   * when a page meets it, and the page read again; a page never shows a record that is gone
   * or another mission's.
   */
  async list(missionId: string, q: PortalListQueryDto): Promise<PortalRequestPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const p = this.config.QUEUE_PREFIX;
    const indexKeys = this.indexKeys(missionId);
    const [listKey, expiriesKey] = indexKeys;
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      await TRIM_SCRIPT.run(this.redis, 2, indexKeys);
      const start = (page - 1) * pageSize;
      for (let round = 1; ; round++) {
        const [total, ids] = await Promise.all([
          this.redis.zcard(listKey),
          this.redis.zrevrange(listKey, start, start + pageSize - 1),
        ]);
        const records = await Promise.all(
          ids.map((id) => this.redis.hgetall(RECORD_KEYS.portalRequest(p, id))),
        );
        const expired = ids.filter((_, i) => !records[i].missionId);
        if (expired.length && round < LIST_PRUNE_ROUNDS) {
          // From both sets: the expiries stay a subset of the list, which settleIndex counts on.
          await this.redis
            .multi()
            .zrem(listKey, ...expired)
            .zrem(expiriesKey, ...expired)
            .exec();
          continue;
        }
        const items = ids
          .map((id, i) => ({ id, r: records[i] }))
          // Belt and braces: the list is per mission, but never show another mission's record.
          .filter(({ r }) => r.missionId === missionId)
          .map(({ id, r }) => this.toDto(id, r));
        return { items, page, pageSize, total: total - expired.length };
      }
    });
  }

  /** A protocol officer decides the request (the decision itself is outside the simulation). */
  async decide(job: Job<PortalJobData>): Promise<string> {
    const decided = await this.finalState(job.data.id, 'decided');
    return decided < 0 ? 'request no longer held' : 'decided';
  }

  /**
   * A request whose job failed for good: it says `failed` unless it was decided, and expires
   * after DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS as a decided one does.
   */
  async failed(job: Job<PortalJobData>): Promise<boolean> {
    return (await this.finalState(job.data.id, 'failed')) === 1;
  }

  /**
   * Before a retried job runs (RecordWorkerHost): a request marked failed, whose job is retried
   * from the dashboard, is `received` again, without an expiry (REOPEN_SCRIPT). A first attempt
   * is not looked at: its request cannot have failed yet. Returns what REOPEN_SCRIPT answers
   * (RECORD_GONE: the request is past its retention).
   */
  async running(job: Job<PortalJobData>): Promise<number | undefined> {
    if (!job.attemptsMade) return undefined;
    const key = RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, job.data.id);
    const missionId = await this.redis.hget(key, 'missionId');
    if (!missionId) return RECORD_GONE;
    return (await REOPEN_SCRIPT.run(this.redis, 3, [
      key,
      ...this.indexKeys(missionId),
      new Date().toISOString(),
      job.data.id,
    ])) as number;
  }

  /** FINAL_SCRIPT on a request: -1 gone, 0 already decided, 1 done. */
  private async finalState(id: string, state: 'decided' | 'failed'): Promise<number> {
    const key = RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, id);
    const missionId = await this.redis.hget(key, 'missionId');
    if (!missionId) return -1;
    return (await FINAL_SCRIPT.run(this.redis, 3, [
      key,
      ...this.indexKeys(missionId),
      state,
      new Date().toISOString(),
      String(this.config.DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS),
      id,
    ])) as number;
  }

  /** A mission's list and its expiries (INDEX_LUA). */
  private indexKeys(missionId: string): [string, string] {
    const p = this.config.QUEUE_PREFIX;
    return [
      RECORD_KEYS.portalMissionRequests(p, missionId),
      RECORD_KEYS.portalMissionExpiries(p, missionId),
    ];
  }

  /**
   * The 404 of a request id: one answer for an unknown id, another mission's and a request past
   * its retention; with a retention set it says so, for the mission whose request has expired.
   */
  private notFound(): string {
    const ttl = this.config.DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS;
    return ttl > 0
      ? `no request with this id (a request is kept ${ttl} s after it is decided or fails)`
      : 'no request with this id';
  }

  private knownMission(missionId: string): void {
    if (!this.missions.has(missionId))
      throw new NotFoundException(
        // A mission id is a short key; anything else a client sent is not echoed back.
        `no mission ${/^[\w-]{1,64}$/.test(missionId) ? `'${missionId}'` : 'with this id'} in config/diplomatic-portal/missions.yaml`,
      );
  }

  /**
   * `id` (without a marker) as the mission is given it: with the issue marker made for its
   * mission under the epoch its record was created under, from the time it was created (no
   * later than the request's own issue time, so the retention counted from it is not
   * overstated); a record from before markers has no epoch, and its id none.
   */
  private givenId(id: string, r: Record<string, string>): string {
    const epoch = r[LOST.epochField];
    if (!epoch || !r.missionId) return id;
    const createdAt = Date.parse(r.createdAt);
    return (
      id +
      issueMarker(
        this.config.TOKEN_SECRET,
        LOST.requestScope(r.missionId),
        id,
        epoch,
        Number.isFinite(createdAt) ? createdAt : undefined,
      )
    );
  }

  private toDto(id: string, r: Record<string, string>): PortalRequestStatusDto {
    return {
      id: this.givenId(id, r),
      missionId: r.missionId,
      area: r.area,
      subject: r.sealed
        ? (JSON.parse(PORTAL_TEXT.open(this.config.TOKEN_SECRET, id, r.sealed)) as PortalText)
            .subject
        : r.subject,
      status: r.status,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt ?? null,
    };
  }
}
