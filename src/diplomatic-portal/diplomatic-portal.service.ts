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
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { cleanUpWhenRedisAnswers } from '../queue/redis-retry';
import { createOnce, idempotencyKeyOf, newNonce, requestFingerprint } from '../queue/idempotency';
import { markFailed, recordId, reopenRecord, sha256 } from '../queue/records';
import { textSeal } from '../common/sealed-text';
import { loadPortalReference } from './diplomatic-portal.config';
import type {
  MissionKeyDto,
  PortalListQueryDto,
  PortalRequestDto,
  PortalRequestPageDto,
  PortalRequestStatusDto,
} from './dto/portal-request.dto';

/** What a request id looks like (recordId('dp')); anything else is not looked up. */
export const PORTAL_REQUEST_ID = /^dp_[0-9a-f]{26}$/;
const KEY_ID = /^[0-9a-f]{16}$/;

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
 * A request decided, atomically: only one that exists and is still open (a retried job changes
 * nothing; one marked failed is still open, for a job retried from the dashboard), and with a
 * retention set (DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS) its expiry from now, in the same script.
 * KEYS[1] record; ARGV: time, ttl seconds (0: keep).
 */
const DECIDE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[1], 'decidedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'decided', 'decidedAt', ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/** Rounds of a list page that met expired requests (each round prunes them and reads again). */
const LIST_PRUNE_ROUNDS = 3;

interface PortalText {
  subject: string;
  body?: string;
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
    const key = `dpk_${randomBytes(32).toString('base64url')}`;
    const keyHash = sha256(key);
    const keyId = keyHash.slice(0, 16);
    const p = this.config.QUEUE_PREFIX;
    await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis
        .multi()
        .hset(RECORD_KEYS.portalKey(p, keyHash), {
          missionId,
          keyId,
          createdAt: new Date().toISOString(),
        })
        .hset(RECORD_KEYS.portalMissionKeys(p, missionId), keyId, keyHash)
        .exec(),
    );
    return { key, keyId, missionId };
  }

  /** Revokes one key of a mission (admin); 404 when the mission has no such key. */
  async revokeKey(missionId: string, keyId: string): Promise<void> {
    this.knownMission(missionId);
    const notFound = `mission '${missionId}' has no key '${keyId}'`;
    if (!KEY_ID.test(keyId)) throw new NotFoundException(notFound);
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

  /** The mission a bearer key belongs to; 401 for a missing, malformed, unknown or revoked key. */
  async missionOf(authorization: string | undefined): Promise<string> {
    const m = /^Bearer\s+(dpk_[A-Za-z0-9_-]{43})\s*$/.exec(authorization ?? '');
    const refused = new UnauthorizedException(
      'a mission key is required: Authorization: Bearer <key from POST /diplomatic-portal/missions/{missionId}/keys>',
    );
    if (!m) throw refused;
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis.hgetall(RECORD_KEYS.portalKey(this.config.QUEUE_PREFIX, sha256(m[1]))),
    );
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
    const text: PortalText = { subject: dto.subject, body: dto.body };
    const fields: Record<string, string> = {
      missionId,
      area: dto.area,
      sealed: PORTAL_TEXT.seal(this.config.TOKEN_SECRET, fresh, JSON.stringify(text)),
      status: 'received',
      createdAt: new Date().toISOString(),
    };
    const accepted = withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async (call) => {
      const once = await createOnce(this.redis, {
        scope,
        key,
        // The mission is the caller: its retries may come from any of its offices' addresses.
        client: undefined,
        fingerprint: key ? requestFingerprint(this.config.TOKEN_SECRET, scope, dto) : '',
        ttlSeconds: this.config.IDEMPOTENCY_TTL_SECONDS,
        prefix: p,
        id: fresh,
        recordKey: RECORD_KEYS.portalRequest(p, fresh),
        nonce: newNonce(),
        fields,
        what: 'request',
      });
      const id = once.id;
      const record = once.created
        ? fields
        : await this.redis.hgetall(RECORD_KEYS.portalRequest(p, id));
      if (!record.status)
        throw new ConflictException(
          'the request this Idempotency-Key made is no longer held (expired after it was decided or failed)',
        );
      // Listed under the mission (again on a retry: ZADD is idempotent), then queued once; the
      // enqueue answers for itself once sent (BackendCall.commit): no 503 with the job queued.
      await this.redis.zadd(
        RECORD_KEYS.portalMissionRequests(p, missionId),
        Date.parse(record.createdAt) || Date.now(),
        id,
      );
      if (record.status === 'received')
        await call.commit(() =>
          this.queue.add(DIPLOMATIC_PORTAL_JOBS.request, { id }, { jobId: `${id}-req` }),
        );
      return this.toDto(id, record);
    });
    // As an e-visa without a key (EvisaService.submit): a request answered 503 that a stalled
    // Redis wrote anyway would sit unlisted and undecided for ever; nobody could reach it.
    if (!key)
      accepted.catch((err: unknown) => {
        if (err instanceof ServiceUnavailableException)
          void cleanUpWhenRedisAnswers(() => this.redis.del(RECORD_KEYS.portalRequest(p, fresh)));
      });
    return accepted;
  }

  /** One request of this mission; another mission's id and an unknown id both answer 404. */
  async get(missionId: string, id: string): Promise<PortalRequestStatusDto> {
    const notFound = this.notFound();
    if (!PORTAL_REQUEST_ID.test(id)) throw new NotFoundException(notFound);
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis.hgetall(RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, id)),
    );
    if (record.missionId !== missionId) throw new NotFoundException(notFound);
    return this.toDto(id, record);
  }

  /**
   * This mission's requests, newest first. A request past its retention has left Redis while
   * its id is still listed (a sorted set member cannot expire): a page that meets such ids drops
   * them from the list and is read again, so neither the page nor `total` counts them.
   */
  async list(missionId: string, q: PortalListQueryDto): Promise<PortalRequestPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const p = this.config.QUEUE_PREFIX;
    const listKey = RECORD_KEYS.portalMissionRequests(p, missionId);
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
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
          await this.redis.zrem(listKey, ...expired);
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
    const key = RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, job.data.id);
    const decided = (await this.redis.eval(
      DECIDE_SCRIPT,
      1,
      key,
      new Date().toISOString(),
      String(this.config.DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS),
    )) as number;
    return decided < 0 ? 'request no longer held' : 'decided';
  }

  /**
   * A request whose job failed for good: it says `failed` unless it was decided, and expires
   * after DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS as a decided one does.
   */
  failed(job: Job<PortalJobData>): Promise<boolean> {
    return markFailed(
      this.redis,
      RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, job.data.id),
      'decidedAt',
      this.config.DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS,
    );
  }

  /**
   * Before a retried job runs (RecordWorkerHost): a request marked failed, whose job is retried
   * from the dashboard, is `received` again and loses its expiry (records.ts reopenRecord). A
   * first attempt is not looked at: its request cannot have failed yet.
   */
  async running(job: Job<PortalJobData>): Promise<void> {
    if (!job.attemptsMade) return;
    await reopenRecord(
      this.redis,
      RECORD_KEYS.portalRequest(this.config.QUEUE_PREFIX, job.data.id),
      'decidedAt',
      'received',
    );
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
        `no mission '${missionId}' in config/diplomatic-portal/missions.yaml`,
      );
  }

  private toDto(id: string, r: Record<string, string>): PortalRequestStatusDto {
    return {
      id,
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
