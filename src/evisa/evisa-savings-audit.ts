import type { ReferenceData } from '../config/reference-data';
import { figureValue } from '../config/reference-data';
import { derivedMetricKey } from '../scenario/service-model';

/**
 * The savings audit: the paper's arithmetic (12 min × 35 M → 7 M h → 875,000 days)
 * set against the simulation's, cost per transaction per channel (total cost ÷
 * completed transactions, the GOV.UK service-manual method), and how the savings
 * move when their two main assumptions move.
 */
export interface SavingsAudit {
  paper: {
    minutesPerApplication: number;
    applications: number;
    hours: number;
    workdays: number;
    hoursPerWorkday: number;
  };
  simulated: {
    minutesPerApplication: number;
    deskMinutes: number;
    evisaMinutes: number;
    applications: number;
    hours: number;
    workdays: number;
  };
  costPerTransaction: { channel: string; usd: number }[];
  /**
   * Officer hours saved when the desk share and the desk minutes move (rows: desk share;
   * columns: the factor on the desk steps' minutes as written), or undefined when the run gives
   * nothing to scale (`sensitivityRefused` says why).
   */
  sensitivity?: SavingsSensitivity;
  sensitivityRefused?: string;
}

export interface SavingsSensitivity {
  /**
   * The run's own params.manual.deskShare and minutesFactor (after --set): the grid holds them,
   * and their cell is the simulated hours saved.
   */
  run: { deskShare: number; minutesFactor: number };
  deskShares: number[];
  minutesFactors: number[];
  hoursSaved: number[][];
}

/** A run's metric means, and the scenario as run, as far as the audit reads them. */
export interface AuditedRun {
  metrics: Record<string, { mean: number } | undefined>;
  /** The scenario document after --set: the audit reads the run's params.manual from it. */
  scenario: { document: Record<string, unknown> };
}

/** The grid's desk shares and minutes factors; the run's own are added where missing. */
const DESK_SHARES = [1, 0.75, 0.5, 0.25];
const MINUTES_FACTORS = [0.5, 0.75, 1, 1.25, 1.5];

/** params.manual.<key> of the run's document, if a number. */
function manualParam(run: AuditedRun, key: string): number | undefined {
  const params = run.scenario.document.params as Record<string, unknown> | undefined;
  const manual = params?.manual as Record<string, unknown> | undefined;
  const v = manual?.[key];
  return typeof v === 'number' ? v : undefined;
}

/**
 * The sensitivity grid. The desk arm's minutes per e-visa applicant are deskShare × minutesFactor
 * × the desk steps' own minutes (the applicants who would not have gone to a desk cost it none;
 * the factor multiplies every step), so dividing by the run's two recovers the steps' minutes and
 * any other cell scales them again. A run with deskShare 0 put nobody at a desk: there are no
 * desk minutes to scale, and the grid is refused rather than drawn from zeros.
 */
function sensitivityGrid(
  run: AuditedRun,
  deskMinutes: number,
  evisaMinutes: number,
  applications: number,
): { sensitivity?: SavingsSensitivity; sensitivityRefused?: string } {
  const deskShare = manualParam(run, 'deskShare');
  // The e-visa model's default where the scenario leaves it out (evisa.model.ts: `?? 1`).
  const minutesFactor = manualParam(run, 'minutesFactor') ?? 1;
  if (deskShare === undefined)
    return { sensitivityRefused: 'the run does not say its params.manual.deskShare' };
  if (deskShare === 0)
    return {
      sensitivityRefused:
        'the run had params.manual.deskShare 0 (nobody at a desk), so it measured no desk minutes to scale to other shares',
    };
  const stepMinutes = deskMinutes / (deskShare * minutesFactor);
  const withRun = (grid: number[], own: number, order: 1 | -1) =>
    (grid.includes(own) ? grid : [...grid, own]).sort((a, b) => order * (a - b));
  const deskShares = withRun(DESK_SHARES, deskShare, -1);
  const minutesFactors = withRun(MINUTES_FACTORS, minutesFactor, 1);
  const hoursSaved = deskShares.map((s) =>
    minutesFactors.map((f) => ((s * f * stepMinutes - evisaMinutes) * applications) / 60),
  );
  return {
    sensitivity: { run: { deskShare, minutesFactor }, deskShares, minutesFactors, hoursSaved },
  };
}

/** Builds the audit from the paper-evisa run, or undefined when it is not among the results. */
export function savingsAudit(
  results: readonly AuditedRun[],
  ref: ReferenceData,
): SavingsAudit | undefined {
  const run = results.find(
    (r) =>
      r.metrics[derivedMetricKey('officerMinutesSavedPerApplication')] &&
      r.metrics[derivedMetricKey('manualOfficerMinutesPerApplication')],
  );
  if (!run) return undefined;
  const m = (k: string) => run.metrics[derivedMetricKey(k)]?.mean ?? NaN;
  const minutes = figureValue(ref, 'evisa.officer_minutes_saved_per_application');
  const applications = figureValue(ref, 'evisa.applications_total');
  const hours = figureValue(ref, 'evisa.officer_hours_saved');
  const workdays = figureValue(ref, 'evisa.workdays_saved');
  const desk = m('manualOfficerMinutesPerApplication');
  const evisa = m('digitalOfficerMinutesPerApplication');
  const apps = m('applications');
  const cost: SavingsAudit['costPerTransaction'] = [];
  if (!Number.isNaN(m('costPerTransactionDigitalUsd'))) {
    cost.push({
      channel: 'e-visa (online, officer review of flagged cases + platform)',
      usd: m('costPerTransactionDigitalUsd'),
    });
    cost.push({
      channel: 'visa at a consular desk (officer time)',
      usd: m('costPerTransactionDeskUsd'),
    });
  }
  return {
    paper: {
      minutesPerApplication: minutes,
      applications,
      hours,
      workdays,
      hoursPerWorkday: hours / workdays,
    },
    simulated: {
      minutesPerApplication: m('officerMinutesSavedPerApplication'),
      deskMinutes: desk,
      evisaMinutes: evisa,
      applications: apps,
      hours: m('officerHoursSaved'),
      workdays: m('workdaysSaved'),
    },
    costPerTransaction: cost,
    ...sensitivityGrid(run, desk, evisa, apps),
  };
}
