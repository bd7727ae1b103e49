import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NON_NEGATIVE, POSITIVE, SHARE } from '../scenario/param-rules';
import { scenarioError, type Scenario } from '../scenario/scenario.loader';
import { type ServiceModel, fixedStationLabels } from '../scenario/service-model';
import { CLOCK_PATTERN, CLOCK_RULE, MINUTES_PER_DAY, parseClock } from '../sim/calendar';
import { scaleDistribution, type DistributionSpec } from '../sim/distributions';
import type { ClassModel, NetworkModel, StepModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import { loadPortalReference, type PortalReference } from './diplomatic-portal.config';

/**
 * The Diplomatic Portal: foreign missions in Türkiye send requests in nine service
 * areas (config/diplomatic-portal/areas.yaml) for their diplomats
 * (config/diplomatic-portal/missions.yaml); the ministry's protocol officers decide
 * them. A paper-based arm runs the same requests as notes verbales by courier: the
 * note travels, is registered and keyed in by hand, returns by courier when something
 * is missing, and the answer travels back. Pure: no Nest, no Redis.
 */

export class PortalAreaParams {
  /** Requests a diplomat's mission sends in this area per diplomat per year. */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) perDiplomat!: number;
  /** Mean protocol-officer minutes per request sent through the portal. */
  @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) portalMinutes!: number;
  /** Mean officer minutes for the same request on paper (registry, keying in, filing). */
  @IsNumber({}, POSITIVE) @Min(Number.MIN_VALUE, POSITIVE) paperMinutes!: number;
}

export class CorrectionParams {
  /** Share of portal requests sent back for correction (the form checks catch the rest). */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) portal!: number;
  /** Share of paper requests sent back for correction. */
  @IsNumber({}, SHARE) @Min(0, SHARE) @Max(1, SHARE) paper!: number;
}

export class OfficeHours {
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) open!: string;
  @Matches(CLOCK_PATTERN, { message: CLOCK_RULE }) close!: string;
}

export class DiplomaticPortalParams {
  /** By area id of config/diplomatic-portal/areas.yaml: demand and officer minutes. */
  @IsObject({ message: 'must map every area id to {perDiplomat, portalMinutes, paperMinutes}' })
  areas!: Record<string, PortalAreaParams>;
  /** Spread of officer minutes per request (lognormal coefficient of variation). */
  @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) minutesCv!: number;
  /** Protocol officers deciding requests in office hours (Monday-Friday). */
  @IsInt({ message: 'must be a whole number, 1 or more' })
  @Min(1, { message: 'must be a whole number, 1 or more' })
  officers!: number;
  @ValidateNested() @Type(() => OfficeHours) hours!: OfficeHours;
  @ValidateNested() @Type(() => CorrectionParams) correction!: CorrectionParams;
  /** Days a mission takes to correct a returned request. */
  @IsObject({
    message: 'must be a distribution in days such as {dist: lognormal, mean: 2, cv: 0.5}',
  })
  missionFixDays!: DistributionSpec;
  /** Days a note verbale takes by courier, one way (paper arm). */
  @IsObject({
    message: 'must be a distribution in days such as {dist: lognormal, mean: 1.5, cv: 0.5}',
  })
  courierDays!: DistributionSpec;
  /** Multiplies every mission's diplomats (what-ifs). */
  @IsOptional() @IsNumber({}, NON_NEGATIVE) @Min(0, NON_NEGATIVE) demandFactor?: number;
  /** Also run the paper-based arm on the same requests. */
  @IsOptional() @IsBoolean({ message: 'must be true or false' }) compare?: boolean;
}

/** Enough parallel "servers" that a delay station never queues. */
const UNLIMITED = 100_000;

function checkAreas(p: DiplomaticPortalParams, ref: PortalReference, scenario: Scenario): void {
  const known = new Set(ref.areas.map((a) => a.id));
  // Named where the value was written (the file, a base it extends, or --set), as the
  // decorated params are: `areas` is a map, which class-validator does not walk.
  for (const id of Object.keys(p.areas)) {
    if (!known.has(id))
      throw scenarioError(
        scenario,
        `params.areas.${id}`,
        `must be an area of config/diplomatic-portal/areas.yaml (${[...known].join(', ')})`,
      );
  }
  for (const a of ref.areas) {
    if (!p.areas[a.id])
      throw scenarioError(
        scenario,
        `params.areas.${a.id}`,
        'is required (every area needs its demand and minutes)',
      );
    const v = p.areas[a.id];
    const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (!(isNumber(v.perDiplomat) && v.perDiplomat >= 0))
      throw scenarioError(scenario, `params.areas.${a.id}.perDiplomat`, NON_NEGATIVE.message);
    // A request takes some officer time: 0 minutes is no request (and no lognormal).
    for (const key of ['portalMinutes', 'paperMinutes'] as const)
      if (!(isNumber(v[key]) && v[key] > 0))
        throw scenarioError(scenario, `params.areas.${a.id}.${key}`, POSITIVE.message);
  }
}

/** Requests a year in each area: diplomats × requests per diplomat (an assumption). */
export function requestsByArea(
  p: DiplomaticPortalParams,
  ref: PortalReference,
  years: number,
): Record<string, number> {
  const diplomats = ref.missions.reduce((s, m) => s + m.diplomats, 0) * (p.demandFactor ?? 1);
  return Object.fromEntries(
    ref.areas.map((a) => [a.id, Math.round(diplomats * p.areas[a.id].perDiplomat * years)]),
  );
}

function arm(
  p: DiplomaticPortalParams,
  ref: PortalReference,
  scenario: Scenario,
  paper: boolean,
): NetworkModel {
  const days = (spec: DistributionSpec) => scaleDistribution(spec, MINUTES_PER_DAY);
  const minutes = (mean: number): DistributionSpec =>
    p.minutesCv > 0
      ? { dist: 'lognormal', mean, cv: p.minutesCv }
      : { dist: 'constant', value: mean };
  const years = scenario.horizon / (365 * MINUTES_PER_DAY);
  const requests = requestsByArea(p, ref, years);
  const returned = paper ? p.correction.paper : p.correction.portal;
  const classes: ClassModel[] = ref.areas.map((a) => {
    const officer = minutes(paper ? p.areas[a.id].paperMinutes : p.areas[a.id].portalMinutes);
    const courier = (id: string): StepModel => ({
      id,
      station: 'courier',
      service: days(p.courierDays),
    });
    const route: StepModel[] = [
      ...(paper ? [courier('note-to-ministry')] : []),
      // Decided at once unless something is missing; then back to the mission and again.
      {
        id: 'decide',
        station: 'officers',
        service: officer,
        exit: paper ? undefined : { probability: 1 - returned, outcome: 'decided' },
      },
      ...(paper
        ? [
            // On paper the answer goes back by courier whether decided or returned.
            {
              ...courier('answer-to-mission'),
              exit: { probability: 1 - returned, outcome: 'decided' },
            },
          ]
        : []),
      { id: 'mission-corrects', station: 'mission', service: days(p.missionFixDays) },
      ...(paper ? [courier('corrected-note')] : []),
      { id: 'decide-again', station: 'officers', service: officer },
      ...(paper ? [courier('final-answer')] : []),
    ];
    return { id: a.id, route };
  });
  return {
    name: `${scenario.name}${paper ? '-paper' : ''}`,
    calendar: scenario.calendar,
    stations: [
      {
        id: 'officers',
        schedule: [
          {
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            from: p.hours.open,
            to: p.hours.close,
            servers: p.officers,
          },
        ],
        closePolicy: 'carry-over',
      },
      // Delays, not staff: a note's days in transit, a mission's days correcting a request.
      { id: 'courier', servers: UNLIMITED, staff: false },
      { id: 'mission', servers: UNLIMITED, staff: false },
    ],
    classes,
    sources: ref.areas.map((a) => ({
      id: a.id,
      class: a.id,
      // Missions send requests on working days, in office hours.
      arrivals: {
        kind: 'daily',
        total: requests[a.id],
        dayOfWeek: [1, 1, 1, 1, 1, 0, 0],
        window: { from: p.hours.open, to: p.hours.close },
        closedOnHolidays: true,
      },
    })),
  };
}

export function buildDiplomaticPortal(
  p: DiplomaticPortalParams,
  scenario: Scenario,
  ref = loadPortalReference(),
): Record<string, NetworkModel> {
  checkAreas(p, ref, scenario);
  // Requests arrive between open and close, so close must be the later (no overnight office).
  if (!(parseClock(p.hours.close) > parseClock(p.hours.open)))
    throw scenarioError(scenario, 'params.hours.close', 'must be later than open');
  const arms: Record<string, NetworkModel> = { main: arm(p, ref, scenario, false) };
  if (p.compare) arms.paper = arm(p, ref, scenario, true);
  return arms;
}

function armFigures(run: RunSummary): Record<string, number> {
  let decided = 0;
  let days = 0;
  for (const c of Object.values(run.classes)) {
    decided += c.systemTime.count;
    days += (c.systemTime.mean * c.systemTime.count) / MINUTES_PER_DAY;
  }
  const officers = run.stations.officers;
  const returned = run.stations.mission?.served ?? 0;
  return {
    requestsDecided: decided,
    // A mean over nobody (no request decided) has no value: NaN, `null` in JSON, not 0 days.
    daysToDecision: decided ? days / decided : NaN,
    officerHours: officers.busyTime / 60,
    officerUtilisation: officers.utilisation,
    returnedForCorrection: returned,
    waitingAtEnd: run.totals.inSystemAtEnd,
  };
}

export function deriveDiplomaticPortal(
  _p: DiplomaticPortalParams,
  runs: Record<string, RunSummary>,
  ref = loadPortalReference(),
): Record<string, number> {
  const out: Record<string, number> = {
    diplomats: ref.missions.reduce((s, m) => s + m.diplomats, 0),
    missions: ref.missions.length,
    serviceAreas: ref.areas.length,
    requests: runs.main.totals.arrivals,
    ...armFigures(runs.main),
  };
  const paper = runs.paper;
  if (paper) {
    const f = armFigures(paper);
    out['paper.officerHours'] = f.officerHours;
    out['paper.daysToDecision'] = f.daysToDecision;
    out['paper.returnedForCorrection'] = f.returnedForCorrection;
    // Emergent: the same requests on paper against through the portal (paired).
    out.officerHoursSaved = f.officerHours - out.officerHours;
    out.daysToDecisionSaved = f.daysToDecision - out.daysToDecision;
  }
  return out;
}

export const diplomaticPortalModel: ServiceModel<DiplomaticPortalParams> = {
  id: 'diplomatic-portal',
  params: DiplomaticPortalParams,
  stationLabel: fixedStationLabels({
    officers: {
      en: 'Protocol officers deciding requests',
      tr: 'Talepleri karara bağlayan protokol görevlileri',
    },
    courier: { en: 'Diplomatic courier (on paper)', tr: 'Diplomatik kurye (kâğıt üzerinde)' },
    mission: {
      en: 'Missions correcting returned requests',
      tr: 'Geri gönderilen talepleri düzelten temsilcilikler',
    },
  }),
  paramLabels: {
    'areas.*.perDiplomat': {
      en: '{id}: demand',
      tr: '{id}: talep',
      unit: 'requestsPerDiplomatYear',
    },
    'areas.*.portalMinutes': {
      en: '{id}: officer minutes per request through the portal',
      tr: '{id}: portal üzerinden talep başına görevli dakikası',
      unit: 'minutes',
    },
    'areas.*.paperMinutes': {
      en: '{id}: officer minutes per request on paper',
      tr: '{id}: kâğıt üzerinde talep başına görevli dakikası',
      unit: 'minutes',
    },
    minutesCv: {
      en: 'Spread of officer minutes (coefficient of variation)',
      tr: 'Görevli dakikalarının yayılımı (değişim katsayısı)',
      unit: 'ratio',
    },
    officers: {
      en: 'Protocol desk deciding requests',
      tr: 'Talepleri karara bağlayan protokol birimi',
      unit: 'officers',
    },
    'correction.portal': {
      en: 'Portal requests sent back for correction',
      tr: 'Düzeltmeye geri gönderilen portal talebi payı',
      unit: 'share',
    },
    'correction.paper': {
      en: 'Paper requests sent back for correction',
      tr: 'Düzeltmeye geri gönderilen kâğıt talep payı',
      unit: 'share',
    },
    demandFactor: {
      en: "Every mission's diplomats, relative to the scenario",
      tr: 'Her temsilcilikteki diplomat sayısı, senaryoya göre',
      unit: 'factor',
    },
  },
  build: (p, scenario) => buildDiplomaticPortal(p, scenario),
  derive: (p, runs) => deriveDiplomaticPortal(p, runs),
  figures: {
    diplomats: {
      kind: 'input',
      unit: 'people',
      support: 'nonNegative',
      description: 'diplomats and families on the missions list (config)',
    },
    missions: {
      kind: 'input',
      unit: 'missions',
      support: 'nonNegative',
      description: 'foreign missions and international organisations',
    },
    serviceAreas: {
      kind: 'input',
      unit: 'areas',
      support: 'nonNegative',
      description: 'service areas of the portal (config)',
    },
    requests: {
      kind: 'input',
      unit: 'requests',
      support: 'nonNegative',
      description: 'requests the missions sent',
    },
    requestsDecided: {
      unit: 'requests',
      support: 'nonNegative',
      description: 'requests decided through the portal',
    },
    daysToDecision: {
      unit: 'days',
      support: 'nonNegative',
      description: 'mean days from sending to decision, portal',
    },
    officerHours: {
      unit: 'hours',
      support: 'nonNegative',
      description: 'protocol-officer hours, portal',
    },
    officerUtilisation: {
      unit: 'share',
      support: 'nonNegative',
      description: 'protocol officers busy, portal',
    },
    returnedForCorrection: {
      unit: 'requests',
      support: 'nonNegative',
      description: 'requests sent back for correction, portal',
    },
    waitingAtEnd: {
      unit: 'requests',
      support: 'nonNegative',
      description: 'requests still open at the end, portal',
    },
    'paper.officerHours': {
      unit: 'hours',
      support: 'nonNegative',
      description: 'protocol-officer hours, on paper',
    },
    'paper.daysToDecision': {
      unit: 'days',
      support: 'nonNegative',
      description: 'mean days to decision, on paper',
    },
    'paper.returnedForCorrection': {
      unit: 'requests',
      support: 'nonNegative',
      description: 'returned for correction, on paper',
    },
    officerHoursSaved: {
      unit: 'hours',
      support: 'any',
      description: 'officer hours on paper minus through the portal (paired)',
    },
    daysToDecisionSaved: {
      unit: 'days',
      support: 'any',
      description: 'days to decision on paper minus through the portal (paired)',
    },
  },
  // The figures in Turkish, for the Lab in Turkish (each of `figures`, tested).
  figuresTr: {
    diplomats: {
      unit: 'kişi',
      description: 'temsilcilik listesindeki diplomatlar ve aileleri (yapılandırma)',
    },
    missions: {
      unit: 'temsilcilik',
      description: 'yabancı temsilcilikler ve uluslararası kuruluşlar',
    },
    serviceAreas: { unit: 'alan', description: 'portalın hizmet alanları (yapılandırma)' },
    requests: { unit: 'talep', description: 'temsilciliklerin gönderdiği talepler' },
    requestsDecided: { unit: 'talep', description: 'portal üzerinden karara bağlanan talepler' },
    daysToDecision: {
      unit: 'gün',
      description: 'gönderimden karara ortalama gün, portal',
    },
    officerHours: { unit: 'saat', description: 'protokol görevlisi saati, portal' },
    officerUtilisation: { unit: 'pay', description: 'protokol görevlilerinin meşgul payı, portal' },
    returnedForCorrection: {
      unit: 'talep',
      description: 'düzeltme için geri gönderilen talepler, portal',
    },
    waitingAtEnd: { unit: 'talep', description: 'sonda hâlâ açık talepler, portal' },
    'paper.officerHours': { unit: 'saat', description: 'protokol görevlisi saati, kâğıtla' },
    'paper.daysToDecision': { unit: 'gün', description: 'karara ortalama gün, kâğıtla' },
    'paper.returnedForCorrection': {
      unit: 'talep',
      description: 'düzeltme için geri gönderilenler, kâğıtla',
    },
    officerHoursSaved: {
      unit: 'saat',
      description: 'görevli saati, kâğıtla eksi portal üzerinden (eşleştirilmiş)',
    },
    daysToDecisionSaved: {
      unit: 'gün',
      description: 'karara gün, kâğıtla eksi portal üzerinden (eşleştirilmiş)',
    },
  },
};
