import { UserError } from '../common/user-error';

/**
 * Calendar arithmetic for scenarios whose time unit is the minute: t = 0 is
 * midnight (UTC) at the start date. Day-level facts (weekday, month, holiday,
 * closure) are precomputed for the horizon so hot paths do no date maths.
 */

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;
/**
 * The longest run the kernel takes: 1,000 years of minutes (365,250 days). The calendar keeps an
 * entry for every day of the run, so its length, not the number of customers, bounds memory;
 * a thousand years is far beyond any service plan and still a few megabytes.
 */
export const MAX_HORIZON_MINUTES = 365_250 * MINUTES_PER_DAY;
/** MAX_HORIZON_MINUTES as a rule for error messages. */
export const MAX_HORIZON_RULE = `must be at most 1,000 years (${MAX_HORIZON_MINUTES.toLocaleString('en-US')} minutes)`;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ClosureSpec {
  from: string;
  to: string;
  /** Station ids closed; all stations when absent. */
  stations?: string[];
  /** Why (shown in reports). */
  reason?: string;
}

export interface CalendarSpec {
  /** ISO date (YYYY-MM-DD) whose midnight is t = 0. */
  start: string;
  /** ISO dates on which scheduled stations are closed. */
  holidays?: string[];
  closures?: ClosureSpec[];
}

export function parseIsoDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return NaN;
  return ms;
}

/** "HH:MM" → minutes after midnight (24:00 allowed), NaN when malformed. */
export function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return NaN;
  return h * 60 + min;
}

export class Calendar {
  readonly startMs: number;
  readonly days: number;
  /** 0 = Monday … 6 = Sunday, per day index. */
  readonly weekday: Uint8Array;
  readonly month: Uint8Array;
  readonly years: Int16Array;
  readonly holiday: Uint8Array;
  private readonly closures: { fromDay: number; toDay: number; stations?: Set<string> }[];

  constructor(spec: CalendarSpec | undefined, horizonMinutes: number) {
    this.startMs = parseIsoDate(spec?.start ?? '2020-01-01');
    if (Number.isNaN(this.startMs))
      throw new UserError(undefined, 'calendar.start', 'must be a date YYYY-MM-DD');
    const horizon = Number.isFinite(horizonMinutes) ? horizonMinutes : 366 * MINUTES_PER_DAY;
    this.days = Math.ceil(horizon / MINUTES_PER_DAY) + 1;
    this.weekday = new Uint8Array(this.days);
    this.month = new Uint8Array(this.days);
    this.years = new Int16Array(this.days);
    this.holiday = new Uint8Array(this.days);
    for (let d = 0; d < this.days; d++) {
      const date = new Date(this.startMs + d * 86_400_000);
      this.weekday[d] = (date.getUTCDay() + 6) % 7;
      this.month[d] = date.getUTCMonth();
      this.years[d] = date.getUTCFullYear();
    }
    for (const h of spec?.holidays ?? []) {
      const d = this.dayOf(h);
      if (d >= 0 && d < this.days) this.holiday[d] = 1;
    }
    this.closures = (spec?.closures ?? []).map((c) => ({
      fromDay: this.dayOf(c.from),
      toDay: this.dayOf(c.to),
      stations: c.stations ? new Set(c.stations) : undefined,
    }));
  }

  /** Day index of an ISO date (may be negative or beyond the horizon). */
  dayOf(iso: string): number {
    return Math.round((parseIsoDate(iso) - this.startMs) / 86_400_000);
  }

  /** Calendar year of a day index. */
  year(day: number): number {
    return this.years[day];
  }

  dayIndex(t: number): number {
    const d = Math.floor(t / MINUTES_PER_DAY);
    return d < 0 ? 0 : d >= this.days ? this.days - 1 : d;
  }

  /** Is this station closed all day (holiday for scheduled stations, or a closure)? */
  isClosed(day: number, stationId: string | null, honoursHolidays: boolean): boolean {
    if (honoursHolidays && this.holiday[day]) return true;
    for (const c of this.closures) {
      if (
        day >= c.fromDay &&
        day <= c.toDay &&
        (!c.stations || (stationId !== null && c.stations.has(stationId)))
      ) {
        return true;
      }
    }
    return false;
  }

  /** Is any closure in force that applies to all stations or to one of these? */
  isClosedForAny(day: number, stationIds: string[]): boolean {
    for (const c of this.closures) {
      if (day < c.fromDay || day > c.toDay) continue;
      if (!c.stations) return true;
      for (const s of stationIds) if (c.stations.has(s)) return true;
    }
    return false;
  }

  isoDate(day: number): string {
    return new Date(this.startMs + day * 86_400_000).toISOString().slice(0, 10);
  }
}

export interface ShiftSpec {
  days: Weekday[];
  from: string;
  to: string;
  servers: number;
  /** Only between these ISO dates (inclusive); every week of the horizon when absent. */
  dates?: { from: string; to: string };
}

/**
 * Capacity over time from weekly shifts (overlapping shifts add up), holidays and
 * closures, as a list of change points over the horizon.
 */
export function capacityTimeline(
  shifts: ShiftSpec[],
  calendar: Calendar,
  stationId: string,
  honoursHolidays: boolean,
  horizonMinutes: number,
): { times: number[]; values: number[] } {
  shifts.forEach((s, i) => checkShift(s, `stations.${stationId}.schedule[${i}]`));
  // Shifts in force over the same dates share one weekly profile; a day's capacity
  // adds up the profiles of the groups in force that day.
  const groups = new Map<string, { fromDay: number; toDay: number; shifts: ShiftSpec[] }>();
  for (const s of shifts) {
    const key = s.dates ? `${s.dates.from}/${s.dates.to}` : '';
    let g = groups.get(key);
    if (!g) {
      g = s.dates
        ? { fromDay: calendar.dayOf(s.dates.from), toDay: calendar.dayOf(s.dates.to), shifts: [] }
        : { fromDay: -Infinity, toDay: Infinity, shifts: [] };
      groups.set(key, g);
    }
    g.shifts.push(s);
  }
  const profiles = [...groups.values()].map((g) => {
    const weekly = weeklyProfile(g.shifts);
    // The change points strictly inside each weekday, in order (weekly is sorted, unique).
    const inside = WEEKDAYS.map((_, wd) =>
      weekly
        .map((w) => w.at)
        .filter((at) => at > wd * MINUTES_PER_DAY && at < (wd + 1) * MINUTES_PER_DAY),
    );
    return { fromDay: g.fromDay, toDay: g.toDay, weekly, inside };
  });
  const levelAt = (active: typeof profiles, minuteOfWeek: number): number => {
    let v = 0;
    for (const p of active) v += weeklyAt(p.weekly, minuteOfWeek);
    return v;
  };
  /**
   * A day's levels, as [minutes after the day's start, level] pairs from its start: one per set
   * of shift groups in force and weekday. Worked out once and reused: a horizon of a year over
   * a few groups has a handful of such days, and working each day out again had allocated about
   * 200 KB per station (the pandemic year's 500 stations: 100 MB, a fifth of the run's set-up).
   */
  const dayPatterns = new Map<string, number[]>();
  const dayPattern = (active: typeof profiles, weekday: number, key: string): number[] => {
    const weekStart = weekday * MINUTES_PER_DAY;
    const points =
      active.length === 1
        ? active[0].inside[weekday]
        : [...new Set(active.flatMap((p) => p.inside[weekday]))].sort((a, b) => a - b);
    const pattern = [0, levelAt(active, weekStart)];
    for (const at of points) pattern.push(at - weekStart, levelAt(active, at));
    dayPatterns.set(key, pattern);
    return pattern;
  };
  const times: number[] = [];
  const values: number[] = [];
  const push = (t: number, v: number) => {
    if (values.length === 0 || values[values.length - 1] !== v) {
      times.push(t);
      values.push(v);
    }
  };
  const horizon = Number.isFinite(horizonMinutes)
    ? horizonMinutes
    : calendar.days * MINUTES_PER_DAY;
  for (let day = 0; day * MINUTES_PER_DAY < horizon && day < calendar.days; day++) {
    const dayStart = day * MINUTES_PER_DAY;
    if (calendar.isClosed(day, stationId, honoursHolidays)) {
      push(dayStart, 0);
      continue;
    }
    // The groups in force that day, by their indices: the key of the day's pattern.
    let inForce = '';
    for (let i = 0; i < profiles.length; i++)
      if (day >= profiles[i].fromDay && day <= profiles[i].toDay) inForce += `${i},`;
    const weekday = calendar.weekday[day];
    const key = `${weekday}:${inForce}`;
    const pattern =
      dayPatterns.get(key) ??
      dayPattern(
        profiles.filter((p) => day >= p.fromDay && day <= p.toDay),
        weekday,
        key,
      );
    // Level at the day's start, then each change point within the day.
    for (let i = 0; i < pattern.length; i += 2) push(dayStart + pattern[i], pattern[i + 1]);
  }
  return { times, values };
}

/**
 * For each of `isoDays` (valid ISO dates), whether `shifts` give a server at some hour of it, as
 * capacityTimeline over that one day finds (a shift overnight from the day before counts when
 * its dates hold the day; holidays and closures do not). Shifts' servers are 0 or more (the
 * loader's rule), so a day has none exactly where every group of shifts in force on it (shifts
 * sharing their dates) has none on its weekday: each group's weekly profile is worked out once,
 * and the days of each weekday are found in a group's dates by binary search. Running
 * capacityTimeline once a day instead read every shift once a holiday: 20,000 shifts beside 200
 * holidays took 2.7 s of a scenario's loading.
 */
export function daysWithServers(
  shifts: ShiftSpec[],
  stationId: string,
  isoDays: string[],
): boolean[] {
  shifts.forEach((s, i) => checkShift(s, `stations.${stationId}.schedule[${i}]`));
  const groups = new Map<string, { from: number; to: number; shifts: ShiftSpec[] }>();
  for (const s of shifts) {
    const key = s.dates ? `${s.dates.from}/${s.dates.to}` : '';
    let g = groups.get(key);
    if (!g) {
      g = s.dates
        ? { from: parseIsoDate(s.dates.from), to: parseIsoDate(s.dates.to), shifts: [] }
        : { from: -Infinity, to: Infinity, shifts: [] };
      groups.set(key, g);
    }
    g.shifts.push(s);
  }
  // The days by weekday, each list in date order: [ms, index into isoDays].
  const byWeekday = WEEKDAYS.map(() => [] as [number, number][]);
  isoDays.forEach((iso, i) => {
    const ms = parseIsoDate(iso);
    byWeekday[(new Date(ms).getUTCDay() + 6) % 7].push([ms, i]);
  });
  for (const list of byWeekday) list.sort((a, b) => a[0] - b[0]);
  // Per weekday, +1 where a group with servers that weekday starts covering its list, −1 after.
  const cover = byWeekday.map((list) => new Int32Array(list.length + 1));
  for (const g of groups.values()) {
    const weekly = weeklyProfile(g.shifts);
    WEEKDAYS.forEach((_, wd) => {
      const start = wd * MINUTES_PER_DAY;
      const end = start + MINUTES_PER_DAY;
      const staffed =
        weeklyAt(weekly, start) !== 0 ||
        weekly.some((w) => w.at > start && w.at < end && w.value !== 0);
      if (!staffed) return;
      const list = byWeekday[wd];
      const lo = firstIndex(list, (ms) => ms >= g.from);
      const hi = firstIndex(list, (ms) => ms > g.to);
      if (lo < hi) {
        cover[wd][lo]++;
        cover[wd][hi]--;
      }
    });
  }
  const out = isoDays.map(() => false);
  byWeekday.forEach((list, wd) => {
    let level = 0;
    list.forEach(([, i], k) => {
      level += cover[wd][k];
      out[i] = level > 0;
    });
  });
  return out;
}

/** The first index of a list sorted by its first item where `holds` does (the length if none). */
function firstIndex(list: [number, number][], holds: (ms: number) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(list[mid][0])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A clock time as a scenario writes it, 00:00 to 24:00: what parseClock reads. */
export const CLOCK_PATTERN = /^(([01]?\d|2[0-3]):[0-5]\d|24:00)$/;
/** The rule clock times follow (the scenario schema's and the service models' too). */
export const CLOCK_RULE = 'must be a time HH:MM from 00:00 to 24:00';

/** The rule of a shift with no days: it would put no servers anywhere, and say nothing. */
export const SHIFT_DAYS_RULE = 'must list at least one weekday (mon..sun)';

/**
 * The rule of a weekday a shift lists again: each listing adds the shift's servers to the day,
 * so `days: [mon, mon]` had doubled Monday's servers without a word.
 */
export function repeatedDayRule(day: string): string {
  return `lists ${day} again: each listing would add the shift's servers to that day once more; list a day once (another shift adds servers)`;
}

/**
 * A shift's times must be clock times, and differ: from > to is an overnight shift, but from =
 * to could mean no time or a whole day, so it is refused (a whole day is 00:00 to 24:00). Its
 * days must be some, each once. The scenario loader says the same of a file; this says it of a
 * model built in code.
 */
export function shiftViolations(shift: ShiftSpec, path: string): { path: string; rule: string }[] {
  if (Array.isArray(shift.days)) {
    if (!shift.days.length) return [{ path: `${path}.days`, rule: SHIFT_DAYS_RULE }];
    const again = shift.days.findIndex((d, i) => shift.days.indexOf(d) < i);
    if (again >= 0)
      return [{ path: `${path}.days[${again}]`, rule: repeatedDayRule(shift.days[again]) }];
  }
  const from = parseClock(shift.from);
  const to = parseClock(shift.to);
  if (Number.isNaN(from)) return [{ path: `${path}.from`, rule: CLOCK_RULE }];
  if (Number.isNaN(to)) return [{ path: `${path}.to`, rule: CLOCK_RULE }];
  if (from === to)
    return [
      {
        path: `${path}.to`,
        rule: 'must differ from from (from later than to is an overnight shift; a whole day is 00:00 to 24:00)',
      },
    ];
  return [];
}

function checkShift(shift: ShiftSpec, path: string): void {
  const [v] = shiftViolations(shift, path);
  if (v) throw new UserError(undefined, v.path, v.rule);
}

/** Change points of a weekly profile of shifts (overlapping shifts add up). */
function weeklyProfile(shifts: ShiftSpec[]): { at: number; value: number }[] {
  const delta = new Map<number, number>();
  const add = (minute: number, v: number) => delta.set(minute, (delta.get(minute) ?? 0) + v);
  for (const s of shifts) {
    const from = parseClock(s.from);
    const to = parseClock(s.to);
    for (const day of s.days) {
      const base = WEEKDAYS.indexOf(day) * MINUTES_PER_DAY;
      if (to > from) {
        add(base + from, s.servers);
        add(base + to, -s.servers);
      } else {
        // An overnight shift runs into the next day.
        add(base + from, s.servers);
        add((base + MINUTES_PER_DAY + to) % MINUTES_PER_WEEK, -s.servers);
        if (base + MINUTES_PER_DAY + to >= MINUTES_PER_WEEK) {
          add(0, s.servers);
          add(MINUTES_PER_WEEK, -s.servers);
        }
      }
    }
  }
  const points = [...delta.keys()].sort((a, b) => a - b);
  const weekly: { at: number; value: number }[] = [];
  let level = 0;
  for (const p of points) {
    level += delta.get(p) ?? 0;
    if (p < MINUTES_PER_WEEK) weekly.push({ at: p, value: level });
  }
  return weekly;
}

function weeklyAt(weekly: { at: number; value: number }[], minuteOfWeek: number): number {
  let v = 0;
  for (const w of weekly) {
    if (w.at <= minuteOfWeek) v = w.value;
    else break;
  }
  return v;
}
