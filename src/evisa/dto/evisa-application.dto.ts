import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirectValidation } from '../../common/fast-validation';
import {
  ArrivalDate,
  ARRIVAL_MAX_DAYS_AHEAD,
  CountryCode,
  EmailAddress,
  ForeignNationality,
  PrintableText,
} from '../../common/field-rules';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** Body of POST /evisa/applications (a valid one is checked without the general machinery: common/fast-validation.ts). */
@DirectValidation()
export class EvisaApplicationDto {
  @ApiProperty({
    example: 'GB',
    description: 'nationality, an assigned ISO 3166-1 alpha-2 code other than TR',
  })
  @CountryCode()
  @ForeignNationality()
  nationality!: string;

  @ApiProperty({ example: 'P1234567' })
  @Matches(/^[A-Z0-9]{5,20}$/, {
    message: 'passportNumber must be 5 to 20 capital letters or digits',
  })
  passportNumber!: string;

  @ApiProperty({ example: 'Jane Doe', description: 'printable text, 1 to 200 characters' })
  @IsString()
  @Length(1, 200, { message: 'fullName must be 1 to 200 characters long' })
  // An empty name breaks the length rule alone: one message, not two saying the same thing.
  @PrintableText({ validateIf: (_: object, value: unknown) => value !== '' })
  fullName!: string;

  @ApiProperty({
    example: 'jane@example.org',
    description:
      'an e-mail address, at most 254 characters, without control, bidirectional or invisible characters',
    maxLength: 254,
  })
  @IsString()
  @MaxLength(254, { message: 'email must be at most 254 characters long' })
  @EmailAddress()
  email!: string;

  @ApiProperty({
    example: '2027-01-15',
    description: `date of arrival in Türkiye, YYYY-MM-DD, from yesterday to ${ARRIVAL_MAX_DAYS_AHEAD} days ahead`,
  })
  @ArrivalDate()
  arrivalDate!: string;

  @ApiPropertyOptional({
    description:
      'client key that makes a retried submission the same application (also the Idempotency-Key header); null is the same as leaving it out',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, {
    message: 'idempotencyKey must be 8 to 128 letters, digits or . _ : -',
  })
  idempotencyKey?: string | null;
}

export class EvisaAcceptedDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    description: 'bearer token for GET /evisa/applications/:id; shown once, only its hash is kept',
  })
  token!: string;
  @ApiProperty() status!: string;
}

export class EvisaStatusDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    example: 'screening',
    description:
      'the current step, the outcome once done, or failed when a step failed for good (every attempt used; submit again); that step again while an operator retries its job from the dashboard',
  })
  status!: string;
  @ApiProperty({
    type: String,
    enum: ['issued', 'refused'],
    description: 'final outcome once done, else null',
    nullable: true,
  })
  outcome!: string | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() updatedAt!: string;
}
