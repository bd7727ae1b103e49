import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/**
 * Longest mission or operation id taken: the longest in config/ is 42 characters. A longer one
 * names nothing, and its refusal would echo it back in full (a 16 kB id was echoed).
 */
const ID_MAX = 80;
const text = (_: object, value: unknown) => typeof value === 'string';

/** Body of POST /konsolosluk/transactions; ids are checked against config/missions.yaml and config/konsolosluk/operations.yaml. */
export class TransactionDto {
  @ApiProperty({ example: 'berlin-cg', maxLength: ID_MAX })
  @MaxLength(ID_MAX, {
    message: `missionId must be at most ${ID_MAX} characters`,
    validateIf: text,
  })
  @Matches(KEBAB, { message: 'missionId must be a mission id such as berlin-cg' })
  missionId!: string;

  @ApiProperty({ example: 'passport-first-issue', maxLength: ID_MAX })
  @MaxLength(ID_MAX, {
    message: `operationId must be at most ${ID_MAX} characters`,
    validateIf: text,
  })
  @Matches(KEBAB, { message: 'operationId must be an operation id such as passport-first-issue' })
  operationId!: string;

  @ApiPropertyOptional({
    description:
      'makes a retried submission the same transaction (also the Idempotency-Key header); null is the same as leaving it out',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, {
    message: 'idempotencyKey must be 8 to 128 letters, digits or . _ : -',
  })
  idempotencyKey?: string | null;
}

export class TransactionStatusDto {
  @ApiProperty() id!: string;
  @ApiProperty() missionId!: string;
  @ApiProperty() operationId!: string;
  @ApiProperty({
    example: 'queued',
    description:
      'queued, done once served, or failed when its job failed for good (every attempt used; submit again); queued again while an operator retries that job from the dashboard',
  })
  status!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "transactions at the counter in the visit this one opens, once served (the Konsolosluk.NET model's transactions per visit)",
  })
  transactions!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'officer minutes the visit took at the counter, once served (modelled)',
  })
  officerMinutes!: number | null;
}

export class TransactionAcceptedDto extends TransactionStatusDto {
  @ApiProperty({
    description:
      'bearer token for GET /konsolosluk/transactions/:id; only its hash is kept (a retry with the same Idempotency-Key and body gets it again)',
  })
  token!: string;
}
