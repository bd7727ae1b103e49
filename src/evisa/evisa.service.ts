import { InjectQueue } from '@nestjs/bullmq';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { withBackend, type BackendCall } from '../queue/queue-backend';
import { EVISA_JOBS, QUEUES, RECORD_KEYS, type EvisaJobName } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { RedisScript } from '../queue/redis-script';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { goneRecordMessage, issueMarker } from '../queue/store-epoch';
import { cleanUpWhenRedisAnswers } from '../queue/redis-retry';
import { queueOwnRecordAfter503 } from '../queue/submit-once';
import {
  createOnce,
  idempotencyKeyOf,
  keyedAccessToken,
  newNonce,
  requestFingerprint,
} from '../queue/idempotency';
import {
  bearerToken,
  markFailed,
  randomAccessToken,
  reopenRecord,
  recordId,
  sha256,
  tokenOpens,
} from '../queue/records';
import type {
  EvisaAcceptedDto,
  EvisaApplicationDto,
  EvisaStatusDto,
} from './dto/evisa-application.dto';
import { EvisaFlow, type EvisaNext } from './evisa-flow';
import { sealPersonalData } from './personal-data';

export interface EvisaJobData {
  id: string;
  /** Index of the step in the flow (absent for intake). */
  step?: number;
}

const RECEIVED = 'received';

/** What an e-visa id looks like (records.ts recordId('ev')); anything else is not looked up. */
export const EVISA_ID = /^ev_[0-9a-f]{26}$/;

/**
 * The job whose id this is (`<application id>-<job name>`, as submit and move give it), or
 * undefined: what marks the application of a job whose hash Redis evicted (record-worker.ts).
 */
export function evisaJobOfId(
  jobId: string,
): { name: EvisaJobName; data: EvisaJobData } | undefined {
  const m = /^(ev_[0-9a-f]{26})-([a-z-]+)$/.exec(jobId);
  const name = (Object.values(EVISA_JOBS) as string[]).includes(m?.[2] ?? '')
    ? (m![2] as EvisaJobName)
    : undefined;
  return m && name ? { name, data: { id: m[1] } } : undefined;
}

/**
 * Side effects of the flow that must happen once per application however often a job runs
 * (a worker killed after the effect but before the job completed runs the job again).
 * Each has a marker field `<effect>At` set with HSETNX and a count `<effect>Count`, which
 * can only reach 1: the marker and the count move together in one script.
 */
export const EVISA_EFFECTS: Partial<Record<EvisaJobName, string>> = {
  [EVISA_JOBS.payment]: 'payment',
  [EVISA_JOBS.issuance]: 'issuance',
};

/**
 * One step of an application, atomically: count the run, apply the step's effect once,
 * then record the next status or the outcome — unless the record is gone (-1), already
 * decided (0: a late duplicate of a step must not roll the status back), or already at a later
 * step (2). 1: enqueue the next step.
 * A status only moves forward: the record keeps the index of its step in the flow (`stage`), and
 * a run whose next step is before it writes nothing and enqueues nothing. A worker paused past
 * its lock (a stopped process, a long GC or event-loop stall) finishes its run after the
 * stalled checker gave the job to another worker, which has since moved the application on: its
 * late write set the status back one step until the next step's job wrote it again (its effect,
 * once only, was not repeated). The same index is written again (a retry after the write and
 * before the enqueue must still enqueue).
 * The retention (EVISA_RECORD_TTL_SECONDS) starts at the outcome, never before: a record
 * marked failed (and so expiring) whose job is retried from the dashboard is in progress
 * again, and a step clears its expiry (PERSIST; a record in progress has none otherwise).
 * KEYS[1] record; ARGV: now, effect ('' for none), 'status'|'outcome', value, ttl seconds,
 * the next step's index (status only).
 */
const STEP_SCRIPT = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HINCRBY', KEYS[1], 'stepRuns', 1)
if ARGV[2] ~= '' and redis.call('HSETNX', KEYS[1], ARGV[2] .. 'At', ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], ARGV[2] .. 'Count', 1)
end
if redis.call('HEXISTS', KEYS[1], 'outcome') == 1 then return 0 end
if ARGV[3] == 'outcome' then
  redis.call('HSET', KEYS[1], 'outcome', ARGV[4], 'status', ARGV[4], 'updatedAt', ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'outcomeCount', 1)
  if tonumber(ARGV[5]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
  return 0
end
local stage = tonumber(redis.call('HGET', KEYS[1], 'stage') or '-1')
if tonumber(ARGV[6]) < stage then return 2 end
redis.call('HSET', KEYS[1], 'status', ARGV[4], 'stage', ARGV[6], 'updatedAt', ARGV[1])
redis.call('PERSIST', KEYS[1])
return 1`);

/** E-visa use cases: submit, read status, and move an application through the flow. */
@Injectable()
export class EvisaService {
  private readonly logger = new Logger('Evisa');

  constructor(
    @InjectQueue(QUEUES.evisa) private readonly queue: Queue<EvisaJobData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flow: EvisaFlow,
  ) {}

  /**
   * Records the application and enqueues its intake before answering, so a 202 is never lost.
   * With an idempotency key, a retry with the same body finds the application and returns it
   * (same id, same token; one application, one job: the job id derives from the application
   * id); the same key with another body is 422 (src/queue/idempotency.ts).
   */
  async submit(
    dto: EvisaApplicationDto,
    idempotencyHeader?: string,
    client?: string,
  ): Promise<EvisaAcceptedDto> {
    const key = idempotencyKeyOf(idempotencyHeader, dto.idempotencyKey);
    const secret = this.config.TOKEN_SECRET;
    const fresh = recordId('ev');
    // The nonce is stored only in a binding: without a key there is none.
    const nonce = key ? newNonce() : '';
    const token = key ? keyedAccessToken(secret, 'ev', fresh, nonce) : randomAccessToken();
    const now = new Date().toISOString();
    const fields = {
      tokenHash: sha256(token),
      status: RECEIVED,
      nationality: dto.nationality,
      arrivalDate: dto.arrivalDate,
      // Passport number, name and e-mail only encrypted, and only here: job payloads,
      // the dashboard and logs carry the id.
      pii: sealPersonalData(secret, fresh, {
        passportNumber: dto.passportNumber,
        fullName: dto.fullName,
        email: dto.email,
      }),
      submittedAt: now,
      updatedAt: now,
    };
    const accepted = this.backend(async (call) => {
      const once = await createOnce(this.redis, {
        scope: 'ev',
        key,
        client,
        fingerprint: key ? requestFingerprint(secret, 'ev', dto) : '',
        ttlSeconds: this.config.IDEMPOTENCY_TTL_SECONDS,
        prefix: this.config.QUEUE_PREFIX,
        id: fresh,
        recordKey: this.recordKey(fresh),
        nonce,
        fields,
        what: 'e-visa application',
      });
      const id = once.id;
      let status = RECEIVED;
      if (!once.created) {
        const current = await this.redis.hget(this.recordKey(id), 'status');
        if (current === null)
          throw new ConflictException(
            'the application this Idempotency-Key made is no longer held (expired after its decision or failure)',
          );
        status = current;
      }
      // Still 'received': the first try may have died between the record and the job.
      // The enqueue answers for itself once sent (BackendCall.commit): no 503 with the job
      // queued; after a 503 only a keyed application's job is queued (see submitOnce).
      if (status === RECEIVED)
        await call.commit(
          () => this.queue.add(EVISA_JOBS.intake, { id }, { jobId: `${id}-intake` }),
          { evenIfLate: !!key },
        );
      this.logger.debug({
        event: 'evisa.accepted',
        id,
        nationality: dto.nationality,
        retry: !once.created,
      });
      return {
        id,
        // The issue marker (store-epoch.ts) after the token proper, which alone opens the record.
        token:
          (once.created ? token : keyedAccessToken(secret, 'ev', id, once.nonce)) +
          issueMarker(secret, 'ev', id, once.epoch, once.issuedAtMs),
        status,
      };
    });
    // Without a key, an application answered 503 is one nobody can reach (no token was given)
    // or resubmit into (no binding): if its record was written anyway — a Redis that stalled
    // past the deadline runs the script when it wakes — it sat `received` for ever with its
    // sealed personal data and no job. Its deletion goes on the same connection, so Redis runs
    // it after the script; an intake job already added then finds no record and does nothing.
    // With a key, the intake of an application whose record was written is queued all the
    // same (queueOwnRecordAfter503): its retry would, and without one it sat `received` for ever.
    accepted.catch((err: unknown) => {
      if (!(err instanceof ServiceUnavailableException)) return;
      if (key)
        queueOwnRecordAfter503(this.redis, {
          recordKey: this.recordKey(fresh),
          owns: (record) => record.tokenHash === fields.tokenHash,
          pendingStatus: RECEIVED,
          enqueue: () =>
            this.queue.add(EVISA_JOBS.intake, { id: fresh }, { jobId: `${fresh}-intake` }),
        });
      else void cleanUpWhenRedisAnswers(() => this.redis.del(this.recordKey(fresh)));
    });
    return accepted;
  }

  async status(id: string, authorization: string | undefined): Promise<EvisaStatusDto> {
    const token = bearerToken(authorization);
    // The id is not echoed: whatever was typed into it stays out of answers and logs.
    const ttl = this.config.EVISA_RECORD_TTL_SECONDS;
    // One answer for an unknown id, another's token and a record past its retention.
    const notFound = `no e-visa application with this id${ttl > 0 ? ` (an application is kept ${ttl} s after its decision or failure)` : ''}`;
    if (!EVISA_ID.test(id)) throw new NotFoundException(notFound);
    const record = await this.backend(async () => {
      const found = await this.redis.hgetall(this.recordKey(id));
      // Gone, and the token's issue marker is this deployment's for this id: the store lost it
      // if its epoch changed since, and evicted (or someone deleted) it if its retention cannot
      // have ended yet (store-epoch.ts). Only the token's holder reads this answer.
      const gone = found.tokenHash ? undefined : await this.goneMessage(id, token);
      if (gone) throw new NotFoundException(gone);
      return found;
    });
    // "No such id" and "not your id" are the same answer: a stranger's token must not tell
    // which ids exist.
    if (!record.tokenHash || !tokenOpens(token, record.tokenHash))
      throw new NotFoundException(notFound);
    return {
      id,
      status: record.status,
      outcome: record.outcome ?? null,
      submittedAt: record.submittedAt,
      updatedAt: record.updatedAt,
    };
  }

  /** Intake: the application enters the flow at its first step. */
  async intake(job: Job<EvisaJobData>): Promise<EvisaNext> {
    const next = this.flow.first(job.data.id);
    await this.move(job, next);
    return next;
  }

  /** A step done: on to the next step, or the outcome. */
  async step(job: Job<EvisaJobData>): Promise<EvisaNext> {
    const next = this.flow.after(job.data.id, job.data.step ?? 0);
    await this.move(job, next);
    return next;
  }

  /**
   * Applies the finished step's effect (once), records the status the next step shows or the
   * outcome, then enqueues the next step (idempotent job id). In this order a fast next step
   * cannot finish before its status is written and be overwritten by it; if the enqueue fails
   * the job fails and BullMQ retries both (the effect does not repeat).
   */
  private async move(job: Job<EvisaJobData>, next: EvisaNext): Promise<void> {
    const id = job.data.id;
    const effect = EVISA_EFFECTS[job.name as EvisaJobName] ?? '';
    const [kind, value] = 'outcome' in next ? ['outcome', next.outcome] : ['status', next.step.job];
    const result = (await STEP_SCRIPT.run(this.redis, 1, [
      this.recordKey(id),
      new Date().toISOString(),
      effect,
      kind,
      value,
      String(this.config.EVISA_RECORD_TTL_SECONDS),
      'outcome' in next ? '' : String(next.step.index),
    ])) as number;
    this.logger.debug({
      event: 'evisa.step',
      id,
      job: job.name,
      attempt: job.attemptsMade,
      next: value,
      result,
    });
    if (result !== 1 || 'outcome' in next) return;
    const nextJob: EvisaJobName = next.step.job;
    await this.queue.add(nextJob, { id, step: next.step.index }, { jobId: `${id}-${nextJob}` });
  }

  /**
   * A job that failed for good: the application says `failed` unless it was decided, and
   * expires after EVISA_RECORD_TTL_SECONDS as a decided one does.
   */
  failed(job: Job<EvisaJobData>): Promise<boolean> {
    return markFailed(
      this.redis,
      this.recordKey(job.data.id),
      'outcome',
      this.config.EVISA_RECORD_TTL_SECONDS,
    );
  }

  /**
   * Before a retried job runs (RecordWorkerHost): an application marked failed, whose job is
   * retried from the dashboard, shows the step being retried again and loses its expiry, so it
   * cannot expire under the run; the retention starts again at its outcome or next failure. A
   * first attempt is not looked at: its application cannot have failed yet. Returns what
   * reopenRecord answers (RECORD_GONE: the application is past its retention).
   */
  async running(job: Job<EvisaJobData>): Promise<number | undefined> {
    if (!job.attemptsMade) return undefined;
    const status = job.name === EVISA_JOBS.intake ? RECEIVED : job.name;
    return reopenRecord(this.redis, this.recordKey(job.data.id), 'outcome', status);
  }

  private recordKey(id: string): string {
    return RECORD_KEYS.evisaApplication(this.config.QUEUE_PREFIX, id);
  }

  /** Why the application `id` is gone, for its token's holder (store-epoch.ts goneRecordMessage). */
  private goneMessage(id: string, token: string): Promise<string | undefined> {
    const c = this.config;
    return goneRecordMessage(this.redis, {
      prefix: c.QUEUE_PREFIX,
      secret: c.TOKEN_SECRET,
      scope: 'ev',
      id,
      token,
      retentionSeconds: c.EVISA_RECORD_TTL_SECONDS,
      what: 'e-visa application',
    });
  }

  private backend<T>(fn: (call: BackendCall) => Promise<T>): Promise<T> {
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, fn);
  }
}
