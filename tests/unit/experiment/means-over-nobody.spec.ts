import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../../src/report/summary.report';
import { run } from '../../helpers/scenario-run';

/**
 * A derived mean over nobody (no request decided, no application, nobody waiting) has no value:
 * NaN, `null` in JSON and "–" in the text, as a station's wait.mean where nobody started service
 * (README, "a mean over nobody"). Shown as 0 it reads as "decided at once".
 */
const WEEK = ['horizon=7d'];

/** Each service model with no demand, and the derived means it then has no value for. */
const cases: [string, string[], string[]][] = [
  [
    'paper-diplomatic-portal',
    ['params.demandFactor=0'],
    ['daysToDecision', 'paper.daysToDecision', 'daysToDecisionSaved'],
  ],
  [
    'paper-evisa',
    ['params.demandFactor=0'],
    [
      'meanFeePaidUsd',
      'digitalOfficerMinutesPerApplication',
      'manualOfficerMinutesPerApplication',
      'meanHoursToIssue',
      'officerMinutesSavedPerApplication',
    ],
  ],
  [
    'paper-konsolosluk-2020',
    ['params.demandFactor=0'],
    [
      'transactionsPerCitizen',
      'officerMinutesPerTransaction',
      'meanWaitAppointmentMinutes',
      'meanWaitWalkInMinutes',
    ],
  ],
  ['paper-hizir', ['params.questionsPerDay=0'], ['officerWaitHours']],
  ['paper-gov-tr-2020', ['params.citizens=0'], ['p99WaitSeconds']],
];

describe('derived means over nobody', () => {
  it.each(cases)(
    '%s with no demand: no value, not 0',
    async (name, set, figures) => {
      const r = await run(name, [...WEEK, ...set], 2);
      expect(r.metrics['totals.arrivals'].mean).toBe(0);
      for (const f of figures) {
        const e = r.metrics[`derived.${f}`];
        expect(e, f).toBeDefined();
        expect(e.mean, f).toBeNaN();
        expect(e.ci95, f).toBeNull();
      }
      const text = renderSummary(r);
      for (const f of figures) {
        const row = text.split('\n').find((l) => l.startsWith(`${f} `));
        expect(row, f).toMatch(new RegExp(`^${f.replace(/\./g, '\\.')}\\s+–\\s`));
      }
    },
    60_000,
  );

  it('no application saves no officer hours (e-visa): 0, not a mean over nobody', async () => {
    const r = await run('paper-evisa', [...WEEK, 'params.demandFactor=0'], 2);
    expect(r.metrics['derived.officerHoursSaved'].mean).toBe(0);
  }, 60_000);
});
