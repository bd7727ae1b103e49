import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { withBackend } from '../queue/queue-backend';
import { PAYMENT_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { createIfAbsent } from '../queue/records';
import type { PaymentChannel, PaymentDto, PaymentStatusDto } from './dto/payment.dto';

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

  /** Records the payment and enqueues its capture; the same reference again is the same payment (409 if it differs). */
  async create(dto: PaymentDto): Promise<PaymentStatusDto> {
    return withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const fields = {
        amountMinor: String(dto.amountMinor),
        currency: dto.currency,
        channel: dto.channel,
        status: 'pending',
        createdAt: new Date().toISOString(),
      };
      const existing = await createIfAbsent(this.redis, this.key(dto.reference), fields);
      if (
        existing &&
        (existing.amountMinor !== fields.amountMinor ||
          existing.currency !== dto.currency ||
          existing.channel !== dto.channel)
      ) {
        throw new ConflictException(
          `payment '${dto.reference}' exists with another amount, currency or channel`,
        );
      }
      const record = existing ?? fields;
      if (record.status === 'pending')
        await this.queue.add(
          PAYMENT_JOBS.capture,
          { reference: dto.reference },
          { jobId: `pay-${dto.reference}` },
        );
      return this.toDto(dto.reference, record);
    });
  }

  async get(reference: string): Promise<PaymentStatusDto> {
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, () =>
      this.redis.hgetall(this.key(reference)),
    );
    if (!record.status) throw new NotFoundException(`no payment '${reference}'`);
    return this.toDto(reference, record);
  }

  /** The acquirer's answer is simulated: every capture succeeds (declines are not modelled). */
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
