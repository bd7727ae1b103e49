import { describe, expect, it } from 'vitest';
import {
  comparisonCells,
  decimalsFor,
  formatBesideInterval,
  formatColumn,
  formatCi,
  formatEstimate,
  formatGiven,
  formatInterval,
  formatMean,
  formatPercent,
  formatSeconds,
  formatValue,
  quantityOf,
  roundForPeople,
  unitOf,
} from '../../../src/report/numbers';

// The examples are the unreadable numbers a newcomer met (issue: "Numbers a person cannot read").
describe('one number format for people', () => {
  it('lets the CI half-width decide the decimals (2 significant digits of the half-width)', () => {
    expect(decimalsFor(2.893)).toBe(1);
    expect(decimalsFor(0.44)).toBe(2);
    expect(decimalsFor(43.004)).toBe(0);
    expect(decimalsFor(1.21e-6)).toBe(7);
    expect(formatEstimate(40.599, 2.893)).toBe('40.6 ± 2.9');
    expect(formatEstimate(6.101, 0.4391)).toBe('6.10 ± 0.44');
    expect(formatEstimate(115.848, 7.82)).toBe('115.8 ± 7.8');
    expect(formatEstimate(156.587, 13.1)).toBe('157 ± 13');
  });

  it('shows a figure with a rounding-noise half-width as exact', () => {
    expect(formatEstimate(15.64, 3.41e-15)).toBe('15.64');
    expect(formatEstimate(5, 0)).toBe('5');
    expect(formatEstimate(5, NaN)).toBe('5');
  });

  it('never shows a tiny figure as 0.000000: past 6 decimals, the half-width’s power of ten for both', () => {
    // 2 significant digits of the half-width, the mean to the same place.
    expect(formatEstimate(8.55e-7, 1.21e-6)).toBe('0.9e-6 ± 1.2e-6');
    expect(formatEstimate(3.2e-8, 4.44e-9)).toBe('32.0e-9 ± 4.4e-9');
    expect(formatEstimate(2.5e-7, 1.5e-7)).not.toContain('0.000000');
    // The boundary: a half-width of a hundred-thousandth still fits 6 decimals.
    expect(formatEstimate(0.000123, 0.000012)).toBe('0.000123 ± 0.000012');
    expect(formatValue(1.2345e-7)).toBe('1.235e-7');
    expect(formatValue(0.000012345)).toBe('1.235e-5');
    expect(formatValue(0.0001234)).toBe('0.000123');
    expect(formatInterval([1e-8, 3e-8])).toBe('1.0e-8 to 3.0e-8');
    const cut = { mean: 4e-9, halfWidth: 6e-9, ci95: [0, 1e-8] as [number, number], cut: 'low' };
    expect(formatCi(cut)).toBe('4.0e-9 (0 to 10.0e-9)');
  });

  it('writes the Lab’s language (its locale and range dash) by the same rule', () => {
    expect(formatEstimate(13.6123, 0.667, 'value', 'tr-TR')).toBe('13,61 ± 0,67');
    expect(formatEstimate(46.27, 1.7, 'value', 'en-GB')).toBe('46.3 ± 1.7');
    const cut = { mean: 4.7, halfWidth: 5.88, ci95: [0, 10.58] as [number, number], cut: 'low' };
    expect(formatCi(cut, 'value', 1, { locale: 'tr-TR', to: ' – ' })).toBe('4,7 (0 – 10,6)');
  });

  it('shows counts as whole numbers with separators', () => {
    expect(formatEstimate(691.2, 43.004, 'count')).toBe('691 ± 43');
    expect(formatEstimate(75725.6, 198.7, 'count')).toBe('75,726 ± 199');
    expect(formatEstimate(3, 0.2, 'count')).toBe('3 ± 1');
    expect(formatValue(1441.083, 'count')).toBe('1,441');
  });

  it('writes a number the user gave as given: no decimals added or dropped', () => {
    expect(formatGiven(0.85)).toBe('0.85');
    expect(formatGiven(1440)).toBe('1,440');
    expect(formatGiven(0.123456789)).toBe('0.123456789');
    expect(formatGiven(-2.5)).toBe('-2.5');
    expect(formatGiven(Infinity)).toBe('∞');
  });

  it('shows values without uncertainty to 4 significant digits', () => {
    expect(formatValue(1441.083)).toBe('1,441');
    expect(formatValue(12.1234)).toBe('12.12');
    expect(formatValue(0.6687315)).toBe('0.6687');
    expect(formatValue(35_000_000)).toBe('35,000,000');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('–');
  });

  it('shows shares as percentages (the % in the header), decimals from the half-width in points', () => {
    expect(formatEstimate(0.9023, 0.0032, 'share')).toBe('90.23 ± 0.32');
    expect(formatValue(0.902, 'share')).toBe('90.20');
    expect(formatInterval([0.8991, 0.9055], 'share')).toBe('89.91 to 90.55');
    expect(quantityOf('stations.desk.utilisation')).toBe('share');
    expect(unitOf('stations.desk.utilisation')).toBe('%');
  });

  it('names units and kinds from metric names', () => {
    expect(quantityOf('stations.desk.served')).toBe('count');
    expect(unitOf('stations.desk.served')).toBe('services');
    expect(unitOf('stations.desk.jobs')).toBe('jobs');
    expect(unitOf('totals.arrivals')).toBe('customers');
    expect(unitOf('stations.desk.wait.mean')).toBe('min');
    expect(unitOf('stations.desk.busyHours')).toBe('h');
    expect(quantityOf('stations.desk.wait.p90')).toBe('value');
  });

  it('intervals, means and percentages', () => {
    expect(formatInterval([816381871.3, 817524868.7])).toBe('816,381,871 to 817,524,869');
    expect(formatInterval([12.1234, 12.1301])).toBe('12.1234 to 12.1301');
    expect(formatInterval([249, 249])).toBe('249 to 249');
    expect(formatMean(49024.65, 67.35)).toBe('49,025');
    expect(formatPercent(-0.0195)).toBe('-1.95%');
    expect(formatPercent(0.0998)).toBe('+9.98%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(roundForPeople(13.453592823014786)).toBe(13.45);
  });

  it('writes an interval cut at 0 as starting at 0, never 0.000000 nor 0.0e-7', () => {
    // Half-widths of a hundred-thousandth (6 decimals) and of a ten-millionth (an exponent).
    const small = {
      mean: 5e-6,
      halfWidth: 1.2e-5,
      ci95: [0, 1.7e-5] as [number, number],
      cut: 'low',
    };
    const tiny = {
      mean: 5e-8,
      halfWidth: 1.2e-7,
      ci95: [0, 1.7e-7] as [number, number],
      cut: 'low',
    };
    for (const e of [small, tiny]) {
      expect(formatCi(e)).toMatch(/\(0 to /);
      expect(formatInterval(e.ci95)).toMatch(/^0 to /);
      expect(formatCi(e, 'value', 1, { locale: 'tr-TR', to: '–' })).toMatch(/\(0–/);
    }
    expect(formatCi(small)).not.toContain('0.000000');
    expect(formatCi(tiny)).not.toMatch(/\b0\.0e-/);
    // The other end and the mean keep the half-width's decimals or power of ten.
    expect(formatCi(small)).toBe('0.000005 (0 to 0.000017)');
    expect(formatCi(tiny)).toBe('0.5e-7 (0 to 1.7e-7)');
  });

  it('shows an interval cut at a bound by its ends, never as ± half-width', () => {
    const cut = { mean: 4.7, halfWidth: 5.88, ci95: [0, 10.58] as [number, number], cut: 'low' };
    expect(formatCi(cut)).toBe('4.7 (0 to 10.6)');
    expect(formatCi(cut)).not.toContain('±');
    expect(formatCi({ ...cut, mean: 14, halfWidth: 63.5, ci95: [0, 77.5] }, 'count')).toBe(
      '14 (0 to 78)',
    );
    // A share in percent, and a time shown in hours (scale).
    expect(formatCi({ mean: 0.965, halfWidth: 0.44, ci95: [0.5, 1], cut: 'high' }, 'share')).toBe(
      '97 (50 to 100)',
    );
    expect(formatCi(cut, 'value', 1 / 60)).toBe('0.078 (0 to 0.176)');
    // Not cut: mean ± half-width as before.
    const whole = { mean: 40.599, halfWidth: 2.893, ci95: [37.706, 43.492] as [number, number] };
    expect(formatCi(whole)).toBe('40.6 ± 2.9');
  });

  it('beside a 95% CI column, a cut estimate is its mean alone: the interval is not shown twice', () => {
    const cut = { mean: 4.7, halfWidth: 5.88, ci95: [0, 10.58] as [number, number], cut: 'low' };
    expect(formatBesideInterval(cut)).toBe('4.7');
    expect(formatBesideInterval({ mean: 40.599, halfWidth: 2.893 })).toBe('40.6 ± 2.9');
  });
});

describe('a wall-clock time in seconds', () => {
  it('reads to the hundredth, the tenth or whole, with its unit, never as an exponent', () => {
    expect(formatSeconds(0.4213)).toBe('0.42 s');
    expect(formatSeconds(3)).toBe('3.00 s');
    expect(formatSeconds(12.345)).toBe('12.3 s');
    expect(formatSeconds(9.999)).toBe('10.0 s');
    expect(formatSeconds(1234.5)).toBe('1,235 s');
    // A sweep of a tiny model can take less than a millisecond.
    expect(formatSeconds(0.0004)).toBe('< 0.01 s');
    expect(formatSeconds(0)).toBe('< 0.01 s');
    expect(formatSeconds(Number.NaN)).toBe('–');
  });
});

describe('a comparison row (comparisonCells)', () => {
  /** The number a cell writes (en-US), as a count of its last digit's units. */
  const units = (cell: string, decimals: number) =>
    Math.round(Number(cell.replace(/[,+]/g, '')) * 10 ** decimals);
  const decimalsOf = (cell: string) => cell.split('.')[1]?.length ?? 0;

  it('writes B − A as the difference of A and B as written: never A 14, B 13, B − A −2', () => {
    // Three replications of a count: 14.33 and 12.67, B − A −1.67.
    const [a, b, diff] = comparisonCells(
      { mean: 43 / 3, ci95: [10, 18.7] },
      { mean: 38 / 3, ci95: [9, 16.3] },
      { mean: -5 / 3, halfWidth: 1.4 },
      'count',
    );
    expect(Number(diff)).toBe(Number(b) - Number(a));
    expect(Math.abs(Number(diff) - -5 / 3)).toBeLessThan(1);
  });

  it('agrees to the last digit, for values, shares and counts alike', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 2000; i++) {
      const quantity = (['value', 'share', 'count'] as const)[i % 3];
      const size = quantity === 'share' ? 1 : 10 ** Math.floor(random() * 6 - 1);
      const am = random() * size;
      const bm = random() * size;
      const hw = (x: number) => x * (0.001 + random() * 0.2);
      const ha = hw(am);
      const hb = hw(bm);
      const cells = comparisonCells(
        { mean: am, ci95: [am - ha, am + ha] },
        { mean: bm, ci95: [bm - hb, bm + hb] },
        { mean: bm - am, halfWidth: hw(Math.abs(bm - am)) },
        quantity,
      );
      // A figure below a millionth keeps its exponent (never 0.000000): not such a row.
      if (cells.some((c) => c.includes('e'))) continue;
      const decimals = decimalsOf(cells[0]);
      expect(cells.map(decimalsOf)).toEqual([decimals, decimals, cells[2] === '0' ? 0 : decimals]);
      expect(units(cells[2], decimals), cells.join(' / ')).toBe(
        units(cells[1], decimals) - units(cells[0], decimals),
      );
    }
  });
});

describe('a column of figures without uncertainty (formatColumn)', () => {
  it('writes every figure to the most decimals one of them needs', () => {
    // A sweep's costs: whole numbers beside quarter steps read 19.00, not 19 beside 19.25.
    expect(formatColumn([19, 19.25, 19.5, 20])).toEqual(['19.00', '19.25', '19.50', '20.00']);
    expect(formatColumn([10, 11, 12])).toEqual(['10', '11', '12']);
    expect(formatColumn([1440, 144.5])).toEqual(['1,440.0', '144.5']);
    // To formatValue's 4 significant digits: 1,440.5 needs none.
    expect(formatColumn([1440, 1440.5])).toEqual(['1,440', '1,441']);
  });

  it('keeps the significant digits of a figure without uncertainty, and no float noise', () => {
    expect(formatColumn([0.1 + 0.2, 1])).toEqual(['0.3', '1.0']);
    expect(formatColumn([2 / 3, 5])).toEqual(['0.6667', '5.0000']);
  });

  it('writes what is not a number as formatValue does, and a tiny figure with its exponent', () => {
    expect(formatColumn([Number.NaN, 1.5, Infinity])).toEqual(['–', '1.5', '∞']);
    expect(formatColumn([1.2345e-8, 2])).toEqual([formatValue(1.2345e-8), '2']);
  });

  it("writes the Lab's language's separators", () => {
    expect(formatColumn([1440, 144.5], 'tr-TR')).toEqual(['1.440,0', '144,5']);
  });
});
