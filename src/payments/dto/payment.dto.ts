import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min, ValidateBy } from 'class-validator';
import { CurrencyCode } from '../../common/field-rules';

export const PAYMENT_CHANNELS = ['virtual-pos', 'physical-pos'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Largest amount taken in one payment, in minor units: an assumption (10 million in major units) to catch unit mistakes. */
export const MAX_AMOUNT_MINOR = 1_000_000_000;

/** What a payment reference looks like. */
export const PAYMENT_REFERENCE = /^[A-Za-z0-9._-]{4,64}$/;

/** An e-visa application's or a Konsolosluk.NET transaction's id, as the server issues it. */
export const APPLICATION_ID = /^(ev|kn)_[0-9a-f]{26}$/;

/**
 * Whether a reference names, or looks to a person reconciling payments as if it named, an
 * application or a transaction: `ev` or `kn` in any case followed by `_`, `-` or `.`
 * (`EV_<id>`, `Kn-…`), or an id's 26 hex digits with the separators left out or moved
 * (`EV40c4…`). Such a reference pays the record's fee with its token, so only the id as
 * issued is one: `EV_<id>` had been a 1-cent payment with no token that read as the fee.
 */
export function isApplicationLike(reference: string): boolean {
  return (
    /^(ev|kn)[._-]/i.test(reference) ||
    /^(ev|kn)[0-9a-f]{26}$/i.test(reference.replace(/[._-]/g, ''))
  );
}

const APPLICATION_RULE =
  "reference must be an application's or transaction's id as issued (ev_ or kn_ and 26 lower-case hex digits) when it starts with ev or kn in any case and . _ or -, or is ev or kn and an id's 26 hex digits";

/** Body of POST /payments; a reference is paid once (retries: the Idempotency-Key header). */
export class PaymentDto {
  @ApiProperty({
    example: 'ev_40c4f4c939bf60bb5d1d352e7c',
    description:
      "what is paid. An e-visa application's or a Konsolosluk.NET transaction's id (ev_ or kn_ and 26 lower-case hex digits) pays its fee on record, with its token, once; any other reference starting ev or kn in any case with . _ or - (or an id's hex digits) is refused. Any other reference is free-form and the paying client's own (its address, as an Idempotency-Key): paid once per client, and another client's payment of the same reference is neither seen nor in the way",
  })
  @Matches(PAYMENT_REFERENCE, {
    message: 'reference must be 4 to 64 letters, digits or . _ -',
  })
  @ValidateBy({
    name: 'applicationReference',
    validator: {
      // A reference of the wrong shape is told so by the rule above, not twice.
      validate: (v: unknown) =>
        typeof v !== 'string' ||
        !PAYMENT_REFERENCE.test(v) ||
        !isApplicationLike(v) ||
        APPLICATION_ID.test(v),
      defaultMessage: () => APPLICATION_RULE,
    },
  })
  reference!: string;

  @ApiProperty({ example: 2000, description: 'amount in minor units (cents)' })
  @IsInt({ message: 'amountMinor must be a whole number of minor units (cents)' })
  @Min(1, { message: 'amountMinor must be more than 0' })
  @Max(MAX_AMOUNT_MINOR, { message: `amountMinor must be at most ${MAX_AMOUNT_MINOR}` })
  amountMinor!: number;

  @ApiProperty({ example: 'USD', description: 'an ISO 4217 currency code' })
  @CurrencyCode()
  currency!: string;

  @ApiProperty({ enum: PAYMENT_CHANNELS })
  @IsIn(PAYMENT_CHANNELS)
  channel!: PaymentChannel;
}

export class PaymentStatusDto {
  @ApiProperty() reference!: string;
  @ApiProperty({
    enum: ['pending', 'captured', 'declined', 'failed'],
    description:
      "pending while its capture job is queued, runs or is retried (the record is kept meanwhile); declined at the payments model's decline share (paper-payments.yaml); failed when its capture job failed for good, nothing taken. A declined or failed payment expires PAYMENT_UNPAID_TTL_SECONDS after it was declined or failed, after which the reference can be paid again; until then the failed job retried from the dashboard makes it pending again and captures it",
  })
  status!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel!: PaymentChannel;
}

export class PaymentAcceptedDto extends PaymentStatusDto {
  @ApiProperty({
    description:
      "bearer token for GET /payments/:reference; only its hash is kept (a retry with the same Idempotency-Key and body gets it again). A free-form reference's token starts with its payer's tag and a dot, which finds that client's payment",
  })
  token!: string;
}
