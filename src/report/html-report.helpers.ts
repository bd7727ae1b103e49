/**
 * What every section of the HTML report shares: the result type it draws, figure and
 * note wrappers, number formats, the panel picker, the time axis, station ranking.
 */
import type { MetricEstimate, ScenarioResult } from '../experiment/scenario.runner';
import type { StationSummary } from '../sim/summary';
import { fmt } from './format';
import { formatBesideInterval, formatCi, formatInterval } from './numbers';
import { esc } from './svg-chart';

/** A scenario run; summary.json without time series works too (the time charts are then left out). */
export type ReportResult =
  | ScenarioResult
  | (Omit<ScenarioResult, 'timeseries'> & { timeseries?: ScenarioResult['timeseries'] });

/** Stations shown one by one (busiest first); the rest appear only in the aggregate. */
export const TOP_STATIONS = 8;
/** Rows in bar charts of many items (stations, classes, differences). */
export const TOP_BARS = 15;

export interface Section {
  id: string;
  title: string;
  html: string;
}

export function figure(kind: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${esc(kind)}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

/**
 * A box that scrolls a wide table sideways. Keyboard users scroll it once it has the focus,
 * so it takes the focus (tabindex 0) and is a named region that says what the focus is on.
 */
export function scrollBox(label: string, inner: string): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${esc(label)}">${inner}</div>`;
}

export function note(text: string): string {
  return `<p class="note">${esc(text)}</p>`;
}

/** Whether servers on duty change between intervals other than by closing (shifts). */
export function hasSchedule(series: { capacity: number[] }): boolean {
  const open = series.capacity.filter((c) => c > 0);
  return open.some((c) => Math.abs(c - open[0]) > 1e-9);
}

/**
 * mean ± half-width, or mean (low to high) where the interval was cut at the figure's support,
 * in the one number format (src/report/numbers.ts); digits 0 marks a count.
 */
export function ciText(
  e:
    | (Pick<MetricEstimate, 'mean' | 'halfWidth'> & Partial<Pick<MetricEstimate, 'ci95' | 'cut'>>)
    | undefined,
  digits = 3,
  scale = 1,
): string {
  if (!e) return '–';
  return formatCi(e, digits === 0 ? 'count' : 'value', scale);
}

/** ciText for a table whose next column gives the interval (intervalText): no interval twice. */
export function ciBesideIntervalText(
  e: Pick<MetricEstimate, 'mean' | 'halfWidth'> & Partial<Pick<MetricEstimate, 'cut'>>,
  digits = 3,
): string {
  return formatBesideInterval(e, digits === 0 ? 'count' : 'value');
}

/**
 * What a reader must know before the assumptions of a what-if or an overridden run: they were
 * written for other inputs, which the run changes (the values it ran with are in the scenario
 * as run). At most 12 keys are named.
 */
export function assumptionsContextText(context: {
  writtenFor?: string;
  changed: string[];
}): string {
  const shown = context.changed.slice(0, 12);
  const more = context.changed.length - shown.length;
  const keys = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return `${context.writtenFor ? `These assumptions are inherited from ${context.writtenFor} and were written for its inputs` : 'These assumptions were written for the scenario file as it stands'}; this run changes ${keys}. Where an assumption speaks of those, the values this run used are in the scenario as run.`;
}

/**
 * A chart's whisker for an estimate: its interval where it has one wider than 0; none where it
 * has none (one replication) or a 0-wide one.
 */
export function barCi(
  e: Pick<MetricEstimate, 'halfWidth' | 'ci95'> | undefined,
): [number, number] | undefined {
  return e && e.halfWidth !== null && e.halfWidth > 0 && e.ci95 ? e.ci95 : undefined;
}

/** `low to high`, or that the interval needs 2 replications or more (ci null). */
export function intervalText(ci: [number, number] | null, digits = 3): string {
  return formatInterval(ci, digits === 0 ? 'count' : 'value');
}

/** A select that shows one of several panels (all panels show when printed or without script). */
export function panels(
  group: string,
  label: string,
  items: { key: string; label: string; html: string }[],
): string {
  if (items.length === 1) return items[0].html;
  const options = items
    .map(
      (it, i) =>
        `<option value="${esc(it.key)}"${i === 0 ? ' selected' : ''}>${esc(it.label)}</option>`,
    )
    .join('');
  const body = items
    .map(
      (it, i) =>
        `<div class="panel${i === 0 ? '' : ' inactive'}" data-group="${esc(group)}" data-key="${esc(it.key)}"><h4 class="panel-title">${esc(it.label)}</h4>${it.html}</div>`,
    )
    .join('');
  return `<div class="picker"><label>${esc(label)} <select data-panels="${esc(group)}">${options}</select></label></div>${body}`;
}

/** Time-axis formatting: calendar dates when the scenario has a start date, else days or hours. */
export function timeAxis(result: ReportResult): {
  format: (t: number) => string;
  ticks: (t0: number, t1: number) => number[];
  label: string;
} {
  const cal = (result.scenario.document as { calendar?: { start?: unknown } }).calendar;
  const startMs =
    typeof cal?.start === 'string'
      ? Date.parse(`${cal.start}T00:00:00Z`)
      : cal?.start instanceof Date
        ? cal.start.getTime()
        : NaN;
  const horizon = result.scenario.horizonMinutes;
  const unit = horizon > 3 * 1440 ? 1440 : 60;
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const ticks = (t0: number, t1: number) => {
    const span = (t1 - t0) / unit;
    const raw = span / 6;
    const steps = unit === 1440 ? [1, 2, 7, 14, 28, 56, 91, 182, 365, 730] : [1, 2, 3, 6, 12, 24];
    const step = (steps.find((s) => s >= raw) ?? Math.ceil(raw)) * unit;
    const out: number[] = [];
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
    return out;
  };
  if (Number.isFinite(startMs)) {
    return {
      label: 'date',
      ticks,
      format: (t) => {
        const d = new Date(startMs + t * 60_000);
        return horizon > 400 * 1440
          ? `${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`
          : `${d.getUTCDate()} ${months[d.getUTCMonth()]}`;
      },
    };
  }
  return { label: unit === 1440 ? 'day' : 'hour', ticks, format: (t) => fmt(t / unit, 1) };
}

export function stationRank(result: ReportResult, arm: string): [string, StationSummary][] {
  const detail = result.firstReplication[arm];
  return Object.entries(detail?.stations ?? {}).sort(
    (a, b) => b[1].busyTime - a[1].busyTime || b[1].served - a[1].served,
  );
}

/** The warm-up period, shaded on time charts: its statistics are discarded. */
export function warmupShade(result: ReportResult): { x: number; label: string } | undefined {
  const w = result.scenario.warmupMinutes;
  return w > 0 ? { x: w, label: 'warm-up (discarded)' } : undefined;
}

export function sum(xs: number[]): number {
  let s = 0;
  for (const v of xs) s += v;
  return s;
}

export function assumptions(
  list: { text: string; source?: string }[],
  context?: { writtenFor?: string; changed: string[] },
): string {
  if (!list?.length) return note('The scenario lists no assumptions.');
  return `${context ? note(assumptionsContextText(context)) : ''}<ol class="assumptions">${list.map((a) => `<li><p>${esc(a.text)}</p>${a.source ? `<p class="source">Source: ${esc(a.source)}</p>` : ''}</li>`).join('')}</ol>`;
}
