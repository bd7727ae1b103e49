import { InjectQueue } from '@nestjs/bullmq';
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHmac } from 'node:crypto';
import { redactText } from '../common/redact';
import { sealText } from '../common/sealed-text';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadReferenceData, type ConsularOperation } from '../config/reference-data';
import { HandoffRefused, type HizirHandoff } from '../hizir/hizir-handoff';
import { maskForTriage, type TriageVocabulary } from '../hizir/hizir-triage';
import { withBackend } from '../queue/queue-backend';
import { KONSOLOSLUK_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { RedisScript } from '../queue/redis-script';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { cleanUpWhenRedisAnswers } from '../queue/redis-retry';
import { idempotencyKeyOf } from '../queue/idempotency';
import { bearerToken, markFailed, ownedRecord, recordId, reopenRecord } from '../queue/records';
import { goneRecordMessage } from '../queue/store-epoch';
import { submitOnce } from '../queue/submit-once';
import type {
  TransactionAcceptedDto,
  TransactionDto,
  TransactionStatusDto,
} from './dto/transaction.dto';
import { KonsoloslukFlow } from './konsolosluk-flow';
import { OfficerHandoffSink } from './konsolosluk-handoff.service';

/** What a transaction id looks like (records.ts recordId('kn')); anything else is not looked up. */
export const TRANSACTION_ID = /^kn_[0-9a-f]{26}$/;

export interface TransactionJobData {
  id: string;
}
/** Injection token for the TriageVocabulary that officer tasks' triage text keeps (built once
 * at start from config/, hizir-triage.ts loadTriageVocabulary). */
export const TRIAGE_VOCABULARY = Symbol('TRIAGE_VOCABULARY');

/**
 * An officer task as it sits in Redis and on the dashboard: the question sealed (for the officer
 * who takes it up, opened with openText(TOKEN_SECRET, job id, sealedText)); the session as a
 * keyed hash.
 */
export interface OfficerTaskData {
  /**
   * The triage text: only the question's common consular words and function words (a word
   * Hızır's knowledge base and training questions write in lower case in two documents or more,
   * hizir-triage.ts), every other word — names, places, numbers, rare words — masked as `[…]`
   * ("Karl Heinzmann arrested yesterday" → "[…] arrested yesterday").
   */
  text: string;
  sealedText: string;
  session?: string;
  area: string | null;
  confidence: number;
  reason: string | null;
}

/**
 * The hand-off gate, in one Redis script: a duplicate of a task that is waiting, or whose job
 * exists (queued, or already taken up by an officer and kept by retention), is nothing new (0);
 * else the client's and the session's quota (-1, -2, with the seconds until the window ends)
 * and the cap on waiting officer tasks (-3) are checked, and only then are the counts raised
 * and the task marked waiting (1). A task is never dropped to make room.
 * KEYS: client count, session count ('' when none), waiting set, the task's job hash.
 * ARGV: client limit, session limit, window seconds, cap, task id.
 * Sent by EVAL, not EVALSHA (RedisScript) as the other scripts are: its clean-up after a 503
 * (DISCARD_UNQUEUED_TASK) must run after it. Were it EVALSHA, a Redis that hung holding it
 * after a restart (no scripts loaded) would answer it NOSCRIPT on waking, run the clean-up sent
 * since, and only then get the gate again by EVAL: a waiting mark with no job, for ever.
 */
const HANDOFF_GATE = `
if redis.call('SISMEMBER', KEYS[3], ARGV[5]) == 1 then return {0, 0} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {0, 0} end
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c >= tonumber(ARGV[1]) then return {-1, redis.call('TTL', KEYS[1])} end
if KEYS[2] ~= KEYS[1] then
  local s = tonumber(redis.call('GET', KEYS[2]) or '0')
  if s >= tonumber(ARGV[2]) then return {-2, redis.call('TTL', KEYS[2])} end
end
if redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[4]) then return {-3, 0} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if KEYS[2] ~= KEYS[1] then
  if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
end
redis.call('SADD', KEYS[3], ARGV[5])
return {1, 0}`;

/**
 * Undoes the waiting mark of a hand-off answered 503 unless its job exists. KEYS: waiting set,
 * the task's job hash. ARGV: task id. Sent after the gate on the same connection, so it runs
 * after a gate script that Redis received before it hung and ran when it woke.
 */
const DISCARD_UNQUEUED_TASK = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
return redis.call('SREM', KEYS[1], ARGV[1])`;

/**
 * A transaction served, atomically: its visit recorded and, with a retention set
 * (KONSOLOSLUK_RECORD_TTL_SECONDS), its expiry from now — in one script, so the record is never
 * done without its expiry (a crash between the two kept it for ever), and never expiring while
 * in progress. -1: the record is gone (expired after a failure, then its job retried); 0: it was
 * served already (a late duplicate of the job changes nothing, nor extends the retention).
 * KEYS[1] record; ARGV: transactions, officer minutes, time, ttl seconds (0: keep).
 */
const SERVE_SCRIPT = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[1], 'doneAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'done', 'transactions', ARGV[1], 'officerMinutes', ARGV[2], 'doneAt', ARGV[3])
if tonumber(ARGV[4]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1`);

/**
 * The transaction job whose id this is (`<transaction id>-tx`, as submit gives it), or undefined
 * (an officer task's id names no record): what marks the transaction of a job whose hash Redis
 * evicted (record-worker.ts).
 */
export function transactionJobOfId(
  jobId: string,
): { name: typeof KONSOLOSLUK_JOBS.transaction; data: TransactionJobData } | undefined {
  const m = /^(kn_[0-9a-f]{26})-tx$/.exec(jobId);
  return m ? { name: KONSOLOSLUK_JOBS.transaction, data: { id: m[1] } } : undefined;
}

/** What a transaction job returns when its record is no longer held. */
export const TRANSACTION_GONE = 'transaction no longer held';

/** Konsolosluk.NET transactions per mission and operation, and officer tasks handed off by Hızır. */
@Injectable()
export class KonsoloslukService {
  private readonly missions: Set<string>;
  private readonly operations: Map<string, ConsularOperation>;

  constructor(
    @InjectQueue(QUEUES.konsolosluk)
    private readonly queue: Queue<TransactionJobData | OfficerTaskData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flow: KonsoloslukFlow,
    @Optional() @Inject(OfficerHandoffSink) sink?: OfficerHandoffSink,
    @Optional() @Inject(TRIAGE_VOCABULARY) private readonly triage?: TriageVocabulary,
  ) {
    const ref = loadReferenceData();
    this.missions = new Set(ref.missions.map((m) => m.id));
    this.operations = new Map(ref.operations.map((o) => [o.id, o]));
    // Every operation of the catalogue is served by a class of the model: checked at start-up.
    for (const op of ref.operations) flow.classOf(op);
    sink?.attach(this);
  }

  async submit(
    dto: TransactionDto,
    idempotencyHeader?: string,
    client?: string,
  ): Promise<TransactionAcceptedDto> {
    const problems: string[] = [];
    if (!this.missions.has(dto.missionId))
      problems.push(`missionId '${dto.missionId}' is not a mission in config/missions.yaml`);
    if (!this.operations.has(dto.operationId))
      problems.push(
        `operationId '${dto.operationId}' is not an operation in config/konsolosluk/operations.yaml`,
      );
    if (problems.length) throw new BadRequestException(problems);
    const { id, record, token } = await submitOnce(this.redis, this.config, {
      scope: 'kn',
      key: idempotencyKeyOf(idempotencyHeader, dto.idempotencyKey),
      client,
      body: dto,
      id: recordId('kn'),
      recordKey: (id) => this.key(id),
      fields: {
        missionId: dto.missionId,
        operationId: dto.operationId,
        status: 'queued',
        createdAt: new Date().toISOString(),
      },
      what: 'transaction',
      noun: 'transaction',
      goneReason: 'expired after it was served or failed',
      pendingStatus: 'queued',
      enqueue: (id) => this.queue.add(KONSOLOSLUK_JOBS.transaction, { id }, { jobId: `${id}-tx` }),
    });
    return { ...this.toDto(id, record), token };
  }

  /** A transaction's status, for the holder of the token returned at submission (404 for anyone else). */
  async get(id: string, authorization: string | undefined): Promise<TransactionStatusDto> {
    const token = bearerToken(authorization);
    const notFound = this.notFound();
    if (!TRANSACTION_ID.test(id)) throw new NotFoundException(notFound);
    const c = this.config;
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const found = await this.redis.hgetall(this.key(id));
      // Gone, with this deployment's issue marker for this id on the token: lost with Redis's
      // data if the store's epoch changed since, evicted or deleted if its retention cannot have
      // ended yet; not expired (store-epoch.ts).
      const gone = found.tokenHash
        ? undefined
        : await goneRecordMessage(this.redis, {
            prefix: c.QUEUE_PREFIX,
            secret: c.TOKEN_SECRET,
            scope: 'kn',
            id,
            token,
            retentionSeconds: c.KONSOLOSLUK_RECORD_TTL_SECONDS,
            what: 'transaction',
          });
      if (gone) throw new NotFoundException(gone);
      return found;
    });
    return this.toDto(id, ownedRecord(token, record, notFound));
  }

  /**
   * Serves the visit the transaction opens: its transactions and officer minutes are the
   * Konsolosluk.NET model's draws for the operation's class (KonsoloslukFlow, through ModelPlan).
   */
  async serve(job: Job<TransactionJobData>): Promise<number | string> {
    const record = await this.redis.hgetall(this.key(job.data.id));
    // Gone (expired after it failed, and its job retried from the dashboard since): nothing to
    // serve, and nothing written back (an HSET would bring back a half record with no expiry).
    if (!record.operationId) return TRANSACTION_GONE;
    const operation = this.operations.get(record.operationId);
    if (!operation) throw new Error(`unknown operation '${record.operationId}'`);
    const visit = this.flow.serve(job.data.id, operation);
    const served = (await SERVE_SCRIPT.run(this.redis, 1, [
      this.key(job.data.id),
      String(visit.transactions),
      String(visit.officerMinutes),
      new Date().toISOString(),
      String(this.config.KONSOLOSLUK_RECORD_TTL_SECONDS),
    ])) as number;
    return served < 0 ? TRANSACTION_GONE : visit.officerMinutes;
  }

  /**
   * A transaction whose job failed for good: it says `failed` unless it was served, and expires
   * after KONSOLOSLUK_RECORD_TTL_SECONDS as a served one does.
   */
  transactionFailed(job: Job<TransactionJobData>): Promise<boolean> {
    return markFailed(
      this.redis,
      this.key(job.data.id),
      'doneAt',
      this.config.KONSOLOSLUK_RECORD_TTL_SECONDS,
    );
  }

  /**
   * Before a retried transaction job runs (RecordWorkerHost): a transaction marked failed, whose
   * job is retried from the dashboard, is `queued` again and loses its expiry, so it cannot
   * expire under the run; the retention starts again when it is served or fails again. A first
   * attempt is not looked at: its transaction cannot have failed yet. Returns what reopenRecord
   * answers (RECORD_GONE: the transaction is past its retention).
   */
  async transactionRunning(job: Job<TransactionJobData>): Promise<number | undefined> {
    if (!job.attemptsMade) return undefined;
    return reopenRecord(this.redis, this.key(job.data.id), 'doneAt', 'queued');
  }

  /**
   * Hızır hand-off → an officer task on this queue (deduplicated per client, session and question),
   * within the client's and the session's quota and the cap on waiting tasks. Personal data
   * never reaches Redis in clear: the question is sealed, and its triage text keeps only common
   * consular words (an allow-list: without a vocabulary every word is masked).
   */
  async enqueueOfficerTask(h: HizirHandoff): Promise<void> {
    const secret = this.config.TOKEN_SECRET;
    const keyed = (label: string, value: string) =>
      createHmac('sha256', secret).update(`${label}:${value}`).digest('hex').slice(0, 24);
    // One task per asking client and question (and session): a question is deduplicated only
    // against the same client's. Keyed by session and text alone, a question sent without a
    // sessionId met every other client's identical question: the second citizen was answered
    // `handoff: true` while no task of theirs existed (it merged into a waiting one, or into
    // nothing once an officer had taken the first up), and the quota it then did not spend
    // told an outsider that someone's question with that text was waiting.
    const jobId = `task-${keyed('task', JSON.stringify([h.client ?? '', h.sessionId ?? '', h.text]))}`;
    const session = h.sessionId === undefined ? undefined : keyed('session', h.sessionId);
    const data: OfficerTaskData = {
      text: maskForTriage(redactText(h.text), this.triage ?? { words: new Set() }),
      sealedText: sealText(secret, jobId, h.text),
      ...(session === undefined ? {} : { session }),
      area: h.answer.area,
      confidence: h.answer.confidence,
      reason: h.answer.handoffReason,
    };
    const prefix = this.config.QUEUE_PREFIX;
    const clientKey = `${prefix}:hizir:handoffs:client:${keyed('client', h.client ?? 'unknown')}`;
    const sessionKey = session ? `${prefix}:hizir:handoffs:session:${session}` : clientKey;
    const waiting = this.officerWaitingKey();
    const jobKey = this.queue.toKey(jobId);
    const enqueue = () => this.queue.add(KONSOLOSLUK_JOBS.officerTask, data, { jobId });
    // Whether the gate found this task already there: its waiting mark is not this request's.
    let duplicate = false;
    const gated = withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const c = this.config;
      const [verdict, ttl] = (await this.redis.eval(
        HANDOFF_GATE,
        4,
        clientKey,
        sessionKey,
        waiting,
        jobKey,
        c.HIZIR_HANDOFFS_PER_CLIENT,
        c.HIZIR_HANDOFFS_PER_SESSION,
        c.HIZIR_HANDOFF_WINDOW_SECONDS,
        c.OFFICER_QUEUE_MAX_WAITING,
        jobId,
      )) as [number, number];
      const wait = Math.max(1, ttl);
      if (verdict === -1)
        throw new HandoffRefused(
          429,
          `too many questions handed to an officer from this client (${c.HIZIR_HANDOFFS_PER_CLIENT} per ${c.HIZIR_HANDOFF_WINDOW_SECONDS} s): try again in ${wait} s`,
          wait,
        );
      if (verdict === -2)
        throw new HandoffRefused(
          429,
          `too many questions handed to an officer in this session (${c.HIZIR_HANDOFFS_PER_SESSION} per ${c.HIZIR_HANDOFF_WINDOW_SECONDS} s): try again in ${wait} s`,
          wait,
        );
      if (verdict === -3)
        throw new HandoffRefused(
          503,
          `the officer queue is full (${c.OFFICER_QUEUE_MAX_WAITING} questions waiting): please try again later`,
          60,
        );
      if (verdict === 0) {
        // The same question is waiting, or its job exists. A concurrent request may have marked
        // it and still be adding its job, and that add may fail: answered `handoff: true` at
        // once, this request promised a task that then did not exist (its first request got
        // 503 and took the mark back). So it queues the job too: the job id makes one task.
        duplicate = true;
        await enqueue();
        return;
      }
      try {
        await enqueue();
      } catch (err) {
        // The mark goes unless the job is there (a duplicate's add may have queued it).
        await this.redis
          .eval(DISCARD_UNQUEUED_TASK, 2, waiting, jobKey, jobId)
          .catch(() => undefined);
        throw err;
      }
    });
    // A 503 (Redis did not answer in time) tells the citizen the question was not passed on;
    // but a Redis that hung after receiving the gate runs it when it wakes. Its waiting mark,
    // with no job behind it, counted against the cap for ever, and the same question asked
    // again was answered `handoff: true` as already waiting: a question no officer would see.
    // A duplicate's mark is the first request's, which clears its own.
    gated.catch((err: unknown) => {
      if (err instanceof ServiceUnavailableException && !duplicate)
        void cleanUpWhenRedisAnswers(() =>
          this.redis.eval(DISCARD_UNQUEUED_TASK, 2, waiting, jobKey, jobId),
        );
    });
    await gated;
  }

  /** An officer takes the task (it is no longer waiting); answering it is outside the simulation, so it is only acknowledged. */
  async officerTask(job: Job<OfficerTaskData>): Promise<string> {
    await this.redis.srem(this.officerWaitingKey(), job.id ?? '');
    return `task for ${job.data.area ?? 'triage'}`;
  }

  /**
   * An officer task whose job failed for good is no longer waiting: left in the set, it counted
   * against OFFICER_QUEUE_MAX_WAITING for ever, and enough of them turned every hand-off into 503.
   */
  async officerTaskFailed(job: Job<OfficerTaskData>): Promise<void> {
    await this.redis.srem(this.officerWaitingKey(), job.id ?? '');
  }

  /** Ids of officer tasks enqueued and not yet taken up (the set the cap counts). */
  officerWaitingKey(): string {
    return `${this.config.QUEUE_PREFIX}:konsolosluk:officer:waiting`;
  }

  private toDto(id: string, r: Record<string, string>): TransactionStatusDto {
    return {
      id,
      missionId: r.missionId,
      operationId: r.operationId,
      status: r.status,
      transactions: r.transactions ? Number(r.transactions) : null,
      // To the hundredth of a minute a person reads; the record keeps full precision.
      officerMinutes: r.officerMinutes ? Math.round(Number(r.officerMinutes) * 100) / 100 : null,
    };
  }

  private key(id: string): string {
    return RECORD_KEYS.konsoloslukTransaction(this.config.QUEUE_PREFIX, id);
  }

  /**
   * The 404 of a transaction id: one answer for an unknown id, another's token and a
   * transaction past its retention, so it tells nothing of which ids exist; with a retention
   * set it says so, for the owner whose transaction has expired.
   */
  private notFound(): string {
    const ttl = this.config.KONSOLOSLUK_RECORD_TTL_SECONDS;
    return ttl > 0
      ? `no transaction with this id (a transaction is kept ${ttl} s after it is served or fails)`
      : 'no transaction with this id';
  }
}
