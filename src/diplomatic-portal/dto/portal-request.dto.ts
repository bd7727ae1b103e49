import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Printable text: no control characters (line breaks allowed in the body). */
const SUBJECT = /^[^\p{Cc}]+$/u;
const BODY = /^[^\p{Cc}]*(?:[\n\r\t][^\p{Cc}]*)*$/u;

/** Body of POST /diplomatic-portal/requests; `area` is checked against config/diplomatic-portal/areas.yaml. */
export class PortalRequestDto {
  @ApiProperty({
    example: 'vehicles',
    description: 'an area id of config/diplomatic-portal/areas.yaml',
  })
  @IsString({ message: 'area must be an area id such as vehicles' })
  @Matches(KEBAB, { message: 'area must be an area id such as vehicles' })
  @MaxLength(40, { message: 'area must be an area id such as vehicles' })
  area!: string;

  @ApiProperty({ example: 'Registration of a new mission vehicle', maxLength: 200 })
  @IsString({ message: 'subject must be text of 1 to 200 characters' })
  @MinLength(1, { message: 'subject must be text of 1 to 200 characters' })
  @MaxLength(200, { message: 'subject must be text of 1 to 200 characters' })
  @Matches(SUBJECT, { message: 'subject must not contain control characters' })
  subject!: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'the request itself (optional)' })
  @IsOptional()
  @IsString({ message: 'body must be text of at most 4000 characters' })
  @MaxLength(4000, { message: 'body must be text of at most 4000 characters' })
  @Matches(BODY, {
    message: 'body must not contain control characters other than line breaks and tabs',
  })
  body?: string;

  @ApiPropertyOptional({ description: 'makes a retried submission the same request' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, {
    message: 'idempotencyKey must be 8 to 128 letters, digits or . _ : -',
  })
  idempotencyKey?: string;
}

/** Query of GET /diplomatic-portal/requests. */
export class PortalListQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  @Max(1_000_000, { message: 'page must be a whole number from 1 to 1000000' })
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number from 1 to 100' })
  @Min(1, { message: 'pageSize must be a whole number from 1 to 100' })
  @Max(100, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: number;
}

export class PortalRequestStatusDto {
  @ApiProperty({ example: 'dp_0123456789abcdef0123456789' }) id!: string;
  @ApiProperty({ example: 'germany-emb-ankara' }) missionId!: string;
  @ApiProperty({ example: 'vehicles' }) area!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['received', 'decided'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true }) decidedAt!: string | null;
}

export class PortalRequestPageDto {
  @ApiProperty({ type: [PortalRequestStatusDto] }) items!: PortalRequestStatusDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: "the mission's requests in all" }) total!: number;
}

export class MissionKeyDto {
  @ApiProperty({ description: 'the key, shown once: only its hash is kept' }) key!: string;
  @ApiProperty({ description: 'names the key for revocation' }) keyId!: string;
  @ApiProperty() missionId!: string;
}
