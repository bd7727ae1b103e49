import { describe, expect, it } from 'vitest';
import { mean, run } from '../../helpers/scenario-run';

describe('payments model', () => {
  it('payments a year follow the volumes that feed them', async () => {
    const base = await run('paper-payments', ['horizon=30d'], 2);
    const fewer = await run('paper-payments', ['horizon=30d', 'params.evisaYears=[2020]'], 2);
    expect(mean(fewer, 'derived.paymentsPerYear')).toBeLessThan(
      mean(base, 'derived.paymentsPerYear'),
    );
    const noOnline = await run(
      'paper-payments',
      ['horizon=30d', 'params.onlineShareWhereOffered=0'],
      2,
    );
    expect(mean(noOnline, 'derived.physicalPosPaymentsPerYear')).toBeGreaterThan(
      mean(base, 'derived.physicalPosPaymentsPerYear'),
    );
  });
});

describe('payments a year after a warm-up', () => {
  it('are the counts of the observed part over its length, not over the whole horizon', async () => {
    // Arrivals are shared out over the days exactly (`kind: daily`), and 2019-01-16 to 01-30
    // holds half of 01-01 to 01-30's weekdays, so dropping the first 15 days halves every count;
    // only declines are random (binomial, about 0.04% of the count as sd). The old figure
    // divided the observed half by the whole horizon: half the payments a year.
    const whole = await run('paper-payments', ['horizon=30d'], 2);
    const later = await run('paper-payments', ['horizon=30d', 'warmup=15d'], 2);
    for (const figure of ['paymentsPerYear', 'physicalPosPaymentsPerYear']) {
      const a = mean(whole, `derived.${figure}`);
      const b = mean(later, `derived.${figure}`);
      expect(Math.abs(b / a - 1), `${figure}: ${b} after the warm-up, ${a} without`).toBeLessThan(
        0.01,
      );
    }
  });
});
