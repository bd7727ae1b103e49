import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { hasUnprintable, unprintableNote } from '../../common/printable-text';
import { REPLAY_BATCH_MAX } from '../../queue/live-http';

/** Largest model time accepted: 100 years in minutes (no scenario runs longer). */
const MAX_MODEL_MINUTES = 100 * 366 * 24 * 60;

/**
 * A station id as a scenario may write it (CONTROL_CHARACTER_RULE, a name): 1 to 1,000
 * characters, none that a line of text may not hold (printable-text.ts, the loader's own rule).
 */
function isStationId(v: unknown): boolean {
  return (
    typeof v === 'string' && v.length > 0 && [...v].length <= 1000 && !hasUnprintable(v, 'line')
  );
}
const STATION_RULE =
  'station must be a station id of the run: 1 to 1,000 characters, no control characters, line separators, bidirectional overrides or other invisible format characters, private-use characters or lone surrogates';
function stationRule(args: ValidationArguments): string {
  const note = typeof args.value === 'string' ? unprintableNote(args.value, 'line') : undefined;
  return note ? `${STATION_RULE}; ${note}` : STATION_RULE;
}

const C_RULE = `c must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;

/** One customer's arrival at a station of the live replay. */
export class ReplayArrivalDto {
  @ApiProperty({
    example: 'desk',
    description: "station id of the replay's network (one the run registered; another is 400)",
  })
  // Any id a scenario may give a station (`gişe`, `Consular desk`): the run's registration says
  // which are its stations. Letters, digits and `. _ : @ / -` alone, up to 100, had refused the
  // stations of a scenario that ran --via queue, and stopped its replay --via http with a 400.
  @ValidateBy({
    name: 'isStationId',
    validator: { validate: isStationId, defaultMessage: stationRule },
  })
  station!: string;

  @ApiProperty({
    description: 'customer: index of the planned arrival',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  })
  @IsInt({ message: C_RULE })
  @Min(0, { message: C_RULE })
  // Past 2^53 a JSON number is no longer the integer written (2^53 + 1 reads as 2^53).
  @Max(Number.MAX_SAFE_INTEGER, { message: C_RULE })
  c!: number;

  @ApiProperty({ description: 'step of the class route' })
  @IsInt({ message: 's must be a whole number from 0 to 1000' })
  @Min(0, { message: 's must be a whole number from 0 to 1000' })
  @Max(1000, { message: 's must be a whole number from 0 to 1000' })
  s!: number;

  @ApiProperty({
    description: 'arrival at the station, model minutes',
    minimum: 0,
    maximum: MAX_MODEL_MINUTES,
  })
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 't must be a number of minutes, 0 or more' },
  )
  @Min(0, { message: 't must be a number of minutes, 0 or more' })
  @Max(MAX_MODEL_MINUTES, { message: `t must be at most ${MAX_MODEL_MINUTES} minutes` })
  t!: number;
}

const ARRIVAL_RULE = `arrivals must be a list of 1 to ${REPLAY_BATCH_MAX} arrivals, each an object {station, c, s, t}`;

/** Body of POST /replay/arrivals: a batch of arrivals for one live replay. */
export class ReplayArrivalsDto {
  @ApiProperty({
    example: '0a1b2c3d',
    description: 'the run id (8 hex digits) of a live replay in progress (another is 400)',
  })
  @Matches(/^[0-9a-f]{8}$/, { message: 'run must be 8 lower-case hex digits' })
  run!: string;

  @ApiProperty({ type: [ReplayArrivalDto] })
  @IsArray({ message: `arrivals must be a list of 1 to ${REPLAY_BATCH_MAX} arrivals` })
  @ArrayMinSize(1, { message: `arrivals must be a list of 1 to ${REPLAY_BATCH_MAX} arrivals` })
  @ArrayMaxSize(REPLAY_BATCH_MAX, {
    message: `arrivals must be a list of 1 to ${REPLAY_BATCH_MAX} arrivals`,
  })
  // Each element an object: a list inside the list (`[[]]`, `[[{...}]]`) passed the nested
  // rules, which look into a list as into an object, and met the station check as an arrival at
  // station 'undefined'; a text or a number was told "each value in nested property arrivals
  // must be either object or array".
  @IsObject({ each: true, message: ARRIVAL_RULE })
  @ValidateNested({ each: true })
  @Type(() => ReplayArrivalDto)
  arrivals!: ReplayArrivalDto[];
}

export class ReplayAcceptedDto {
  @ApiProperty() accepted!: number;
}
