import { describe, expect, it } from 'vitest';
import { DailyVolumeArrivals } from '../../../src/sim/arrivals';
import { Calendar, MINUTES_PER_DAY } from '../../../src/sim/calendar';

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
