import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { withBackend } from '../queue/queue-backend';
import { PAYMENT_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import {
  createOnce,
  idempotencyKeyOf,
  keyedAccessToken,
  newNonce,
  requestFingerprint,
} from '../queue/idempotency';
import { bearerToken, ownedRecord, randomAccessToken, sha256 } from '../queue/records';
import {
  PAYMENT_REFERENCE,
  type PaymentAcceptedDto,
  type PaymentChannel,
  type PaymentDto,
  type PaymentStatusDto,
} from './dto/payment.dto';

export interface PaymentJobData {
  reference: string;
}

/** Payments at a mission's physical POS or the virtual POS, idempotent by reference. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<PaymentJobData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Records the payment and enqueues its capture. A reference is paid once: with the same
   * Idempotency-Key and body a retry gets the original answer (and token); the same key with
   * another body is 422; a reference already used by another request is 409, with nothing of
   * that payment in the answer.
   */
  async create(dto: PaymentDto, idempotencyHeader?: string): Promise<PaymentAcceptedDto> {
    const key = idempotencyKeyOf(idempotencyHeader, undefined);
    const secret = this.config.TOKEN_SECRET;
    const nonce = newNonce();
    const token = key ? keyedAccessToken(secret, 'pay', dto.reference, nonce) : randomAccessToken();
    const fields = {
      tokenHash: sha256(token),
      amountMinor: String(dto.amountMinor),
      currency: dto.currency,
      channel: dto.channel,
      status: 'pending',
      createdAt: new Date().toISOString(),
    };
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const once = await createOnce(this.redis, {
        scope: 'pay',
        key,
        fingerprint: key ? requestFingerprint(secret, 'pay', dto) : '',
        ttlSeconds: this.config.IDEMPOTENCY_TTL_SECONDS,
        prefix: this.config.QUEUE_PREFIX,
        id: dto.reference,
        recordKey: this.key(dto.reference),
        nonce,
        fields,
        what: `payment reference '${dto.reference}'`,
      });
      const record = once.created ? fields : await this.redis.hgetall(this.key(dto.reference));
      if (!record.status)
        throw new ConflictException('the payment this Idempotency-Key made is no longer held');
      if (record.status === 'pending')
        await this.queue.add(
          PAYMENT_JOBS.capture,
          { reference: dto.reference },
          { jobId: `pay-${dto.reference}` },
        );
      return {
        ...this.toDto(dto.reference, record),
        token: once.created ? token : keyedAccessToken(secret, 'pay', dto.reference, once.nonce),
      };
    });
  }

  /** A payment's status, for the holder of the token returned when it was made (404 for anyone else). */
  async get(reference: string, authorization: string | undefined): Promise<PaymentStatusDto> {
    const token = bearerToken(authorization);
    const notFound = 'no payment with this reference';
    if (!PAYMENT_REFERENCE.test(reference)) throw new NotFoundException(notFound);
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis.hgetall(this.key(reference)),
    );
    return this.toDto(reference, ownedRecord(token, record, notFound));
  }

  /**
   * Records the capture. The live service does not draw the acquirer's answer: declines are
   * modelled in payments.model.ts (params.declineShare) and counted by the kernel, not here.
   */
  async capture(job: Job<PaymentJobData>): Promise<string> {
    await this.redis.hset(this.key(job.data.reference), {
      status: 'captured',
      capturedAt: new Date().toISOString(),
    });
    return 'captured';
  }

  private toDto(reference: string, r: Record<string, string>): PaymentStatusDto {
    return {
      reference,
      status: r.status,
      amountMinor: Number(r.amountMinor),
      currency: r.currency,
      channel: r.channel as PaymentChannel,
    };
  }

  private key(reference: string): string {
    return RECORD_KEYS.payment(this.config.QUEUE_PREFIX, reference);
  }
}
