/**
 * The sections of one scenario run: overview, arrivals and completions, queues and
 * utilisation, waiting times, officer hours, the model's arm comparisons, assumptions and
 * the scenario as run. A reproduction draws these once per scenario.
 */
import { stringify as toYaml } from 'yaml';
import { inlineCodeHtml } from '../common/html-text';
import { saturatedStations, saturationText } from '../experiment/saturation';
import {
  armMetricKey,
  figureLabel,
  DERIVED_FIGURES_HEADING,
  INPUT_FIGURES_HEADING,
  splitInputFigures,
  derivedMetricKey,
  MAIN_ARM,
  type FigureBreakdown,
} from '../scenario/service-model';
import type { StationSummary, TimeSeries } from '../sim/summary';
import type { MetricEstimate } from '../experiment/estimate';
import {
  fmt,
  humanMinutes,
  LOST_NOT_IN_WAITS,
  OVERFLOW_NOTE,
  OVERFLOW_TO_HEADING,
  OVERFLOWED_HEADING,
  overridesNote,
  sharePct,
  RETRIAL_COLUMNS,
  RETRIALS_NOTE,
  RETRYING_AT_END_HEADING,
  sampledShareText,
} from './format';
import { formatCi, formatSeconds, formatValue, sameValuesText } from './numbers';
import { armComparison } from './html-report.arm-comparison';
import { resultStationLabels, stationHtml, stationText } from './station-names';
import { overflowTargetOf, type StationLabels } from '../scenario/station-labels';
import {
  assumptions,
  barCi,
  ciBesideIntervalText,
  ciText,
  figure,
  hasSchedule,
  intervalText,
  note,
  panels,
  stationRank,
  sum,
  timeAxis,
  TOP_BARS,
  TOP_STATIONS,
  warmupShade,
  type ReportResult,
  type Section,
} from './html-report.helpers';
import {
  cdfChart,
  esc,
  hBarChart,
  histogramChart,
  lineChart,
  PALETTE,
  shareBar,
  type BarItem,
} from './svg-chart';

export function scenarioSections(
  result: ReportResult,
  id: string,
  nested: boolean,
  overrides: readonly string[] = [],
): Section[] {
  const s = result.scenario;
  const head = nested ? `${s.title || s.name}: ` : '';
  const out: Section[] = [];
  out.push({ id: `${id}-overview`, title: `${head}Overview`, html: overview(result, overrides) });
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
  for (const b of result.breakdowns ?? []) {
    const chart = breakdown(result, b);
    if (chart)
      out.push({
        id: `${id}-${b.id}`,
        title: `${head}${b.title}`,
        html: `<div data-section="${esc(b.id)}">${chart}</div>`,
      });
  }
  for (const c of result.comparisons ?? []) {
    if (!result.arms.includes(c.baseline.arm) || !result.arms.includes(c.candidate.arm)) continue;
    out.push({
      id: `${id}-${c.id}`,
      title: `${head}${c.title}`,
      html: `<div data-section="${esc(c.id)}">${armComparison(result, c)}</div>`,
    });
  }
  out.push({
    id: `${id}-assumptions`,
    title: `${head}Assumptions`,
    html: `<div data-section="assumptions">${assumptions(s.assumptions, s.assumptionsContext)}</div>`,
  });
  out.push({
    id: `${id}-scenario`,
    title: `${head}Scenario as run`,
    html: `<div data-section="scenario-document"><p>The scenario document after <code>extends</code> and <code>--set</code> overrides, with the seed and replications the run used, from <code>${esc(s.file)}</code>.</p><details${nested ? '' : ' open'}><summary>Scenario YAML</summary><pre tabindex="0"><code>${esc(toYaml(documentAsRun(s.document ?? {}, result)))}</code></pre></details></div>`,
  });
  return out;
}

/**
 * The scenario document with the seed and replications the run used: `--seed` and
 * `--replications` (or reproduce's) override the file's without a `--set`, and a document
 * shown "as run" that still said the file's `replications: 10` beside a run of 3 would send
 * whoever copies it to run something else. Keys keep their place; missing ones are appended.
 */
export function documentAsRun(
  document: Record<string, unknown>,
  run: { seed: number; replications: number },
): Record<string, unknown> {
  return { ...document, seed: run.seed, replications: run.replications };
}

function overview(result: ReportResult, overrides: readonly string[]): string {
  const s = result.scenario;
  const m = result.metrics;
  const meta = [
    ['Scenario file', s.file],
    ...(overrides.length ? [['Overrides (--set)', overrides.join(', ')]] : []),
    ['Model', s.model],
    [
      'Simulated',
      `${humanMinutes(s.horizonMinutes)}${s.warmupMinutes ? `, first ${humanMinutes(s.warmupMinutes)} discarded as warm-up` : ''}`,
    ],
    ['Replications', `${result.replications} (seed ${result.seed})`],
    ['Arms', result.arms.join(', ')],
    ['Run time', formatSeconds(result.elapsedSeconds)],
  ];
  const parts = [
    // Its `inline code` (a command to compare with) as code, all else escaped.
    `<p class="desc">${inlineCodeHtml(s.description)}</p>`,
    ...(overrides.length
      ? [`<p class="note" data-section="overrides">${esc(overridesNote(overrides))}</p>`]
      : []),
    '<dl class="meta">',
    ...meta.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`),
    '</dl>',
  ];
  if (result.sampledShare !== undefined)
    parts.push(
      `<p class="note" data-section="sampled">${esc(sampledShareText(result.sampledShare))}</p>`,
    );
  const saturated = result.saturated ?? saturatedStations(result);
  // Named as the station table names them: the label, the id in brackets.
  const stationLabels = resultStationLabels(result);
  for (const st of saturated.slice(0, 10))
    parts.push(note(`Warning: ${saturationText(st, result.arms.length, stationLabels)}`));
  if (saturated.length > 10)
    parts.push(note(`... and ${saturated.length - 10} more stations at or above capacity.`));
  for (const arm of result.arms) {
    const armKey = (k: string) => armMetricKey(arm, k);
    const cards = [
      ['arrivals', m[armKey('totals.arrivals')], 0],
      ['completed', m[armKey('totals.completed')], 0],
      ['lost', m[armKey('totals.lost')], 0],
    ] as const;
    parts.push(
      `<div class="cards" aria-label="${esc(`totals, arm ${arm}`)}">${result.arms.length > 1 ? `<span class="arm">${esc(arm)}</span>` : ''}${cards
        .map(
          ([label, e, d]) =>
            `<div class="card"><div class="card-v">${esc(ciText(e, d))}</div><div class="card-l">${esc(label)}</div></div>`,
        )
        .join('')}</div>`,
    );
    // Why customers were lost, where any were, as run's summary says it.
    if ((m[armKey('totals.lost')]?.mean ?? 0) > 0)
      parts.push(
        `<p data-section="lost-by-cause">Lost by cause: balked (the queue was full or too long for them) ${esc(ciText(m[armKey('totals.lostBy.balked')], 0))}, reneged (gave up waiting) ${esc(ciText(m[armKey('totals.lostBy.reneged')], 0))}, turned away (the station closed) ${esc(ciText(m[armKey('totals.lostBy.turnedAway')], 0))}.</p>`,
      );
  }
  const same = sameValuesText(m);
  if (same) parts.push(`<p class="note" data-section="same-values">${esc(same)}</p>`);
  // The model's figures: the inputs they repeat (figureKind) apart from those the run produced.
  const split = splitInputFigures(Object.keys(m), result.figures, result.breakdowns);
  for (const [section, heading, names] of [
    ['input-figures', INPUT_FIGURES_HEADING, split.inputs],
    ['derived-figures', DERIVED_FIGURES_HEADING, split.derived],
  ] as const) {
    if (!names.length) continue;
    parts.push(
      `<table class="data" data-section="${section}"><caption>${esc(heading)} (mean ± half-width of the 95% CI)</caption><thead><tr><th scope="col">figure</th><th scope="col">value</th><th scope="col">95% CI</th><th scope="col">unit</th><th scope="col">what it is</th></tr></thead><tbody>`,
      ...names.map((name) => {
        const k = derivedMetricKey(name);
        const f = figureLabel(name, result.figures, result.breakdowns);
        return `<tr><th scope="row"><code>${esc(name)}</code></th><td class="num">${esc(ciBesideIntervalText(m[k]))}</td><td class="num">${esc(intervalText(m[k].ci95))}</td><td>${esc(f.unit)}</td><td>${esc(f.description)}</td></tr>`;
      }),
      '</tbody></table>',
    );
  }
  return parts.join('');
}

function flowChart(result: ReportResult, arm: string, ts: TimeSeries | undefined): string {
  if (!ts || !ts.t.length) return '';
  const axis = timeAxis(result);
  const per = humanMinutes(ts.interval);
  const x = ts.t;
  const svg = lineChart({
    title: `Arrivals and completions per ${per}${arm === MAIN_ARM ? '' : `, arm ${arm}`}`,
    desc: `Counts per interval of ${per} over ${ts.t.length} intervals. Total arrivals ${fmt(sum(ts.arrivals), 0)}, completions ${fmt(sum(ts.completions), 0)}.`,
    x,
    series: [
      { name: 'arrivals', values: ts.arrivals },
      { name: 'completions', values: ts.completions, dash: true },
    ],
    xLabel: axis.label,
    yLabel: `customers per ${per}`,
    xFormat: axis.format,
    xTicks: axis.ticks(x[0], x[x.length - 1]),
    shadeUntil: warmupShade(result),
    step: true,
  });
  return figure(
    'flow',
    svg,
    `${arm === MAIN_ARM ? '' : `<strong>Arm ${esc(arm)}.</strong> `}Customers arriving and completing in each ${esc(per)} (replication 1; each point is the count in the interval ending at that time).`,
  );
}

/** Queue and utilisation charts for one station (or the aggregate of many). */
function stationPair(
  result: ReportResult,
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
  const capacityKnown = series.capacity.every((c) => c > 0);
  if (capacityKnown) {
    const util = series.busy.map((b, i) => b / series.capacity[i]);
    parts.push(
      figure(
        'utilisation',
        lineChart({
          title: `Utilisation, ${label}`,
          desc: `Busy servers over servers on duty per interval (replication 1); over its run ${sharePct(utilisation)}.`,
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
          refLines: [{ y: utilisation, label: `over the run ${sharePct(utilisation)}` }],
        }),
        `Busy server-time over on-duty server-time in each interval (both averaged over the interval, not read at its end), ${esc(label)}.`,
      ),
    );
  } else {
    parts.push(
      figure(
        'utilisation',
        lineChart({
          title: `Servers busy, ${label}`,
          desc: `Time-averaged busy servers per interval; average capacity ${fmt(meanCapacity, 2)}; utilisation over the run ${sharePct(utilisation)}.`,
          x: t,
          series: [{ name: 'busy servers', values: series.busy, color: PALETTE[5] }],
          xLabel: axis.label,
          yLabel: 'servers busy (time-average)',
          xFormat: axis.format,
          xTicks: ticks,
          shadeUntil: warmupShade(result),
          refLines: [{ y: meanCapacity, label: `average servers on duty ${fmt(meanCapacity, 2)}` }],
        }),
        `Time-averaged busy servers in each interval, ${esc(label)}. ${hasSchedule(series) ? 'Servers work in shifts here' : 'The station is closed for part of the run'}, so the line is set against the average number on duty; over the run (replication 1, as the line; the table gives the mean over replications) they were busy ${esc(sharePct(utilisation))} of their time on duty.`,
      ),
    );
  }
  return `<div class="pair">${parts.join('')}</div>`;
}

function stationCharts(
  result: ReportResult,
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
  const labels = resultStationLabels(result);
  for (const [id, st] of ranked.slice(0, TOP_STATIONS)) {
    items.push({
      key: id,
      label: stationText(labels, id),
      html: stationPair(
        result,
        stationText(labels, id),
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
  return `${head}${panels(group, 'Station', items)}${more}${stationTable(result, arm, ranked)}${retrialTable(result, arm, ranked)}${overflowTable(result, arm, ranked)}${classTable(result, arm)}`;
}

/** Rows of the class table at most: a model with hundreds of classes shows its largest. */
const CLASS_ROWS = 25;

/**
 * Each class's arrivals, completions, losses and time in system, as the terminal summary
 * prints them: with priority classes (urgent first) the difference between classes is the
 * result, and the station table, which mixes them, does not show it.
 */
function classTable(result: ReportResult, arm: string): string {
  const m = result.metrics;
  const classes = Object.keys(result.firstReplication[arm]?.classes ?? {});
  if (!classes.length) return '';
  const key = (id: string) => armMetricKey(arm, `classes.${id}`);
  const ranked = classes
    .map((id) => [id, m[`${key(id)}.arrivals`]?.mean ?? 0] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, CLASS_ROWS);
  const rows = ranked.map(([id]) => {
    const k = key(id);
    return `<tr><th scope="row">${esc(id)}</th><td class="num">${esc(ciText(m[`${k}.arrivals`], 0))}</td><td class="num">${esc(ciText(m[`${k}.completed`], 0))}</td><td class="num">${esc(ciText(m[`${k}.lost`], 0))}</td><td class="num">${esc(ciText(m[`${k}.systemTime.mean`], 2))}</td><td class="num">${esc(ciText(m[`${k}.systemTime.p90`], 2))}</td></tr>`;
  });
  return `<table class="data" data-table="classes"><caption>Classes${classes.length > CLASS_ROWS ? ` (the ${CLASS_ROWS} with most arrivals of ${classes.length})` : ''}${result.arms.length > 1 ? `, arm ${esc(arm)}` : ''}: mean ± half-width of the 95% CI; times from arrival to leaving, of the customers who finished</caption><thead><tr><th scope="col">class</th><th scope="col">arrivals</th><th scope="col">completed</th><th scope="col">lost</th><th scope="col">mean time in system (min)</th><th scope="col">p90 time in system (min)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * A station's utilisation as the terminal and the Lab write it: in percent (the `%` in the
 * column's header), with its 95% CI where there is one, not the mean alone.
 */
function utilisationText(e: MetricEstimate | undefined, fallback: number): string {
  return e ? formatCi(e, 'share') : formatValue(fallback, 'share');
}

/**
 * A table of the stations with one rule (retrial, overflow): a row for each of the 25 busiest
 * that has the rule's `metric` (only such stations have it), named as the station table names
 * them; empty without one.
 */
function ruleTable(
  result: ReportResult,
  arm: string,
  ranked: [string, StationSummary][],
  rule: {
    metric: string;
    table: string;
    caption: string;
    heads: string[];
    cells: (id: string, st: StationSummary, labels: StationLabels) => string;
    note: string;
  },
): string {
  const labels = resultStationLabels(result);
  const rows = ranked
    .slice(0, 25)
    .filter(
      ([id]) => result.metrics[armMetricKey(arm, `stations.${id}.${rule.metric}`)] !== undefined,
    )
    .map(
      ([id, st]) =>
        `<tr><th scope="row">${stationHtml(labels, id)}</th>${rule.cells(id, st, labels)}</tr>`,
    );
  if (!rows.length) return '';
  const heads = ['station', ...rule.heads].map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  return `<table class="data" data-table="${rule.table}"><caption>${rule.caption}${result.arms.length > 1 ? `, arm ${esc(arm)}` : ''}: ${rule.note}</caption><thead><tr>${heads}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A metric's cell: its mean ± half-width, tagged with its key. */
function metricCell(m: ReportResult['metrics'], key: string): string {
  return `<td class="num" data-metric="${esc(key)}">${esc(ciText(m[key], 0))}</td>`;
}

/**
 * The stations with a retrial rule: the arrivals turned away, the returns, the customers lost for
 * good and those who gave up after coming back, as run's summary lists them, and those due back
 * after the end in replication 1.
 */
function retrialTable(
  result: ReportResult,
  arm: string,
  ranked: [string, StationSummary][],
): string {
  const table = ruleTable(result, arm, ranked, {
    metric: 'retrials',
    table: 'retrials',
    caption: 'Stations with a retrial rule',
    note: 'customers turned away who come back; mean ± half-width of the 95% CI; due back after the end from replication 1',
    heads: [...RETRIAL_COLUMNS.map(([, h]) => h), RETRYING_AT_END_HEADING],
    cells: (id, st) => {
      const k = armMetricKey(arm, `stations.${id}`);
      const cells = RETRIAL_COLUMNS.map(([metric]) => metricCell(result.metrics, `${k}.${metric}`));
      return `${cells.join('')}<td class="num">${esc(fmt(st.retryingAtEnd ?? 0, 0))}</td>`;
    },
  });
  return table && table + note(RETRIALS_NOTE);
}

/**
 * The stations with an overflow: the arrivals each found full and sent on, and the station it
 * sent them to, as run's summary lists them.
 */
function overflowTable(
  result: ReportResult,
  arm: string,
  ranked: [string, StationSummary][],
): string {
  const table = ruleTable(result, arm, ranked, {
    metric: 'overflowed',
    table: 'overflows',
    caption: 'Stations with an overflow',
    note: 'customers who found the queue full and were sent on to another station instead of being lost; mean ± half-width of the 95% CI',
    heads: [OVERFLOWED_HEADING, OVERFLOW_TO_HEADING],
    cells: (id, _st, labels) => {
      const to = overflowTargetOf(result, id);
      return `${metricCell(result.metrics, armMetricKey(arm, `stations.${id}.overflowed`))}<td>${to === undefined ? '-' : stationHtml(labels, to)}</td>`;
    },
  });
  return table && table + note(OVERFLOW_NOTE);
}

function stationTable(
  result: ReportResult,
  arm: string,
  ranked: [string, StationSummary][],
): string {
  const m = result.metrics;
  const armKey = (k: string) => armMetricKey(arm, k);
  const labels = resultStationLabels(result);
  const rows = ranked.slice(0, 25).map(([id, st]) => {
    const k = armKey(`stations.${id}`);
    return `<tr><th scope="row">${stationHtml(labels, id)}</th><td class="num">${esc(ciText(m[`${k}.served`], 0))}</td><td class="num">${esc(ciText(m[`${k}.wait.mean`], 2))}</td><td class="num">${esc(ciText(m[`${k}.meanQueue`], 2))}</td><td class="num">${esc(fmt(st.maxQueue, 0))}</td><td class="num">${esc(utilisationText(m[`${k}.utilisation`], st.utilisation))} ${shareBar(m[`${k}.utilisation`]?.mean ?? st.utilisation)}</td><td class="num">${esc(ciText(m[`${k}.lost`], 0))}</td></tr>`;
  });
  const lost = (m[armKey('totals.lost')]?.mean ?? 0) > 0;
  return `<table class="data"><caption>Stations${ranked.length > 25 ? ` (the 25 busiest of ${ranked.length})` : ''}${result.arms.length > 1 ? `, arm ${esc(arm)}` : ''}: mean ± half-width of the 95% CI; highest queue from replication 1</caption><thead><tr><th scope="col">station</th><th scope="col">served</th><th scope="col">mean wait of those served (min)</th><th scope="col">mean queue (waiting)</th><th scope="col">highest queue (waiting)</th><th scope="col">utilisation (%)</th><th scope="col">lost</th></tr></thead><tbody>${rows.join('')}</tbody></table>${lost ? note(LOST_NOT_IN_WAITS) : ''}`;
}

function waitCharts(result: ReportResult, arm: string, group: string): string {
  const m = result.metrics;
  const armKey = (k: string) => armMetricKey(arm, k);
  const ranked = stationRank(result, arm)
    .filter(([, st]) => st.wait.count > 0)
    .sort((a, b) => b[1].served - a[1].served);
  if (!ranked.length) return '';
  const labels = resultStationLabels(result);
  const items = ranked.slice(0, TOP_STATIONS).map(([id, st]) => {
    const w = st.wait;
    const name = stationText(labels, id);
    if (!(st.waitedShare > 0) || w.max === 0)
      return {
        key: id,
        label: name,
        html: note(
          `Nobody waited at ${name}: all ${fmt(w.count, 0)} customers in replication 1 were served at once.`,
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
    const k = armKey(`stations.${id}`);
    const prow = (label: string, key: string, first: number) =>
      `<tr><th scope="row">${esc(label)}</th><td class="num">${esc(m[key] ? ciBesideIntervalText(m[key], 2) : fmt(first, 2))}</td><td class="num">${esc(m[key] ? intervalText(m[key].ci95, 2) : 'replication 1 only')}</td></tr>`;
    const html = `<div class="pair">${figure(
      'wait-histogram',
      histogramChart({
        title: `Waiting time distribution of those who waited, ${name}`,
        desc: `Histogram of the ${fmt(w.count - servedAtOnce, 0)} customers served who waited in replication 1; ${sharePct(1 - st.waitedShare)} did not wait; over everyone served p50 ${fmt(w.p50, 2)}, p90 ${fmt(w.p90, 2)}, p95 ${fmt(w.p95, 2)}, p99 ${fmt(w.p99, 2)} minutes.`,
        edges: h.edges,
        counts: waitedCounts,
        xLabel: 'wait (minutes); the last bar holds all longer waits',
        yLabel: 'customers who waited',
        markers,
      }),
      `Waits at ${esc(name)} of those served who waited (replication 1); ${esc(sharePct(1 - st.waitedShare))} were served at once and are left out here. Percentiles (dotted) are over everyone served; customers who left unserved are in none of these figures.`,
    )}${figure(
      'wait-cdf',
      cdfChart({
        title: `Cumulative waiting time, ${name}`,
        desc: `Share of the customers served who waited at most x minutes; ${sharePct(1 - st.waitedShare)} at zero.`,
        points: cdf,
        xLabel: 'wait (minutes)',
        markers,
      }),
      `Share of the customers served at ${esc(name)} who waited at most x minutes, with the percentiles marked.`,
    )}</div><table class="data compact"><caption>Waits at ${esc(name)} of the customers served there, in minutes, over replications</caption><thead><tr><th scope="col">statistic</th><th scope="col">value</th><th scope="col">95% CI</th></tr></thead><tbody>${prow('mean', `${k}.wait.mean`, w.mean)}${prow('p50 (median)', `${k}.wait.p50`, w.p50)}${prow('p90', `${k}.wait.p90`, w.p90)}${prow('p95', `${k}.wait.p95`, w.p95)}${prow('p99', `${k}.wait.p99`, w.p99)}<tr><th scope="row">longest (replication 1)</th><td class="num">${esc(fmt(w.max, 2))}</td><td></td></tr></tbody></table>`;
    return { key: id, label: name, html };
  });
  const parts: string[] = [];
  if (result.arms.length > 1) parts.push(`<h3>Arm ${esc(arm)}</h3>`);
  parts.push(panels(group, 'Station', items));
  // A station with no wait in some replication has no mean wait (NaN): it has no bar.
  const meanWait = ([id, st]: [string, StationSummary]) =>
    m[armKey(`stations.${id}.wait.mean`)]?.mean ?? st.wait.mean;
  const withWait = ranked.filter((r) => Number.isFinite(meanWait(r)));
  if (withWait.length > 3) {
    const byWait = [...withWait].sort((a, b) => meanWait(b) - meanWait(a)).slice(0, TOP_BARS);
    parts.push(
      figure(
        'wait-by-station',
        hBarChart({
          title: `Longest mean waits by station${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
          desc: `The ${byWait.length} stations with the longest mean wait, with 95% CIs.`,
          items: byWait.map(([id, st]) => {
            const e = m[armKey(`stations.${id}.wait.mean`)];
            return {
              label: stationText(labels, id),
              value: e?.mean ?? st.wait.mean,
              ci: barCi(e),
            };
          }),
          xLabel: 'mean wait (minutes)',
        }),
        `The ${byWait.length} longest mean waits of ${withWait.length} stations, with 95% confidence intervals.`,
      ),
    );
  }
  return parts.join('');
}

function officerHours(result: ReportResult): string {
  const m = result.metrics;
  const parts: string[] = [];
  const totals: string[] = [];
  const labels = resultStationLabels(result);
  for (const arm of result.arms) {
    const armKey = (k: string) => armMetricKey(arm, k);
    const all = stationRank(result, arm);
    if (!all.length) continue;
    // Officer time is the staffed stations' (StationModel.staff): a delay (days in transit), a
    // resource (seats) or a chatbot is not counted, as totals.officerHours does not count it.
    const ranked = all.filter(([, st]) => st.staff !== false);
    const notStaff = all.filter(([, st]) => st.staff === false);
    const armHead = result.arms.length > 1 ? `<strong>Arm ${esc(arm)}.</strong> ` : '';
    const armText = result.arms.length > 1 ? `Arm ${arm}. ` : '';
    const notStaffNote = notStaff.length
      ? `<p class="note" data-testid="not-staff">${esc(
          `${armText}Not officer time, so not counted: ${notStaff.map(([id]) => stationText(labels, id)).join(', ')} (stations whose servers are not staff, stations.<id>.staff false: delays, resources such as seats, automation).`,
        )}</p>`
      : '';
    // A summary.json of a build before totals.officerHours: the staffed stations' sum.
    const totalE = m[armKey('totals.officerHours')];
    const totalHours =
      totalE?.mean ??
      ranked.reduce(
        (s, [id, st]) => s + (m[armKey(`stations.${id}.busyHours`)]?.mean ?? st.busyTime / 60),
        0,
      );
    totals.push(
      `<tr><th scope="row">${esc(arm)}</th><td class="num">${esc(totalE ? ciText(totalE, 0) : fmt(totalHours, 0))}</td><td class="num">${esc(fmt(ranked.length, 0))}</td></tr>`,
    );
    if (!ranked.length) {
      parts.push(note(`${armText}No station of this run is staffed: it has no officer time.`));
      parts.push(notStaffNote);
      continue;
    }
    const items: BarItem[] = ranked.slice(0, TOP_BARS).map(([id, st]) => {
      const e = m[armKey(`stations.${id}.busyHours`)];
      return {
        label: stationText(labels, id),
        value: e?.mean ?? st.busyTime / 60,
        ci: barCi(e),
      };
    });
    const rest = ranked.slice(TOP_BARS);
    if (rest.length)
      items.push({
        label: `${rest.length} other stations`,
        value: rest.reduce(
          (s, [id, st]) => s + (m[armKey(`stations.${id}.busyHours`)]?.mean ?? st.busyTime / 60),
          0,
        ),
        color: '#9ca3af',
      });
    parts.push(
      figure(
        'busy-hours',
        hBarChart({
          title: `Officer hours by station${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
          desc: `Hours officers spent serving, per staffed station, with 95% CIs; ${fmt(totalHours, 0)} hours in all.`,
          items,
          xLabel: 'hours serving',
        }),
        `${armHead}Hours that officers (the servers of the staffed stations) spent serving, by station, over the observed period.`,
      ),
    );
    parts.push(notStaffNote);
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
            title: `Officer hours by customer class${result.arms.length > 1 ? `, arm ${arm}` : ''}`,
            desc: `Officer hours serving each class in replication 1, the ${Math.min(TOP_BARS, classItems.length)} largest of ${classItems.length}.`,
            items: classItems
              .slice(0, TOP_BARS)
              .map(([label, value]) => ({ label, value, color: PALETTE[4] })),
            xLabel: 'hours serving (replication 1)',
          }),
          `Where the officer time went, by customer class (replication 1).`,
        ),
      );
    }
  }
  parts.push(
    `<table class="data compact"><caption>Officer hours by arm (totals.officerHours: means over replications ± the half-width of the 95% CI)</caption><thead><tr><th scope="col">arm</th><th scope="col">officer hours</th><th scope="col">staffed stations</th></tr></thead><tbody>${totals.join('')}</tbody></table>`,
  );
  return parts.join('');
}

/** A derived figure the model splits into parts (`ServiceModel.breakdowns`): one bar a part, largest first. */
function breakdown(result: ReportResult, b: FigureBreakdown): string {
  const m = result.metrics;
  const prefix = `${derivedMetricKey(b.figure)}.`;
  const keys = Object.keys(m).filter(
    (k) => k.startsWith(prefix) && !k.includes('.', prefix.length),
  );
  if (!keys.length) return '';
  return figure(
    b.id,
    hBarChart({
      title: b.title,
      desc: `${b.unit} per ${b.part} with 95% CIs (${keys.length} parts).`,
      items: keys
        .map((k) => ({
          label: k.slice(prefix.length),
          value: m[k].mean,
          ci: barCi(m[k]),
          color: PALETTE[2],
        }))
        .sort((a, b) => b.value - a.value),
      xLabel: b.unit,
    }),
    `${esc(b.title)}, with 95% confidence intervals.`,
  );
}
