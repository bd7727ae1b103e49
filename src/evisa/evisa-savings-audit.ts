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
  /** Officer hours saved when the desk share and the desk minutes move (rows: desk share; columns: minutes factor). */
  sensitivity: { deskShares: number[]; minutesFactors: number[]; hoursSaved: number[][] };
}

/** A run's metric means, as far as the audit reads them. */
export interface AuditedRun {
  metrics: Record<string, { mean: number } | undefined>;
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
  const deskShares = [1, 0.75, 0.5, 0.25];
  const minutesFactors = [0.5, 0.75, 1, 1.25, 1.5];
  // The desk arm ran with deskShare 1 (see paper-evisa.yaml): its minutes scale linearly in both.
  const hoursSaved = deskShares.map((s) =>
    minutesFactors.map((f) => ((s * f * desk - evisa) * apps) / 60),
  );
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
    sensitivity: { deskShares, minutesFactors, hoursSaved },
  };
}
