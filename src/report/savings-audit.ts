import type { ReferenceData } from '../config/reference-data';
import { figureValue } from '../config/reference-data';
import type { ScenarioResult } from '../experiment/scenario.runner';
import { fmt, table } from './format';

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

/** Builds the audit from the paper-evisa run, or undefined when it is not among the results. */
export function savingsAudit(
  results: ScenarioResult[],
  ref: ReferenceData,
): SavingsAudit | undefined {
  const run = results.find(
    (r) =>
      r.metrics['derived.officerMinutesSavedPerApplication'] &&
      r.metrics['derived.manualOfficerMinutesPerApplication'],
  );
  if (!run) return undefined;
  const m = (k: string) => run.metrics[`derived.${k}`]?.mean ?? NaN;
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

export function renderAudit(a: SavingsAudit): string {
  const out: string[] = [];
  out.push('Savings audit');
  out.push(
    `  The paper: ${fmt(a.paper.minutesPerApplication)} min × ${fmt(a.paper.applications)} applications = ${fmt((a.paper.minutesPerApplication * a.paper.applications) / 60)} h ` +
      `(reported ${fmt(a.paper.hours)} h); ÷ ${fmt(a.paper.hoursPerWorkday)} h a day = ${fmt((a.paper.minutesPerApplication * a.paper.applications) / 60 / a.paper.hoursPerWorkday)} days (reported ${fmt(a.paper.workdays)}).`,
  );
  out.push(
    '  The three savings figures are one assumption (12 minutes for every application) multiplied out.',
  );
  out.push(
    `  Simulated: desk ${fmt(a.simulated.deskMinutes, 2)} min − e-visa ${fmt(a.simulated.evisaMinutes, 2)} min = ${fmt(a.simulated.minutesPerApplication, 2)} min saved per application; ` +
      `× ${fmt(Math.round(a.simulated.applications))} = ${fmt(Math.round(a.simulated.hours))} h = ${fmt(Math.round(a.simulated.workdays))} working days.`,
  );
  if (a.costPerTransaction.length) {
    out.push('');
    out.push(
      table(
        ['channel', 'cost per transaction (USD)'],
        a.costPerTransaction.map((c) => [c.channel, fmt(c.usd, 2)]),
      ),
    );
  }
  out.push('');
  out.push(
    '  Officer hours saved if only a share of e-visa applicants would have used a desk, and if desk minutes differ:',
  );
  out.push(
    table(
      ['desk share', ...a.sensitivity.minutesFactors.map((f) => `× ${f} min`)],
      a.sensitivity.deskShares.map((s, i) => [
        `${s * 100}%`,
        ...a.sensitivity.hoursSaved[i].map((h) => fmt(Math.round(h))),
      ]),
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
  out.push(
    '  (Linear in both from the simulated per-applicant minutes; a negative figure means the e-visa review costs more officer time than the desks it replaces.)',
  );
  return out.join('\n');
}
