import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  IsNumberOrFigureId,
  resolveNumber,
  truncatedGeometric,
  type NumberOrFigure,
} from '../config/figures';
import { loadReferenceData, type Mission, type ReferenceData } from '../config/reference-data';
import { Rule } from '../scenario/custom-rule';
import { WEEKDAYS } from '../sim/calendar';
import { scaleDistribution, type DistributionSpec } from '../sim/distributions';
import type {
  ClassModel,
  NetworkModel,
  RunSummary,
  SourceModel,
  StationModel,
} from '../sim/network';
import type { Scenario } from '../scenario/scenario.loader';
import type { ServiceModel } from '../scenario/service-model';
import { POSITIVE, SHARE } from '../scenario/param-rules';

/**
 * Konsolosluk.NET: citizens visiting about 250 missions, each bringing one or more
 * transactions of the 74 operation types, served by the mission's consular officers
 * in opening hours. Appointments (booked online) go before walk-ins; walk-ins give
 * up after a while, and whoever is still waiting at closing time is sent home.
 *
 * Everything comes from config/ (missions, catalogue) and the scenario's params.
 */

export class TrendYear {
  @IsInt({ message: 'must be a year such as 2018' }) year!: number;
  /** Demand relative to the base year. */
  @IsNumber({}, POSITIVE) @Min(0, POSITIVE) volumeFactor!: number;
  /** Officer minutes per transaction relative to the base year. */
  @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) minutesFactor!: number;
}

export class PreApplicationParams {
  /** Share of appointment holders with an online-capable operation who pre-applied on konsolosluk.gov.tr. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) share!: number;
  /** Officer minutes of a pre-applied operation relative to one started at the counter. */
  @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) minutesFactor!: number;
  /** Also run an arm without the online channel, to measure what it saves. */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) compare?: boolean;
}

export class KonsoloslukParams {
  /** Citizens served in the year: a number, or a paper figure id. */
  @IsNumberOrFigureId() citizens!: NumberOrFigure;
  /** Mean transactions per citizen: a number, or [transactions figure, citizens figure]. */
  @IsNumberOrPair() transactionsPerCitizen!: number | [string, string];
  /** Most transactions one citizen brings (shape assumption: truncated geometric). */
  @IsInt({ message: 'must be a whole number, 2 or more' })
  @Min(2, { message: 'must be a whole number, 2 or more' })
  maxTransactionsPerVisit!: number;
  @IsOptional() @IsNumber({}, POSITIVE) @Min(0, POSITIVE) demandFactor?: number;
  /** Share of a mission's consular officers at the counter in opening hours (the rest is back office). */
  @IsNumber({}, SHARE) @Min(Number.MIN_VALUE, SHARE) @Max(1, SHARE) counterShare!: number;
  /** Multiplies officers at every mission (at least one stays). */
  @IsOptional() @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) staffFactor?: number;
  /** Multiplies every operation's officer minutes. */
  @IsOptional() @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) minutesFactor?: number;
  /** Share of visits with an appointment when an operation's appointment is optional. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) optionalAppointmentShare!: number;
  /** How long walk-ins wait before giving up. */
  @IsObject({ message: 'must be a distribution such as {dist: lognormal, mean: 90, cv: 0.5}' })
  walkInPatience!: DistributionSpec;
  /** Waiting citizens at closing: sent home (turn-away) or first in line next day (carry-over). */
  @IsIn(['turn-away', 'carry-over'], { message: 'must be turn-away or carry-over' }) atClosing!:
    'turn-away' | 'carry-over';
  /** konsolosluk.gov.tr feeding the missions: pre-applications shorten the counter work. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PreApplicationParams)
  preApplication?: PreApplicationParams;
  /** Multi-year trend: one arm per year, scaled from the base. */
  @IsOptional()
  @IsArray({ message: 'must be a list of {year, volumeFactor, minutesFactor}' })
  @ValidateNested({ each: true })
  @Type(() => TrendYear)
  trend?: TrendYear[];
}

function IsNumberOrPair(): PropertyDecorator {
  return Rule(
    'isNumberOrPair',
    'must be a number, or [transactions figure id, citizens figure id]',
    (v) =>
      (typeof v === 'number' && v >= 1) ||
      (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')),
  );
}

export const missionStation = (id: string) => `mission:${id}`;

/** Weekly shifts from a mission's opening hours and officers. */
function shifts(m: Mission, counterOfficers: number) {
  return [
    {
      days: m.openingHours.days,
      from: m.openingHours.open,
      to: m.openingHours.close,
      servers: Math.max(1, Math.round(m.officers * counterOfficers)),
    },
  ];
}

function dayProfile(m: Mission): number[] {
  return WEEKDAYS.map((d) => (m.openingHours.days.includes(d) ? 1 : 0));
}

/** Exact integer shares of a total by weights (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length][1]]++;
  return out;
}

export function meanTransactions(p: KonsoloslukParams, ref: ReferenceData): number {
  const t = p.transactionsPerCitizen;
  return typeof t === 'number' ? t : resolveNumber(t[0], ref) / resolveNumber(t[1], ref);
}

function buildYear(
  p: KonsoloslukParams,
  scenario: Scenario,
  ref: ReferenceData,
  volume: number,
  minutes: number,
  name: string,
  preShare = p.preApplication?.share ?? 0,
): NetworkModel {
  const staff = p.counterShare * (p.staffFactor ?? 1);
  const citizens = Math.round(resolveNumber(p.citizens, ref) * (p.demandFactor ?? 1) * volume);
  const jobs = truncatedGeometric(meanTransactions(p, ref), p.maxTransactionsPerVisit);
  const minutesFactor = (p.minutesFactor ?? 1) * minutes;
  const stations: StationModel[] = ref.missions.map((m) => ({
    id: missionStation(m.id),
    schedule: shifts(m, staff),
    discipline: 'priority',
    closePolicy: p.atClosing,
    // Missions follow local holidays we do not model; closures come from the calendar.
    honoursHolidays: false,
  }));
  const classes: ClassModel[] = [];
  const areaWeights: Record<string, number> = {};
  for (const area of ref.areas) {
    const ops = ref.operations.filter((o) => o.area === area.id);
    const share = ops.reduce((s, o) => s + o.share, 0);
    if (share === 0) continue;
    const appointment =
      ops.reduce(
        (s, o) =>
          s +
          o.share *
            (o.appointment === 'required'
              ? 1
              : o.appointment === 'optional'
                ? p.optionalAppointmentShare
                : 0),
        0,
      ) / share;
    const service: DistributionSpec = {
      dist: 'mixture',
      weights: ops.map((o) => o.share),
      components: ops.map((o) => scaleDistribution(o.officerMinutes, minutesFactor)),
    };
    const step = {
      id: 'counter',
      station: '@mission',
      service,
      jobs: { dist: 'discrete' as const, ...jobs },
    };
    // Appointment holders whose operation can start online and who pre-applied on
    // konsolosluk.gov.tr: their operations take the pre-applied share of the minutes.
    const online = ops.filter((o) => o.online);
    const onlineShare = online.reduce((s, o) => s + o.share, 0) / share;
    const preApplied = preShare * onlineShare;
    if (preApplied > 0) {
      const f = minutesFactor * (p.preApplication?.minutesFactor ?? 1);
      classes.push({
        id: `${area.id}/pre-applied`,
        priority: 0,
        route: [
          {
            ...step,
            service: {
              dist: 'mixture',
              weights: online.map((o) => o.share),
              components: online.map((o) => scaleDistribution(o.officerMinutes, f)),
            },
          },
        ],
      });
      areaWeights[`${area.id}/pre-applied`] = share * appointment * preApplied;
    }
    classes.push({ id: `${area.id}/appointment`, priority: 0, route: [step] });
    classes.push({
      id: `${area.id}/walk-in`,
      priority: 1,
      patience: p.walkInPatience,
      route: [step],
    });
    areaWeights[`${area.id}/appointment`] = share * appointment * (1 - preApplied);
    areaWeights[`${area.id}/walk-in`] = share * (1 - appointment);
  }
  const perMission = apportion(
    citizens,
    ref.missions.map((m) => m.load),
  );
  const sources: SourceModel[] = ref.missions.map((m, i) => ({
    id: m.id,
    class: areaWeights,
    bind: { mission: missionStation(m.id) },
    // Citizens come evenly through opening hours on opening days.
    arrivals: {
      kind: 'daily',
      total: perMission[i],
      dayOfWeek: dayProfile(m),
      window: { from: m.openingHours.open, to: m.openingHours.close },
      closedOnHolidays: true,
    },
  }));
  return { name, calendar: scenario.calendar, stations, classes, sources };
}

export function buildKonsolosluk(
  p: KonsoloslukParams,
  scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, NetworkModel> {
  if (p.trend?.length) {
    return Object.fromEntries(
      p.trend.map((y) => [
        `y${y.year}`,
        buildYear(p, scenario, ref, y.volumeFactor, y.minutesFactor, `${scenario.name}-${y.year}`),
      ]),
    );
  }
  const arms: Record<string, NetworkModel> = {
    main: buildYear(p, scenario, ref, 1, 1, scenario.name),
  };
  if (p.preApplication?.compare) {
    // The same citizens with no online channel: nobody pre-applied.
    arms['without-online'] = buildYear(
      p,
      scenario,
      ref,
      1,
      1,
      `${scenario.name}-without-online`,
      0,
    );
  }
  return arms;
}

function yearFigures(run: RunSummary): Record<string, number> {
  const out: Record<string, number> = {};
  let transactions = 0;
  let busy = 0;
  let waitWalkIn = 0;
  let walkIns = 0;
  let waitAppt = 0;
  let appts = 0;
  let lostWalkIns = 0;
  const areaBusy: Record<string, number> = {};
  for (const [id, c] of Object.entries(run.classes)) {
    transactions += c.jobs;
    const area = id.split('/')[0];
    if (id.endsWith('/walk-in')) {
      waitWalkIn += c.waitTime.mean * c.waitTime.count;
      walkIns += c.waitTime.count;
      lostWalkIns += c.lost;
    } else {
      waitAppt += c.waitTime.mean * c.waitTime.count;
      appts += c.waitTime.count;
    }
    areaBusy[area] = areaBusy[area] ?? 0;
  }
  let utilSum = 0;
  let utilMax = 0;
  for (const s of Object.values(run.stations)) {
    busy += s.busyTime;
    utilSum += s.utilisation;
    utilMax = Math.max(utilMax, s.utilisation);
    for (const [cls, t] of Object.entries(s.busyTimeByClass)) areaBusy[cls.split('/')[0]] += t;
  }
  const stations = Object.keys(run.stations).length;
  out.citizens = run.totals.arrivals;
  out.transactions = transactions;
  out.transactionsPerCitizen = transactions / Math.max(1, run.totals.arrivals - lostWalkIns);
  out.officerHours = busy / 60;
  out.officerMinutesPerTransaction = busy / Math.max(1, transactions);
  out.meanWaitAppointmentMinutes = appts ? waitAppt / appts : 0;
  out.meanWaitWalkInMinutes = walkIns ? waitWalkIn / walkIns : 0;
  out.walkInsLost = lostWalkIns;
  out.meanMissionUtilisation = utilSum / Math.max(1, stations);
  out.busiestMissionUtilisation = utilMax;
  out.missions = stations;
  out.transactionsPerMission = transactions / Math.max(1, stations);
  for (const [area, t] of Object.entries(areaBusy)) out[`officerHours.${area}`] = t / 60;
  return out;
}

export function deriveKonsolosluk(
  p: KonsoloslukParams,
  runs: Record<string, RunSummary>,
  _scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, number> {
  const out: Record<string, number> = {};
  out.areas = ref.areas.length;
  out.operationTypes = ref.operations.length;
  if (!p.trend?.length) {
    const main = yearFigures(runs.main);
    const preApplied = Object.entries(runs.main.classes)
      .filter(([id]) => id.endsWith('/pre-applied'))
      .reduce((sum, [, c]) => sum + c.completed, 0);
    Object.assign(out, main, { preAppliedVisits: preApplied });
    const without = runs['without-online'];
    if (without) {
      const w = yearFigures(without);
      // Emergent: officer time of the same citizens with and without pre-applications.
      out.officerHoursSavedByPreApplication = w.officerHours - main.officerHours;
      out.meanWaitWalkInMinutesWithoutOnline = w.meanWaitWalkInMinutes;
    }
    return out;
  }
  const years = p.trend.map((y) => y.year);
  const per = years.map((y) => yearFigures(runs[`y${y}`]));
  years.forEach((y, i) => {
    out[`${y}.transactions`] = per[i].transactions;
    out[`${y}.officerMinutesPerTransaction`] = per[i].officerMinutesPerTransaction;
    out[`${y}.meanWaitWalkInMinutes`] = per[i].meanWaitWalkInMinutes;
  });
  // The paper's qualitative trend: transactions rising, time per transaction falling, year on year.
  const rising = per.every((f, i) => i === 0 || f.transactions > per[i - 1].transactions);
  const falling = per.every(
    (f, i) => i === 0 || f.officerMinutesPerTransaction < per[i - 1].officerMinutesPerTransaction,
  );
  out.trendHolds = rising && falling ? 1 : 0;
  return out;
}

export const konsoloslukModel: ServiceModel<KonsoloslukParams> = {
  id: 'konsolosluk',
  params: KonsoloslukParams,
  build: (p, scenario) => buildKonsolosluk(p, scenario),
  derive: (p, runs, scenario) => deriveKonsolosluk(p, runs, scenario),
  figures: {
    citizens: { unit: 'citizens', description: 'citizens who came to a mission' },
    transactions: { unit: 'transactions', description: 'transactions completed at the counters' },
    transactionsPerCitizen: { unit: 'transactions', description: 'per citizen served' },
    officerHours: { unit: 'hours', description: 'officer hours at the counters' },
    officerMinutesPerTransaction: {
      unit: 'minutes',
      description: 'officer minutes per transaction',
    },
    meanWaitAppointmentMinutes: { unit: 'minutes', description: 'mean wait with an appointment' },
    meanWaitWalkInMinutes: {
      unit: 'minutes',
      description: 'mean wait of walk-ins who were served or gave up',
    },
    walkInsLost: {
      unit: 'citizens',
      description: 'walk-ins who gave up or were sent home at closing',
    },
    meanMissionUtilisation: {
      unit: 'share',
      description: 'mean officer utilisation over missions',
    },
    busiestMissionUtilisation: { unit: 'share', description: 'utilisation of the busiest mission' },
    missions: { unit: 'missions', description: 'missions running Konsolosluk.NET' },
    areas: { unit: 'areas', description: 'service areas in the catalogue' },
    operationTypes: { unit: 'operation types', description: 'operation types in the catalogue' },
    trendHolds: {
      unit: '1 = yes',
      description: 'transactions rise and minutes per transaction fall every year',
    },
    preAppliedVisits: { unit: 'citizens', description: 'visits pre-applied on konsolosluk.gov.tr' },
    officerHoursSavedByPreApplication: {
      unit: 'hours',
      description: 'officer hours without the online channel minus with it',
    },
    meanWaitWalkInMinutesWithoutOnline: {
      unit: 'minutes',
      description: 'walk-in mean wait without the online channel',
    },
  },
};
