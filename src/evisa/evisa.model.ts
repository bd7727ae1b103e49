import { ModelError } from '../sim/model';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
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
import { loadReferenceData, type ReferenceData } from '../config/reference-data';
import { Calendar, MINUTES_PER_DAY, parseIsoDate } from '../sim/calendar';
import { scaleDistribution, type DistributionSpec } from '../sim/distributions';
import type { ClassModel, NetworkModel, StationModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from '../scenario/scenario.loader';
import { type ServiceModel, fixedStationLabels } from '../scenario/service-model';
import { NON_NEGATIVE, POSITIVE, SHARE, WHOLE } from '../scenario/param-rules';

/**
 * The e-visa service: online application → automated screening → (a share flagged
 * to officers for manual review) → payment by virtual POS → issuance. Beside it, a
 * counterfactual manual arm serves the same applicants at a consular desk, step by
 * step, on common random numbers: officer time saved is the difference between the
 * officers' simulated busy time in the two arms, never a constant.
 *
 * Every number here comes from the scenario's params or config/evisa.yaml.
 */

export class StationParams {
  @IsInt(WHOLE) @Min(1, WHOLE) servers!: number;
  @IsObject({ message: 'must be a distribution such as {dist: lognormal, mean: 0.5, cv: 0.5}' })
  service!: DistributionSpec;
}

export class ScreeningParams extends StationParams {
  /** Share refused by the automated checks. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) refuseShare!: number;
}

export class ReviewParams extends StationParams {
  /** Share of applications flagged to an officer. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) flagShare!: number;
  /** Share of flagged applications the officer refuses. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) refuseShare!: number;
}

export class DigitalParams {
  @ValidateNested() @Type(() => ScreeningParams) screening!: ScreeningParams;
  @ValidateNested() @Type(() => ReviewParams) review!: ReviewParams;
  @ValidateNested() @Type(() => StationParams) payment!: StationParams;
  @ValidateNested() @Type(() => StationParams) issuance!: StationParams;
}

export class DeskStepParams {
  @IsString({ message: 'must be an id' }) id!: string;
  @IsObject({ message: 'must be a distribution of officer minutes' }) service!: DistributionSpec;
  @IsOptional() @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) probability?: number;
}

export class ManualParams {
  /** Share of e-visa applicants who, without e-visa, would have applied at a desk. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) deskShare!: number;
  /** Officers at the desk (the counterfactual's capacity; savings do not depend on it). */
  @IsInt(WHOLE) @Min(1, WHOLE) officers!: number;
  @IsArray({ message: 'must be a list of desk steps' })
  @ValidateNested({ each: true })
  @Type(() => DeskStepParams)
  steps!: DeskStepParams[];
  /** Multiplies every desk step's minutes (sensitivity). */
  @IsOptional() @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) minutesFactor?: number;
}

export class PeakDayParams {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) date!: string;
  /** Demand on the record day relative to an ordinary day of the same weekday and month. */
  @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) surge!: number;
}

export class CostParams {
  /** Fully loaded cost of one officer hour, USD. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) officerHourUsd!: number;
  /** Cost of running the e-visa platform per application (hosting, licences, support), USD. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) platformPerApplicationUsd!: number;
}

const HOURS = { message: 'must be a number of hours, more than 0 and at most 24' };
const DAYS = { message: 'must be a number of days from 1 to 366' };

export class EvisaParams {
  /** Share of applications simulated one by one; counts are scaled back up by 1/sampling. */
  @IsNumber({}, SHARE) @Min(Number.MIN_VALUE, SHARE) @Max(1, SHARE) sampling!: number;
  /** Multiplies demand (what-if). */
  @IsOptional() @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) demandFactor?: number;
  /** Multiplies every digital station's servers (what-if; at least 1 server each). */
  @IsOptional() @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) capacityFactor?: number;
  /** Simulate only the record day (see peakDay) instead of the yearly volumes. */
  @IsOptional() @ValidateNested() @Type(() => PeakDayParams) peakDay?: PeakDayParams;
  @ValidateNested() @Type(() => DigitalParams) digital!: DigitalParams;
  /** The counterfactual desk arm; leave out to run the digital arm only. */
  @IsOptional() @ValidateNested() @Type(() => ManualParams) manual?: ManualParams;
  /** Hours in an officer's working day, for working days saved. */
  @IsNumber({}, HOURS) @Min(Number.MIN_VALUE, HOURS) @Max(24, HOURS) workdayHours!: number;
  @IsOptional() @ValidateNested() @Type(() => CostParams) costs?: CostParams;
  /** No e-visa at all (what-if): the digital arm is dropped and the desk arm is the service. */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) noEvisa?: boolean;
  /** Working days in an officer's year, for officers needed (full-time equivalents). */
  @IsOptional() @IsNumber({}, DAYS) @Min(1, DAYS) @Max(366, DAYS) workingDaysPerYear?: number;
}

const DAYS_PER_YEAR = 365.25;

/**
 * Stations whose busy time is officer time: the rest are machines (screening, payment and
 * issuance are automated; no-visit is a zero-time pass), built with `staff: false` below.
 */
const OFFICER_STATIONS = new Set(['review', 'desk']);

function scaleServers(servers: number, factor: number): number {
  return Math.max(1, Math.round(servers * factor));
}

/** Applications per calendar year in the horizon, from config, scaled. */
function demandByYear(ref: ReferenceData, factor: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(ref.evisa.yearlyApplications).map(([y, n]) => [y, Math.round(n * factor)]),
  );
}

/** Expected applications on `date`: its year's volume shared over the year's days by the profiles. */
export function ordinaryDayDemand(ref: ReferenceData, date: string): number {
  const year = Number(date.slice(0, 4));
  const total = ref.evisa.yearlyApplications[year];
  if (total === undefined)
    throw new ModelError('params.peakDay.date', `config/evisa.yaml has no volume for ${year}`);
  const start = `${year}-01-01`;
  const cal = new Calendar({ start }, 366 * MINUTES_PER_DAY);
  const dow = ref.evisa.dayOfWeekProfile;
  const month = ref.evisa.monthlyProfile;
  const dowMean = dow.reduce((a, b) => a + b, 0) / dow.length;
  const monthMean = month.reduce((a, b) => a + b, 0) / month.length;
  let sum = 0;
  let target = 0;
  const day = Math.round((parseIsoDate(date) - parseIsoDate(start)) / 86_400_000);
  for (let d = 0; d < cal.days && cal.year(d) === year; d++) {
    const w = (dow[cal.weekday[d]] / dowMean) * (month[cal.month[d]] / monthMean);
    sum += w;
    if (d === day) target = w;
  }
  return (total * target) / sum;
}

function classes(ref: ReferenceData, route: ClassModel['route']): ClassModel[] {
  return ref.evisa.feesByNationalityGroup.map((g) => ({ id: g.id, route }));
}

export function buildEvisa(
  p: EvisaParams,
  scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, NetworkModel> {
  const peak = p.peakDay !== undefined;
  const sampling = peak ? 1 : p.sampling;
  const cap = (p.capacityFactor ?? 1) * sampling;
  const demandFactor = (p.demandFactor ?? 1) * sampling;
  const groups = Object.fromEntries(ref.evisa.feesByNationalityGroup.map((g) => [g.id, g.share]));
  const profile = {
    hourOfDay: [...ref.evisa.hourOfDayProfile],
    dayOfWeek: [...ref.evisa.dayOfWeekProfile],
    month: [...ref.evisa.monthlyProfile],
  };
  const arrivals = peak
    ? {
        kind: 'daily' as const,
        total: Math.round(
          ordinaryDayDemand(ref, (p.peakDay as PeakDayParams).date) *
            (p.peakDay as PeakDayParams).surge *
            (p.demandFactor ?? 1),
        ),
        hourOfDay: profile.hourOfDay,
      }
    : { kind: 'daily' as const, byYear: demandByYear(ref, demandFactor), ...profile };
  const source = { id: 'applicants', class: groups, arrivals };
  const d = p.digital;
  const station = (id: string, s: StationParams): StationModel => ({
    id,
    servers: scaleServers(s.servers, cap),
    // The officers' busy time is officer time; the automated steps' is not (StationModel.staff).
    ...(!OFFICER_STATIONS.has(id) && { staff: false }),
  });
  const digital: NetworkModel = {
    name: `${scenario.name}-digital`,
    stations: [
      station('screening', d.screening),
      station('review', d.review),
      station('payment', d.payment),
      station('issuance', d.issuance),
    ],
    classes: classes(ref, [
      {
        id: 'screening',
        station: 'screening',
        service: d.screening.service,
        exit: { probability: d.screening.refuseShare, outcome: 'refused' },
      },
      {
        id: 'review',
        station: 'review',
        service: d.review.service,
        probability: d.review.flagShare,
        exit: { probability: d.review.refuseShare, outcome: 'refused' },
      },
      { id: 'payment', station: 'payment', service: d.payment.service },
      { id: 'issuance', station: 'issuance', service: d.issuance.service },
    ]),
    sources: [source],
  };
  const arms: Record<string, NetworkModel> = {};
  if (!p.noEvisa) arms.main = digital;
  if (p.manual) {
    const m = p.manual;
    const f = m.minutesFactor ?? 1;
    const deskRoute: ClassModel['route'] = m.steps.map((s) => ({
      id: s.id,
      station: 'desk',
      service: scaleDistribution(s.service, f),
      probability: s.probability,
    }));
    arms.manual = {
      name: `${scenario.name}-manual`,
      stations: [
        { id: 'desk', servers: scaleServers(m.officers, sampling) },
        { id: 'no-visit', servers: 1_000_000, staff: false },
      ],
      classes: [
        ...ref.evisa.feesByNationalityGroup.map((g) => ({ id: g.id, route: deskRoute })),
        // Applicants who would not have come to a desk pass through a zero-time step.
        {
          id: 'no-desk',
          route: [{ id: 'no-visit', station: 'no-visit', service: { dist: 'constant', value: 0 } }],
        },
      ],
      sources: [{ ...source, class: deskMix(groups, m.deskShare) }],
    };
  }
  return arms;
}

/** Class weights of the manual arm: the nationality groups scaled by the desk share, plus those who stay home. */
function deskMix(groups: Record<string, number>, deskShare: number): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const [id, share] of Object.entries(groups)) mix[id] = share * deskShare;
  mix['no-desk'] = 1 - deskShare;
  return mix;
}

/** Officer minutes (busy time at officer stations) in one arm's run. */
function officerMinutes(run: RunSummary): number {
  let sum = 0;
  for (const s of Object.values(run.stations)) if (s.staff !== false) sum += s.busyTime;
  return sum;
}

export function deriveEvisa(
  p: EvisaParams,
  runs: Record<string, RunSummary>,
  _scenario: Scenario,
  ref = loadReferenceData(),
): Record<string, number> {
  const peak = p.peakDay !== undefined;
  const scale = peak ? 1 : 1 / p.sampling;
  const out: Record<string, number> = {};
  const fee = Object.fromEntries(ref.evisa.feesByNationalityGroup.map((g) => [g.id, g.feeUsd]));
  const d = runs.main;
  if (d) {
    const applications = d.totals.arrivals;
    const paid = d.stations.payment.servedByClass;
    const revenue = Object.entries(paid).reduce((s, [cls, n]) => s + n * (fee[cls] ?? 0), 0);
    const issued = d.stations.issuance.served;
    const refused = Object.values(d.classes).reduce((s, c) => s + (c.outcomes.refused ?? 0), 0);
    out.applications = applications * scale;
    out.issued = issued * scale;
    out.refused = refused * scale;
    out.feeRevenueUsd = revenue * scale;
    // Means over nobody (no fee paid, no application) have no value: NaN, `null` in JSON.
    const payers = Object.values(paid).reduce((a, b) => a + b, 0);
    out.meanFeePaidUsd = payers > 0 ? revenue / payers : NaN;
    out.digitalOfficerMinutesPerApplication =
      applications > 0 ? officerMinutes(d) / applications : NaN;
    out.meanHoursToIssue = meanSystemTime(d) / 60;
    if (peak) {
      out.peakDayIssued = issued;
      out.peakDayDemand = applications;
      out.peakDayBacklog = applications - issued - refused;
    }
  }
  const m = runs.manual;
  if (m) {
    const applications = m.totals.arrivals;
    out.manualOfficerMinutesPerApplication =
      applications > 0 ? officerMinutes(m) / applications : NaN;
    if (d) {
      const saved =
        out.manualOfficerMinutesPerApplication - out.digitalOfficerMinutesPerApplication;
      out.officerMinutesSavedPerApplication = saved;
      // No application saves no hours (saved per application, a mean over none, is NaN).
      out.officerHoursSaved = out.applications > 0 ? (saved * out.applications) / 60 : 0;
      out.workdaysSaved = out.officerHoursSaved / p.workdayHours;
      if (p.costs) {
        const c = p.costs;
        out.costPerTransactionDigitalUsd =
          (out.digitalOfficerMinutesPerApplication / 60) * c.officerHourUsd +
          c.platformPerApplicationUsd;
        out.costPerTransactionDeskUsd =
          (out.manualOfficerMinutesPerApplication / 60) * c.officerHourUsd;
      }
    } else {
      // No e-visa: the desk's officer hours, and the officers they take, are the answer.
      out.applications = applications * scale;
      out.deskOfficerHours = (officerMinutes(m) / 60) * scale;
      const days = m.observed / MINUTES_PER_DAY;
      if (peak) out.deskOfficersNeeded = out.deskOfficerHours / p.workdayHours;
      else if (p.workingDaysPerYear)
        out.deskOfficersNeeded =
          out.deskOfficerHours / (p.workdayHours * p.workingDaysPerYear * (days / DAYS_PER_YEAR));
    }
  }
  return out;
}

function meanSystemTime(run: RunSummary): number {
  let n = 0;
  let sum = 0;
  for (const c of Object.values(run.classes)) {
    n += c.systemTime.count;
    sum += c.systemTime.mean * c.systemTime.count;
  }
  return n ? sum / n : NaN;
}

export const evisaModel: ServiceModel<EvisaParams> = {
  id: 'evisa',
  params: EvisaParams,
  stationLabel: fixedStationLabels({
    screening: { en: 'E-visa automated screening', tr: 'E-vize otomatik ön kontrol' },
    review: {
      en: 'E-visa officers reviewing flagged applications',
      tr: 'E-vize: işaretlenen başvuruları inceleyen görevliler',
    },
    payment: { en: 'E-visa payment by virtual POS', tr: 'E-vize sanal POS ile ödeme' },
    issuance: { en: 'E-visa issuance', tr: 'E-vize düzenleme' },
    desk: { en: 'Consular desk (without e-visa)', tr: 'Konsolosluk gişesi (e-vize olmadan)' },
    'no-visit': {
      en: 'Applicants who would not come to a desk',
      tr: 'Gişeye gelmeyecek başvuru sahipleri',
    },
  }),
  paramLabels: {
    sampling: {
      en: 'Share of applications simulated one by one (counts are scaled back up)',
      tr: 'Tek tek benzetilen başvuru payı (sayılar geri ölçeklenir)',
      unit: 'share',
    },
    workdayHours: {
      en: "Hours in an officer's working day",
      tr: 'Görevlinin iş günündeki saat',
      unit: 'hours',
    },
    workingDaysPerYear: {
      en: "Working days in an officer's year",
      tr: 'Görevlinin yıldaki iş günü',
      unit: 'days',
    },
    'digital.screening.servers': {
      en: 'E-visa automated screening',
      tr: 'E-vize otomatik ön kontrol',
      unit: 'servers',
    },
    'digital.screening.refuseShare': {
      en: 'E-visa screening: applications refused',
      tr: 'E-vize ön kontrol: reddedilen başvuru payı',
      unit: 'share',
    },
    'digital.review.servers': {
      en: 'E-visa review of flagged applications',
      tr: 'E-vize: işaretlenen başvuruların incelemesi',
      unit: 'officers',
    },
    'digital.review.flagShare': {
      en: 'E-visa review: applications flagged for an officer',
      tr: 'E-vize inceleme: görevliye düşen başvuru payı',
      unit: 'share',
    },
    'digital.review.refuseShare': {
      en: 'E-visa review: flagged applications refused',
      tr: 'E-vize inceleme: işaretlenen başvurulardan reddedilen pay',
      unit: 'share',
    },
    'digital.payment.servers': {
      en: 'E-visa payment by virtual POS',
      tr: 'E-vize sanal POS ile ödeme',
      unit: 'servers',
    },
    'digital.issuance.servers': {
      en: 'E-visa issuance',
      tr: 'E-vize düzenleme',
      unit: 'servers',
    },
    'manual.deskShare': {
      en: 'Without e-visa: applicants who would apply at a desk',
      tr: 'E-vize olmasa gişeye başvuracak başvuru sahibi payı',
      unit: 'share',
    },
    'manual.minutesFactor': {
      en: "Desk: every step's minutes, relative to the scenario",
      tr: 'Gişe: her adımın dakikası, senaryoya göre',
      unit: 'factor',
    },
    'manual.officers': {
      en: 'Consular desks without e-visa',
      tr: 'E-vize olmadan konsolosluk gişeleri',
      unit: 'officers',
    },
    'costs.officerHourUsd': {
      en: 'Cost of one officer hour',
      tr: 'Bir görevli saatinin maliyeti',
      unit: 'usdPerHour',
    },
    'costs.platformPerApplicationUsd': {
      en: 'Platform cost per application',
      tr: 'Başvuru başına platform maliyeti',
      unit: 'usdPerApplication',
    },
    'peakDay.surge': {
      en: 'Record-day demand, relative to an ordinary day',
      tr: 'Rekor gün talebi, sıradan bir güne göre',
      unit: 'factor',
    },
    demandFactor: {
      en: 'Demand, relative to the scenario',
      tr: 'Talep, senaryoya göre',
      unit: 'factor',
    },
    capacityFactor: {
      en: "Every e-visa station's servers, relative to the scenario",
      tr: 'Her e-vize istasyonunun sunucusu, senaryoya göre',
      unit: 'factor',
    },
  },
  build: (p, scenario) => buildEvisa(p, scenario),
  derive: (p, runs, scenario) => deriveEvisa(p, runs, scenario),
  // A record day is simulated applicant by applicant; a span of years samples them.
  sampledShare: (p) => (p.peakDay !== undefined ? 1 : p.sampling),
  // The desk arm (manual) against the e-visa (main), on the same applicants and seeds.
  comparisons: [
    {
      id: 'savings',
      title: 'Officer time saved',
      baseline: { arm: 'manual', label: 'desk' },
      candidate: { arm: 'main', label: 'e-visa' },
      minutesPerApplication: {
        baseline: 'manualOfficerMinutesPerApplication',
        candidate: 'digitalOfficerMinutesPerApplication',
        saved: 'officerMinutesSavedPerApplication',
        source: 'the model’s officer-minute figures (derived.*OfficerMinutesPerApplication)',
      },
      figures: [
        { label: 'officer hours saved', figure: 'officerHoursSaved', unit: 'hours' },
        { label: 'working days saved', figure: 'workdaysSaved', unit: 'working days' },
        { label: 'cost per transaction, desk', figure: 'costPerTransactionDeskUsd', unit: 'USD' },
        {
          label: 'cost per transaction, e-visa',
          figure: 'costPerTransactionDigitalUsd',
          unit: 'USD',
        },
      ],
    },
  ],
  figures: {
    applications: {
      kind: 'input',
      unit: 'applications',
      support: 'nonNegative',
      description: 'e-visa applications received (scaled up from the sample)',
    },
    issued: { unit: 'applications', support: 'nonNegative', description: 'e-visas issued' },
    refused: {
      unit: 'applications',
      support: 'nonNegative',
      description: 'applications refused at screening or review',
    },
    feeRevenueUsd: {
      unit: 'USD',
      support: 'nonNegative',
      description: 'fees paid at the virtual POS',
    },
    meanFeePaidUsd: { unit: 'USD', support: 'nonNegative', description: 'mean fee per payment' },
    digitalOfficerMinutesPerApplication: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'officer minutes per application, e-visa (manual review)',
    },
    manualOfficerMinutesPerApplication: {
      unit: 'minutes',
      support: 'nonNegative',
      description: 'officer minutes per application at a desk (counterfactual)',
    },
    officerMinutesSavedPerApplication: {
      unit: 'minutes',
      support: 'any',
      description: 'desk minus e-visa officer minutes per application',
    },
    officerHoursSaved: {
      unit: 'hours',
      support: 'any',
      description: 'officer hours saved over all applications',
    },
    workdaysSaved: {
      unit: 'working days',
      support: 'any',
      description: 'officer hours saved ÷ hours in a working day',
    },
    meanHoursToIssue: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'mean time from application to issuance or refusal',
    },
    peakDayIssued: {
      unit: 'applications',
      support: 'nonNegative',
      description: 'e-visas issued within the record day',
    },
    peakDayDemand: {
      kind: 'input',
      unit: 'applications',
      support: 'nonNegative',
      description: 'applications received on the record day',
    },
    peakDayBacklog: {
      unit: 'applications',
      support: 'nonNegative',
      description: 'applications still in process at midnight',
    },
    costPerTransactionDigitalUsd: {
      unit: 'USD',
      support: 'nonNegative',
      description: 'cost per e-visa (officer time + platform)',
    },
    costPerTransactionDeskUsd: {
      unit: 'USD',
      support: 'nonNegative',
      description: 'cost per visa at a desk (officer time)',
    },
    deskOfficerHours: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'officer hours at desks with no e-visa',
    },
    deskOfficersNeeded: {
      unit: 'officers',
      support: 'nonNegative',
      description: 'full-time officers those hours take (per working day on a peak-day run)',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    applications: {
      unit: 'başvuru',
      description: 'alınan e-vize başvuruları (örnekten ölçeklenmiş)',
    },
    issued: { unit: 'başvuru', description: 'verilen e-vizeler' },
    refused: {
      unit: 'başvuru',
      description: 'ön kontrolde ya da incelemede reddedilen başvurular',
    },
    feeRevenueUsd: { unit: 'USD', description: 'sanal POS’ta ödenen harçlar' },
    meanFeePaidUsd: { unit: 'USD', description: 'ödeme başına ortalama harç' },
    digitalOfficerMinutesPerApplication: {
      unit: 'dakika',
      description: 'başvuru başına görevli dakikası, e-vize (elle inceleme)',
    },
    manualOfficerMinutesPerApplication: {
      unit: 'dakika',
      description: 'gişede başvuru başına görevli dakikası (karşı olgusal)',
    },
    officerMinutesSavedPerApplication: {
      unit: 'dakika',
      description: 'başvuru başına görevli dakikası, gişe eksi e-vize',
    },
    officerHoursSaved: { unit: 'saat', description: 'tüm başvurularda kazanılan görevli saati' },
    workdaysSaved: {
      unit: 'iş günü',
      description: 'kazanılan görevli saati ÷ bir iş günündeki saat',
    },
    meanHoursToIssue: {
      unit: 'saat',
      description: 'başvurudan vize verilmesine ya da reddine kadar ortalama süre',
    },
    peakDayIssued: { unit: 'başvuru', description: 'rekor gün içinde verilen e-vizeler' },
    peakDayDemand: { unit: 'başvuru', description: 'rekor günde alınan başvurular' },
    peakDayBacklog: { unit: 'başvuru', description: 'gece yarısı hâlâ işlemde olan başvurular' },
    costPerTransactionDigitalUsd: {
      unit: 'USD',
      description: 'e-vize başına maliyet (görevli zamanı + platform)',
    },
    costPerTransactionDeskUsd: {
      unit: 'USD',
      description: 'gişede vize başına maliyet (görevli zamanı)',
    },
    deskOfficerHours: { unit: 'saat', description: 'e-vize olmadan gişelerdeki görevli saati' },
    deskOfficersNeeded: {
      unit: 'görevli',
      description:
        'bu saatlerin gerektirdiği tam zamanlı görevli (rekor gün çalıştırmasında iş günü başına)',
    },
  },
};
