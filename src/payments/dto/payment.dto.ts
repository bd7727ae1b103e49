import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { CurrencyCode } from '../../common/field-rules';

export const PAYMENT_CHANNELS = ['virtual-pos', 'physical-pos'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Largest amount taken in one payment, in minor units: an assumption (10 million in major units) to catch unit mistakes. */
export const MAX_AMOUNT_MINOR = 1_000_000_000;

/** What a payment reference looks like. */
export const PAYMENT_REFERENCE = /^[A-Za-z0-9._-]{4,64}$/;

/** Body of POST /payments; a reference is paid once (retries: the Idempotency-Key header). */
export class PaymentDto {
  @ApiProperty({ example: 'ev_0123456789abcdef' })
  @Matches(PAYMENT_REFERENCE, {
    message: 'reference must be 4 to 64 letters, digits or . _ -',
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
    enum: ['pending', 'captured', 'declined'],
    description: "declined at the payments model's decline share (paper-payments.yaml)",
  })
  status!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PAYMENT_CHANNELS }) channel!: PaymentChannel;
}

export class PaymentAcceptedDto extends PaymentStatusDto {
  @ApiProperty({
    description:
      'bearer token for GET /payments/:reference; only its hash is kept (a retry with the same Idempotency-Key and body gets it again)',
  })
  token!: string;
}
