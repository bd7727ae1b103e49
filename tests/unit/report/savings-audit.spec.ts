import { describe, expect, it } from 'vitest';
import { renderAudit } from '../../../src/report/savings-audit';
import type { SavingsAudit } from '../../../src/evisa/evisa-savings-audit';

/** The savings audit of paper-evisa as `reproduce` computed it on seed 2013 (reproduce.json). */
function audit(deskMinutes: number, evisaMinutes: number): SavingsAudit {
  const minutesPerApplication = deskMinutes - evisaMinutes;
  const hours = (minutesPerApplication * 35_000_000) / 60;
  return {
    paper: {
      minutesPerApplication: 12,
      applications: 35_000_000,
      hours: 7_000_000,
      workdays: 875_000,
      hoursPerWorkday: 8,
    },
    simulated: {
      minutesPerApplication,
      deskMinutes,
      evisaMinutes,
      applications: 35_000_000,
      hours,
      workdays: hours / 8,
    },
    costPerTransaction: [],
    sensitivity: {
      run: { deskShare: 1, minutesFactor: 1 },
      deskShares: [1],
      minutesFactors: [1],
      hoursSaved: [[hours]],
    },
  };
}

describe('renderAudit (the savings audit under reproduce)', () => {
  it('writes the desk and e-visa minutes so that their difference is the minutes saved it prints', () => {
    const cases: [number, number][] = [
      [12.566907747734309, 0.4445308801944803],
      [12.5649, 0.4451],
      [10.004999, 0.005001],
    ];
    for (const [desk, evisa] of cases) {
      const line = renderAudit(audit(desk, evisa))
        .split('\n')
        .find((l) => l.includes('Simulated: desk'))!;
      const m = /desk ([\d.,]+) min − e-visa ([\d.,]+) min = ([\d.,]+) min saved/.exec(line);
      expect(m, line).not.toBeNull();
      const [a, b, saved] = m!.slice(1).map((x) => Number(x.replace(/,/g, '')));
      // Each printed number is its value rounded; the difference of the rounded terms may be
      // off from the rounded difference by one unit of the last decimal at most.
      const unit = 10 ** -(m![3].split('.')[1] ?? '').length;
      expect(Math.abs(a - b - saved), line).toBeLessThanOrEqual(unit + 1e-12);
      expect(Math.abs(saved - (desk - evisa)), line).toBeLessThanOrEqual(unit / 2 + 1e-12);
    }
    // The figures reproduce prints: the subtraction a reader checks by hand comes out exact.
    const line = renderAudit(audit(...cases[0])).split('\n')[3];
    const [a, b, saved] = [...line.matchAll(/([\d.]+) min/g)].map((m) => Number(m[1]));
    expect(Math.round((a - b) * 1e6) / 1e6, line).toBe(saved);
    expect(saved).toBe(12.1224);
  });
});
