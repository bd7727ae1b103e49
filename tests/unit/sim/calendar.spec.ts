import { describe, expect, it } from 'vitest';
import {
  Calendar,
  capacityTimeline,
  daysWithServers,
  MINUTES_PER_DAY,
  type ShiftSpec,
} from '../../../src/sim/calendar';
import { idleClosingSettings } from '../../../src/sim/compile';
import { UserError } from '../../../src/common/user-error';

/** Capacity at minute t from a timeline of change points. */
const at = (tl: { times: number[]; values: number[] }, t: number) => {
  let v = 0;
  for (let i = 0; i < tl.times.length && tl.times[i] <= t; i++) v = tl.values[i];
  return v;
};

describe('capacityTimeline with dated shifts', () => {
  // 2020-03-16 is a Monday (day 75 of 2020).
  const calendar = new Calendar({ start: '2020-01-01' }, 200 * MINUTES_PER_DAY);
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
  const noon = (iso: string) => calendar.dayOf(iso) * MINUTES_PER_DAY + 12 * 60;

  it('a shift with dates is in force only between them; undated shifts every week', () => {
    const tl = capacityTimeline(
      [
        { days: [...weekdays], from: '09:00', to: '17:00', servers: 2 },
        {
          days: [...weekdays],
          from: '09:00',
          to: '17:00',
          servers: 8,
          dates: { from: '2020-01-01', to: '2020-03-15' },
        },
        {
          days: [...weekdays],
          from: '10:00',
          to: '12:30',
          servers: 1,
          dates: { from: '2020-03-16', to: '2020-05-31' },
        },
      ],
      calendar,
      'desk',
      false,
      200 * MINUTES_PER_DAY,
    );
    expect(at(tl, noon('2020-03-13'))).toBe(10); // Friday before: undated + first stage
    expect(at(tl, noon('2020-03-16'))).toBe(3); // Monday of the closure: undated + skeleton
    expect(at(tl, noon('2020-03-16') + 60)).toBe(2); // 13:00: the skeleton shift has ended
    expect(at(tl, noon('2020-06-01'))).toBe(2); // after both stages: the undated shift only
    expect(at(tl, noon('2020-03-14'))).toBe(0); // Saturday
  });

  it('without dates the timeline is the weekly profile every week (2020-01-06 is the first Monday)', () => {
    const tl = capacityTimeline(
      [{ days: ['mon'], from: '08:00', to: '10:00', servers: 4 }],
      calendar,
      'desk',
      false,
      21 * MINUTES_PER_DAY,
    );
    const mondays = [5, 12, 19].map((d) => d * MINUTES_PER_DAY + 9 * 60);
    for (const t of mondays) expect(at(tl, t)).toBe(4);
    expect(tl.values.filter((v) => v === 4)).toHaveLength(3);
  });
});

describe('capacityTimeline: shift times', () => {
  const calendar = new Calendar({ start: '2020-01-06' }, 14 * MINUTES_PER_DAY);
  const timeline = (from: string, to: string) =>
    capacityTimeline(
      [{ days: ['mon'], from, to, servers: 4 }],
      calendar,
      'desk',
      false,
      14 * MINUTES_PER_DAY,
    );

  it.each([
    ['24:30', '08:00', 'from'],
    ['09:00', '24:59', 'to'],
    ['9', '17:00', 'from'],
    ['09:00', '09:00', 'to'],
  ])('from %s to %s is refused, naming stations.desk.schedule[0].%s', (from, to, key) => {
    expect(() => timeline(from, to)).toThrow(UserError);
    expect(() => timeline(from, to)).toThrow(`stations.desk.schedule[0].${key}: `);
  });

  it('an overnight shift and a whole day are on duty for exactly their hours', () => {
    const busyHours = (tl: { times: number[]; values: number[] }) => {
      let area = 0;
      for (let i = 0; i < tl.times.length; i++) {
        const end = i + 1 < tl.times.length ? tl.times[i + 1] : 14 * MINUTES_PER_DAY;
        area += tl.values[i] * (end - tl.times[i]);
      }
      return area / 60;
    };
    // Mondays 22:00 to 06:00 (two Mondays): 8 h × 4 servers each.
    expect(busyHours(timeline('22:00', '06:00'))).toBe(2 * 8 * 4);
    expect(busyHours(timeline('00:00', '24:00'))).toBe(2 * 24 * 4);
  });
});

describe('daysWithServers', () => {
  const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  /** Whether capacityTimeline over the day `iso` alone finds a server at some hour of it. */
  const byTimeline = (shifts: ShiftSpec[], iso: string) =>
    capacityTimeline(
      shifts,
      new Calendar({ start: iso }, MINUTES_PER_DAY),
      'desk',
      false,
      MINUTES_PER_DAY,
    ).values.some((v) => v !== 0);

  it('finds what capacityTimeline finds day by day: overnight, Sunday into Monday, dated, no servers', () => {
    // A fixed pseudo-random draw (a linear congruential generator, seed 7) of shift sets.
    let state = 7;
    const draw = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((state / 2 ** 31) * n);
    };
    const clock = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const iso = (day: number) =>
      new Date(Date.UTC(2021, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const days = Array.from({ length: 60 }, (_, d) => iso(d));
    const outcomes: boolean[] = [];
    for (let trial = 0; trial < 60; trial++) {
      const shifts: ShiftSpec[] = Array.from({ length: 1 + draw(4) }, () => {
        const from = draw(24) * 60;
        let to = draw(25) * 60;
        if (to === from) to = (from + 60) % 1440;
        const first = draw(60);
        return {
          days: WEEK.filter(() => draw(3) === 0).concat() as ShiftSpec['days'],
          from: clock(from),
          to: clock(to),
          servers: draw(3),
          ...(draw(2) === 0 && { dates: { from: iso(first), to: iso(first + draw(20)) } }),
        };
      }).filter((s) => s.days.length > 0);
      if (!shifts.length) continue;
      const found = daysWithServers(shifts, 'desk', days);
      expect(found).toEqual(days.map((d) => byTimeline(shifts, d)));
      outcomes.push(...found);
    }
    // Both answers come up, many times each.
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(200);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(200);
  });

  it('reads each shift a few times however many holidays the calendar has', () => {
    // Shifts Monday to Friday, holidays on Saturdays: every holiday is a day without servers,
    // so the check that honoursHolidays decides something looks at each of them.
    const countReads = (holidayCount: number) => {
      let reads = 0;
      const schedule = Array.from({ length: 500 }, (_, i) => {
        const shift = {
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          to: '17:00',
          servers: 1 + (i % 3),
        };
        return Object.defineProperty(shift, 'from', {
          enumerable: true,
          get: () => (reads++, '09:00'),
        }) as unknown as ShiftSpec;
      });
      const holidays = Array.from({ length: holidayCount }, (_, k) =>
        new Date(Date.UTC(2022, 0, 1) + 7 * k * 86_400_000).toISOString().slice(0, 10),
      );
      const idle = idleClosingSettings({
        name: 'shifts',
        calendar: { start: '2022-01-01', holidays },
        stations: [{ id: 'desk', schedule, honoursHolidays: true }],
        classes: [],
        sources: [],
      });
      expect(idle.map((s) => s.path)).toEqual(['stations.desk.honoursHolidays']);
      return reads;
    };
    const one = countReads(1);
    expect(one).toBeLessThanOrEqual(4 * 500);
    expect(countReads(200)).toBe(one);
  });
});
