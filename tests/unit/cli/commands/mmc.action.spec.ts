import { describe, expect, it } from 'vitest';
import { compareMmc } from '../../../../src/cli/commands/mmc.action';
import { confidenceInterval } from '../../../../src/sim/stats';

describe('consular-sim mmc: the simulated side is a steady-state estimate', () => {
  it('M/M/1000 at rho 0.9 over 20,000 customers: the utilisation’s 95% CI covers rho', () => {
    // 20,000 customers at lambda 900 are 22 mean service times. A warm-up of 1% of that (0.2
    // service times) left the ramp of a run that starts empty in the average: 0.865.
    const rho = Array.from(
      { length: 8 },
      (_, r) => compareMmc(900, 1, 1000, 20_000, 1 + r).simulated.rho,
    );
    const ci = confidenceInterval(rho);
    expect(ci.ci95[0]).toBeLessThanOrEqual(0.9);
    expect(ci.ci95[1]).toBeGreaterThanOrEqual(0.9);
  });
});
