import { describe, expect, it } from 'vitest';
import { DailyVolumeArrivals, DailyVolumePlan, sortTimes } from '../../../src/sim/arrivals';
import { Calendar, MINUTES_PER_DAY } from '../../../src/sim/calendar';
import { Rng } from '../../../src/sim/rng';

describe('daily arrivals', () => {
  const horizon = 91 * MINUTES_PER_DAY;
  const calendar = new Calendar({ start: '2020-01-01' }, horizon);

  it('a total is spread evenly: no front-loading of the odd extra arrivals', () => {
    // 100 arrivals over 91 days: each day gets 1 or 2, and the 9 extra are spread out.
    const a = new DailyVolumeArrivals({ total: 100 }, calendar, horizon, () => false);
    const counts = Array.from(a.counts);
    expect(counts.reduce((s, x) => s + x, 0)).toBe(100);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(2);
    const firstHalf = counts.slice(0, 45).reduce((s, x) => s + x, 0);
    expect(Math.abs(firstHalf - 100 * (45 / 91))).toBeLessThanOrEqual(1);
  });

  it('perDay that is not a whole number still brings perDay a day on average', () => {
    // 91 days: each count is whole, and the days add up to perDay x 91 within one arrival.
    for (const perDay of [2.4, 2.5, 0.4, 12.4]) {
      const a = new DailyVolumeArrivals({ perDay }, calendar, horizon, () => false);
      const counts = Array.from(a.counts);
      expect(
        Math.abs(counts.reduce((s, x) => s + x, 0) - perDay * 91),
        `${perDay}`,
      ).toBeLessThanOrEqual(1);
      for (const c of counts) expect([Math.floor(perDay), Math.ceil(perDay)]).toContain(c);
    }
    // A whole number a day is exactly that every day.
    expect(
      new Set(new DailyVolumeArrivals({ perDay: 12 }, calendar, horizon, () => false).counts),
    ).toEqual(new Set([12]));
  });

  it('periods weight days by date and leave days outside every period empty', () => {
    const a = new DailyVolumeArrivals(
      {
        total: 3000,
        periods: [
          { from: '2020-02-01', to: '2020-02-29', factor: 1 },
          { from: '2020-03-01', to: '2020-03-31', factor: 2 },
        ],
      },
      calendar,
      horizon,
      () => false,
    );
    const sum = (from: string, to: string) => {
      let n = 0;
      for (let d = calendar.dayOf(from); d <= calendar.dayOf(to); d++) n += a.counts[d];
      return n;
    };
    expect(sum('2020-01-01', '2020-01-31')).toBe(0);
    const feb = sum('2020-02-01', '2020-02-29');
    const mar = sum('2020-03-01', '2020-03-31');
    expect(feb + mar).toBe(3000);
    // Twice the weight on 31 days against 29: 62/91 of the total in March.
    expect(Math.abs(mar - (3000 * 62) / 91)).toBeLessThanOrEqual(1);
  });
});

describe('the times of a day, in order', () => {
  const sorted = (xs: number[]) => Float64Array.from(xs).sort();
  const bySortTimes = (xs: number[]) => {
    const a = Float64Array.from(xs);
    const out = sortTimes(
      a,
      a.length,
      Math.min(...xs),
      Math.max(...xs),
      new Float64Array(a.length),
    );
    return out.subarray(0, a.length);
  };

  it('sorts as Float64Array#sort does: uniform, piled up, tied, short and single-valued days', () => {
    const rng = new Rng(3, 'sort');
    const uniform = Array.from({ length: 5000 }, () => 1440 + rng.next() * 1440);
    // Most of the day's times in one minute: buckets pile up and the built-in sort takes over.
    const piled = Array.from({ length: 5000 }, (_, i) =>
      i % 50 === 0 ? rng.next() * 1440 : 600 + rng.next(),
    );
    const tied = Array.from({ length: 400 }, () => Math.floor(rng.next() * 5) * 60);
    const short = Array.from({ length: 20 }, () => rng.next() * 100);
    const same = Array.from({ length: 100 }, () => 42);
    for (const xs of [uniform, piled, tied, short, same])
      expect(Array.from(bySortTimes(xs))).toEqual(Array.from(sorted(xs)));
  });

  it('a day draws the times the straightforward way draws (hour by hour search, full sort)', () => {
    // The straightforward way: each time by a linear search of the hour, then the built-in sort.
    const hod = [1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 8, 7, 8, 9, 9, 8, 7, 5, 4, 3, 2, 1, 1];
    const total = hod.reduce((s, x) => s + x, 0);
    const cdf: number[] = [];
    hod.reduce((acc, x, h) => (cdf[h] = acc + x / total), 0);
    const days = 7;
    const horizon = days * MINUTES_PER_DAY;
    const calendar = new Calendar({ start: '2020-01-01' }, horizon);
    const a = new DailyVolumeArrivals(
      { total: 20_000, hourOfDay: hod },
      calendar,
      horizon,
      () => false,
    );
    const rng = new Rng(9, 'source');
    const expected = new Rng(9, 'source');
    let t = 0;
    for (let day = 0; day < days; day++) {
      const want: number[] = [];
      for (let i = 0; i < a.counts[day]; i++) {
        const u = expected.next() * cdf[23];
        let h = 0;
        while (h < 23 && cdf[h] <= u) h++;
        const below = h > 0 ? cdf[h - 1] : 0;
        want.push(day * MINUTES_PER_DAY + (h + (u - below) / (cdf[h] - below)) * 60);
      }
      const got: number[] = [];
      for (let i = 0; i < a.counts[day]; i++) got.push((t = a.next(t, rng)));
      expect(got).toEqual(Array.from(sorted(want)));
    }
    expect(a.next(t, rng)).toBe(Infinity);
  });

  it('the hour of a point of the day is the first whose cumulative mass exceeds it, at the edges too', () => {
    // Closed hours (mass 0) at night and at lunch, and one hour holding most of the day.
    const hod = [0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 40, 2, 0, 0, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0];
    const horizon = 2 * MINUTES_PER_DAY;
    const plan = new DailyVolumePlan(
      { total: 10, hourOfDay: hod },
      new Calendar({ start: '2020-01-01' }, horizon),
      horizon,
      () => false,
    );
    const cdf = plan.hourCdf;
    const linear = (u: number) => {
      let h = 0;
      while (h < 23 && cdf[h] <= u) h++;
      return h;
    };
    const rng = new Rng(4, 'hours');
    const points = [0, cdf[23], ...cdf, ...Array.from(cdf, (c) => c * (1 - 1e-15))];
    for (let i = 0; i < 20_000; i++) points.push(rng.next() * cdf[23]);
    // The guide's own edges, k / 96 of the day's mass, and just either side of them.
    for (let k = 0; k <= 96; k++)
      for (const f of [1 - 1e-15, 1, 1 + 1e-15])
        points.push(Math.min(cdf[23], (k / 96) * cdf[23] * f));
    for (const u of points) expect(plan.hourAt(u), `u = ${u}`).toBe(linear(u));
  });
});
