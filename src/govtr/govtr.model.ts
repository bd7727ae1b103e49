import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Calendar, MINUTES_PER_DAY } from '../sim/calendar';
import type { DistributionSpec } from '../sim/distributions';
import type { NetworkModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from '../scenario/scenario.loader';
import { type ServiceModel, fixedStationLabels } from '../scenario/service-model';
import { SHARE } from '../scenario/param-rules';

/**
 * konsolosluk.gov.tr, the online channel: citizens' sessions (information,
 * pre-applications, appointment booking) served by the portal's application
 * servers. A session that waits longer than the citizen's patience is abandoned.
 * Pre-applications and bookings are what the missions' appointments come from.
 */

export class SessionKind {
  @IsString({ message: 'must be an id' }) id!: string;
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) share!: number;
  /** Server time the session holds, in minutes. */
  @IsObject({ message: 'must be a distribution of minutes' }) service!: DistributionSpec;
}

// A profile is one weight per hour (month) of use, as a network scenario's daily arrivals take.
const HOURS_RULE = 'must be 24 weights, 0 or more';
const MONTHS_RULE = 'must be 12 weights, 0 or more';

export class GovTrParams {
  /** Distinct citizens using the portal in the year (demand). */
  @IsNumber({}, { message: 'must be a number, 0 or more' })
  @Min(0, { message: 'must be a number, 0 or more' })
  citizens!: number;
  /** Concurrent sessions the portal serves (application-server slots). */
  // A whole number: the station's servers (2.5 passed here and failed later on a station path).
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  slots!: number;
  @IsArray({ message: 'must be a list of session kinds' })
  @ValidateNested({ each: true })
  @Type(() => SessionKind)
  sessions!: SessionKind[];
  /** How long a citizen waits for a slow page before leaving. */
  @IsObject({ message: 'must be a distribution of minutes' }) patience!: DistributionSpec;
  /** 24 weights: when in the day citizens use the portal. */
  @IsArray({ message: HOURS_RULE })
  @ArrayMinSize(24, { message: HOURS_RULE })
  @ArrayMaxSize(24, { message: HOURS_RULE })
  @IsNumber({}, { each: true, message: HOURS_RULE })
  @Min(0, { each: true, message: HOURS_RULE })
  hourOfDay!: number[];
  /** 12 weights January..December. */
  @IsArray({ message: MONTHS_RULE })
  @ArrayMinSize(12, { message: MONTHS_RULE })
  @ArrayMaxSize(12, { message: MONTHS_RULE })
  @IsNumber({}, { each: true, message: MONTHS_RULE })
  @Min(0, { each: true, message: MONTHS_RULE })
  month!: number[];
}

/**
 * The share of a year's citizens who come within the horizon: `citizens` is a year's demand, so
 * a shorter or longer horizon gets its share of it (as payments' yearly demand does), weighted by
 * the month profile. The year is the one starting on the calendar's start (366 days from
 * 2020-01-01), so a horizon of exactly that year gets every citizen. Passing the year's citizens
 * as the horizon's total put a whole year into `--set horizon=60d` (six times the daily demand).
 */
function yearShare(p: GovTrParams, scenario: Scenario): number {
  const start = new Calendar(scenario.calendar, MINUTES_PER_DAY);
  const next = new Date(start.startMs);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  const yearDays = Math.round((next.getTime() - start.startMs) / 86_400_000);
  const horizonDays = scenario.horizon / MINUTES_PER_DAY;
  const cal = new Calendar(scenario.calendar, Math.max(yearDays, horizonDays) * MINUTES_PER_DAY);
  const weight = (d: number) => (p.month.length === 12 ? p.month[cal.month[d]] : 1);
  let year = 0;
  for (let d = 0; d < yearDays; d++) year += weight(d);
  let inHorizon = 0;
  for (let d = 0; d < Math.ceil(horizonDays); d++)
    inHorizon += weight(d) * Math.min(1, horizonDays - d);
  return year > 0 ? inHorizon / year : 1;
}

export function buildGovTr(p: GovTrParams, scenario: Scenario): Record<string, NetworkModel> {
  return {
    main: {
      name: scenario.name,
      // Sessions on a web portal: no officer serves them (StationModel.staff).
      stations: [{ id: 'portal', servers: p.slots, staff: false }],
      classes: p.sessions.map((s) => ({
        id: s.id,
        patience: p.patience,
        route: [{ id: 'session', station: 'portal', service: s.service }],
      })),
      sources: [
        {
          id: 'citizens',
          class: Object.fromEntries(p.sessions.map((s) => [s.id, s.share])),
          arrivals: {
            kind: 'daily',
            total: Math.round(p.citizens * yearShare(p, scenario)),
            hourOfDay: p.hourOfDay,
            month: p.month,
          },
        },
      ],
    },
  };
}

export function deriveGovTr(
  _p: GovTrParams,
  runs: Record<string, RunSummary>,
): Record<string, number> {
  const run = runs.main;
  const out: Record<string, number> = {};
  out.citizensServed = Object.values(run.classes).reduce((s, c) => s + c.completed, 0);
  out.abandoned = run.totals.lost;
  for (const [id, c] of Object.entries(run.classes)) out[`sessions.${id}`] = c.completed;
  out.portalUtilisation = run.stations.portal.utilisation;
  // Nobody waited to be served: no percentile (NaN, `null` in JSON), as stations.portal.wait.p99.
  const wait = run.stations.portal.wait;
  out.p99WaitSeconds = wait.count > 0 ? wait.p99 * 60 : NaN;
  return out;
}

export const govTrModel: ServiceModel<GovTrParams> = {
  id: 'gov-tr',
  params: GovTrParams,
  stationLabel: fixedStationLabels({
    portal: {
      en: 'konsolosluk.gov.tr portal sessions',
      tr: 'konsolosluk.gov.tr portal oturumları',
    },
  }),
  paramLabels: {
    citizens: {
      en: 'Portal users',
      tr: 'Portal kullanıcıları',
      unit: 'citizens',
    },
    slots: {
      en: 'Portal sessions',
      tr: 'Portal oturumları',
      unit: 'slots',
    },
  },
  build: (p, s) => buildGovTr(p, s),
  derive: (p, runs) => deriveGovTr(p, runs),
  figures: {
    citizensServed: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'citizens whose session completed',
    },
    abandoned: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'sessions abandoned while waiting for the portal',
    },
    portalUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'busy share of the portal slots',
    },
    p99WaitSeconds: {
      unit: 'seconds',
      support: 'nonNegative',
      sketch: true,
      description: '99th percentile wait for a slot',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    citizensServed: { unit: 'vatandaş', description: 'oturumu tamamlanan vatandaşlar' },
    abandoned: { unit: 'vatandaş', description: 'portalı beklerken bırakılan oturumlar' },
    portalUtilisation: { unit: 'pay', description: 'portal yuvalarının meşgul payı' },
    p99WaitSeconds: { unit: 'saniye', description: 'bir yuva için 99. yüzdelik bekleme' },
  },
};
