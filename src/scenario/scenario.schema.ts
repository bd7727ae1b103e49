import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CLOCK_PATTERN, CLOCK_RULE, WEEKDAYS, type Weekday } from '../sim/calendar';
import {
  BALKING_PROBABILITIES_RULE,
  BALKING_RULE,
  MAX_BALKING_PROBABILITIES,
  MIN_RETRIAL_DELAY_MINUTES,
  RETRIAL_DELAY_RULE,
  RETRIAL_MAX_RETRIES_RULE,
  RETRIAL_PROBABILITY_RULE,
  RETRIAL_RULE,
  OVERFLOW_STATION_RULE,
} from '../sim/compile';
import { MAX_PARAMETER } from '../sim/distributions';
import { Rule } from './custom-rule';
import { isPrintableText } from '../common/field-rules';

/**
 * A nested mapping given as a list: class-validator's ValidateNested takes a list item by item,
 * so `exit: []` passed (an empty list, and a list of exits read as nothing), and
 * `translations: {tr: []}` reached the loader, which failed on it (an internal error).
 */
const isNotList = (v: unknown): boolean => !Array.isArray(v);
export const EXIT_RULE =
  'must be a mapping such as {probability: 0.1, outcome: refused}: the chance of leaving after this step, and the outcome it is counted under';
export const TRANSLATIONS_RULE =
  'must be a mapping of language codes to translations, e.g. {tr: {title: ...}}';
export const TEXT_TRANSLATION_RULE =
  'must be a mapping such as {title: ..., description: ...}: the texts in that language';
import {
  MAX_REPLICATIONS,
  MAX_SEED,
  MAX_SERVERS,
  REPLICATIONS_RULE,
  SEED_RULE,
  SERVERS_RULE,
  MAX_STATION_LABEL,
  STATION_LABEL_RULE,
} from './limits';

/**
 * The scenario file format. Keyed collections (stations, classes, sources) are
 * YAML mappings by id, validated entry by entry so that errors read
 * `stations.desk.servers: must be a whole number from 0 to 1,000,000`.
 */

export const SERVICE_MODELS = [
  'network',
  'evisa',
  'konsolosluk',
  'gov-tr',
  'payments',
  'hizir-load',
  'diplomatic-portal',
] as const;
export type ServiceModelId = (typeof SERVICE_MODELS)[number];

const DURATION = /^\d+(\.\d+)?\s*(m|min|h|d|w)$/;
const DURATION_RULE = 'must be a duration such as 90m, 8h, 30d or 52w, or a number of minutes';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Most jobs one visit may bring: each is drawn and served, so the bound keeps a visit finite. */
export const MAX_JOBS_PER_VISIT = 1000;
export const JOBS_RULE = `must be a count of jobs a visit brings, whole numbers from 1 to ${MAX_JOBS_PER_VISIT.toLocaleString('en-US')}: {dist: constant, value: 2} or {dist: discrete, values: [1, 2], weights: [3, 1]}`;

/** An assumption's id: what its translation names it by (`translations.tr.assumptions[i].id`). */
export const ASSUMPTION_ID = /^[a-z][a-z0-9-]*$/;

export class AssumptionSchema {
  /**
   * Required where the scenario translates its assumptions: each translation names the one it
   * translates by this id, so a translation moved out of its place is caught, not shown beside
   * another assumption's English.
   */
  @IsOptional()
  @IsString({ message: 'must be a lower-case id (letters, digits, dashes)' })
  @Matches(ASSUMPTION_ID, { message: 'must be a lower-case id (letters, digits, dashes)' })
  id?: string;
  @IsString({ message: 'must be text' }) text!: string;
  @IsOptional() @IsString({ message: 'must be text' }) source?: string;
}

export class ClosureSchema {
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from!: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) to!: string;
  @IsOptional()
  @IsArray({ message: 'must be a list of station ids' })
  @IsString({ each: true, message: 'must be a list of station ids' })
  stations?: string[];
  @IsOptional() @IsString({ message: 'must be text' }) reason?: string;
}

export class CalendarSchema {
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) start!: string;
  @IsOptional()
  @IsArray({ message: 'must be a list of dates' })
  @Matches(DATE, { each: true, message: 'must be a list of dates YYYY-MM-DD' })
  holidays?: string[];
  @IsOptional()
  @IsArray({ message: 'must be a list of closures' })
  @ValidateNested({ each: true })
  @Type(() => ClosureSchema)
  closures?: ClosureSchema[];
}

export class DateRangeSchema {
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from!: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) to!: string;
}

export class PeriodSchema extends DateRangeSchema {
  @IsNumber({}, { message: 'must be a number, 0 or more' })
  @Min(0, { message: 'must be a number, 0 or more' })
  factor!: number;
}

/**
 * The rule of one day of a shift, named by its place (`days[0]`) by the loader: the list's rule
 * alone had not said which day, nor that `Mon` or `monday` is written `mon`.
 */
export const WEEKDAY_RULE = `must be one of ${WEEKDAYS.join(', ')}`;

export class ShiftSchema {
  // Each day is checked by the loader, which names it (WEEKDAY_RULE).
  @IsArray({ message: 'must be a list of weekdays (mon..sun)' })
  days!: Weekday[];
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) from!: string;
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) to!: string;
  @IsInt({ message: SERVERS_RULE })
  @Min(0, { message: SERVERS_RULE })
  @Max(MAX_SERVERS, { message: SERVERS_RULE })
  servers!: number;
  /** Only between these dates (inclusive), e.g. {from: 2020-03-16, to: 2020-05-31}. */
  @IsOptional() @ValidateNested() @Type(() => DateRangeSchema) dates?: DateRangeSchema;
}

/**
 * Balking by choice: the probability that an arrival who finds every server busy and n waiting
 * leaves at once, by n (the last beyond). Each entry is checked by the loader, which names it.
 */
export class BalkingSchema {
  @IsArray({ message: BALKING_PROBABILITIES_RULE })
  @ArrayMinSize(1, { message: BALKING_PROBABILITIES_RULE })
  @ArrayMaxSize(MAX_BALKING_PROBABILITIES, { message: BALKING_PROBABILITIES_RULE })
  probabilities!: number[];
}

/**
 * Retrials: a customer who balks (queueLimit or balking) comes back after an exponential delay
 * with `probability`, at most `maxRetries` times (StationModel.retrial).
 */
export class RetrialSchema {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: RETRIAL_PROBABILITY_RULE })
  @Min(0, { message: RETRIAL_PROBABILITY_RULE })
  @Max(1, { message: RETRIAL_PROBABILITY_RULE })
  probability!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: RETRIAL_DELAY_RULE })
  @Rule(
    'isAtLeastASecond',
    RETRIAL_DELAY_RULE,
    (v) => typeof v === 'number' && v >= MIN_RETRIAL_DELAY_MINUTES,
  )
  @Max(MAX_PARAMETER, { message: RETRIAL_DELAY_RULE })
  meanDelayMinutes!: number;
  @IsOptional()
  @IsInt({ message: RETRIAL_MAX_RETRIES_RULE })
  @Min(0, { message: RETRIAL_MAX_RETRIES_RULE })
  maxRetries?: number;
}

/**
 * Whether `v` can name a station to people (`stations.<id>.label`, `translations.tr.stations`):
 * printable one-line text (field-rules.ts), so that a label's ESC sequence is not run by the
 * terminal that prints the summary nor a U+202E turns its line around, and short.
 */
export function isStationLabel(v: unknown): boolean {
  return typeof v === 'string' && isPrintableText(v) && [...v].length <= MAX_STATION_LABEL;
}

export class StationSchema {
  @IsOptional()
  @IsInt({ message: SERVERS_RULE })
  @Min(0, { message: SERVERS_RULE })
  @Max(MAX_SERVERS, { message: SERVERS_RULE })
  servers?: number;
  @IsOptional()
  @IsArray({ message: 'must be a list of shifts' })
  @ArrayMinSize(1, { message: 'must list at least one shift' })
  @ValidateNested({ each: true })
  @Type(() => ShiftSchema)
  schedule?: ShiftSchema[];
  @IsOptional() @IsIn(['fifo', 'priority'], { message: 'must be fifo or priority' }) discipline?:
    'fifo' | 'priority';
  @IsOptional()
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  queueLimit?: number;
  /** A mapping, never a list (a list would be taken item by item, and an empty one pass). */
  @IsOptional()
  @Rule('isNotList', BALKING_RULE, (v) => !Array.isArray(v))
  @ValidateNested()
  @Type(() => BalkingSchema)
  balking?: BalkingSchema;
  @IsOptional()
  @Rule('isNotList', RETRIAL_RULE, (v) => !Array.isArray(v))
  @ValidateNested()
  @Type(() => RetrialSchema)
  retrial?: RetrialSchema;
  /**
   * The station that serves, in place of this one, the customers turned away here at the
   * queueLimit (StationModel.overflow); the loader checks that it is another station and that
   * no overflow chain comes back on itself.
   */
  @IsOptional()
  @IsString({ message: OVERFLOW_STATION_RULE })
  overflow?: string;
  @IsOptional()
  @IsIn(['carry-over', 'turn-away'], { message: 'must be carry-over or turn-away' })
  closePolicy?: 'carry-over' | 'turn-away';
  /** Whether holidays close the station's shifts (default true); only with a schedule. */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) honoursHolidays?: boolean;
  /**
   * Whether the servers are staff, whose busy time is officer time (default true):
   * StationModel.staff. false for seats, a chatbot, a delay (days in transit).
   */
  @IsOptional()
  @IsBoolean({
    message:
      'must be true or false: false where the servers are not people (seats, a chatbot, days in transit), whose busy time is then not officer time',
  })
  staff?: boolean;
  /**
   * The station's name for people ("Registration officers"), which the Lab shows beside its id
   * (in Turkish: `translations.tr.stations.<id>`); the id stays the key of --set and the metrics.
   */
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Rule('isStationLabel', STATION_LABEL_RULE, (v) => typeof v !== 'string' || isStationLabel(v))
  label?: string;
  @IsOptional() @IsString({ message: 'must be text' }) description?: string;
}

export class ExitSchema {
  @IsNumber({}, { message: 'must be a number between 0 and 1' })
  @Min(0, { message: 'must be a number between 0 and 1' })
  @Max(1, { message: 'must be a number between 0 and 1' })
  probability!: number;
  @IsString({ message: 'must be text' })
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be a lower-case id (letters, digits, dashes)' })
  @IsNotIn(['balked', 'reneged', 'turned-away'], {
    message:
      'is kept for customers lost unserved (balked, reneged, turned-away); one who leaves after a service is completed, or leaves by an outcome of your own (e.g. refused)',
  })
  outcome!: string;
}

export class StepSchema {
  @IsString({ message: 'must be an id' }) id!: string;
  @IsString({ message: 'must be a station id' }) station!: string;
  /** Validated by the distribution factory, which knows each kind's parameters. */
  @IsObject({ message: 'must be a distribution such as {dist: exponential, mean: 5}' })
  service!: Record<string, unknown>;
  @IsOptional()
  @IsNumber({}, { message: 'must be a number between 0 and 1' })
  @Min(0, { message: 'must be a number between 0 and 1' })
  @Max(1, { message: 'must be a number between 0 and 1' })
  probability?: number;
  @IsOptional()
  @Rule('isNotList', EXIT_RULE, isNotList)
  @ValidateNested()
  @Type(() => ExitSchema)
  exit?: ExitSchema;
  /** Jobs (transactions) a visit brings, served back to back; checked by the loader (a count). */
  @IsOptional()
  @IsObject({ message: JOBS_RULE })
  jobs?: Record<string, unknown>;
  /** Patience in this step's queue, in place of the class's here. */
  @IsOptional()
  @IsObject({ message: 'must be a distribution such as {dist: exponential, mean: 30}' })
  patience?: Record<string, unknown>;
}

export class ClassSchema {
  @IsOptional()
  @IsInt({ message: 'must be a whole number from 0 (most urgent) up' })
  @Min(0, { message: 'must be a whole number from 0 (most urgent) up' })
  priority?: number;
  @IsOptional()
  @IsObject({ message: 'must be a distribution such as {dist: exponential, mean: 30}' })
  patience?: Record<string, unknown>;
  @IsArray({ message: 'must be a list of steps' })
  @ArrayMinSize(1, { message: 'must list at least one step' })
  @ValidateNested({ each: true })
  @Type(() => StepSchema)
  route!: StepSchema[];
  @IsOptional() @IsString({ message: 'must be text' }) description?: string;
}

export class WindowSchema {
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) from!: string;
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) to!: string;
}

export class ArrivalSchema {
  @IsIn(['poisson', 'profile', 'daily', 'trace'], {
    message: 'must be one of poisson, profile, daily, trace',
  })
  kind!: 'poisson' | 'profile' | 'daily' | 'trace';
  /** poisson: arrivals per minute (or use perHour / perDay). */
  @IsOptional()
  @IsNumber({}, { message: 'must be a number greater than 0' })
  @Min(Number.MIN_VALUE, { message: 'must be a number greater than 0' })
  rate?: number;
  @IsOptional()
  @IsNumber({}, { message: 'must be a number greater than 0' })
  @Min(Number.MIN_VALUE, { message: 'must be a number greater than 0' })
  perHour?: number;
  @IsOptional()
  @IsNumber({}, { message: 'must be a number, 0 or more' })
  @Min(0, { message: 'must be a number, 0 or more' })
  perDay?: number;
  @IsOptional()
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  total?: number;
  /** daily: arrivals per calendar year, e.g. {2019: 6600000, 2020: 2000000}. */
  @IsOptional()
  @IsObject({ message: 'must map years to whole numbers of arrivals' })
  byYear?: Record<string, number>;
  @IsOptional()
  @IsArray({ message: 'must be a list of 24 weights' })
  @ArrayMinSize(24, { message: 'must be a list of 24 weights' })
  @ArrayMaxSize(24, { message: 'must be a list of 24 weights' })
  @IsNumber({}, { each: true, message: 'must be a list of 24 weights' })
  @Min(0, { each: true, message: 'weights must be 0 or more' })
  hourOfDay?: number[];
  @IsOptional()
  @IsArray({ message: 'must be a list of 7 weights (Monday first)' })
  @ArrayMinSize(7, { message: 'must be a list of 7 weights (Monday first)' })
  @ArrayMaxSize(7, { message: 'must be a list of 7 weights (Monday first)' })
  @IsNumber({}, { each: true, message: 'must be a list of 7 weights (Monday first)' })
  @Min(0, { each: true, message: 'weights must be 0 or more' })
  dayOfWeek?: number[];
  @IsOptional()
  @IsArray({ message: 'must be a list of 12 weights (January first)' })
  @ArrayMinSize(12, { message: 'must be a list of 12 weights (January first)' })
  @ArrayMaxSize(12, { message: 'must be a list of 12 weights (January first)' })
  @IsNumber({}, { each: true, message: 'must be a list of 12 weights (January first)' })
  @Min(0, { each: true, message: 'weights must be 0 or more' })
  month?: number[];
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) closedOnHolidays?: boolean;
  /** daily: arrivals spread evenly between two clock times each day, e.g. {from: "09:00", to: "17:00"}. */
  @IsOptional() @ValidateNested() @Type(() => WindowSchema) window?: WindowSchema;
  /** profile/daily: demand by date, [{from, to, factor}]; days outside every period get none. */
  @IsOptional()
  @IsArray({ message: 'must be a list of {from, to, factor}' })
  @ValidateNested({ each: true })
  @Type(() => PeriodSchema)
  periods?: PeriodSchema[];
  /** trace: a CSV file (relative to the scenario) with one timestamp per line. */
  @IsOptional() @IsString({ message: 'must be a file path' }) file?: string;
  /** trace: timestamps are ISO date-times, or minutes from the start. */
  @IsOptional() @IsIn(['iso', 'minutes'], { message: 'must be iso or minutes' }) format?:
    'iso' | 'minutes';
}

export class SourceSchema {
  /** A class id, or a mapping of class ids to weights. */
  @IsObject({ message: 'must be a class id or a mapping of class ids to weights' })
  @IsOptional()
  classes?: Record<string, number>;
  @IsOptional() @IsString({ message: 'must be a class id' }) class?: string;
  @IsObject({ message: 'must be an arrival process such as {kind: poisson, perHour: 9}' })
  @ValidateNested()
  @Type(() => ArrivalSchema)
  arrivals!: ArrivalSchema;
  @IsOptional()
  @IsInt({ message: 'must be a whole number greater than 0' })
  @Min(1, { message: 'must be a whole number greater than 0' })
  limit?: number;
}

/**
 * Where a reproduced figure's number comes from. input: the scenario takes the paper's number
 * (agreement is by construction); emergent: the simulated events produce it; measured: a
 * measurement outside the queueing simulation (the Hızır engine run over its test questions),
 * which no assumption about the simulated load moves. A figure that is arithmetic on others
 * takes the kind of its operands: input when every one is an input or a constant from the
 * paper, otherwise the kind of the one that is not (see docs/scenario-format.md).
 */
export const FIGURE_KINDS = ['input', 'emergent', 'measured'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
export const FIGURE_KIND_RULE =
  'must be input (calibrated from the paper), emergent (produced by the simulation) or measured (measured outside the simulation, such as the Hızır engine on its test questions)';

export class ReproducesSchema {
  @IsString({ message: 'must be a figure id from config/paper-figures.yaml' }) figure!: string;
  @IsString({ message: 'must be a metric name such as derived.applications' }) metric!: string;
  @IsIn(FIGURE_KINDS as unknown as string[], { message: FIGURE_KIND_RULE })
  kind!: FigureKind;
  /** Largest relative error that still agrees (default 0.05). */
  @IsOptional()
  @IsNumber({}, { message: 'must be a number between 0 and 1' })
  @Min(0, { message: 'must be a number between 0 and 1' })
  @Max(1, { message: 'must be a number between 0 and 1' })
  tolerance?: number;
  @IsOptional() @IsString({ message: 'must be text' }) note?: string;
}

/** A simulated result worth showing beside the paper's figures, but not one of them. */
export class FindingSchema {
  @IsString({ message: 'must be a metric name such as derived.withoutOnline.officerHours' })
  metric!: string;
  @IsString({ message: 'must be text' }) label!: string;
  @IsOptional() @IsString({ message: 'must be text' }) unit?: string;
  @IsOptional() @IsString({ message: 'must be text' }) note?: string;
}

/** A scenario's title and description in another language, for people reading it in that one. */
export class TextTranslationSchema {
  @IsString({ message: 'must be text' }) title!: string;
  @IsString({ message: 'must be text' }) description!: string;
  @IsOptional() @IsString({ message: 'must be text' }) question?: string;
  /**
   * The scenario's assumptions in this language, one for each of `assumptions:` and in their
   * order, each naming the one it translates by its `id` and with its source where the English
   * gives one (the loader checks all three).
   */
  @IsOptional()
  @IsArray({ message: 'must be a list of assumptions (text, source)' })
  @ValidateNested({ each: true })
  @Type(() => AssumptionSchema)
  assumptions?: AssumptionSchema[];
  /**
   * The stations' labels in this language, by station id (`stations.<id>.label` in English);
   * the loader checks each names a station. Like the assumptions' Turkish, they come with the
   * base's stations into a file that has a `tr` of its own and gives no labels of its own.
   */
  @IsOptional()
  @IsObject({ message: 'must be a mapping of station ids to labels' })
  stations?: Record<string, string>;
}

/**
 * The title, description, question and assumptions in the languages the Lab speaks besides
 * English, by language code (`tr`). A code the Lab does not speak is refused by name, like any
 * unknown key.
 */
export class TranslationsSchema {
  @IsOptional()
  @Rule('isNotList', TEXT_TRANSLATION_RULE, isNotList)
  @ValidateNested()
  @Type(() => TextTranslationSchema)
  tr?: TextTranslationSchema;
}

export class ScenarioSchema {
  @IsString({ message: 'must be text' })
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be a lower-case id (letters, digits, dashes)' })
  name!: string;
  @IsOptional() @IsString({ message: 'must be text' }) title?: string;
  @IsOptional() @IsString({ message: 'must be text' }) description?: string;
  /** The question the scenario answers, in one sentence (the Lab's gallery shows it); not inherited. */
  @IsOptional() @IsString({ message: 'must be text' }) question?: string;
  /**
   * The title, description, question and assumptions in Turkish (`tr: {title, description,
   * question?, assumptions?}`); not inherited by `extends`, except the assumptions' Turkish,
   * which comes with the base's assumptions into a file that has a `tr` of its own and gives
   * no assumptions of its own.
   */
  @IsOptional()
  @Rule('isNotList', TRANSLATIONS_RULE, isNotList)
  @ValidateNested()
  @Type(() => TranslationsSchema)
  translations?: TranslationsSchema;
  @IsOptional()
  @IsIn(SERVICE_MODELS as unknown as string[], {
    message: `must be one of ${SERVICE_MODELS.join(', ')}`,
  })
  model?: ServiceModelId;
  @IsDurationLike() horizon!: string | number;
  @IsOptional() @IsDurationLike() warmup?: string | number;
  @IsOptional() @IsDurationLike() interval?: string | number;
  @IsOptional()
  @IsInt({ message: SEED_RULE })
  @Min(0, { message: SEED_RULE })
  @Max(MAX_SEED, { message: SEED_RULE })
  seed?: number;
  @IsOptional()
  @IsInt({ message: REPLICATIONS_RULE })
  @Min(1, { message: REPLICATIONS_RULE })
  @Max(MAX_REPLICATIONS, { message: REPLICATIONS_RULE })
  replications?: number;
  @IsOptional() @ValidateNested() @Type(() => CalendarSchema) calendar?: CalendarSchema;
  @IsOptional()
  @IsObject({ message: 'must be a mapping of station ids to stations' })
  stations?: Record<string, unknown>;
  @IsOptional()
  @IsObject({ message: 'must be a mapping of class ids to classes' })
  classes?: Record<string, unknown>;
  @IsOptional()
  @IsObject({ message: 'must be a mapping of source ids to sources' })
  sources?: Record<string, unknown>;
  /** Parameters of a service model (model: evisa, konsolosluk, ...). */
  @IsOptional() @IsObject({ message: 'must be a mapping of parameters' }) params?: Record<
    string,
    unknown
  >;
  @IsOptional()
  @IsArray({ message: 'must be a list of {text, source}' })
  @ValidateNested({ each: true })
  @Type(() => AssumptionSchema)
  assumptions?: AssumptionSchema[];
  /** Paper figures this scenario reproduces (used by `consular-sim reproduce`). */
  @IsOptional()
  @IsArray({ message: 'must be a list of {figure, metric, kind}' })
  @ValidateNested({ each: true })
  @Type(() => ReproducesSchema)
  reproduces?: ReproducesSchema[];
  /** Emergent findings (not paper figures) that `reproduce` shows beside the figures; not inherited by `extends`. */
  @IsOptional()
  @IsArray({ message: 'must be a list of {metric, label}' })
  @ValidateNested({ each: true })
  @Type(() => FindingSchema)
  findings?: FindingSchema[];
  /** Assumptions not known exactly: path, distribution or range, source (see consular-sim audit). */
  @IsOptional()
  @IsArray({ message: 'must be a list of {path, dist, ..., source}' })
  uncertain?: unknown[];
  /** Settings for audit runs: overrides, replications, extra figures. */
  @IsOptional()
  @IsObject({ message: 'must be a mapping (set, replications, figures, note)' })
  audit?: Record<string, unknown>;
}

function IsDurationLike(): PropertyDecorator {
  return Rule(
    'isDurationLike',
    DURATION_RULE,
    (value) =>
      (typeof value === 'number' && Number.isFinite(value) && value >= 0) ||
      (typeof value === 'string' && DURATION.test(value.trim())),
  );
}

/** "90m", "8h", "30d", "52w" or a number (minutes) → minutes. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = { m: 1, min: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'min' | 'h' | 'd' | 'w'];
  return n * unit;
}
