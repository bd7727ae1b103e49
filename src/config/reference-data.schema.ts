import 'reflect-metadata';
import { plainToInstance, Type, type ClassConstructor } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import type { DistributionSpec } from '../sim/distributions';

/**
 * class-validator shapes of the reference-data files in config/. They check one file at a
 * time; rules that join files (counts against the paper's figures, areas of operations,
 * sums of shares) live in reference-data.ts.
 */

export const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FIGURE_ID = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
const ISO_COUNTRY = /^[A-Z]{2}$/;
const ISO_CURRENCY = /^[A-Z]{3}$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const COMPARISONS = ['at-least', 'about', 'exact'] as const;
export const APPOINTMENT_KINDS = ['required', 'optional', 'none'] as const;
export const REGIONS = ['europe', 'middle-east', 'asia', 'africa', 'americas', 'oceania', 'cis-central-asia'] as const;
export const MISSION_TYPES = ['embassy', 'consulate-general', 'consulate'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Comparison = (typeof COMPARISONS)[number];
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export type Region = (typeof REGIONS)[number];
export type MissionType = (typeof MISSION_TYPES)[number];
export type Weekday = (typeof WEEKDAYS)[number];

const text = (what = 'text') => ({ message: `must be a non-empty ${what}` });
const kebab = { message: 'must be a kebab-case id (lower-case letters, digits and hyphens)' };
const stringList = (min: number, max: number) => [
  IsArray({ message: `must be a list of ${min}-${max} strings` }),
  ArrayMinSize(min, { message: `must be a list of ${min}-${max} strings` }),
  ArrayMaxSize(max, { message: `must be a list of ${min}-${max} strings` }),
  IsString({ each: true, message: 'must be a non-empty text' }),
  IsNotEmpty({ each: true, message: 'must be a non-empty text' }),
];
function All(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}
const assumptionsList = () =>
  All(IsArray({ message: 'must be a list of assumptions (texts)' }), ArrayMinSize(1, { message: 'must list at least one assumption' }), IsString({ each: true, message: 'must be a text' }));

// ---------------------------------------------------------------- paper-figures.yaml

export class PaperFigure {
  /** null only for qualitative figures (kind: qualitative). */
  @ValidateIf((f: PaperFigure) => f.kind !== 'qualitative')
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number (or null with kind: qualitative)' })
  value!: number | null;
  @IsOptional() @IsIn(['qualitative'], { message: 'must be qualitative when given' }) kind?: 'qualitative';
  @IsString(text()) @IsNotEmpty(text()) unit!: string;
  @IsString(text()) @IsNotEmpty(text()) period!: string;
  @IsIn(COMPARISONS, { message: `must be one of ${COMPARISONS.join(', ')}` }) comparison!: Comparison;
  @IsString(text()) @IsNotEmpty(text()) wording_tr!: string;
  @IsString(text()) @IsNotEmpty(text()) description_en!: string;
}

export class DerivedFigure {
  @Matches(FIGURE_ID, { message: 'must be a dotted figure id such as evisa.workdays_saved' }) id!: string;
  @IsString(text()) @IsNotEmpty(text()) formula!: string;
  @IsOptional() @IsString(text()) note?: string;
}

export class PaperFiguresFile {
  /** Validated entry by entry (a map keyed by figure id) in reference-data.ts. */
  @IsObject({ message: 'must be a mapping from figure id to figure' }) figures!: Record<string, unknown>;
  @IsOptional()
  @IsArray({ message: 'must be a list' })
  @ValidateNested({ each: true })
  @Type(() => DerivedFigure)
  derived?: DerivedFigure[];
}

export const FIGURE_ID_PATTERN = FIGURE_ID;

// ---------------------------------------------------------------- konsolosluk/areas.yaml

export class ServiceArea {
  @Matches(KEBAB_ID, kebab) id!: string;
  @IsString(text()) @IsNotEmpty(text()) name_tr!: string;
  @IsString(text()) @IsNotEmpty(text()) name_en!: string;
  @IsString(text()) @IsNotEmpty(text()) description_en!: string;
  @IsString(text()) @IsNotEmpty(text()) description_tr!: string;
}

export class AreasFile {
  @assumptionsList() assumptions!: string[];
  @IsArray({ message: 'must be a list of areas' }) @ValidateNested({ each: true }) @Type(() => ServiceArea) areas!: ServiceArea[];
}

// ---------------------------------------------------------------- konsolosluk/operations.yaml

export class Fee {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number, 0 or more' }) @Min(0, { message: 'must be a number, 0 or more' }) amount!: number;
  @Matches(ISO_CURRENCY, { message: 'must be an ISO 4217 currency code such as EUR or USD' }) currency!: string;
}

export class ConsularOperation {
  @Matches(KEBAB_ID, kebab) id!: string;
  @Matches(KEBAB_ID, kebab) area!: string;
  @IsString(text()) @IsNotEmpty(text()) name_tr!: string;
  @IsString(text()) @IsNotEmpty(text()) name_en!: string;
  /** Counter minutes of one officer; the kind's parameters are checked by createSampler. */
  @IsObject({ message: 'must be a distribution such as {dist: lognormal, mean: 15, cv: 0.4}' }) officerMinutes!: DistributionSpec;
  @IsObject({ message: 'must be {amount, currency}' }) @ValidateNested() @Type(() => Fee) fee!: Fee;
  @IsBoolean({ message: 'must be true or false' }) online!: boolean;
  @IsIn(APPOINTMENT_KINDS, { message: `must be one of ${APPOINTMENT_KINDS.join(', ')}` }) appointment!: AppointmentKind;
  @All(...stringList(2, 5)) documents_en!: string[];
  @All(...stringList(2, 5)) documents_tr!: string[];
  @IsString(text()) @IsNotEmpty(text()) description_en!: string;
  @IsString(text()) @IsNotEmpty(text()) description_tr!: string;
  @All(...stringList(5, 10)) keywords_tr!: string[];
  @All(...stringList(5, 10)) keywords_en!: string[];
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number greater than 0' }) @Min(Number.MIN_VALUE, { message: 'must be a number greater than 0' }) share!: number;
}

export class OperationsFile {
  @assumptionsList() assumptions!: string[];
  @IsArray({ message: 'must be a list of operations' }) @ValidateNested({ each: true }) @Type(() => ConsularOperation) operations!: ConsularOperation[];
}

// ---------------------------------------------------------------- missions.yaml

export class OpeningHours {
  @IsArray({ message: `must be a non-empty list of days (${WEEKDAYS.join(', ')})` })
  @ArrayMinSize(1, { message: `must be a non-empty list of days (${WEEKDAYS.join(', ')})` })
  @ArrayUnique({ message: 'must not repeat a day' })
  @IsIn(WEEKDAYS, { each: true, message: `must be one of ${WEEKDAYS.join(', ')}` })
  days!: Weekday[];
  @Matches(CLOCK_TIME, { message: 'must be a time "HH:MM"' }) open!: string;
  @Matches(CLOCK_TIME, { message: 'must be a time "HH:MM"' }) close!: string;
}

export class Mission {
  @Matches(KEBAB_ID, kebab) id!: string;
  @IsString(text()) @IsNotEmpty(text()) city!: string;
  @Matches(ISO_COUNTRY, { message: 'must be an ISO 3166-1 alpha-2 code such as DE' }) country!: string;
  @IsIn(REGIONS, { message: `must be one of ${REGIONS.join(', ')}` }) region!: Region;
  @IsIn(MISSION_TYPES, { message: `must be one of ${MISSION_TYPES.join(', ')}` }) type!: MissionType;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number greater than 0' }) @Min(Number.MIN_VALUE, { message: 'must be a number greater than 0' }) load!: number;
  /** IANA zone; that the runtime knows it is checked in reference-data.ts. */
  @IsString(text('IANA time zone')) @IsNotEmpty(text('IANA time zone')) timezone!: string;
  @IsObject({ message: 'must be {days, open, close}' }) @ValidateNested() @Type(() => OpeningHours) openingHours!: OpeningHours;
  @IsInt({ message: 'must be a positive integer' }) @Min(1, { message: 'must be a positive integer' }) officers!: number;
  @IsBoolean({ message: 'must be true or false' }) virtualPos!: boolean;
}

export class MissionsFile {
  @assumptionsList() assumptions!: string[];
  @IsArray({ message: 'must be a list of missions' }) @ValidateNested({ each: true }) @Type(() => Mission) missions!: Mission[];
}

// ---------------------------------------------------------------- evisa.yaml

export class EvisaFeeGroup {
  @Matches(KEBAB_ID, kebab) id!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number, 0 or more' }) @Min(0, { message: 'must be a number, 0 or more' }) feeUsd!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number, 0 or more' }) @Min(0, { message: 'must be a number, 0 or more' }) share!: number;
  @IsArray({ message: 'must be a non-empty list of ISO 3166-1 alpha-2 codes' })
  @ArrayMinSize(1, { message: 'must be a non-empty list of ISO 3166-1 alpha-2 codes' })
  @Matches(ISO_COUNTRY, { each: true, message: 'must be an ISO 3166-1 alpha-2 code such as GB' })
  exampleCountries!: string[];
  @IsOptional() @IsString(text()) note?: string;
}

const DAYS_IN_WEEK = WEEKDAYS.length;
const MONTHS_IN_YEAR = 12;
const HOURS_IN_DAY = 24;
const weights = (n: number, what: string) =>
  All(
    IsArray({ message: `must be a list of ${n} weights (${what})` }),
    ArrayMinSize(n, { message: `must be a list of ${n} weights (${what})` }),
    ArrayMaxSize(n, { message: `must be a list of ${n} weights (${what})` }),
    IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'must be a number, 0 or more' }),
    Min(0, { each: true, message: 'must be a number, 0 or more' }),
  );

export class EvisaFile {
  @assumptionsList() assumptions!: string[];
  @IsArray({ message: 'must be a non-empty list of groups' })
  @ArrayMinSize(1, { message: 'must be a non-empty list of groups' })
  @ValidateNested({ each: true })
  @Type(() => EvisaFeeGroup)
  feesByNationalityGroup!: EvisaFeeGroup[];
  /** year → applications; keys and values are checked in reference-data.ts. */
  @IsObject({ message: 'must be a mapping from year to applications' }) yearlyApplications!: Record<string, number>;
  @weights(MONTHS_IN_YEAR, 'January..December') monthlyProfile!: number[];
  @weights(DAYS_IN_WEEK, 'Monday..Sunday') dayOfWeekProfile!: number[];
  @weights(HOURS_IN_DAY, 'hour 0..23') hourOfDayProfile!: number[];
  @IsString(text('IANA time zone')) @IsNotEmpty(text('IANA time zone')) profileTimezone!: string;
}

// ---------------------------------------------------------------- validation helper

export interface Violation {
  path: string;
  rule: string;
}

/**
 * Validates `plain` against `cls`; returns the instance and every violation with a path in
 * the file's own terms (`missions[12].officers`). Unknown keys are violations: a typo in a
 * config file must not pass silently.
 */
export function validateShape<T extends object>(cls: ClassConstructor<T>, plain: unknown, path: string): { value: T; violations: Violation[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { value: undefined as unknown as T, violations: [{ path, rule: 'must be a mapping (key: value pairs)' }] };
  }
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return { value, violations: flatten(errors, path) };
}

function join(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  return prefix ? `${prefix}.${property}` : property;
}

function flatten(errors: ValidationError[], prefix: string): Violation[] {
  const out: Violation[] = [];
  for (const err of errors) {
    const path = join(prefix, err.property);
    const constraints = Object.entries(err.constraints ?? {});
    // One rule per key: the first failing decorator says what the value must be.
    if (constraints.length > 0) {
      const [kind, message] = constraints[0];
      out.push({ path, rule: kind === 'whitelistValidation' ? 'is not a known key' : message });
    }
    if (err.children?.length) out.push(...flatten(err.children, path));
  }
  return out;
}
