/**
 * One self-contained HTML report: every chart is inline SVG drawn here, the styles are
 * inline, and a content security policy forbids fetching anything, so the file opens
 * offline, prints, and can be mailed as it is. Scenario strings are escaped everywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { ComparisonResult, MetricDifference } from '../experiment/compare';
import type { FigureComparison, Finding, ReproduceResult } from '../experiment/reproduce';
import type { MetricEstimate, ScenarioResult } from '../experiment/scenario.runner';
import type { SweepResult } from '../experiment/sweep';
import type { StationSummary, TimeSeries } from '../sim/summary';
import { fmt, humanMinutes, pct } from './format';
import { formatEstimate, formatInterval, formatMean } from './numbers';
import {
  cdfChart,
  esc,
  hBarChart,
  histogramChart,
  lineChart,
  PALETTE,
  resetChartIds,
  scatterChart,
  shareBar,
  waterfallChart,
  type BarItem,
} from './svg-chart';
import { REPORT_CSS, REPORT_SCRIPT } from './html-report.assets';

export interface ReportInput {
  /** A scenario run; summary.json without time series works too (the time charts are then left out). */
  result?:
    | ScenarioResult
    | (Omit<ScenarioResult, 'timeseries'> & { timeseries?: ScenarioResult['timeseries'] });
  reproduction?: ReproduceResult;
  comparison?: ComparisonResult;
  sweep?: SweepResult;
  /** Shown in the footer; defaults to now (pass a fixed one for byte-identical output). */
  generatedAt?: Date;
}

type AnyResult = NonNullable<ReportInput['result']>;

/** Stations shown one by one (busiest first); the rest appear only in the aggregate. */
export const TOP_STATIONS = 8;
/** Rows in bar charts of many items (stations, classes, differences). */
const TOP_BARS = 15;

interface Section {
  id: string;
  title: string;
  html: string;
}

export function renderReport(input: ReportInput): string {
  resetChartIds();
  const sections: Section[] = [];
  let title = 'consular-sim report';
  let subtitle = '';
  if (input.comparison) {
    const c = input.comparison;
    title = `Comparison: ${c.b.title || c.b.name} against ${c.a.title || c.a.name}`;
    sections.push(comparisonSection(c));
  }
  if (input.sweep) {
    title = `Sweep: ${input.sweep.scenario.title || input.sweep.scenario.name}`;
    sections.push(...sweepSections(input.sweep));
  }
  if (input.reproduction) {
    title = 'Reproducing the paper’s figures';
    subtitle = `${input.reproduction.scenarios.length} scenarios, ${input.reproduction.figures.length} figures, ${fmt(input.reproduction.elapsedSeconds, 1)} s`;
    sections.push(reproductionSection(input.reproduction.figures));
    if (input.reproduction.findings?.length)
      sections.push(findingsSection(input.reproduction.findings));
    input.reproduction.scenarios.forEach((r, i) =>
      sections.push(...scenarioSections(r, `s${i + 1}`, true)),
    );
  }
  if (input.result) {
    if (!input.comparison && !input.sweep && !input.reproduction) {
      title = input.result.scenario.title || input.result.scenario.name;
    }
    sections.push(
      ...scenarioSections(
        input.result,
        'run',
        Boolean(input.reproduction || input.comparison || input.sweep),
      ),
    );
  }
  if (!sections.length)
    sections.push({
      id: 'empty',
      title: 'Nothing to show',
      html: '<p>This report was generated without a run, reproduction, comparison or sweep.</p>',
    });
  // A reproduction holds several scenarios: its contents list each scenario once (its
  // overview) rather than every section of every scenario.
  const navSections = input.reproduction
    ? sections
        .filter((s) => s.title && (!s.title.includes(': ') || s.title.endsWith(': Overview')))
        .map((s) => ({ ...s, title: s.title.replace(/: Overview$/, '') }))
    : sections.filter((s) => s.title);
  const nav = navSections
    .map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`)
    .join('');
  const when = (input.generatedAt ?? new Date())
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may be fetched: no network, no CDN; only what is inline in this file.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="consular-sim">',
    `<title>${esc(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    '<header>',
    `<h1>${esc(title)}</h1>`,
    subtitle ? `<p class="lede">${esc(subtitle)}</p>` : '',
    `<nav aria-label="Sections"><ol>${nav}</ol></nav>`,
    '</header>',
    '<main id="main">',
    ...sections.map(
      (s) =>
        `<section id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-h">${s.title ? `<h2 id="${esc(s.id)}-h">${esc(s.title)}</h2>` : ''}${s.html}</section>`,
    ),
    '</main>',
    `<footer><p>Generated by consular-sim on ${esc(when)}. Times are in minutes unless stated. Intervals are 95% Student-t confidence intervals over independent replications.</p></footer>`,
    `<script>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** Writes `report.html` into dir and returns its path. */
export function writeReport(dir: string, input: ReportInput): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(input));
  return file;
}

// ---------------------------------------------------------------- helpers

function figure(kind: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${esc(kind)}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

function note(text: string): string {
  return `<p class="note">${esc(text)}</p>`;
}

/** Whether servers on duty change between intervals other than by closing (shifts). */
function hasSchedule(series: { capacity: number[] }): boolean {
  const open = series.capacity.filter((c) => c > 0);
  return open.some((c) => Math.abs(c - open[0]) > 1e-9);
}

/** mean ± half-width in the one number format (src/report/numbers.ts); digits 0 marks a count. */
function ciText(
  e: Pick<MetricEstimate, 'mean' | 'halfWidth'> | undefined,
  digits = 3,
  scale = 1,
): string {
  if (!e) return '–';
  return formatEstimate(e.mean * scale, e.halfWidth * scale, digits === 0 ? 'count' : 'value');
}

function intervalText(ci: [number, number], digits = 3): string {
  return formatInterval(ci, digits === 0 ? 'count' : 'value');
}

/** A select that shows one of several panels (all panels show when printed or without script). */
function panels(
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
function timeAxis(result: AnyResult): {
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

function stationRank(result: AnyResult, arm: string): [string, StationSummary][] {
  const detail = result.firstReplication[arm];
  return Object.entries(detail?.stations ?? {}).sort(
    (a, b) => b[1].busyTime - a[1].busyTime || b[1].served - a[1].served,
  );
}

function prefix(arm: string): string {
  return arm === 'main' ? '' : `${arm}.`;
}

// ---------------------------------------------------------------- scenario sections

function scenarioSections(result: AnyResult, id: string, nested: boolean): Section[] {
  const s = result.scenario;
  const head = nested ? `${s.title || s.name}: ` : '';
  const out: Section[] = [];
  out.push({ id: `${id}-overview`, title: `${head}Overview`, html: overview(result) });
  const ts = result.timeseries ?? {};
  const hasSeries = result.arms.some((a) => ts[a]?.t.length);
  out.push({
    id: `${id}-flow`,
    title: `${head}Arrivals and completions over time`,
    html: `<div data-section="flow">${hasSeries ? result.arms.map((arm) => flowChart(result, arm, ts[arm])).join('') : note('This input has no time series (summary.json leaves it out; timeseries.csv has it). Run the scenario again to chart it.')}</div>`,
  });
  out.push({
    id: `${id}-stations`,
    title: `${head}Queues and utilisation over time`,
    html: `<div data-section="stations">${hasSeries ? result.arms.map((arm) => stationCharts(result, arm, ts[arm], `${id}-st-${arm}`)).join('') : note('No time series in this input.')}</div>`,
  });
  out.push({
    id: `${id}-waits`,
    title: `${head}Waiting times`,
    html: `<div data-section="waits">${result.arms.map((arm) => waitCharts(result, arm, `${id}-w-${arm}`)).join('')}</div>`,
  });
  out.push({
    id: `${id}-officers`,
    title: `${head}Officer hours`,
    html: `<div data-section="officer-hours">${officerHours(result)}</div>`,
  });
  if (result.arms.includes('main') && result.arms.includes('manual')) {
    out.push({
      id: `${id}-savings`,
      title: `${head}Officer time saved`,
      html: `<div data-section="savings">${savings(result)}</div>`,
    });
  }
  out.push({
    id: `${id}-assumptions`,
    title: `${head}Assumptions`,
    html: `<div data-section="assumptions">${assumptions(s.assumptions)}</div>`,
  });
  out.push({
    id: `${id}-scenario`,
    title: `${head}Scenario as run`,
    html: `<div data-section="scenario-document"><p>The scenario document after <code>extends</code> and <code>--set</code> overrides, from <code>${esc(s.file)}</code>.</p><details${nested ? '' : ' open'}><summary>Scenario YAML</summary><pre><code>${esc(toYaml(s.document ?? {}))}</code></pre></details></div>`,
  });
  return out;
}

function overview(result: AnyResult): string {
  const s = result.scenario;
  const m = result.metrics;
  const meta = [
    ['Scenario file', s.file],
    ['Model', s.model],
    [
      'Simulated',
      `${humanMinutes(s.horizonMinutes)}${s.warmupMinutes ? `, first ${humanMinutes(s.warmupMinutes)} discarded as warm-up` : ''}`,
    ],
    ['Replications', `${result.replications} (seed ${result.seed})`],
    ['Arms', result.arms.join(', ')],
    ['Run time', `${fmt(result.elapsedSeconds, 2)} s`],
  ];
  const parts = [
    `<p class="desc">${esc(s.description)}</p>`,
    '<dl class="meta">',
    ...meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`),
    '</dl>',
  ];
  for (const arm of result.arms) {
    const p = prefix(arm);
    const cards = [
      ['arrivals', m[`${p}totals.arrivals`], 0],
      ['completed', m[`${p}totals.completed`], 0],
      ['lost', m[`${p}totals.lost`], 0],
    ] as const;
    parts.push(
      `<div class="cards" aria-label="${esc(`totals, arm ${arm}`)}">${result.arms.length > 1 ? `<span class="arm">${esc(arm)}</span>` : ''}${cards
        .map(
          ([label, e, d]) =>
            `<div class="card"><div class="card-v">${esc(ciText(e, d))}</div><div class="card-l">${esc(label)}</div></div>`,
        )
        .join('')}</div>`,
    );
  }
  const derived = Object.keys(m).filter((k) => k.startsWith('derived.'));
  if (derived.length) {
    parts.push(
      '<table class="data"><caption>Figures derived from the run (mean ± half-width of the 95% CI)</caption><thead><tr><th scope="col">figure</th><th scope="col">value</th><th scope="col">95% CI</th><th scope="col">unit</th><th scope="col">what it is</th></tr></thead><tbody>',
      ...derived.map((k) => {
        const name = k.slice('derived.'.length);
        const f = result.figures[name] ?? result.figures[name.split('.')[0]];
        return `<tr><th scope="row"><code>${esc(name)}</code></th><td class="num">${esc(ciText(m[k]))}</td><td class="num">${esc(intervalText(m[k].ci95))}</td><td>${esc(f?.unit ?? '')}</td><td>${esc(f?.description ?? '')}</td></tr>`;
      }),
      '</tbody></table>',
    );
  }
  return parts.join('');
}

function flowChart(result: AnyResult, arm: string, ts: TimeSeries | undefined): string {
  if (!ts || !ts.t.length) return '';
  const axis = timeAxis(result);
  const per = humanMinutes(ts.interval);
  const x = ts.t;
  const arrivals = dropNegative(ts.arrivals);
  const completions = dropNegative(ts.completions);
  const svg = lineChart({
    title: `Arrivals and completions per ${per}${arm === 'main' ? '' : `, arm ${arm}`}`,
    desc: `Counts per interval of ${per} over ${ts.t.length} intervals. Total arrivals ${fmt(sum(ts.arrivals), 0)}, completions ${fmt(sum(ts.completions), 0)}.`,
    x,
    series: [
      { name: 'arrivals', values: arrivals.values },
      { name: 'completions', values: completions.values, dash: true },
    ],
    xLabel: axis.label,
    yLabel: `customers per ${per}`,
    xFormat: axis.format,
    xTicks: axis.ticks(x[0], x[x.length - 1]),
    shadeUntil: warmupShade(result),
    step: true,
  });
  return (
    figure(
      'flow',
      svg,
      `${arm === 'main' ? '' : `<strong>Arm ${esc(arm)}.</strong> `}Customers arriving and completing in each ${esc(per)} (replication 1; each point is the count in the interval ending at that time).`,
    ) + negativeNote(arrivals.dropped + completions.dropped)
  );
}

/** Counts below zero cannot happen; they are left out of the chart and said so. */
function dropNegative(values: number[]): { values: number[]; dropped: number } {
  let dropped = 0;
  const out = values.map((v) => {
    if (v < 0) {
      dropped++;
      return NaN;
    }
    return v;
  });
  return { values: out, dropped };
}

function negativeNote(dropped: number): string {
  return dropped
    ? note(
        `${dropped} value(s) below zero in the time series were left out of the chart above: the engine's per-interval counters are not reset with the warm-up, so the interval that ends at the warm-up is off.`,
      )
    : '';
}

/** The warm-up period, shaded on time charts: its statistics are discarded. */
function warmupShade(result: AnyResult): { x: number; label: string } | undefined {
  const w = result.scenario.warmupMinutes;
  return w > 0 ? { x: w, label: 'warm-up (discarded)' } : undefined;
}

function sum(xs: number[]): number {
  let s = 0;
  for (const v of xs) s += v;
  return s;
}

/** Queue and utilisation charts for one station (or the aggregate of many). */
function stationPair(
  result: AnyResult,
  label: string,
  series: { queue: number[]; busy: number[]; capacity: number[] },
  t: number[],
  meanCapacity: number,
  utilisation: number,
  maxQueue: number | undefined,
): string {
  const axis = timeAxis(result);
  const ticks = axis.ticks(t[0], t[t.length - 1]);
  const parts: string[] = [];
  const queueMax = Math.max(0, ...series.queue);
  if (queueMax === 0 && (maxQueue ?? 0) > 0) {
    parts.push(
      note(
        `${label}: nobody waited in any interval on average, though up to ${fmt(maxQueue ?? 0, 0)} waited at times; see the table below.`,
      ),
    );
  } else {
    parts.push(
      figure(
        'queue',
        lineChart({
          title: `Queue length, ${label}`,
          desc: `Customers waiting, averaged over each interval; highest ${fmt(queueMax, 0)}.`,
          x: t,
          series: [{ name: 'waiting', values: series.queue, color: PALETTE[0] }],
          xLabel: axis.label,
          yLabel: 'customers waiting',
          xFormat: axis.format,
          xTicks: ticks,
          shadeUntil: warmupShade(result),
        }),
        `Customers waiting, averaged over each interval, ${esc(label)}.`,
      ),
    );
  }
  const busy = dropNegative(series.busy);
  const capacityKnown = series.capacity.every((c) => c > 0);
  if (capacityKnown) {
    const util = busy.values.map((b, i) => b / series.capacity[i]);
    parts.push(
      figure(
        'utilisation',
        lineChart({
          title: `Utilisation, ${label}`,
          desc: `Busy servers over servers on duty per interval; over the run ${pct(utilisation)}.`,
          x: t,
          series: [{ name: 'utilisation', values: util, color: PALETTE[5] }],
          xLabel: axis.label,
          yLabel: 'utilisation',
          yMin: 0,
          yMax: Math.max(1, ...util.filter(Number.isFinite)),
          yFormat: (v) => `${Math.round(v * 100)}%`,
          xFormat: axis.format,
          xTicks: ticks,
          shadeUntil: warmupShade(result),
          refLines: [{ y: utilisation, label: `over the run ${pct(utilisation)}` }],
        }),
        `Time-averaged busy servers in each interval over the servers on duty at its end, ${esc(label)}.`,
      ),
    );
  } else {
    parts.push(
      figure(
        'utilisation',
        lineChart({
          title: `Servers busy, ${label}`,
          desc: `Time-averaged busy servers per interval; average capacity ${fmt(meanCapacity, 2)}; utilisation over the run ${pct(utilisation)}.`,
          x: t,
          series: [{ name: 'busy servers', values: busy.values, color: PALETTE[5] }],
          xLabel: axis.label,
          yLabel: 'servers busy (time-average)',
          xFormat: axis.format,
          xTicks: ticks,
          shadeUntil: warmupShade(result),
          refLines: [{ y: meanCapacity, label: `average servers on duty ${fmt(meanCapacity, 2)}` }],
        }),
        `Time-averaged busy servers in each interval, ${esc(label)}. ${hasSchedule(series) ? 'Servers work in shifts here' : 'The station is closed for part of the run'}, so the line is set against the average number on duty; over the run they were busy ${esc(pct(utilisation))} of their time on duty.`,
      ),
    );
  }
  return `<div class="pair">${parts.join('')}</div>${negativeNote(busy.dropped)}`;
}

function stationCharts(
  result: AnyResult,
  arm: string,
  ts: TimeSeries | undefined,
  group: string,
): string {
  if (!ts || !ts.t.length) return '';
  const ranked = stationRank(result, arm).filter(([id]) => ts.stations[id]);
  const items: { key: string; label: string; html: string }[] = [];
  if (ranked.length > 1) {
    const n = ts.t.length;
    const agg = {
      queue: new Array<number>(n).fill(0),
      busy: new Array<number>(n).fill(0),
      capacity: new Array<number>(n).fill(0),
    };
    let capTime = 0;
    let busyTime = 0;
    let meanCap = 0;
    for (const [id, st] of ranked) {
      const s = ts.stations[id];
      for (let i = 0; i < n; i++) {
        agg.queue[i] += s.queue[i];
        agg.busy[i] += s.busy[i];
        agg.capacity[i] += s.capacity[i];
      }
      capTime += st.capacityTime;
      busyTime += st.busyTime;
      meanCap += st.meanCapacity;
    }
    const label = `all ${ranked.length} stations`;
    items.push({
      key: 'all',
      label,
      html: stationPair(
        result,
        label,
        agg,
        ts.t,
        meanCap,
        capTime > 0 ? busyTime / capTime : 0,
        Math.max(...ranked.map(([, st]) => st.maxQueue)),
      ),
    });
  }
  for (const [id, st] of ranked.slice(0, TOP_STATIONS)) {
    items.push({
      key: id,
      label: id,
      html: stationPair(
        result,
        id,
        ts.stations[id],
        ts.t,
        st.meanCapacity,
        st.utilisation,
        st.maxQueue,
      ),
    });
  }
  const head = result.arms.length > 1 ? `<h3>Arm ${esc(arm)}</h3>` : '';
  const more =
    ranked.length > TOP_STATIONS
      ? note(
          `The ${TOP_STATIONS} busiest of ${ranked.length} stations are shown one by one (by server time); the rest are in the aggregate and the table.`,
        )
      : '';
  return `${head}${panels(group, 'Station', items)}${more}${stationTable(result, arm, ranked)}`;
}

function stationTable(result: AnyResult, arm: string, ranked: [string, StationSummary][]): string {
  const m = result.metrics;
  const p = prefix(arm);
  const rows = ranked.slice(0, 25).map(([id, st]) => {
    const k = `${p}stations.${id}`;
    return `<tr><th scope="row">${esc(id)}</th><td class="num">${esc(ciText(m[`${k}.served`], 0))}</td><td class="num">${esc(ciText(m[`${k}.wait.mean`], 2))}</td><td class="num">${esc(ciText(m[`${k}.meanQueue`], 2))}</td><td class="num">${esc(fmt(st.maxQueue, 0))}</td><td class="num">${esc(pct(m[`${k}.utilisation`]?.mean ?? st.utilisation))} ${shareBar(m[`${k}.utilisation`]?.mean ?? st.utilisation)}</td><td class="num">${esc(ciText(m[`${k}.lost`], 0))}</td></tr>`;
  });
  return `<table class="data"><caption>Stations${ranked.length > 25 ? ` (the 25 busiest of ${ranked.length})` : ''}${result.arms.length > 1 ? `, arm ${esc(arm)}` : ''}: mean ± half-width of the 95% CI; highest queue from replication 1</caption><thead><tr><th scope="col">station</th><th scope="col">served</th><th scope="col">mean wait</th><th scope="col">mean queue</th><th scope="col">highest queue</th><th scope="col">utilisation</th><th scope="col">lost</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function waitCharts(result: AnyResult, arm: string, group: string): string {
  const m = result.metrics;
  const p = prefix(arm);
  const ranked = stationRank(result, arm)
    .filter(([, st]) => st.wait.count > 0)
    .sort((a, b) => b[1].served - a[1].served);
  if (!ranked.length) return '';
  const items = ranked.slice(0, TOP_STATIONS).map(([id, st]) => {
    const w = st.wait;
    if (!(st.waitedShare > 0) || w.max === 0)
      return {
        key: id,
        label: id,
        html: note(
          `Nobody waited at ${id}: all ${fmt(w.count, 0)} customers in replication 1 were served at once.`,
        ),
      };
    const h = st.waitHistogram;
    const markers = [
      { x: w.p50, label: `p50 ${fmt(w.p50, 1)}` },
      { x: w.p90, label: `p90 ${fmt(w.p90, 1)}` },
      { x: w.p95, label: `p95 ${fmt(w.p95, 1)}` },
      { x: w.p99, label: `p99 ${fmt(w.p99, 1)}` },
    ];
    // Those served at once sit in the first bin and would dwarf the rest: the histogram
    // shows those who waited; the CDF starts at the share who did not.
    const servedAtOnce = Math.round(w.count * (1 - st.waitedShare));
    const waitedCounts = h.counts.map((c, i) => (i === 0 ? Math.max(0, c - servedAtOnce) : c));
    const total = sum(h.counts) || 1;
    const cdf: [number, number][] = [[0, 1 - st.waitedShare]];
    let acc = 0;
    h.counts.forEach((c, i) => {
      acc += c;
      if (i + 1 < h.edges.length)
        cdf.push([h.edges[i + 1], Math.max(1 - st.waitedShare, acc / total)]);
    });
    const k = `${p}stations.${id}`;
    const prow = (label: string, key: string, first: number) =>
      `<tr><th scope="row">${esc(label)}</th><td class="num">${esc(m[key] ? ciText(m[key], 2) : fmt(first, 2))}</td><td class="num">${esc(m[key] ? intervalText(m[key].ci95, 2) : 'replication 1 only')}</td></tr>`;
    const html = `<div class="pair">${figure(
      'wait-histogram',
      histogramChart({
        title: `Waiting time distribution of those who waited, ${id}`,
        desc: `Histogram of the ${fmt(w.count - servedAtOnce, 0)} customers who waited in replication 1; ${pct(1 - st.waitedShare)} did not wait; over everyone p50 ${fmt(w.p50, 2)}, p90 ${fmt(w.p90, 2)}, p95 ${fmt(w.p95, 2)}, p99 ${fmt(w.p99, 2)} minutes.`,
        edges: h.edges,
        counts: waitedCounts,
        xLabel: 'wait (minutes); the last bar holds all longer waits',
        yLabel: 'customers who waited',
        markers,
      }),
      `Waits at ${esc(id)} of those who waited (replication 1); ${esc(pct(1 - st.waitedShare))} were served at once and are left out here. Percentiles (dotted) are over everyone.`,
    )}${figure(
      'wait-cdf',
      cdfChart({
        title: `Cumulative waiting time, ${id}`,
        desc: `Share of customers who waited at most x minutes; ${pct(1 - st.waitedShare)} at zero.`,
        points: cdf,
        xLabel: 'wait (minutes)',
        markers,
      }),
      `Share of customers at ${esc(id)} who waited at most x minutes, with the percentiles marked.`,
    )}</div><table class="data compact"><caption>Waits at ${esc(id)} in minutes, over replications</caption><thead><tr><th scope="col">statistic</th><th scope="col">value</th><th scope="col">95% CI</th></tr></thead><tbody>${prow('mean', `${k}.wait.mean`, w.mean)}${prow('p50 (median)', `${k}.wait.p50`, w.p50)}${prow('p90', `${k}.wait.p90`, w.p90)}${prow('p95', `${k}.wait.p95`, w.p95)}${prow('p99', `${k}.wait.p99`, w.p99)}<tr><th scope="row">longest (replication 1)</th><td class="num">${esc(fmt(w.max, 2))}</td><td></td></tr></tbody></table>`;
    return { key: id, label: id, html };
  });
  const parts: string[] = [];
  if (result.arms.length > 1) parts.push(`<h3>Arm ${esc(arm)}</h3>`);
  parts.push(panels(group, 'Station', items));
  if (ranked.length > 3) {
    const byWait = [...ranked]
      .sort(
        (a, b) =>
          (m[`${p}stations.${b[0]}.wait.mean`]?.mean ?? b[1].wait.mean) -
          (m[`${p}stations.${a[0]}.wait.mean`]?.mean ?? a[1].wait.mean),
      )
      .slice(0, TOP_BARS);
    parts.push(
      figure(
        'wait-by-station',
        hBarChart({
          title: `Longest mean waits by station${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
          desc: `The ${byWait.length} stations with the longest mean wait, with 95% CIs.`,
          items: byWait.map(([id, st]) => {
            const e = m[`${p}stations.${id}.wait.mean`];
            return {
              label: id,
              value: e?.mean ?? st.wait.mean,
              ci: e && e.halfWidth > 0 ? e.ci95 : undefined,
            };
          }),
          xLabel: 'mean wait (minutes)',
        }),
        `The ${byWait.length} longest mean waits of ${ranked.length} stations, with 95% confidence intervals.`,
      ),
    );
  }
  return parts.join('');
}

function officerHours(result: AnyResult): string {
  const m = result.metrics;
  const parts: string[] = [];
  const totals: string[] = [];
  for (const arm of result.arms) {
    const p = prefix(arm);
    const ranked = stationRank(result, arm);
    if (!ranked.length) continue;
    const items: BarItem[] = ranked.slice(0, TOP_BARS).map(([id, st]) => {
      const e = m[`${p}stations.${id}.busyHours`];
      return {
        label: id,
        value: e?.mean ?? st.busyTime / 60,
        ci: e && e.halfWidth > 0 ? e.ci95 : undefined,
      };
    });
    const rest = ranked.slice(TOP_BARS);
    if (rest.length)
      items.push({
        label: `${rest.length} other stations`,
        value: rest.reduce(
          (s, [id, st]) => s + (m[`${p}stations.${id}.busyHours`]?.mean ?? st.busyTime / 60),
          0,
        ),
        color: '#9ca3af',
      });
    const totalHours = ranked.reduce(
      (s, [id, st]) => s + (m[`${p}stations.${id}.busyHours`]?.mean ?? st.busyTime / 60),
      0,
    );
    totals.push(
      `<tr><th scope="row">${esc(arm)}</th><td class="num">${esc(fmt(totalHours, 0))}</td><td class="num">${esc(fmt(ranked.length, 0))}</td></tr>`,
    );
    parts.push(
      figure(
        'busy-hours',
        hBarChart({
          title: `Server hours by station${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
          desc: `Hours servers spent serving, per station, with 95% CIs; ${fmt(totalHours, 0)} hours in all.`,
          items,
          xLabel: 'hours serving',
        }),
        `${result.arms.length > 1 ? `<strong>Arm ${esc(arm)}.</strong> ` : ''}Hours that servers (officers, or automated workers where the model says so) spent serving, by station, over the observed period.`,
      ),
    );
    const byClass = new Map<string, number>();
    for (const [, st] of ranked)
      for (const [c, v] of Object.entries(st.busyTimeByClass))
        byClass.set(c, (byClass.get(c) ?? 0) + v / 60);
    const classItems = [...byClass.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
    if (classItems.length > 1) {
      parts.push(
        figure(
          'busy-hours-by-class',
          hBarChart({
            title: `Server hours by customer class${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
            desc: `Hours serving each class in replication 1, the ${Math.min(TOP_BARS, classItems.length)} largest of ${classItems.length}.`,
            items: classItems
              .slice(0, TOP_BARS)
              .map(([label, value]) => ({ label, value, color: PALETTE[4] })),
            xLabel: 'hours serving (replication 1)',
          }),
          `Where the server time went, by customer class (replication 1).`,
        ),
      );
    }
  }
  const areas = Object.keys(m).filter((k) => /^derived\.officerHours\.[^.]+$/.test(k));
  if (areas.length) {
    parts.push(
      figure(
        'officer-hours-by-area',
        hBarChart({
          title: 'Officer hours by service area',
          desc: `Officer hours per service area with 95% CIs (${areas.length} areas).`,
          items: areas
            .map((k) => ({
              label: k.slice('derived.officerHours.'.length),
              value: m[k].mean,
              ci: m[k].halfWidth > 0 ? m[k].ci95 : undefined,
              color: PALETTE[2],
            }))
            .sort((a, b) => b.value - a.value),
          xLabel: 'officer hours',
        }),
        'Officer hours by service area, with 95% confidence intervals.',
      ),
    );
  }
  parts.push(
    `<table class="data compact"><caption>Server hours by arm (means over replications)</caption><thead><tr><th scope="col">arm</th><th scope="col">hours serving</th><th scope="col">stations</th></tr></thead><tbody>${totals.join('')}</tbody></table>`,
  );
  return parts.join('');
}

/** Per-application officer minutes: the model's derived figures, else all server time per arrival. */
function perApplication(
  result: AnyResult,
):
  | { manual: MetricEstimate; digital: MetricEstimate; saved: MetricEstimate; source: string }
  | undefined {
  const m = result.metrics;
  const d = m['derived.digitalOfficerMinutesPerApplication'];
  const man = m['derived.manualOfficerMinutesPerApplication'];
  const s = m['derived.officerMinutesSavedPerApplication'];
  if (d && man && s)
    return {
      manual: man,
      digital: d,
      saved: s,
      source: 'the model’s officer-minute figures (derived.*OfficerMinutesPerApplication)',
    };
  const perRep = (arm: string): number[] | undefined => {
    const p = prefix(arm);
    const keys = Object.keys(m).filter(
      (k) =>
        k.startsWith(`${p}stations.`) &&
        k.endsWith('.busyHours') &&
        (arm !== 'main' || !k.slice(0, k.indexOf('stations.')).includes('.')),
    );
    const arrivals = m[`${p}totals.arrivals`];
    if (!keys.length || !arrivals) return undefined;
    return arrivals.samples.map(
      (n, r) => (keys.reduce((acc, k) => acc + m[k].samples[r], 0) * 60) / Math.max(1, n),
    );
  };
  const a = perRep('manual');
  const b = perRep('main');
  if (!a || !b || a.length !== b.length) return undefined;
  const est = (xs: number[]): MetricEstimate => {
    const n = xs.length;
    const mean = sum(xs) / n;
    const sd = n > 1 ? Math.sqrt(xs.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (n - 1)) : 0;
    return { mean, sd, n, halfWidth: 0, ci95: [mean, mean], samples: xs };
  };
  return {
    manual: est(a),
    digital: est(b),
    saved: est(a.map((v, i) => v - b[i])),
    source: 'all server time per arrival in each arm',
  };
}

function savings(result: AnyResult): string {
  const per = perApplication(result);
  if (!per) return note('The run has arms main and manual but no officer time to compare.');
  const m = result.metrics;
  const svg = waterfallChart({
    title: 'Officer minutes per application: desk, e-visa and saved',
    desc: `A desk application takes ${fmt(per.manual.mean, 2)} officer minutes; an e-visa ${fmt(per.digital.mean, 2)}; ${fmt(per.saved.mean, 2)} minutes are saved per application.`,
    steps: [
      {
        label: 'desk (manual arm)',
        value: per.manual.mean,
        kind: 'total',
        ci: per.manual.halfWidth > 0 ? per.manual.ci95 : undefined,
      },
      { label: 'e-visa (main arm)', value: -per.digital.mean, kind: 'delta' },
      {
        label: 'saved',
        value: per.saved.mean,
        kind: 'total',
        ci: per.saved.halfWidth > 0 ? per.saved.ci95 : undefined,
      },
    ],
    yLabel: 'officer minutes per application',
  });
  const rows: [string, MetricEstimate | undefined, string][] = [
    ['desk minutes per application (manual arm)', per.manual, 'minutes'],
    ['e-visa minutes per application (main arm)', per.digital, 'minutes'],
    ['saved per application', per.saved, 'minutes'],
    ['officer hours saved', m['derived.officerHoursSaved'], 'hours'],
    ['working days saved', m['derived.workdaysSaved'], 'working days'],
    ['cost per transaction, desk', m['derived.costPerTransactionDeskUsd'], 'USD'],
    ['cost per transaction, e-visa', m['derived.costPerTransactionDigitalUsd'], 'USD'],
  ];
  const table = `<table class="data compact"><caption>Officer time, desk against e-visa (mean ± half-width of the 95% CI; both arms served the same applicants)</caption><thead><tr><th scope="col">figure</th><th scope="col">value</th><th scope="col">95% CI</th><th scope="col">unit</th></tr></thead><tbody>${rows
    .filter(([, e]) => e)
    .map(
      ([label, e, unit]) =>
        `<tr><th scope="row">${esc(label)}</th><td class="num">${esc(ciText(e))}</td><td class="num">${esc(intervalText(e!.ci95))}</td><td>${esc(unit)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  return `${figure('savings-waterfall', svg, `The desk arm’s officer minutes per application, less what the e-visa still takes, leave what is saved. Source: ${esc(per.source)}.`)}${table}`;
}

function assumptions(list: { text: string; source?: string }[]): string {
  if (!list?.length) return note('The scenario lists no assumptions.');
  return `<ol class="assumptions">${list.map((a) => `<li><p>${esc(a.text)}</p>${a.source ? `<p class="source">Source: ${esc(a.source)}</p>` : ''}</li>`).join('')}</ol>`;
}

// ---------------------------------------------------------------- reproduction

function reproductionSection(figures: FigureComparison[]): Section {
  const ok = figures.filter((f) => f.ok).length;
  const sym = { exact: '=', about: '≈', 'at-least': '≥', qualitative: '' } as const;
  const rows = figures.map(
    (f) =>
      `<tr class="${f.ok ? 'ok' : 'bad'}"><th scope="row"><code>${esc(f.id)}</code><div class="sub">${esc(f.description)}</div></th><td>${esc(f.kind)}</td><td class="num">${f.paper === null ? 'qualitative' : `${esc(sym[f.comparison])} ${esc(fmt(f.paper))}`}</td><td class="num">${esc(formatMean(f.simulated.mean, (f.simulated.ci95[1] - f.simulated.ci95[0]) / 2))}</td><td class="num">${esc(intervalText(f.simulated.ci95))}</td><td class="num">${f.relError === null ? '–' : esc(pct(f.relError, 2))}</td><td class="num">${f.comparison === 'at-least' ? '≥ paper' : `±${esc(pct(f.tolerance, 0))}`}</td><td>${esc(f.unit)}</td><td class="verdict">${f.ok ? '<span class="pass">✓ agrees</span>' : '<span class="fail">✗ differs</span>'}</td><td><code>${esc(f.scenario)}</code><div class="sub"><code>${esc(f.metric)}</code>${f.note ? ` — ${esc(f.note)}` : ''}</div></td></tr>`,
  );
  const quantitative = figures.filter(
    (f) => f.paper !== null && f.paper !== 0 && f.relError !== null,
  );
  const chart = quantitative.length
    ? figure(
        'reproduction',
        hBarChart({
          title: 'Simulated against the paper: relative error with 95% CI',
          desc: `${ok} of ${figures.length} figures agree within tolerance.`,
          items: quantitative.map((f) => ({
            label: f.id,
            value: f.relError! * 100,
            ci: [
              ((f.simulated.ci95[0] - f.paper!) / f.paper!) * 100,
              ((f.simulated.ci95[1] - f.paper!) / f.paper!) * 100,
            ],
            color: f.ok ? PALETTE[2] : PALETTE[5],
            note: f.ok ? 'agrees' : 'differs',
          })),
          xLabel: '(simulated − paper) / paper, %',
          xFormat: (v) => `${fmt(v, 1)}%`,
        }),
        'Relative error of each simulated figure against the paper, with the 95% CI; green agrees within its tolerance, orange does not.',
      )
    : '';
  return {
    id: 'reproduction',
    title: 'The paper against the simulation',
    html: `<div data-section="reproduction"><p class="summary-line"><strong>${ok} of ${figures.length}</strong> figures agree with the paper within their tolerance. <em>Input</em> figures were used to calibrate the model; <em>emergent</em> ones come out of the simulated events.</p>${chart}<div class="scroll"><table class="data"><caption>Figures from the paper and from simulation</caption><thead><tr><th scope="col">figure</th><th scope="col">kind</th><th scope="col">paper</th><th scope="col">simulated</th><th scope="col">95% CI</th><th scope="col">rel. error</th><th scope="col">tolerance</th><th scope="col">unit</th><th scope="col">verdict</th><th scope="col">scenario, metric</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></div>`,
  };
}

/** Emergent findings: simulated results that are not paper figures. */
function findingsSection(findings: Finding[]): Section {
  const rows = findings.map(
    (f) =>
      `<tr><th scope="row">${esc(f.label)}${f.note ? `<div class="sub">${esc(f.note)}</div>` : ''}</th><td class="num">${esc(fmt(f.simulated.mean))}</td><td class="num">${esc(intervalText(f.simulated.ci95))}</td><td>${esc(f.unit)}</td><td><code>${esc(f.scenario)}</code><div class="sub"><code>${esc(f.metric)}</code></div></td></tr>`,
  );
  return {
    id: 'findings',
    title: 'Emergent findings (not paper figures)',
    html: `<div data-section="findings"><p>Results the simulation produces that the paper does not report: they rest on the scenarios' stated assumptions, so read them as what those assumptions imply.</p><div class="scroll"><table class="data"><caption>Emergent findings: mean and 95% CI over replications</caption><thead><tr><th scope="col">finding</th><th scope="col">simulated</th><th scope="col">95% CI</th><th scope="col">unit</th><th scope="col">scenario, metric</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></div>`,
  };
}

// ---------------------------------------------------------------- comparison

function comparisonSection(c: ComparisonResult): Section {
  const sig = c.differences.filter((d) => d.significant);
  const shown = c.differences.filter((d) => d.diff !== 0 || d.halfWidth !== 0).slice(0, 40);
  const forest = shown.filter((d) => d.relative !== null).slice(0, 20);
  const who = (r: ComparisonResult['a']) =>
    `<div><dt>${esc(r.label)}</dt><dd><strong>${esc(r.title || r.name)}</strong> <code>${esc(r.dir)}</code><br>${esc(r.file)}; seed ${esc(r.seed)}, ${esc(r.replications)} replications</dd></div>`;
  const row = (d: MetricDifference) =>
    `<tr class="${d.significant ? 'sig' : ''}"><th scope="row"><code>${esc(d.metric)}</code></th><td class="num">${esc(fmt(d.a.mean))}</td><td class="num">${esc(fmt(d.b.mean))}</td><td class="num">${esc(`${d.diff > 0 ? '+' : ''}${fmt(d.diff)}`)}</td><td class="num">${esc(intervalText(d.ci95))}</td><td class="num">${d.relative === null ? '–' : esc(`${d.relative > 0 ? '+' : ''}${pct(d.relative)}`)}</td><td>${d.significant ? '<span class="pass">yes</span>' : 'no'}</td></tr>`;
  const changes = c.scenarioChanges.length
    ? `<table class="data compact"><caption>What differs between the two scenarios</caption><thead><tr><th scope="col">key</th><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody>${c.scenarioChanges
        .slice(0, 50)
        .map(
          (ch) =>
            `<tr><th scope="row"><code>${esc(ch.path)}</code></th><td><code>${esc(short(ch.a))}</code></td><td><code>${esc(short(ch.b))}</code></td></tr>`,
        )
        .join('')}</tbody></table>`
    : note('The two scenario documents are identical.');
  const chart = forest.length
    ? figure(
        'comparison',
        hBarChart({
          title: 'Differences B − A relative to A, with 95% CI',
          desc: `${sig.length} of ${c.differences.length} metrics differ significantly (${c.method === 'paired' ? 'paired' : 'Welch'} intervals).`,
          items: forest.map((d) => ({
            label: d.metric,
            value: d.relative! * 100,
            ci: [(d.ci95[0] / Math.abs(d.a.mean)) * 100, (d.ci95[1] / Math.abs(d.a.mean)) * 100],
            color: d.significant ? PALETTE[0] : '#9ca3af',
          })),
          xLabel: '(B − A) / A, %',
          xFormat: (v) => `${fmt(v, 1)}%`,
        }),
        'The most important differences, relative to A; blue intervals exclude zero (significant at 95%), grey ones do not.',
      )
    : '';
  return {
    id: 'comparison',
    title: 'Comparison of two runs',
    html: `<div data-section="comparison"><dl class="meta">${who(c.a)}${who(c.b)}</dl><p class="summary-line"><strong>${sig.length}</strong> of ${c.differences.length} shared metrics differ significantly. ${esc(c.methodNote)}</p>${changes}${chart}<div class="scroll"><table class="data"><caption>Differences B − A (the ${shown.length} most important; significant first)</caption><thead><tr><th scope="col">metric</th><th scope="col">A</th><th scope="col">B</th><th scope="col">B − A</th><th scope="col">95% CI</th><th scope="col">relative</th><th scope="col">significant</th></tr></thead><tbody>${shown.map(row).join('')}</tbody></table></div>${c.onlyInA.length || c.onlyInB.length ? note(`${c.onlyInA.length} metrics only in A and ${c.onlyInB.length} only in B are left out.`) : ''}</div>`,
  };
}

function short(v: unknown): string {
  const s = v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

// ---------------------------------------------------------------- sweep

function sweepSections(sw: SweepResult): Section[] {
  const t = sw.target;
  const best = sw.best === null ? undefined : sw.points[sw.best];
  const cfg = (v: Record<string, number>) =>
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(', ');
  const goal = `${t.metric} ${t.op} ${fmt(t.value)}${t.useCi ? ' (on the 95% CI bound)' : ' (on the mean)'}`;
  const verdict = best
    ? `<p class="summary-line">Cheapest configuration that meets <code>${esc(goal)}</code>: <strong>${esc(cfg(best.values))}</strong>, cost ${esc(fmt(best.cost))}, ${esc(t.metric)} = ${esc(ciText(best.target, 3))}.</p>`
    : `<p class="summary-line fail">No configuration in the grid meets <code>${esc(goal)}</code>.</p>`;
  const charts: string[] = [];
  const [p1, p2] = sw.params;
  const groups = p2
    ? p2.values.map((v) => ({
        name: `${p2.key}=${v}`,
        pts: sw.points.filter((p) => p.values[p2.key] === v),
      }))
    : [{ name: t.metric, pts: sw.points }];
  const x = p1.values;
  charts.push(
    figure(
      'sweep-target',
      lineChart({
        title: `${t.metric} against ${p1.key}`,
        desc: `Mean ${t.metric} with 95% CI for each value of ${p1.key}; target ${t.op} ${fmt(t.value)}.`,
        x,
        series: groups.slice(0, 8).map((g, i) => {
          const by = (v: number) => g.pts.find((p) => p.values[p1.key] === v);
          return {
            name: g.name,
            values: x.map((v) => by(v)?.target.mean ?? NaN),
            band: {
              lo: x.map((v) => by(v)?.target.ci95[0] ?? NaN),
              hi: x.map((v) => by(v)?.target.ci95[1] ?? NaN),
            },
            markers: true,
            color: PALETTE[i % PALETTE.length],
          };
        }),
        xLabel: p1.key,
        yLabel: t.metric,
        xTicks: x.length <= 15 ? x : undefined,
        refLines: [{ y: t.value, label: `target ${t.op} ${fmt(t.value)}` }],
      }),
      `The service level against staffing: mean and 95% CI (band) of <code>${esc(t.metric)}</code> for each configuration; the dashed line is the target.`,
    ),
  );
  charts.push(
    figure(
      'sweep-cost',
      scatterChart({
        title: 'Cost against service level',
        desc: `${sw.points.filter((p) => p.feasible).length} of ${sw.points.length} configurations meet the target.${best ? ` The cheapest is ${cfg(best.values)}.` : ''}`,
        points: sw.points.map((p, i) => ({
          x: p.cost,
          y: p.target.mean,
          yCi: p.target.halfWidth > 0 ? p.target.ci95 : undefined,
          good: p.feasible,
          highlight: i === sw.best,
          label: `${cfg(p.values)}: cost ${fmt(p.cost)}, ${t.metric} ${ciText(p.target)}${p.feasible ? ' (meets the target)' : ''}`,
        })),
        xLabel: `cost (${sw.cost})`,
        yLabel: t.metric,
        refY: { y: t.value, label: `target ${t.op} ${fmt(t.value)}` },
      }),
      'Each configuration’s cost against its service level. Filled: meets the target; hollow: does not; ringed: the cheapest that does.',
    ),
  );
  const rows = sw.points.map(
    (p, i) =>
      `<tr class="${i === sw.best ? 'best' : ''}"><th scope="row">${esc(cfg(p.values))}</th><td class="num">${esc(fmt(p.cost))}</td><td class="num">${esc(ciText(p.target))}</td><td class="num">${esc(intervalText(p.target.ci95))}</td><td>${p.feasible ? '<span class="pass">✓ meets</span>' : '<span class="fail">✗ misses</span>'}${i === sw.best ? ' <strong>(cheapest)</strong>' : ''}</td></tr>`,
  );
  const overview = `<div data-section="sweep"><dl class="meta"><div><dt>Scenario</dt><dd>${esc(sw.scenario.title)} <code>${esc(sw.scenario.file)}</code></dd></div><div><dt>Grid</dt><dd>${sw.params.map((p) => `<code>${esc(p.key)}</code> ∈ {${esc(p.values.join(', '))}}`).join(' × ')} (${sw.points.length} configurations)</dd></div><div><dt>Target</dt><dd><code>${esc(goal)}</code></dd></div><div><dt>Cost</dt><dd><code>${esc(sw.cost)}</code></dd></div><div><dt>Replications</dt><dd>${esc(sw.replications)} per configuration, seed ${esc(sw.seed)} (common random numbers across configurations); ${esc(fmt(sw.elapsedSeconds, 1))} s</dd></div></dl>${verdict}${charts.join('')}<table class="data"><caption>Every configuration (mean ± half-width of the 95% CI)</caption><thead><tr><th scope="col">configuration</th><th scope="col">cost</th><th scope="col">${esc(t.metric)}</th><th scope="col">95% CI</th><th scope="col">target</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return [
    { id: 'sweep', title: 'Staffing sweep', html: overview },
    {
      id: 'sweep-assumptions',
      title: 'Assumptions',
      html: `<div data-section="assumptions">${assumptions(sw.scenario.assumptions)}</div>`,
    },
    {
      id: 'sweep-scenario',
      title: 'Base scenario',
      html: `<div data-section="scenario-document"><p>The scenario before the swept overrides, from <code>${esc(sw.scenario.file)}</code>.</p><details><summary>Scenario YAML</summary><pre><code>${esc(toYaml(sw.scenario.document ?? {}))}</code></pre></details></div>`,
    },
  ];
}
