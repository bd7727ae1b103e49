import { InjectQueue } from '@nestjs/bullmq';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadReferenceData, type ConsularOperation } from '../config/reference-data';
import type { HizirHandoff } from '../hizir/hizir-handoff';
import { withBackend } from '../queue/queue-backend';
import { KONSOLOSLUK_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import {
  createOnce,
  idempotencyKeyOf,
  keyedAccessToken,
  newNonce,
  requestFingerprint,
} from '../queue/idempotency';
import { bearerToken, ownedRecord, randomAccessToken, recordId, sha256 } from '../queue/records';
import { createSampler, type Sampler } from '../sim/distributions';
import { hashString, KeyedRng } from '../sim/rng';
import type {
  TransactionAcceptedDto,
  TransactionDto,
  TransactionStatusDto,
} from './dto/transaction.dto';
import { OfficerHandoffSink } from './konsolosluk-handoff.service';

/** What a transaction id looks like (records.ts recordId('kn')); anything else is not looked up. */
export const TRANSACTION_ID = /^kn_[0-9a-f]{26}$/;

export interface TransactionJobData {
  id: string;
}
export interface OfficerTaskData {
  text: string;
  sessionId?: string;
  area: string | null;
  confidence: number;
  reason: string | null;
}

/** Konsolosluk.NET transactions per mission and operation, and officer tasks handed off by Hızır. */
@Injectable()
export class KonsoloslukService {
  private readonly missions: Set<string>;
  private readonly operations: Map<string, ConsularOperation>;
  private readonly samplers = new Map<string, Sampler>();
  private readonly rng = new KeyedRng();

  constructor(
    @InjectQueue(QUEUES.konsolosluk)
    private readonly queue: Queue<TransactionJobData | OfficerTaskData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(OfficerHandoffSink) sink?: OfficerHandoffSink,
  ) {
    const ref = loadReferenceData();
    this.missions = new Set(ref.missions.map((m) => m.id));
    this.operations = new Map(ref.operations.map((o) => [o.id, o]));
    sink?.attach(this);
  }

  async submit(dto: TransactionDto, idempotencyHeader?: string): Promise<TransactionAcceptedDto> {
    const problems: string[] = [];
    if (!this.missions.has(dto.missionId))
      problems.push(`missionId '${dto.missionId}' is not a mission in config/missions.yaml`);
    if (!this.operations.has(dto.operationId))
      problems.push(
        `operationId '${dto.operationId}' is not an operation in config/konsolosluk/operations.yaml`,
      );
    if (problems.length) throw new BadRequestException(problems);
    const key = idempotencyKeyOf(idempotencyHeader, dto.idempotencyKey);
    const secret = this.config.TOKEN_SECRET;
    const fresh = recordId('kn');
    const nonce = newNonce();
    const token = key ? keyedAccessToken(secret, 'kn', fresh, nonce) : randomAccessToken();
    const fields = {
      tokenHash: sha256(token),
      missionId: dto.missionId,
      operationId: dto.operationId,
      status: 'queued',
      createdAt: new Date().toISOString(),
    };
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const once = await createOnce(this.redis, {
        scope: 'kn',
        key,
        fingerprint: key ? requestFingerprint(secret, 'kn', dto) : '',
        ttlSeconds: this.config.IDEMPOTENCY_TTL_SECONDS,
        prefix: this.config.QUEUE_PREFIX,
        id: fresh,
        recordKey: this.key(fresh),
        nonce,
        fields,
        what: 'transaction',
      });
      const id = once.id;
      const record = once.created ? fields : await this.redis.hgetall(this.key(id));
      if (!record.status)
        throw new ConflictException('the transaction this Idempotency-Key made is no longer held');
      if (record.status === 'queued')
        await this.queue.add(KONSOLOSLUK_JOBS.transaction, { id }, { jobId: `${id}-tx` });
      return {
        ...this.toDto(id, record),
        token: once.created ? token : keyedAccessToken(secret, 'kn', id, once.nonce),
      };
    });
  }

  /** A transaction's status, for the holder of the token returned at submission (404 for anyone else). */
  async get(id: string, authorization: string | undefined): Promise<TransactionStatusDto> {
    const token = bearerToken(authorization);
    const notFound = 'no transaction with this id';
    if (!TRANSACTION_ID.test(id)) throw new NotFoundException(notFound);
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis.hgetall(this.key(id)),
    );
    return this.toDto(id, ownedRecord(token, record, notFound));
  }

  /** The officer's counter time comes from the operation's officerMinutes distribution, drawn with the transaction's key. */
  async serve(job: Job<TransactionJobData>): Promise<number> {
    const record = await this.redis.hgetall(this.key(job.data.id));
    const minutes = this.sampler(record.operationId).sample(
      this.rng.reseed(hashString(job.data.id) | 0, 0),
    );
    await this.redis.hset(this.key(job.data.id), {
      status: 'done',
      officerMinutes: String(minutes),
      doneAt: new Date().toISOString(),
    });
    return minutes;
  }

  /** Hızır hand-off → an officer task on this queue (deduplicated per session and question). */
  async enqueueOfficerTask(h: HizirHandoff): Promise<void> {
    const data: OfficerTaskData = {
      text: h.text,
      sessionId: h.sessionId,
      area: h.answer.area,
      confidence: h.answer.confidence,
      reason: h.answer.handoffReason,
    };
    const jobId = `task-${sha256(`${h.sessionId ?? ''}\n${h.text}`).slice(0, 24)}`;
    await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.queue.add(KONSOLOSLUK_JOBS.officerTask, data, { jobId }),
    );
  }

  /** An officer takes the task; answering it is outside the simulation, so it is only acknowledged. */
  async officerTask(job: Job<OfficerTaskData>): Promise<string> {
    return `task for ${job.data.area ?? 'triage'}`;
  }

  private sampler(operationId: string): Sampler {
    let s = this.samplers.get(operationId);
    if (!s) {
      const op = this.operations.get(operationId);
      if (!op) throw new Error(`unknown operation '${operationId}'`);
      s = createSampler(op.officerMinutes);
      this.samplers.set(operationId, s);
    }
    return s;
  }

  private toDto(id: string, r: Record<string, string>): TransactionStatusDto {
    return {
      id,
      missionId: r.missionId,
      operationId: r.operationId,
      status: r.status,
      officerMinutes: r.officerMinutes ? Number(r.officerMinutes) : null,
    };
  }

  private key(id: string): string {
    return RECORD_KEYS.konsoloslukTransaction(this.config.QUEUE_PREFIX, id);
  }
}
