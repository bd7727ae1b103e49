import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
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
import {
  loadReferenceData,
  type Mission,
  type MissionType,
  type ReferenceData,
} from '../config/reference-data';
import { Rule } from '../scenario/custom-rule';
import { Calendar, MINUTES_PER_DAY, WEEKDAYS, parseIsoDate } from '../sim/calendar';
import { createSampler, scaleDistribution, type DistributionSpec } from '../sim/distributions';
import {
  ModelError,
  type ClassModel,
  type NetworkModel,
  type SourceModel,
  type StationModel,
} from '../sim/model';
import type { RunSummary } from '../sim/summary';
import { scenarioError, type Scenario } from '../scenario/scenario.loader';
import type { ServiceModel, StationLabel } from '../scenario/service-model';
import { NON_NEGATIVE, POSITIVE, SHARE } from '../scenario/param-rules';
import { ScenarioError } from '../scenario/scenario-error';
import { didYouMean } from '../scenario/suggest';

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
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) volumeFactor!: number;
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The rule of pandemic stages none of which reaches the run. */
export function stagesOutsideHorizonRule(horizon: string): string {
  return `every stage lies entirely outside the horizon (${horizon}): the pandemic would change nothing in this run; move one into the horizon, change calendar.start or horizon, or remove the pandemic (params.pandemic: null)`;
}

/** The rule of a deferred-demand window that does not reach the run. */
export function deferredOutsideHorizonRule(horizon: string): string {
  return `lies entirely outside the horizon (${horizon}): the deferred demand would come back in no day of this run; move it into the horizon, change calendar.start or horizon, or remove it (params.pandemic.deferred: null)`;
}

/**
 * The rule of a pandemic stage that shares a day with an earlier one: a day runs under one stage
 * only (the first listed), so a stage written inside a longer one (a lockdown inside a reopening)
 * would change nothing.
 */
export function overlappingStagesRule(other: number, from: string, to: string): string {
  const days = from === to ? from : `${from} to ${to}`;
  return `overlaps phases[${other}] (both hold ${days}): a day runs under one stage only, so the other's settings would be ignored; write the stages so that no day is in two (split the longer around the shorter)`;
}

/**
 * The pandemic's dates as they must be before anything is built from them: real dates (the
 * schema checks only their shape, and 2020-04-31 had stopped the run with an internal error),
 * each range's end not before its start, and no day in two stages.
 */
function checkPandemicDates(pan: PandemicParams | undefined): void {
  if (!pan) return;
  const range = (r: { from: string; to: string }, path: string) => {
    const from = parseIsoDate(r.from);
    const to = parseIsoDate(r.to);
    if (Number.isNaN(from)) throw new ModelError(`${path}.from`, 'must be a real date');
    if (Number.isNaN(to)) throw new ModelError(`${path}.to`, 'must be a real date');
    if (to < from) throw new ModelError(`${path}.to`, 'must not be before from');
    return { from, to };
  };
  const days = (pan.phases ?? []).map((ph, i) => range(ph, `params.pandemic.phases[${i}]`));
  for (let j = 1; j < days.length; j++)
    for (let i = 0; i < j; i++) {
      if (days[i].to < days[j].from || days[j].to < days[i].from) continue;
      const [a, b] = [pan.phases[i], pan.phases[j]];
      const from = days[i].from > days[j].from ? a.from : b.from;
      const to = days[i].to < days[j].to ? a.to : b.to;
      throw new ModelError(`params.pandemic.phases[${j}]`, overlappingStagesRule(i, from, to));
    }
  if (pan.deferred) range(pan.deferred, 'params.pandemic.deferred');
}

/** One stage of the 2020 pandemic at the missions (dates inclusive). */
export class PandemicPhase {
  @IsString({ message: 'must be an id' }) id!: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from!: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) to!: string;
  /** Share of a mission's consular officers at the counter in this stage (replaces counterShare). */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) counterShare!: number;
  /** Routine (non-urgent) demand relative to a normal day; 0 = emergency-only service. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) routineDemand!: number;
  /** Walk-ins are not admitted: every routine visit needs an appointment. */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) appointmentOnly?: boolean;
  /** konsolosluk.gov.tr pre-application share in this stage (default: preApplication.share). */
  @IsOptional() @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) preApplicationShare?: number;
}

export class DeferredDemand {
  /** Share of the routine demand the pandemic stages held back that comes back later. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) share!: number;
  /** It comes back evenly over these dates (inclusive). */
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) from!: string;
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' }) to!: string;
}

/** What the online channels save, for the arm without them. */
export class WithoutOnlineParams {
  /** Officer minutes to book one appointment by phone or e-mail instead of online. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) bookingMinutes!: number;
  /** Officer minutes of questions per visit that the online information and Hızır answer. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) enquiryMinutes!: number;
}

export class PandemicParams {
  /** Share of each area's demand that is urgent and served in every stage (area id → share). */
  @IsObject({ message: 'must map area ids to shares between 0 and 1' })
  urgentShare!: Record<string, number>;
  @IsArray({ message: 'must be a list of stages {id, from, to, counterShare, routineDemand}' })
  @ValidateNested({ each: true })
  @Type(() => PandemicPhase)
  phases!: PandemicPhase[];
  @IsOptional() @ValidateNested() @Type(() => DeferredDemand) deferred?: DeferredDemand;
  /** Run a paired arm without konsolosluk.gov.tr, online appointments and Hızır. */
  @IsOptional()
  @ValidateNested()
  @Type(() => WithoutOnlineParams)
  withoutOnline?: WithoutOnlineParams;
}

const MAX_TRANSACTIONS = { message: 'must be a whole number from 2 to 100' };

export class KonsoloslukParams {
  /**
   * Citizens who come over the whole horizon: a number, or a paper figure id. Not scaled to the
   * horizon (as payments' and gov.tr's yearly demand is): the paper scenario's horizon is the
   * year 2020, so its figure is that year's, and a shortened horizon brings them all sooner.
   */
  @IsNumberOrFigureId() citizens!: NumberOrFigure;
  /** Mean transactions per citizen: a number, or [transactions figure, citizens figure]. */
  @IsNumberOrPair() transactionsPerCitizen!: number | [string, string];
  /** Most transactions one citizen brings (shape assumption: truncated geometric). */
  // At most 100: the scenarios assume 6, and the shape is a list of this many values.
  @IsInt(MAX_TRANSACTIONS)
  @Min(2, MAX_TRANSACTIONS)
  @Max(100, MAX_TRANSACTIONS)
  maxTransactionsPerVisit!: number;
  @IsOptional() @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) demandFactor?: number;
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
  /** The 2020 pandemic: stages of reduced service, deferred demand, an arm without online channels. */
  @IsOptional() @ValidateNested() @Type(() => PandemicParams) pandemic?: PandemicParams;
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

/** What a mission is called in a station's label, in English and Turkish, by its type. */
const MISSION_TYPE_WORDS: Record<MissionType, StationLabel> = {
  embassy: { en: 'embassy', tr: 'büyükelçilik' },
  'consulate-general': { en: 'consulate general', tr: 'başkonsolosluk' },
  consulate: { en: 'consulate', tr: 'konsolosluk' },
};

const missionLabels = new WeakMap<ReferenceData, Map<string, StationLabel>>();

/**
 * A mission's counter by name, from config/missions.yaml: its city ("Berlin: consular desk"),
 * with the mission's type where the city has more than one (Berlin has an embassy and a
 * consulate general). The city is the ministry's Turkish name in both languages, as the file
 * gives it. Undefined for a station that is not a mission's.
 */
export function missionStationLabel(
  station: string,
  ref: ReferenceData = loadReferenceData(),
): StationLabel | undefined {
  let byStation = missionLabels.get(ref);
  if (!byStation) {
    byStation = new Map();
    const missionsIn = new Map<string, number>();
    for (const m of ref.missions) missionsIn.set(m.city, (missionsIn.get(m.city) ?? 0) + 1);
    for (const m of ref.missions) {
      const kind = MISSION_TYPE_WORDS[m.type];
      const where = (lang: 'en' | 'tr') =>
        (missionsIn.get(m.city) ?? 0) > 1 ? `${m.city} (${kind[lang]})` : m.city;
      byStation.set(missionStation(m.id), {
        en: `${where('en')}: consular desk`,
        tr: `${where('tr')}: konsolosluk gişesi`,
      });
    }
    missionLabels.set(ref, byStation);
  }
  return byStation.get(station);
}

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

/**
 * A stretch of the horizon with one service regime: a pandemic stage (or normal
 * service) and, inside the deferred-demand window, the routine demand coming back.
 */
interface Segment {
  fromDay: number;
  toDay: number;
  phase?: PandemicPhase;
  /** Routine demand relative to a normal day, returns included. */
  routineLevel: number;
}

/** Splits the horizon where a pandemic stage or the deferred-demand window starts or ends. */
function segments(p: KonsoloslukParams, calendar: Calendar, horizonDays: number): Segment[] {
  const pan = p.pandemic;
  if (!pan) return [{ fromDay: 0, toDay: horizonDays - 1, routineLevel: 1 }];
  const cuts = new Set([0, horizonDays]);
  const clip = (d: number) => Math.min(horizonDays, Math.max(0, d));
  for (const ph of pan.phases) {
    cuts.add(clip(calendar.dayOf(ph.from)));
    cuts.add(clip(calendar.dayOf(ph.to) + 1));
  }
  if (pan.deferred) {
    cuts.add(clip(calendar.dayOf(pan.deferred.from)));
    cuts.add(clip(calendar.dayOf(pan.deferred.to) + 1));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const fromDay = sorted[i];
    const phase = pan.phases.find(
      (ph) => fromDay >= calendar.dayOf(ph.from) && fromDay <= calendar.dayOf(ph.to),
    );
    out.push({ fromDay, toDay: sorted[i + 1] - 1, phase, routineLevel: phase?.routineDemand ?? 1 });
  }
  // Routine demand held back (in normal weekdays' worth) comes back evenly over the window.
  const d = pan.deferred;
  if (d) {
    const weekdays = (s: Segment) => {
      let n = 0;
      for (let day = s.fromDay; day <= s.toDay; day++) if (calendar.weekday[day] < 5) n++;
      return n;
    };
    const held = out.reduce((sum, s) => sum + weekdays(s) * Math.max(0, 1 - s.routineLevel), 0);
    const from = calendar.dayOf(d.from);
    const to = calendar.dayOf(d.to);
    const inWindow = out.filter((s) => s.fromDay >= from && s.toDay <= to);
    const windowDays = inWindow.reduce((sum, s) => sum + weekdays(s), 0);
    if (windowDays > 0) for (const s of inWindow) s.routineLevel += (d.share * held) / windowDays;
  }
  return out;
}

interface AreaDemand {
  id: string;
  /** The area's share of all transactions. */
  share: number;
  /** Share of visits with an appointment in normal service. */
  appointment: number;
  /** Share of the area's operations that can start online. */
  online: number;
  urgent: number;
}

/** Class weights of one segment's arrivals. */
function segmentWeights(
  areas: AreaDemand[],
  seg: Segment,
  preShare: number,
  online: boolean,
): Record<string, number> {
  const w: Record<string, number> = {};
  for (const a of areas) {
    if (a.urgent > 0) w[`${a.id}/urgent`] = a.share * a.urgent;
    const routine = a.share * (1 - a.urgent) * seg.routineLevel;
    const appointment = seg.phase?.appointmentOnly ? 1 : a.appointment;
    const pre = online ? (seg.phase?.preApplicationShare ?? preShare) * a.online : 0;
    if (pre > 0) w[`${a.id}/pre-applied`] = routine * appointment * pre;
    w[`${a.id}/appointment`] = routine * appointment * (1 - pre);
    w[`${a.id}/walk-in`] = routine * (1 - appointment);
  }
  return w;
}

function buildYear(
  p: KonsoloslukParams,
  scenario: Scenario,
  ref: ReferenceData,
  volume: number,
  minutes: number,
  name: string,
  online = true,
): NetworkModel {
  const preShare = online ? (p.preApplication?.share ?? 0) : 0;
  const staff = p.staffFactor ?? 1;
  const citizens = Math.round(resolveNumber(p.citizens, ref) * (p.demandFactor ?? 1) * volume);
  const mean = meanTransactions(p, ref);
  // The truncated geometric law needs a mean it can take: from 1 up to (not at) the most.
  if (!(mean >= 1 && mean < p.maxTransactionsPerVisit))
    throw new ScenarioError(
      scenario.file,
      'params.transactionsPerCitizen',
      `must be at least 1 and below params.maxTransactionsPerVisit (${p.maxTransactionsPerVisit}); it is ${mean}`,
    );
  const jobs = truncatedGeometric(mean, p.maxTransactionsPerVisit);
  const meanJobs =
    jobs.values.reduce((s, v, i) => s + v * jobs.weights[i], 0) /
    jobs.weights.reduce((s, x) => s + x, 0);
  const minutesFactor = (p.minutesFactor ?? 1) * minutes;
  const horizonDays = Math.ceil(scenario.horizon / MINUTES_PER_DAY);
  const calendar = new Calendar(scenario.calendar, scenario.horizon);
  // Stages none of which reaches the run change nothing: refused, as calendar.closures are.
  // Those after the end of a horizon --set cut short (a quick look at January) are kept, and
  // so is a deferred-demand window there.
  checkPandemicDates(p.pandemic);
  const phases = p.pandemic?.phases ?? [];
  const outside = (range: { from: string; to: string }) =>
    calendar.dayOf(range.to) < 0 ||
    (!scenario.horizonFromSet && calendar.dayOf(range.from) > horizonDays - 1);
  const horizonText = `${calendar.isoDate(0)} to ${calendar.isoDate(horizonDays - 1)}`;
  if (phases.length && phases.every(outside))
    throw new ModelError('params.pandemic.phases', stagesOutsideHorizonRule(horizonText));
  // So is a deferred-demand window with no day in the run: the demand would never come back.
  const deferred = p.pandemic?.deferred;
  if (deferred && outside(deferred))
    throw new ModelError('params.pandemic.deferred', deferredOutsideHorizonRule(horizonText));
  const segs = segments(p, calendar, horizonDays);
  const dated = segs.length > 1;
  const isoRange = (s: Segment) => ({
    from: calendar.isoDate(s.fromDay),
    to: calendar.isoDate(s.toDay),
  });
  const stations: StationModel[] = ref.missions.map((m) => ({
    id: missionStation(m.id),
    schedule: dated
      ? segs.map((s) => ({
          ...shifts(m, (s.phase?.counterShare ?? p.counterShare) * staff)[0],
          dates: isoRange(s),
        }))
      : shifts(m, p.counterShare * staff),
    discipline: 'priority',
    closePolicy: p.atClosing,
    // Missions follow local holidays we do not model; closures come from the calendar.
    honoursHolidays: false,
  }));
  // Without the online channels: bookings by phone or e-mail, and the questions the
  // online information and Hızır answer, land on the same officers (minutes per visit).
  const extra = online ? undefined : p.pandemic?.withoutOnline;
  const classes: ClassModel[] = [];
  const areas: AreaDemand[] = [];
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
                ? online
                  ? p.optionalAppointmentShare
                  : extra
                    ? 0
                    : p.optionalAppointmentShare
                : 0),
        0,
      ) / share;
    const service: DistributionSpec = {
      dist: 'mixture',
      weights: ops.map((o) => o.share),
      components: ops.map((o) => scaleDistribution(o.officerMinutes, minutesFactor)),
    };
    // Extra officer minutes per visit, spread over the visit's jobs by scaling its service.
    const perVisit = (spec: DistributionSpec, added: number): DistributionSpec =>
      added > 0 ? scaleDistribution(spec, 1 + added / (createSampler(spec).mean * meanJobs)) : spec;
    const step = (svc: DistributionSpec) => ({
      id: 'counter',
      station: '@mission',
      service: svc,
      jobs: { dist: 'discrete' as const, ...jobs },
    });
    // Appointment holders whose operation can start online and who pre-applied on
    // konsolosluk.gov.tr: their operations take the pre-applied share of the minutes.
    const onlineOps = ops.filter((o) => o.online);
    const onlineShare = onlineOps.reduce((s, o) => s + o.share, 0) / share;
    const preApplied = Math.max(
      preShare,
      ...(online ? (p.pandemic?.phases ?? []).map((ph) => ph.preApplicationShare ?? 0) : []),
    );
    if (preApplied * onlineShare > 0) {
      const f = minutesFactor * (p.preApplication?.minutesFactor ?? 1);
      classes.push({
        id: `${area.id}/pre-applied`,
        priority: 0,
        route: [
          step({
            dist: 'mixture',
            weights: onlineOps.map((o) => o.share),
            components: onlineOps.map((o) => scaleDistribution(o.officerMinutes, f)),
          }),
        ],
      });
    }
    const urgent = p.pandemic?.urgentShare[area.id] ?? 0;
    if (urgent > 0)
      classes.push({
        id: `${area.id}/urgent`,
        priority: 0,
        route: [
          step(perVisit(service, (extra?.bookingMinutes ?? 0) + (extra?.enquiryMinutes ?? 0))),
        ],
      });
    classes.push({
      id: `${area.id}/appointment`,
      priority: 0,
      route: [step(perVisit(service, (extra?.bookingMinutes ?? 0) + (extra?.enquiryMinutes ?? 0)))],
    });
    classes.push({
      id: `${area.id}/walk-in`,
      priority: 1,
      patience: p.walkInPatience,
      route: [step(perVisit(service, extra?.enquiryMinutes ?? 0))],
    });
    areas.push({ id: area.id, share, appointment, online: onlineShare, urgent });
  }
  const perMission = apportion(
    citizens,
    ref.missions.map((m) => m.load),
  );
  const sources: SourceModel[] = [];
  ref.missions.forEach((m, i) => {
    const arrivals = {
      kind: 'daily' as const,
      dayOfWeek: dayProfile(m),
      window: { from: m.openingHours.open, to: m.openingHours.close },
      closedOnHolidays: true,
    };
    if (!dated) {
      // Citizens come evenly through opening hours on opening days.
      sources.push({
        id: m.id,
        class: segmentWeights(areas, segs[0], preShare, online),
        bind: { mission: missionStation(m.id) },
        arrivals: { ...arrivals, total: perMission[i] },
      });
      return;
    }
    // One source per stage: its share of the mission's year by open days and demand level.
    const open = new Set(m.openingHours.days.map((d) => WEEKDAYS.indexOf(d)));
    const level = segs.map((s) => {
      const w = segmentWeights(areas, s, preShare, online);
      let days = 0;
      for (let d = s.fromDay; d <= s.toDay; d++) if (open.has(calendar.weekday[d])) days++;
      return { w, weight: days * Object.values(w).reduce((a, b) => a + b, 0) };
    });
    const totals = apportion(
      perMission[i],
      level.map((l) => l.weight),
    );
    segs.forEach((s, k) => {
      if (totals[k] === 0) return;
      sources.push({
        id: `${m.id}@${calendar.isoDate(s.fromDay)}`,
        class: level[k].w,
        bind: { mission: missionStation(m.id) },
        arrivals: { ...arrivals, total: totals[k], periods: [{ ...isoRange(s), factor: 1 }] },
      });
    });
  });
  return { name, calendar: scenario.calendar, stations, classes, sources };
}

/**
 * pandemic.urgentShare names areas of config/konsolosluk/areas.yaml: an id that is not one (a typo, or
 * `constructor`) had been ignored, and a share that is not a number read as none urgent.
 */
function checkUrgentShares(p: KonsoloslukParams, scenario: Scenario, ref: ReferenceData): void {
  const shares = p.pandemic?.urgentShare;
  if (!shares) return;
  const known = ref.areas.map((a) => a.id);
  for (const [id, share] of Object.entries(shares)) {
    const path = `params.pandemic.urgentShare.${id}`;
    if (!known.includes(id))
      throw scenarioError(
        scenario,
        path,
        `must be an area id${didYouMean(id, known)}; the areas are ${known.join(', ')}`,
      );
    if (!(typeof share === 'number' && share >= 0 && share <= 1))
      throw scenarioError(scenario, path, SHARE.message);
  }
}

export function buildKonsolosluk(
  p: KonsoloslukParams,
  scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, NetworkModel> {
  checkUrgentShares(p, scenario, ref);
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
  if (p.preApplication?.compare || p.pandemic?.withoutOnline) {
    // The same citizens with no online channel: nobody pre-applied (and, when the
    // pandemic block says so, no online appointments or Hızır either).
    arms['without-online'] = buildYear(
      p,
      scenario,
      ref,
      1,
      1,
      `${scenario.name}-without-online`,
      false,
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
  // Means over nobody (no citizen served, no transaction, nobody waiting) have no value: NaN,
  // `null` in JSON, not 0.
  const servedCitizens = run.totals.arrivals - lostWalkIns;
  out.transactionsPerCitizen = servedCitizens > 0 ? transactions / servedCitizens : NaN;
  out.officerHours = busy / 60;
  out.officerMinutesPerTransaction = transactions > 0 ? busy / transactions : NaN;
  out.meanWaitAppointmentMinutes = appts ? waitAppt / appts : NaN;
  out.meanWaitWalkInMinutes = walkIns ? waitWalkIn / walkIns : NaN;
  out.walkInsLost = lostWalkIns;
  out.meanMissionUtilisation = utilSum / Math.max(1, stations);
  out.busiestMissionUtilisation = utilMax;
  out.missions = stations;
  out.transactionsPerMission = transactions / Math.max(1, stations);
  for (const [area, t] of Object.entries(areaBusy)) out[`officerHours.${area}`] = t / 60;
  let longest = 0;
  for (const s of Object.values(run.stations)) longest = Math.max(longest, s.wait.max);
  out.longestWaitDays = longest / MINUTES_PER_DAY;
  out.citizensTurnedAway = run.totals.lost;
  const ts = run.timeseries;
  if (ts) {
    // Citizens waiting at all missions together, averaged over each interval.
    let peak = 0;
    const series = Object.values(ts.stations);
    for (let i = 0; i < ts.t.length; i++) {
      let q = 0;
      for (const st of series) q += st.queue[i];
      peak = Math.max(peak, q);
    }
    out.peakBacklog = peak;
  }
  return out;
}

/** Citizens served per calendar day, month by month (`YYYY-MM`), from the time series. */
function completionsByMonth(run: RunSummary, calendar: Calendar): Record<string, number> {
  const ts = run.timeseries;
  if (!ts) return {};
  const done: Record<string, number> = {};
  const days: Record<string, number> = {};
  let prev = 0;
  for (let i = 0; i < ts.t.length; i++) {
    const mid = (prev + ts.t[i]) / 2;
    const month = calendar.isoDate(calendar.dayIndex(mid)).slice(0, 7);
    done[month] = (done[month] ?? 0) + ts.completions[i];
    days[month] = (days[month] ?? 0) + (ts.t[i] - prev) / MINUTES_PER_DAY;
    prev = ts.t[i];
  }
  return Object.fromEntries(Object.keys(done).map((m) => [m, done[m] / days[m]]));
}

export function deriveKonsolosluk(
  p: KonsoloslukParams,
  runs: Record<string, RunSummary>,
  scenario: Scenario,
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
      if (p.pandemic?.withoutOnline) {
        // Paired (same citizens, same draws): the pandemic without the online channels minus with.
        out['withoutOnline.officerHours'] = w.officerHours - main.officerHours;
        out['withoutOnline.peakBacklog'] = (w.peakBacklog ?? 0) - (main.peakBacklog ?? 0);
        out['withoutOnline.longestWaitDays'] = w.longestWaitDays - main.longestWaitDays;
        out['withoutOnline.citizensTurnedAway'] = w.citizensTurnedAway - main.citizensTurnedAway;
        out['withoutOnline.transactions'] = w.transactions - main.transactions;
      }
    }
    {
      const calendar = new Calendar(scenario.calendar, scenario.horizon);
      for (const [month, v] of Object.entries(completionsByMonth(runs.main, calendar)))
        out[`completionsPerDay.${month}`] = v;
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
  stationLabel: (id) => missionStationLabel(id),
  paramLabels: {
    maxTransactionsPerVisit: {
      en: 'Most one citizen brings to a visit',
      tr: 'Bir vatandaşın bir ziyarette getirdiği en çok',
      unit: 'transactions',
    },
    counterShare: {
      en: 'Officers at the counter in opening hours',
      tr: 'Açık saatlerde gişedeki görevli payı',
      unit: 'share',
    },
    optionalAppointmentShare: {
      en: 'Visits with an appointment where one is optional',
      tr: 'Randevunun isteğe bağlı olduğu işlemlerde randevulu ziyaret payı',
      unit: 'share',
    },
    'preApplication.share': {
      en: 'Appointment holders who pre-applied on konsolosluk.gov.tr',
      tr: 'konsolosluk.gov.tr’de ön başvuru yapan randevulu vatandaş payı',
      unit: 'share',
    },
    'preApplication.minutesFactor': {
      en: 'Counter minutes of a pre-applied operation, relative to one started at the counter',
      tr: 'Ön başvurulu işlemin gişe süresi, gişede başlayana göre',
      unit: 'factor',
    },
    'pandemic.urgentShare.*': {
      en: 'Urgent share of {id} visits, served in every stage',
      tr: '{id} ziyaretlerinin acil payı, her aşamada hizmet alır',
      unit: 'share',
    },
    'pandemic.deferred.share': {
      en: 'Routine demand held back by the closure that comes back later',
      tr: 'Kapanışta ertelenip sonradan geri gelen rutin talep payı',
      unit: 'share',
    },
    'pandemic.withoutOnline.bookingMinutes': {
      en: 'Without the online channels: officer minutes to book one appointment by phone or e-mail',
      tr: 'Çevrimiçi kanallar olmadan: telefonla ya da e-postayla bir randevu için görevli dakikası',
      unit: 'minutes',
    },
    'pandemic.withoutOnline.enquiryMinutes': {
      en: 'Without the online channels: officer minutes of questions per visit',
      tr: 'Çevrimiçi kanallar olmadan: ziyaret başına soru yanıtlama görevli dakikası',
      unit: 'minutes',
    },
    demandFactor: {
      en: 'Demand, relative to the scenario',
      tr: 'Talep, senaryoya göre',
      unit: 'factor',
    },
    staffFactor: {
      en: 'Officers at every mission, relative to the scenario',
      tr: 'Her temsilcilikteki görevli sayısı, senaryoya göre',
      unit: 'factor',
    },
    minutesFactor: {
      en: "Every operation's officer minutes, relative to the scenario",
      tr: 'Her işlemin görevli dakikası, senaryoya göre',
      unit: 'factor',
    },
  },
  build: (p, scenario) => buildKonsolosluk(p, scenario),
  derive: (p, runs, scenario) => deriveKonsolosluk(p, runs, scenario),
  // The pandemic figures (citizens served a day by month, peak backlog) come from the series.
  usesTimeseries: (p) => !p.trend?.length,
  breakdowns: [
    {
      id: 'officer-hours-by-area',
      title: 'Officer hours by service area',
      figure: 'officerHours',
      part: 'service area',
      unit: 'officer hours',
    },
  ],
  figures: {
    citizens: {
      kind: 'input',
      unit: 'citizens',
      support: 'nonNegative',
      description: 'citizens who came to a mission',
    },
    transactions: {
      unit: 'transactions',
      support: 'nonNegative',
      description: 'transactions completed at the counters',
    },
    transactionsPerCitizen: {
      unit: 'transactions',
      support: 'nonNegative',
      description: 'per citizen served',
    },
    officerHours: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'officer hours at the counters',
    },
    officerMinutesPerTransaction: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'officer minutes per transaction',
    },
    meanWaitAppointmentMinutes: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'mean wait with an appointment',
    },
    meanWaitWalkInMinutes: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'mean wait of walk-ins who were served or gave up',
    },
    walkInsLost: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'walk-ins who gave up or were sent home at closing',
    },
    meanMissionUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'mean officer utilisation over missions',
    },
    busiestMissionUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'utilisation of the busiest mission',
    },
    missions: {
      kind: 'input',
      unit: 'missions',
      support: 'nonNegative',
      description: 'missions running Konsolosluk.NET',
    },
    areas: {
      kind: 'input',
      unit: 'areas',
      support: 'nonNegative',
      description: 'service areas in the catalogue',
    },
    operationTypes: {
      kind: 'input',
      unit: 'operation types',
      support: 'nonNegative',
      description: 'operation types in the catalogue',
    },
    trendHolds: {
      unit: '1 = yes',
      support: 'unitInterval',
      description: 'transactions rise and minutes per transaction fall every year',
    },
    preAppliedVisits: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'visits pre-applied on konsolosluk.gov.tr',
    },
    officerHoursSavedByPreApplication: {
      unit: 'hours',
      support: 'any',
      description: 'officer hours without the online channel minus with it',
    },
    meanWaitWalkInMinutesWithoutOnline: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'walk-in mean wait without the online channel',
    },
    longestWaitDays: {
      unit: 'days',
      support: 'nonNegative',
      description: 'longest wait of any citizen at any mission',
    },
    citizensTurnedAway: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'citizens who gave up, were sent home at closing or turned away',
    },
    peakBacklog: {
      unit: 'citizens',
      support: 'nonNegative',
      description: 'most citizens waiting at all missions together (daily average)',
    },
    'withoutOnline.officerHours': {
      unit: 'hours',
      support: 'any',
      description: 'extra officer hours without gov.tr, online appointments and Hızır (paired)',
    },
    'withoutOnline.peakBacklog': {
      unit: 'citizens',
      support: 'any',
      description: 'extra peak backlog without the online channels (paired)',
    },
    'withoutOnline.longestWaitDays': {
      unit: 'days',
      support: 'any',
      description: 'longer longest wait without the online channels (paired)',
    },
    'withoutOnline.citizensTurnedAway': {
      unit: 'citizens',
      support: 'any',
      description: 'more citizens turned away without the online channels (paired)',
    },
    'withoutOnline.transactions': {
      unit: 'transactions',
      support: 'any',
      description: 'transactions completed without the online channels minus with (paired)',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    citizens: { unit: 'vatandaş', description: 'bir temsilciliğe gelen vatandaşlar' },
    transactions: { unit: 'işlem', description: 'gişelerde tamamlanan işlemler' },
    transactionsPerCitizen: { unit: 'işlem', description: 'hizmet verilen vatandaş başına' },
    officerHours: { unit: 'saat', description: 'gişelerdeki görevli saati' },
    officerMinutesPerTransaction: { unit: 'dakika', description: 'işlem başına görevli dakikası' },
    meanWaitAppointmentMinutes: { unit: 'dakika', description: 'randevuyla ortalama bekleme' },
    meanWaitWalkInMinutes: {
      unit: 'dakika',
      description: 'randevusuz gelip hizmet alan ya da vazgeçenlerin ortalama beklemesi',
    },
    walkInsLost: {
      unit: 'vatandaş',
      description: 'vazgeçen ya da kapanışta geri gönderilen randevusuz gelenler',
    },
    meanMissionUtilisation: {
      unit: 'pay',
      description: 'temsilcilikler üzerinden ortalama görevli doluluğu',
    },
    busiestMissionUtilisation: { unit: 'pay', description: 'en yoğun temsilciliğin doluluğu' },
    missions: { unit: 'temsilcilik', description: 'Konsolosluk.NET kullanan temsilcilikler' },
    areas: { unit: 'alan', description: 'katalogdaki hizmet alanları' },
    operationTypes: { unit: 'işlem türü', description: 'katalogdaki işlem türleri' },
    trendHolds: {
      unit: '1 = evet',
      description: 'işlemler her yıl artıyor ve işlem başına dakika her yıl düşüyor',
    },
    preAppliedVisits: {
      unit: 'vatandaş',
      description: 'konsolosluk.gov.tr üzerinden ön başvurusu yapılan ziyaretler',
    },
    officerHoursSavedByPreApplication: {
      unit: 'saat',
      description: 'çevrimiçi kanal olmadan görevli saati eksi kanalla',
    },
    meanWaitWalkInMinutesWithoutOnline: {
      unit: 'dakika',
      description: 'çevrimiçi kanal olmadan randevusuz gelenlerin ortalama beklemesi',
    },
    longestWaitDays: {
      unit: 'gün',
      description: 'herhangi bir temsilcilikte herhangi bir vatandaşın en uzun beklemesi',
    },
    citizensTurnedAway: {
      unit: 'vatandaş',
      description: 'vazgeçen, kapanışta geri gönderilen ya da geri çevrilen vatandaşlar',
    },
    peakBacklog: {
      unit: 'vatandaş',
      description: 'tüm temsilciliklerde birlikte en çok bekleyen vatandaş (günlük ortalama)',
    },
    'withoutOnline.officerHours': {
      unit: 'saat',
      description: 'gov.tr, çevrimiçi randevu ve Hızır olmadan ek görevli saati (eşleştirilmiş)',
    },
    'withoutOnline.peakBacklog': {
      unit: 'vatandaş',
      description: 'çevrimiçi kanallar olmadan ek en yüksek birikim (eşleştirilmiş)',
    },
    'withoutOnline.longestWaitDays': {
      unit: 'gün',
      description: 'çevrimiçi kanallar olmadan en uzun beklemedeki artış (eşleştirilmiş)',
    },
    'withoutOnline.citizensTurnedAway': {
      unit: 'vatandaş',
      description: 'çevrimiçi kanallar olmadan geri çevrilen ek vatandaş (eşleştirilmiş)',
    },
    'withoutOnline.transactions': {
      unit: 'işlem',
      description: 'çevrimiçi kanallar olmadan tamamlanan işlemler eksi kanallarla (eşleştirilmiş)',
    },
  },
};
