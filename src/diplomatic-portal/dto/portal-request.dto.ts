import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PrintableText, SentOnce } from '../../common/field-rules';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * One message a broken rule: a missing field is "required" and nothing else; the type is checked
 * only on a value that is there, and the length and printability only on a string (each
 * rule's validateIf), so `{"area":"x"}` is not answered with four messages about `subject`.
 */
const given = (_: object, value: unknown) => value !== undefined && value !== null;
const text = (_: object, value: unknown) => typeof value === 'string';
const nonEmptyText = (_: object, value: unknown) => typeof value === 'string' && value !== '';

/** Body of POST /diplomatic-portal/requests; `area` is checked against config/diplomatic-portal/areas.yaml. */
export class PortalRequestDto {
  @ApiProperty({
    example: 'vehicles',
    description: 'an area id of config/diplomatic-portal/areas.yaml',
    maxLength: 40,
  })
  @IsDefined({ message: 'area is required' })
  @Matches(KEBAB, {
    message: 'area must be an area id such as vehicles (lower-case words joined by -)',
    validateIf: given,
  })
  @MaxLength(40, { message: 'area must be at most 40 characters', validateIf: text })
  area!: string;

  @ApiProperty({
    example: 'Registration of a new mission vehicle',
    description:
      'printable text with at least one visible character (no control characters, bidirectional overrides or other invisible format characters, private-use characters or lone surrogates)',
    minLength: 1,
    maxLength: 200,
  })
  @IsDefined({ message: 'subject is required' })
  @IsString({ message: 'subject must be text', validateIf: given })
  @Length(1, 200, { message: 'subject must be 1 to 200 characters long', validateIf: text })
  @PrintableText({ validateIf: nonEmptyText })
  subject!: string;

  @ApiPropertyOptional({
    maxLength: 4000,
    description:
      'the request itself (optional; "" and null are none): printable text, tabs and line breaks allowed',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString({ message: 'body must be text' })
  @MaxLength(4000, { message: 'body must be at most 4000 characters', validateIf: text })
  @PrintableText({ multiline: true, validateIf: nonEmptyText })
  body?: string | null;

  @ApiPropertyOptional({
    description:
      "makes a retried submission the same request (as the Idempotency-Key header, which it must equal when both are sent); bound per mission: another mission's same key is another request; null is the same as leaving it out",
    nullable: true,
    type: String,
    pattern: '^[A-Za-z0-9._:-]{8,128}$',
    minLength: 8,
    maxLength: 128,
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, {
    message: 'idempotencyKey must be 8 to 128 letters, digits or . _ : -',
  })
  idempotencyKey?: string | null;
}

/** Query of GET /diplomatic-portal/requests. */
/**
 * A query parameter that is a whole number written in decimal digits, as a number; anything
 * else is left as it came, for IsInt to refuse. Number() read `1e3` as 1000, `0x10` as 16 and
 * ` 1` as 1, and a repeated parameter (`page=1&page=2`) was three messages.
 */
const decimalDigits = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;

const PAGE_RULE = 'page must be a whole number from 1 to 1000000';

export class PortalListQueryDto {
  // One message for every way of breaking the rule: a page of 17 digits or more, which
  // decimalDigits leaves as text, was told it must be "from 1", which it is.
  // `integer`, not the `number` the generator reads off the property's type: 1.5 is a 400.
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @SentOnce()
  @Transform(decimalDigits)
  @IsInt({ message: PAGE_RULE })
  @Min(1, { message: PAGE_RULE })
  @Max(1_000_000, { message: PAGE_RULE })
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @SentOnce()
  @Transform(decimalDigits)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 100' })
  @Min(1, { message: 'pageSize must be a whole number from 1 to 100' })
  @Max(100, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: number;
}

export class PortalRequestStatusDto {
  @ApiProperty({
    example: 'dp_0123456789abcdef0123456789.jQm9yZGVyMjAy0tpq140-RWImcTb2kVHZmI_hjj9Q0',
    description:
      "the request's id (dp_ and 26 hex digits), then its issue marker (.j and 41 characters), which names the queue store's epoch it was accepted under: after Redis loses its data, GET of the id answers the mission a 404 naming the loss. Requests from before markers have none; the id without its marker reads the request too",
  })
  id!: string;
  @ApiProperty({ example: 'germany-emb-ankara' }) missionId!: string;
  @ApiProperty({ example: 'vehicles' }) area!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({
    enum: ['received', 'decided', 'failed'],
    description:
      'failed: its job failed for good (every attempt used); submit it again. received again while an operator retries that job from the dashboard',
  })
  status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
}

export class PortalRequestPageDto {
  @ApiProperty({ type: [PortalRequestStatusDto] }) items!: PortalRequestStatusDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({
    description:
      "the mission's requests in all, those past their retention (DIPLOMATIC_PORTAL_RECORD_TTL_SECONDS) not counted",
  })
  total!: number;
}

export class MissionKeyDto {
  @ApiProperty({
    description:
      'the key, shown once: only its hash is kept. dpk_ and 43 characters, then its issue marker (.j and 41 characters), which is part of the key: send it exactly as given',
  })
  key!: string;
  @ApiProperty({ description: 'names the key for revocation' }) keyId!: string;
  @ApiProperty() missionId!: string;
}
