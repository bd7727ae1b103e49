import { describe, expect, it } from 'vitest';
import {
  formatCi,
  formatEstimate,
  formatInterval,
  formatValue,
  markSameValues,
  SAME_VALUES_MARK,
  SAME_VALUES_SKETCH_MARK,
  sameValuesText,
} from '../../../src/report/numbers';

describe('a small share is written in percent, without an exponent', () => {
  // A Hızır bot's utilisation (1,000 servers, 0.001 min a question): about 6e-7 of its time.
  it('shows mean ± half-width in plain decimals, in English and Turkish', () => {
    expect(formatEstimate(6.217e-7, 4.2e-9, 'share')).toBe('0.00006217 ± 0.00000042');
    expect(formatEstimate(1.157e-6, 2.4e-8, 'share', 'tr-TR')).toBe('0,0001157 ± 0,0000024');
    expect(formatCi({ mean: 6.217e-7, halfWidth: 4.2e-9 }, 'share')).not.toMatch(/e-?\d/);
  });
  it('shows a value without uncertainty and an interval the same way', () => {
    expect(formatValue(6.217e-7, 'share')).toBe('0.00006217');
    expect(formatInterval([6.175e-7, 6.259e-7], 'share')).toBe('0.00006175 to 0.00006259');
  });
  it('leaves a figure that is not a share as it was (an exponent below a millionth)', () => {
    expect(formatEstimate(9.975e-7, 1e-8, 'value')).toMatch(/^\S+e-\d+ ± \S+e-\d+$/);
  });
});

describe('a percentile every replication gave alike says what its ± is', () => {
  const p90 = { mean: 820.7, halfWidth: 8.2, ci95: [812.5, 828.9] as [number, number] };
  it('marks it as the sketch allowance, not spread; a 0-wide interval keeps the plain mark', () => {
    expect(markSameValues('812.5 to 828.9', { ...p90, sameInEveryReplication: true })).toBe(
      `812.5 to 828.9 (${SAME_VALUES_SKETCH_MARK})`,
    );
    expect(SAME_VALUES_SKETCH_MARK).toMatch(/rounding allowance, not spread between replications/);
    expect(
      markSameValues('0 to 0', {
        mean: 0,
        halfWidth: 0,
        ci95: [0, 0],
        sameInEveryReplication: true,
      }),
    ).toBe(`0 to 0 (${SAME_VALUES_MARK})`);
  });
  it('names such a percentile apart in the note under run and report.html', () => {
    const text = sameValuesText({
      'stations.desk.wait.p90': { ...p90, sameInEveryReplication: true },
      'totals.lost': { mean: 0, halfWidth: 0, ci95: [0, 0], sameInEveryReplication: true },
    });
    expect(text).toContain(`stations.desk.wait.p90: ${SAME_VALUES_SKETCH_MARK}.`);
    expect(text).not.toContain(`totals.lost: ${SAME_VALUES_SKETCH_MARK}`);
  });
});
