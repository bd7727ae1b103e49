import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/config/reference-data';
import { savingsAudit } from '../../../src/evisa/evisa-savings-audit';
import { renderAudit } from '../../../src/report/savings-audit';

const ref = loadReferenceData();
const run = (figures: Record<string, number>) => ({
  metrics: Object.fromEntries(
    Object.entries(figures).map(([k, mean]) => [`derived.${k}`, { mean }]),
  ),
});

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
    const { deskShares, minutesFactors, hoursSaved } = audit.sensitivity;
    // All applicants at a desk, desk minutes as simulated: (20 − 5) min × 600 / 60.
    expect(hoursSaved[deskShares.indexOf(1)][minutesFactors.indexOf(1)]).toBeCloseTo(150, 9);
    // A quarter at a desk, half the minutes: (0.25 × 0.5 × 20 − 5) × 600 / 60 < 0.
    expect(hoursSaved[deskShares.indexOf(0.25)][minutesFactors.indexOf(0.5)]).toBeCloseTo(-25, 9);
    expect(renderAudit(audit)).toContain(
      'desk 20 min − e-visa 5 min = 15 min saved per application; × 600 = 150 h',
    );
    // The columns scale the desk minutes: their headings say so, not "× 0.5 min".
    const heading = renderAudit(audit)
      .split('\n')
      .find((l) => l.trimStart().startsWith('desk share'))!;
    expect(heading.trim().split(/\s{2,}/)).toEqual([
      'desk share',
      ...minutesFactors.map((f) => `desk min × ${f}`),
    ]);
  });

  it('is absent when no run has the e-visa figures', () => {
    expect(savingsAudit([run({ officerHoursSaved: 1 })], ref)).toBeUndefined();
  });
});
