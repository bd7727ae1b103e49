import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/config/reference-data';
import { savingsAudit } from '../../../src/evisa/evisa-savings-audit';
import { renderAudit } from '../../../src/report/savings-audit';

const ref = loadReferenceData();
/** A run's derived figures, and its params.manual as run (the paper's: everyone at a desk, × 1). */
const run = (
  figures: Record<string, number>,
  manual: Record<string, number> = { deskShare: 1, minutesFactor: 1 },
) => ({
  metrics: Object.fromEntries(
    Object.entries(figures).map(([k, mean]) => [`derived.${k}`, { mean }]),
  ),
  scenario: { document: { params: { manual } } },
});

/** The table's heading and rows, cell by cell, as renderAudit prints them. */
function printedTable(text: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith('desk share'));
  const end = lines.findIndex((l, i) => i > start && l.trimStart().startsWith('('));
  return lines
    .slice(start, end)
    .filter((l) => !/^\s*-/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));
}

describe('the e-visa savings audit', () => {
  it('finds the e-visa run by its figures and scales the desk minutes in both assumptions', () => {
    const evisa = run({
      officerMinutesSavedPerApplication: 15,
      manualOfficerMinutesPerApplication: 20,
      digitalOfficerMinutesPerApplication: 5,
      applications: 600,
      officerHoursSaved: 150,
      workdaysSaved: 20,
    });
    const audit = savingsAudit([run({ other: 1 }), evisa], ref)!;
    expect(audit.simulated).toMatchObject({ deskMinutes: 20, evisaMinutes: 5, hours: 150 });
    const { deskShares, minutesFactors, hoursSaved } = audit.sensitivity!;
    // All applicants at a desk, desk minutes as simulated: (20 − 5) min × 600 / 60.
    expect(hoursSaved[deskShares.indexOf(1)][minutesFactors.indexOf(1)]).toBeCloseTo(150, 9);
    // A quarter at a desk, half the minutes: (0.25 × 0.5 × 20 − 5) × 600 / 60 < 0.
    expect(hoursSaved[deskShares.indexOf(0.25)][minutesFactors.indexOf(0.5)]).toBeCloseTo(-25, 9);
    expect(renderAudit(audit)).toContain(
      'desk 20 min − e-visa 5 min = 15 min saved per application; × 600 = 150 h',
    );
    // The columns scale the desk minutes: their headings say so, not "× 0.5 min"; the run's own
    // column (× 1) is marked.
    expect(printedTable(renderAudit(audit))[0]).toEqual([
      'desk share',
      ...minutesFactors.map((f) => `desk min × ${f}${f === 1 ? ' (run)' : ''}`),
    ]);
  });

  it('labels and scales the grid from the desk share and minutes factor the run had (--set)', () => {
    // The desk steps as written take 16 min; the run had half the applicants at a desk, each step
    // × 1.25, so its desk arm spent 0.5 × 1.25 × 16 = 10 min per e-visa applicant.
    const figures = {
      officerMinutesSavedPerApplication: 8,
      manualOfficerMinutesPerApplication: 10,
      digitalOfficerMinutesPerApplication: 2,
      applications: 600,
      officerHoursSaved: 80,
      workdaysSaved: 10,
    };
    const audit = savingsAudit([run(figures, { deskShare: 0.5, minutesFactor: 1.25 })], ref)!;
    const g = audit.sensitivity!;
    expect(g.run).toEqual({ deskShare: 0.5, minutesFactor: 1.25 });
    const cell = (s: number, f: number) =>
      g.hoursSaved[g.deskShares.indexOf(s)][g.minutesFactors.indexOf(f)];
    // The run's cell is what it simulated: (10 − 2) × 600 / 60.
    expect(cell(0.5, 1.25)).toBeCloseTo(80, 9);
    // Everyone at a desk, the steps as written: (16 − 2) × 600 / 60 (not the run's 80 h).
    expect(cell(1, 1)).toBeCloseTo(140, 9);
    // A quarter at a desk, half the minutes: (0.25 × 0.5 × 16 − 2) × 600 / 60 = 0.
    expect(cell(0.25, 0.5)).toBeCloseTo(0, 9);
    // What is printed says so: the 100% row under "× 1" is 140 h, the run's row and column marked.
    const printed = printedTable(renderAudit(audit));
    const column = printed[0].indexOf('desk min × 1');
    expect(column).toBeGreaterThan(0);
    expect(printed[0]).toContain('desk min × 1.25 (run)');
    expect(printed.find((r) => r[0] === '100%')![column]).toBe('140');
    const runRow = printed.find((r) => r[0] === '50% (run)')!;
    expect(runRow[printed[0].indexOf('desk min × 1.25 (run)')]).toBe('80');
  });

  it("adds the run's own share and factor to the grid where it has neither", () => {
    const figures = {
      officerMinutesSavedPerApplication: 4.2,
      manualOfficerMinutesPerApplication: 4.8,
      digitalOfficerMinutesPerApplication: 0.6,
      applications: 600,
      officerHoursSaved: 42,
      workdaysSaved: 5.25,
    };
    const g = savingsAudit([run(figures, { deskShare: 0.6, minutesFactor: 2 })], ref)!.sensitivity!;
    expect(g.deskShares).toEqual([1, 0.75, 0.6, 0.5, 0.25]);
    expect(g.minutesFactors).toEqual([0.5, 0.75, 1, 1.25, 1.5, 2]);
    expect(g.hoursSaved[g.deskShares.indexOf(0.6)][g.minutesFactors.indexOf(2)]).toBeCloseTo(42, 9);
    // minutesFactor left out of the scenario: the model's 1.
    const byDefault = savingsAudit([run(figures, { deskShare: 0.6 })], ref)!.sensitivity!;
    expect(byDefault.run).toEqual({ deskShare: 0.6, minutesFactor: 1 });
  });

  it('refuses the grid, saying why, when the run put nobody at a desk', () => {
    const figures = {
      officerMinutesSavedPerApplication: -0.45,
      manualOfficerMinutesPerApplication: 1e-9,
      digitalOfficerMinutesPerApplication: 0.45,
      applications: 600,
      officerHoursSaved: -4.5,
      workdaysSaved: -0.5625,
    };
    const audit = savingsAudit([run(figures, { deskShare: 0, minutesFactor: 1 })], ref)!;
    expect(audit.sensitivity).toBeUndefined();
    const text = renderAudit(audit);
    expect(text).toContain('No sensitivity table of the hours saved');
    expect(text).toContain('params.manual.deskShare 0');
    expect(text).not.toContain('desk share');
  });

  it('is absent when no run has the e-visa figures', () => {
    expect(savingsAudit([run({ officerHoursSaved: 1 })], ref)).toBeUndefined();
  });
});
