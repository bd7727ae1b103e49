import { InjectQueue } from '@nestjs/bullmq';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadReferenceData } from '../config/reference-data';
import { withBackend } from '../queue/queue-backend';
import { PAYMENT_JOBS, QUEUES, RECORD_KEYS } from '../queue/queue-names';
import { PRODUCER_REDIS } from '../queue/queue.module';
import { RedisScript } from '../queue/redis-script';
import { PRODUCER_COMMAND_TIMEOUT_MS } from '../queue/redis-connections';
import { idempotencyKeyOf } from '../queue/idempotency';
import {
  bearerToken,
  FAILED_STATUS,
  markFailed,
  ownedRecord,
  reopenRecord,
} from '../queue/records';
import { goneRecordMessage } from '../queue/store-epoch';
import { submitOnce } from '../queue/submit-once';
import {
  APPLICATION_ID,
  isApplicationLike,
  PAYMENT_REFERENCE,
  type PaymentAcceptedDto,
  type PaymentChannel,
  type PaymentDto,
  type PaymentStatusDto,
} from './dto/payment.dto';
import { PaymentsFlow } from './payments-flow';

export interface PaymentJobData {
  reference: string;
  /**
   * The owner tag of a free-form reference's payment (paymentOwner); absent for an application's
   * or a transaction's id, and on jobs queued before free-form references had owners.
   */
  owner?: string;
}

/** Hex digits of an owner tag: 80 bits, so two clients' tags do not meet by chance. */
const OWNER_TAG_HEX = 20;
const TOKEN_OWNER = new RegExp(`^([0-9a-f]{${OWNER_TAG_HEX}})\\.`);

/**
 * The owner of a payment to a free-form reference: a keyed hash (TOKEN_SECRET) of the paying
 * client (clientOf: its address, an IPv6 address's /64), the identity an Idempotency-Key is bound
 * to. A free-form reference names nothing the server holds, so nobody owns it but the payer: it
 * had been first come, first served across all clients, so anyone could squat a reference, and
 * the 409 a second client got told an outsider which references were in use. Now each client's
 * references are its own (one record per client and reference): two clients never meet, and a
 * 409 only ever answers the client that made the payment.
 */
export function paymentOwner(secret: string, client: string | undefined): string {
  return createHmac('sha256', secret)
    .update(`payment-owner\n${client ?? 'unknown'}`)
    .digest('hex')
    .slice(0, OWNER_TAG_HEX);
}

/**
 * The owner tag a free-form payment's token starts with (`<owner>.`), so its status is found
 * from any address; undefined for any other token (a record's id names its own key). A token
 * from before owners (base64url, no '.') reads the payment under the reference alone.
 */
export function ownerOfToken(token: string): string | undefined {
  return TOKEN_OWNER.exec(token)?.[1];
}

/** What is due for a record a payment reference names. */
interface Due {
  amountMinor: number;
  currency: string;
  source: string;
}

/**
 * A payment the acquirer has not answered yet: `pending`, or `failed` — its capture job failed
 * for good (markFailed) without settling it, and an operator may retry that job from the
 * dashboard. Nothing was taken from the card then, so the retried capture settles it as the
 * first run would have (the outcome is the model's draw for this attempt, not a new one).
 */
export const UNSETTLED_STATUSES: readonly string[] = ['pending', FAILED_STATUS];

/**
 * The acquirer's answer, on a payment record that still exists and is not settled: a captured
 * payment is then kept; a declined one expires PAYMENT_UNPAID_TTL_SECONDS after the decline,
 * after which the reference can be paid again. ARGV: outcome, time, unpaid ttl seconds.
 */
const SETTLE_SCRIPT = new RedisScript(`
local status = redis.call('HGET', KEYS[1], 'status')
if (status ~= 'pending' and status ~= '${FAILED_STATUS}') or redis.call('HEXISTS', KEYS[1], 'settledAt') == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'settledAt', ARGV[2])
if ARGV[1] == 'captured' then redis.call('PERSIST', KEYS[1]) else redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1`);

/**
 * The capture job whose id this is (captureJobId), or undefined: what marks the payment of a job
 * whose hash Redis evicted (record-worker.ts). An application's or a transaction's id is paid
 * under the reference alone; any other reference under its payer's owner tag, which leads the
 * id (a job queued before owners, `pay-<reference>-<attempt>`, reads as the reference alone).
 */
export function captureJobOfId(
  jobId: string,
): { name: typeof PAYMENT_JOBS.capture; data: PaymentJobData } | undefined {
  const m = /^pay-(.+)-\d+$/.exec(jobId);
  if (!m) return undefined;
  const owned = new RegExp(`^([0-9a-f]{${OWNER_TAG_HEX}})-(.+)$`).exec(m[1]);
  const data: PaymentJobData =
    APPLICATION_ID.test(m[1]) || !owned
      ? { reference: m[1] }
      : { reference: owned[2], owner: owned[1] };
  return { name: PAYMENT_JOBS.capture, data };
}

/**
 * The capture job of one payment attempt. A reference is paid again once a declined or unpaid
 * attempt has expired, while the earlier attempt's job may still be kept (completed jobs for an
 * hour, failed ones for a week; job-options.ts): a job id of the reference alone made the new
 * attempt's add a no-op, so it stayed pending until it expired unpaid. The attempt's creation
 * time tells attempts apart (one reference has one record at a time, so no two share it).
 */
export function captureJobId(
  reference: string,
  createdAt: string | undefined,
  owner?: string,
): string {
  const attempt = Date.parse(createdAt ?? '') || 0;
  // Two clients' payments of one free-form reference are two records: their owner tells them apart.
  return owner === undefined
    ? `pay-${reference}-${attempt}`
    : `pay-${owner}-${reference}-${attempt}`;
}

/** Payments at a mission's physical POS or the virtual POS, idempotent by reference. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<PaymentJobData>,
    @Inject(PRODUCER_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly flow: PaymentsFlow,
  ) {}

  /**
   * Records the payment and enqueues its capture. An application's or a transaction's id is paid
   * once, by its token's holder (checkDue); any other reference once per client (paymentOwner).
   * With the same Idempotency-Key and body a retry gets the original answer (and token); the
   * same key with another body is 422; the reference already paid by another request of that
   * payer is 409, with nothing of that payment in the answer. Another client's payment of the
   * same free-form reference is never seen: its own is a payment of its own.
   */
  async create(
    dto: PaymentDto,
    idempotencyHeader?: string,
    authorization?: string,
    client?: string,
  ): Promise<PaymentAcceptedDto> {
    // Look-alikes too (the body rule refuses them first): none is paid without the record's token.
    const names = isApplicationLike(dto.reference);
    if (names) await this.checkDue(dto, authorization);
    const owner = names ? undefined : paymentOwner(this.config.TOKEN_SECRET, client);
    const { record, token } = await submitOnce(this.redis, this.config, {
      scope: 'pay',
      key: idempotencyKeyOf(idempotencyHeader, undefined),
      client,
      body: dto,
      id: dto.reference,
      recordKey: (reference) => this.key(reference, owner),
      fields: {
        amountMinor: String(dto.amountMinor),
        currency: dto.currency,
        channel: dto.channel,
        status: 'pending',
        createdAt: new Date().toISOString(),
      },
      what:
        owner === undefined
          ? `payment reference '${dto.reference}'`
          : `a payment from this client with reference '${dto.reference}'`,
      tokenPrefix: owner === undefined ? undefined : `${owner}.`,
      noun: 'payment',
      // A record whose capture job never got queued expires: its reference frees itself. Once
      // the job is queued the record is kept until it is settled or fails, and only then does
      // the unpaid expiry run (a declined or failed payment), so an accepted payment whose
      // capture waits in the queue or is retried after a backoff does not vanish first.
      expireSeconds: this.config.PAYMENT_UNPAID_TTL_SECONDS,
      pendingStatus: 'pending',
      enqueue: (reference, record) =>
        this.queue.add(
          PAYMENT_JOBS.capture,
          owner === undefined ? { reference } : { reference, owner },
          { jobId: captureJobId(reference, record.createdAt, owner) },
        ),
    });
    return { ...this.toDto(dto.reference, record), token };
  }

  /** A payment's status, for the holder of the token returned when it was made (404 for anyone else). */
  async get(reference: string, authorization: string | undefined): Promise<PaymentStatusDto> {
    const token = bearerToken(authorization);
    const notFound = 'no payment with this reference';
    if (!PAYMENT_REFERENCE.test(reference)) throw new NotFoundException(notFound);
    // A free-form reference's payment lies under its payer's owner tag, which its token carries.
    const owner = isApplicationLike(reference) ? undefined : ownerOfToken(token);
    const c = this.config;
    const record = await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
      const found = await this.redis.hgetall(this.key(reference, owner));
      // Gone, with this deployment's issue marker for this payment on the token: lost with
      // Redis's data if the store's epoch changed since, evicted or deleted if it cannot have
      // expired yet (store-epoch.ts). The marker names the reference as the token does (under
      // its owner tag, submitOnce). A payment expires no sooner than PAYMENT_UNPAID_TTL_SECONDS
      // after it was made (its safety net, or after a decline or failure; captured, never).
      const gone = found.tokenHash
        ? undefined
        : await goneRecordMessage(this.redis, {
            prefix: c.QUEUE_PREFIX,
            secret: c.TOKEN_SECRET,
            scope: 'pay',
            id: owner === undefined ? reference : `${owner}.${reference}`,
            token,
            retentionSeconds: c.PAYMENT_UNPAID_TTL_SECONDS,
            what: 'payment',
          });
      if (gone) throw new NotFoundException(gone);
      return found;
    });
    return this.toDto(reference, ownedRecord(token, record, notFound));
  }

  /**
   * Settles the payment with the acquirer's answer as the payments model gives it: declined
   * at the model's decline share (payments.model.ts, params.declineShare), drawn through
   * ModelPlan for this attempt (PaymentsFlow), else captured. A retried job settles nothing twice.
   */
  async capture(job: Job<PaymentJobData>): Promise<string> {
    const key = this.key(job.data.reference, job.data.owner);
    const record = await this.redis.hgetall(key);
    if (!record.status) return 'expired before capture';
    // Settled already (a late duplicate of the job): nothing is settled twice. A `failed` one
    // is not settled: its job, retried from the dashboard, captures it now. It had returned
    // `failed` and changed nothing, so a retry looked done and the payment stayed failed.
    if (!UNSETTLED_STATUSES.includes(record.status) || record.settledAt) return record.status;
    const outcome = this.flow.outcome(
      job.data.reference,
      record.channel as PaymentChannel,
      record.createdAt,
    );
    const done = (await SETTLE_SCRIPT.run(this.redis, 1, [
      key,
      outcome,
      new Date().toISOString(),
      String(this.config.PAYMENT_UNPAID_TTL_SECONDS),
    ])) as number;
    return done ? outcome : 'expired before capture';
  }

  /**
   * A capture whose job failed for good: the payment says `failed` unless it was settled, and
   * expires PAYMENT_UNPAID_TTL_SECONDS later, as a declined one does, after which the reference
   * can be paid again; until then the failed job, retried from the dashboard, still captures it
   * (capture).
   */
  failed(job: Job<PaymentJobData>): Promise<boolean> {
    return markFailed(
      this.redis,
      this.key(job.data.reference, job.data.owner),
      'settledAt',
      this.config.PAYMENT_UNPAID_TTL_SECONDS,
    );
  }

  /**
   * Before every run of a capture job (RecordWorkerHost): the payment is kept while its job
   * runs — without the safety-net expiry it was created with, in case the API's own PERSIST
   * after the enqueue was lost — and one marked failed, whose job is retried from the dashboard,
   * is `pending` again and loses the expiry its failure set. Returns what reopenRecord answers
   * (RECORD_GONE: the payment is past its expiry).
   */
  async running(job: Job<PaymentJobData>): Promise<number> {
    return reopenRecord(
      this.redis,
      this.key(job.data.reference, job.data.owner),
      'settledAt',
      'pending',
    );
  }

  /**
   * A reference that names an application or a transaction pays what the server's own record
   * says is due (the fee table), and only with that record's token: nobody else can take the
   * reference (the probe paid 1 cent on someone's e-visa and their 20 USD then got 409).
   * 401 without a token; 404, one answer, for an unknown record and another's token.
   */
  private async checkDue(dto: PaymentDto, authorization: string | undefined): Promise<void> {
    const token = bearerToken(authorization);
    const isEvisa = dto.reference.startsWith('ev_');
    // One answer for an unknown record, another's token and a record past its retention; with
    // a retention set it says so, for the owner paying after their record has expired.
    const ttl = isEvisa
      ? this.config.EVISA_RECORD_TTL_SECONDS
      : this.config.KONSOLOSLUK_RECORD_TTL_SECONDS;
    const kept = isEvisa
      ? `an application is kept ${ttl} s after its decision or failure`
      : `a transaction is kept ${ttl} s after it is served or fails`;
    const notFound = `no application or transaction with this reference${ttl > 0 ? ` (${kept})` : ''}`;
    if (!APPLICATION_ID.test(dto.reference)) throw new NotFoundException(notFound);
    const recordKey = isEvisa
      ? RECORD_KEYS.evisaApplication(this.config.QUEUE_PREFIX, dto.reference)
      : RECORD_KEYS.konsoloslukTransaction(this.config.QUEUE_PREFIX, dto.reference);
    const c = this.config;
    const record = ownedRecord(
      token,
      await withBackend(PRODUCER_COMMAND_TIMEOUT_MS, async () => {
        const found = await this.redis.hgetall(recordKey);
        // The record's token's holder paying for a record that is gone hears why, as its status
        // route says it (lost with Redis's data, or evicted): the unknown id's 404 told them
        // nothing, or the expiry, which it was not. Anyone else gets that 404 (store-epoch.ts).
        const gone = found.tokenHash
          ? undefined
          : await goneRecordMessage(this.redis, {
              prefix: c.QUEUE_PREFIX,
              secret: c.TOKEN_SECRET,
              scope: isEvisa ? 'ev' : 'kn',
              id: dto.reference,
              token,
              retentionSeconds: ttl,
              what: isEvisa ? 'e-visa application' : 'transaction',
            });
        if (gone) throw new NotFoundException(gone);
        return found;
      }),
      notFound,
    );
    const due = isEvisa ? this.evisaFee(record.nationality) : this.operationFee(record.operationId);
    if (!due || due.amountMinor <= 0)
      throw new ConflictException(
        `no fee is due for ${dto.reference} (${due?.source ?? 'unknown'})`,
      );
    const problems: string[] = [];
    if (dto.amountMinor !== due.amountMinor)
      problems.push(
        `amountMinor must be the fee due for this ${isEvisa ? 'application' : 'transaction'}: ${due.amountMinor} (${due.source})`,
      );
    if (dto.currency !== due.currency)
      problems.push(
        `currency must be ${due.currency}, the currency of the fee due (${due.source})`,
      );
    if (problems.length) throw new BadRequestException(problems);
  }

  /**
   * The e-visa fee of a nationality: its group in config/evisa.yaml, else the standard group
   * (assumption: the groups list example countries; a nationality not listed pays the fee of
   * the largest group).
   */
  private evisaFee(nationality: string | undefined): Due {
    const groups = loadReferenceData().evisa.feesByNationalityGroup;
    const group =
      groups.find((g) => nationality !== undefined && g.exampleCountries.includes(nationality)) ??
      [...groups].sort((a, b) => b.share - a.share)[0]!;
    return {
      amountMinor: Math.round(group.feeUsd * 100),
      currency: 'USD',
      source: `config/evisa.yaml group ${group.id}`,
    };
  }

  /** A Konsolosluk.NET operation's fee from config/konsolosluk/operations.yaml. */
  private operationFee(operationId: string | undefined): Due | undefined {
    const op = loadReferenceData().operations.find((o) => o.id === operationId);
    if (!op) return undefined;
    return {
      amountMinor: Math.round(op.fee.amount * 100),
      currency: op.fee.currency,
      source: `config/konsolosluk/operations.yaml ${op.id}`,
    };
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

  private key(reference: string, owner?: string): string {
    return RECORD_KEYS.payment(this.config.QUEUE_PREFIX, reference, owner);
  }
}
