import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../app/app-config';
import { withBackend } from '../queue/queue-backend';
import { EVISA_JOBS, QUEUES, RECORD_KEYS, type EvisaJobName } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import {
  accessToken,
  bearerToken,
  checkToken,
  createIfAbsent,
  idempotencyKeyOf,
  recordId,
  sha256,
} from '../queue/records';
import type {
  EvisaAcceptedDto,
  EvisaApplicationDto,
  EvisaStatusDto,
} from './dto/evisa-application.dto';
import { EvisaFlow, type EvisaNext } from './evisa-flow';

export interface EvisaJobData {
  id: string;
  /** Index of the step in the flow (absent for intake). */
  step?: number;
}

const RECEIVED = 'received';

/** E-visa use cases: submit, read status, and move an application through the flow. */
@Injectable()
export class EvisaService {
  constructor(
    @InjectQueue(QUEUES.evisa) private readonly queue: Queue<EvisaJobData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flow: EvisaFlow,
  ) {}

  /**
   * Records the application and enqueues its intake before answering, so a 202 is never lost.
   * A retry with the same idempotency key finds the record and returns it (one application,
   * one job: the job id derives from the application id).
   */
  async submit(dto: EvisaApplicationDto, idempotencyHeader?: string): Promise<EvisaAcceptedDto> {
    const key = idempotencyKeyOf(idempotencyHeader, dto.idempotencyKey);
    const id = recordId('ev', key);
    const token = accessToken(this.config.TOKEN_SECRET, 'ev', key);
    return this.backend(async () => {
      const now = new Date().toISOString();
      const existing = await createIfAbsent(this.redis, this.recordKey(id), {
        tokenHash: sha256(token),
        status: RECEIVED,
        nationality: dto.nationality,
        passportNumber: dto.passportNumber,
        fullName: dto.fullName,
        email: dto.email,
        arrivalDate: dto.arrivalDate,
        submittedAt: now,
        updatedAt: now,
      });
      const status = existing?.status ?? RECEIVED;
      // Still 'received': the first try may have died between the record and the job.
      if (status === RECEIVED)
        await this.queue.add(EVISA_JOBS.intake, { id }, { jobId: `${id}-intake` });
      return { id, token, status };
    });
  }

  async status(id: string, authorization: string | undefined): Promise<EvisaStatusDto> {
    const token = bearerToken(authorization);
    const record = await this.backend(() => this.redis.hgetall(this.recordKey(id)));
    if (!record.tokenHash) throw new NotFoundException(`no e-visa application '${id}'`);
    checkToken(token, record.tokenHash);
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
    await this.move(job.data.id, next);
    return next;
  }

  /** A step done: on to the next step, or the outcome. */
  async step(job: Job<EvisaJobData>): Promise<EvisaNext> {
    const next = this.flow.after(job.data.id, job.data.step ?? 0);
    await this.move(job.data.id, next);
    return next;
  }

  /**
   * Records the status the next step shows, then enqueues it (idempotent job id). In
   * this order a fast next step cannot finish before its status is written and be
   * overwritten by it; if the enqueue fails the job fails and BullMQ retries both.
   */
  private async move(id: string, next: EvisaNext): Promise<void> {
    const now = new Date().toISOString();
    if ('outcome' in next) {
      await this.redis.hset(this.recordKey(id), {
        status: next.outcome,
        outcome: next.outcome,
        updatedAt: now,
      });
      return;
    }
    const job: EvisaJobName = next.step.job;
    await this.redis.hset(this.recordKey(id), { status: job, updatedAt: now });
    await this.queue.add(job, { id, step: next.step.index }, { jobId: `${id}-${job}` });
  }

  private recordKey(id: string): string {
    return RECORD_KEYS.evisaApplication(this.config.QUEUE_PREFIX, id);
  }

  private backend<T>(fn: () => Promise<T>): Promise<T> {
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, fn);
  }
}
