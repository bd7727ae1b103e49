/**
 * Units of metrics that are times. A metric is a time in minutes when its name says so: a wait, the
 * time lost customers queued, or a time in the system of the finished or the lost (mean or percentile), or a name ending in
 * Minutes. A finding may show such a metric in hours, days or weeks (`unit: days`); its value is
 * converted, not just relabelled.
 */
export function isMinutesMetric(metric: string): boolean {
  return (
    /\.(wait|lostWait|systemTime|lostTime|sojourn)\.(mean|p\d+)$/.test(metric) ||
    /Minutes?$/.test(metric)
  );
}

/**
 * A metric that is a share, held as a fraction from 0 to 1 (utilisation 0.9) and printed in
 * percent (90% under a % header): its name ends in one of these words.
 */
const SHARE_WORDS = /(^|\.)(utilisation|utilization|share|pWait|probability|deflection|rate)$/i;

export function isShareMetric(metric: string): boolean {
  return SHARE_WORDS.test(metric);
}

const MINUTES_PER: Record<string, number> = {
  minutes: 1,
  hours: 60,
  days: 1440,
  weeks: 10080,
};

/** Other spellings of those units (a singular, an abbreviation as in durations: 8h, 30d). */
const ALIASES: Record<string, keyof typeof MINUTES_PER> = {
  minute: 'minutes',
  min: 'minutes',
  m: 'minutes',
  hour: 'hours',
  h: 'hours',
  day: 'days',
  d: 'days',
  week: 'weeks',
  w: 'weeks',
};

/** The time units a finding can show a minutes metric in. */
export const TIME_UNITS = Object.keys(MINUTES_PER);

/**
 * What a finding multiplies its metric by to show it in `unit`: 1 unless the metric is a time in
 * minutes and the unit a longer time (undefined: a time unit this does not know, an error).
 */
export function findingScale(metric: string, unit: string | undefined): number | undefined {
  if (unit === undefined || !isMinutesMetric(metric)) return 1;
  const per = minutesPer(unit);
  return per === undefined ? undefined : 1 / per;
}

/** Minutes in one `unit` (minutes, hours, days, weeks, or a spelling of ALIASES); undefined if unknown. */
export function minutesPer(unit: string): number | undefined {
  return Object.hasOwn(MINUTES_PER, unit)
    ? MINUTES_PER[unit]
    : Object.hasOwn(ALIASES, unit)
      ? MINUTES_PER[ALIASES[unit]]
      : undefined;
}
