/**
 * A run's results as report.html shows them — key figures with confidence intervals,
 * arrivals and completions over time, queues and utilisation per station, the wait-time
 * distribution — drawn with the report's own chart code (src/report/svg-chart.ts).
 */
import { cdfChart, esc, histogramChart, lineChart } from '../../src/report/svg-chart';
import type { StationSummary, TimeSeries } from '../../src/sim/summary';
import { rhoText, saturatedStations, type SaturatedStation } from '../../src/experiment/saturation';
import { QUANTILE_RELATIVE_ACCURACY } from '../../src/sim/stats';
import { estimateMetrics, type MetricEstimate } from '../../src/experiment/estimate';
import type {
  ArmComparison,
  FigureBreakdown,
  FigureDeclaration,
  FigureTranslation,
} from '../../src/scenario/service-model';
import { derivedMetricKey, splitInputFigures } from '../../src/scenario/service-model';
import type { CheckResult, LabScenarioMeta, ReplicationResult } from './engine/protocol';
import { lang, num, pctText, t, type Key } from './i18n';
import {
  figureEntry,
  labelledHtml,
  metricContext,
  metricLabel,
  resultStationLabels,
  stationHtml,
  stationText,
  type MetricContext,
  type StationLabels,
} from './labels';
import {
  comparisonCells,
  formatCi,
  formatInterval,
  quantityOf,
  sameValuesWithAllowance,
  type Quantity,
} from '../../src/report/numbers';
import { chartWithData, scrollBox, type ChartData } from './chart-data';
import { overflowTargetOf } from '../../src/scenario/station-labels';

export type { MetricEstimate };

/** The Lab's result: the fields of `consular-sim run --json` (src/experiment/scenario.runner.ts). */
export interface LabResult {
  scenario: LabScenarioMeta;
  seed: number;
  replications: number;
  /** The `--set` overrides it ran with (the form may have changed since). */
  set: string[];
  elapsedSeconds: number;
  arms: string[];
  metrics: Record<string, MetricEstimate>;
  firstReplication: Record<string, Omit<import('../../src/sim/network').RunSummary, 'timeseries'>>;
  timeseries: Record<string, TimeSeries | undefined>;
  figures: Record<string, FigureDeclaration>;
  /**
   * Each figure's unit and description in Turkish (ServiceModel.figuresTr): for the page only,
   * not in the downloaded JSON, which has run --json's fields.
   */
  figuresTr?: Record<string, FigureTranslation>;
  /**
   * Each station's label in English and Turkish, its model's and its file's
   * (src/scenario/station-labels.ts): for the page only, like figuresTr.
   */
  stationLabels?: StationLabels;
  /**
   * The unit of what waits in the model's queues (ServiceModel.customerUnit: Hızır's questions),
   * for the page only, like stationLabels; absent for people (unitCustomers).
   */
  customerUnit?: { en: string; tr: string };
  /**
   * The scenario's assumptions in Turkish, one for each of `scenario.assumptions` (the file's
   * `translations.tr.assumptions`): for the page only, like figuresTr.
   */
  assumptionsTr?: { text: string; source?: string }[];
  /** The arm comparisons and breakdowns the model declares, as `run --json`. */
  comparisons: ArmComparison[];
  breakdowns: FigureBreakdown[];
  /** Stations whose demand reached their capacity (src/experiment/saturation.ts), as `run --json`. */
  saturated?: SaturatedStation[];
  /**
   * The share of its customers the run simulates one by one, where below 1 (e-visa's
   * params.sampling), as `run --json`; absent where it simulated all.
   */
  sampledShare?: number;
}

/** A reproduced figure's kind, as the scenario's `reproduces:` gives it (scenario.schema.ts). */
type FigureKind = 'input' | 'emergent' | 'measured';

/**
 * The paper figures the scenario reproduces (its validated `reproduces:`), by metric: the derived
 * table says beside a metric which figure it stands for and of what kind, as reproduce does.
 */
function reproducedFigures(r: LabResult): Map<string, { figure: string; kind: FigureKind }> {
  const list = r.scenario.document.reproduces;
  const out = new Map<string, { figure: string; kind: FigureKind }>();
  if (!Array.isArray(list)) return out;
  for (const item of list as { figure?: unknown; metric?: unknown; kind?: unknown }[]) {
    if (typeof item?.metric !== 'string' || typeof item.figure !== 'string') continue;
    if (item.kind === 'input' || item.kind === 'emergent' || item.kind === 'measured')
      out.set(item.metric, { figure: item.figure, kind: item.kind });
  }
  return out;
}

const KIND_TEXT: Record<FigureKind, Key> = {
  input: 'kindInput',
  emergent: 'kindEmergent',
  measured: 'kindMeasured',
};

function paperFigureLine(p: { figure: string; kind: FigureKind } | undefined): string {
  if (!p) return '';
  return `<div class="muted" data-testid="paper-figure" data-kind="${esc(p.kind)}">${esc(
    t('paperFigure', { figure: p.figure, kind: t(KIND_TEXT[p.kind]) }),
  )}</div>`;
}

/** The saturated stations, as `run` warns of them: their means describe the run, not the station. */
function saturationWarning(r: LabResult): string {
  const list = r.saturated ?? [];
  if (!list.length) return '';
  const labels = resultStationLabels(r);
  const item = (s: SaturatedStation) => {
    const name = stationText(labels, s.station);
    const station = r.arms.length > 1 ? `${t('arm')} ${s.arm}, ${name}` : name;
    if (s.inTheory)
      return t('saturatedTheory', {
        station,
        rho: rhoText(s.offeredLoad),
        waiting: num(s.waitingAtEnd, 0),
      });
    return Number.isFinite(s.offeredLoad)
      ? t('saturatedStation', {
          station,
          load: pctText(s.offeredLoad),
          waiting: num(s.waitingAtEnd, 0),
        })
      : t('saturatedNoServer', { station });
  };
  return `<div class="warn" data-testid="saturated"><p>${esc(t('saturatedHead'))}</p><ul>${list
    .slice(0, 10)
    .map((s) => `<li>${esc(item(s))}</li>`)
    .join('')}</ul></div>`;
}

/**
 * Utilisation from which a station is called near capacity. An assumption for teaching, not a
 * law: at a load ρ = 0.95 an M/M/1 queue's waits stay correlated over about 1 / (1 − √ρ)² ≈
 * 1,600 services (its relaxation time), so a run of a few thousand customers starts far from its
 * long-run state and its interval understates the uncertainty.
 */
export const NEAR_CAPACITY = 0.95;

/** Stations busy at least NEAR_CAPACITY of their on-duty time, but not saturated: slow to settle. */
function nearCapacityNote(r: LabResult): string {
  const saturated = new Set((r.saturated ?? []).map((s) => `${s.arm}|${s.station}`));
  const near: string[] = [];
  const labels = resultStationLabels(r);
  for (const arm of r.arms) {
    for (const [id] of stationRank(r, arm)) {
      const u = r.metrics[`${prefix(arm)}stations.${id}.utilisation`]?.mean ?? 0;
      if (u >= NEAR_CAPACITY && !saturated.has(`${arm}|${id}`))
        near.push(
          t('nearCapacityStation', {
            station:
              r.arms.length > 1
                ? `${t('arm')} ${arm}, ${stationText(labels, id)}`
                : stationText(labels, id),
            load: pctText(u),
          }),
        );
    }
  }
  if (!near.length) return '';
  return `<div class="warn" data-testid="near-capacity"><p>${esc(t('nearCapacityHead'))}</p><ul>${near
    .slice(0, 10)
    .map((n) => `<li>${esc(n)}</li>`)
    .join('')}</ul></div>`;
}

/**
 * mean ± half-width as run prints it, or mean (low – high) where the interval was cut at the
 * least or greatest value the figure can take (`cut`: src/experiment/estimate.ts), which leaves
 * it no longer symmetric about the mean. The one number format of the terminal and report.html
 * (src/report/numbers.ts): the half-width to 2 significant digits and the mean to the same
 * decimal place, a count whole, a share (utilisation) in percent with its `%` in the column's
 * header, in the Lab's language.
 */
function ci(e: MetricEstimate | undefined, quantity: Quantity = 'value'): string {
  if (!e) return t('none');
  return formatCi(e, quantity, 1, { locale: numberLocale(), to: ' – ' });
}

/**
 * ci's text as HTML, with sameValuesMark beside it where every replication gave the same value
 * (as the derived table's interval column and reproduce's table mark it): a `0` alone, under a
 * heading of means ± half-widths, reads as a certain 0.
 */
function ciHtml(e: MetricEstimate | undefined, quantity: Quantity = 'value'): string {
  return `${esc(ci(e, quantity))}${e?.sameInEveryReplication ? ` <span class="same-mark" data-testid="same-mark">(${esc(sameMark(e))})</span>` : ''}`;
}

/**
 * Which of the figures every replication gave alike still show a ± (a percentile's sketch
 * allowance), and what it is, as run's summary says it (sameValuesText): '' where none do.
 */
function allowanceText(keys: readonly string[]): string {
  if (!keys.length) return '';
  const more = keys.length - SAME_VALUES_SHOWN;
  return ` <span data-testid="same-allowance">${esc(t('sameValuesAllowance', { accuracy: pctText(QUANTILE_RELATIVE_ACCURACY) }))} ${keys
    .slice(0, SAME_VALUES_SHOWN)
    .map((k) => `<code>${esc(k)}</code>`)
    .join(', ')}${more > 0 ? ` ${esc(t('sameValuesMore', { more: num(more, 0) }))}` : ''}</span>`;
}

/**
 * What marks a figure every replication gave alike (markSameValues in src/report/numbers.ts):
 * sameValuesMark, or beside a ± that is not 0 (a percentile's sketch allowance) what that ± is.
 */
function sameMark(e: MetricEstimate): string {
  return sameValuesWithAllowance(e)
    ? t('sameValuesSketchMark', { accuracy: pctText(QUANTILE_RELATIVE_ACCURACY) })
    : t('sameValuesMark');
}

/** `low – high`, or that an interval needs 2 replications or more (null: one replication). */
function interval(ci: [number, number] | null, quantity: Quantity = 'value'): string {
  return ci === null
    ? t('needsTwo')
    : formatInterval(ci, quantity, { locale: numberLocale(), to: ' – ' });
}

/**
 * A sampled share as a percentage to 3 significant digits, as run's summary writes it
 * (sampledShareText in src/report/format.ts), in the Lab's language; the `%` is in the sentence.
 */
function shareText(share: number): string {
  return new Intl.NumberFormat(numberLocale(), { maximumSignificantDigits: 3 }).format(share * 100);
}

/**
 * The unit of what waits in the run's queues and leaves them, in the Lab's language: the
 * model's (ServiceModel.customerUnit: Hızır's questions), else people (unitCustomers).
 */
export function customerUnit(r: Pick<LabResult, 'customerUnit'>): string {
  return r.customerUnit?.[lang()] ?? t('unitCustomers');
}

/** The locale of the Lab's numbers (as i18n's num). */
function numberLocale(): string {
  return lang() === 'tr' ? 'tr-TR' : 'en-GB';
}

/**
 * A derived figure's description and unit in the Lab's language: its own, else (a part such as
 * `officerHours.passport`) the figure its name starts with; in Turkish from the model's
 * `figuresTr`, in English from its declaration.
 */
export function figureText(
  r: Pick<LabResult, 'figures' | 'figuresTr'>,
  name: string,
): FigureTranslation {
  const said = lang() === 'tr' ? figureEntry(r.figuresTr, name) : undefined;
  const english = figureEntry(r.figures, name);
  return {
    description: said?.description ?? english?.description ?? '',
    unit: said?.unit ?? english?.unit ?? '',
  };
}

function prefix(arm: string): string {
  return arm === 'main' ? '' : `${arm}.`;
}

/**
 * A chart with its heading and caption, and its numbers in a table under it (chart-data.ts),
 * found by the chart's kind (`flow-table`, `queue-table`, …).
 */
function figure(kind: string, svg: string, caption: string, data: ChartData): string {
  // The chart's own <title> names it for screen readers; the heading shows it on screen.
  const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
  const { chart, table } = chartWithData(svg, { testid: `${kind}-table`, ...data });
  return `<figure class="chart" data-chart="${esc(kind)}"><h4 class="chart-title" aria-hidden="true">${title}</h4>${chart}<figcaption>${esc(caption)}</figcaption></figure>${table}`;
}

/** Days or hours on the time axis, at round steps (the report's rule). */
function timeAxis(r: LabResult): {
  unit: number;
  label: string;
  format: (x: number) => string;
  ticks: (t0: number, t1: number) => number[];
} {
  const unit = r.scenario.horizonMinutes > 3 * 1440 ? 1440 : 60;
  return {
    unit,
    label: unit === 1440 ? t('day') : t('hour'),
    format: (x) => num(x / unit, 1),
    ticks: (t0, t1) => {
      const raw = (t1 - t0) / unit / 6;
      const steps = unit === 1440 ? [1, 2, 7, 14, 28, 56, 91, 182, 365, 730] : [1, 2, 3, 6, 12, 24];
      const step = (steps.find((s) => s >= raw) ?? Math.ceil(raw)) * unit;
      const out: number[] = [];
      for (let x = Math.ceil(t0 / step) * step; x <= t1; x += step) out.push(x);
      return out;
    },
  };
}

/**
 * The decimals that write every multiple of `interval` in `unit`s exactly where 3 or fewer do
 * (a quarter-hour, 0.25 hours), else as many as tell consecutive ones apart (an hour, 0.04 days):
 * the axis's labels have fewer, which would write several rows of a table the same.
 */
function endDecimals(interval: number, unit: number): number {
  const step = interval / unit;
  for (let d = 0; d <= 3; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9) return d;
  }
  return Math.max(0, Math.ceil(Math.log10(1 / step)));
}

function humanInterval(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? t('day') : `${minutes / 1440} ${t('day')}`;
  if (minutes % 60 === 0) return minutes === 60 ? t('hour') : `${minutes / 60} ${t('hour')}`;
  return `${minutes} ${t('minutes')}`;
}

/** A length of time as a reader says it: 14 days, 8 hours, 90 minutes. */
function durationText(minutes: number): string {
  if (minutes % 1440 === 0) return `${num(minutes / 1440)} ${t(minutes === 1440 ? 'day' : 'days')}`;
  if (minutes % 60 === 0) return `${num(minutes / 60)} ${t(minutes === 60 ? 'hour' : 'hours')}`;
  return `${num(minutes)} ${t('minutes')}`;
}

/** Stations ranked busiest first (the report's order). */
/** Rows of the station table per arm, the busiest first (the picker offers every station). */
export const TABLE_STATIONS = 12;

/** The metrics the note on equal replications names, as run's summary names them (sameValuesText). */
export const SAME_VALUES_SHOWN = 8;

/**
 * The picker of the station whose queue and servers the charts draw: every station, the busiest
 * first (a network of 249 missions is picked from in full, not its first few), or none for one.
 */
export function stationPicker(r: LabResult, chosen?: string): string {
  const ranked = stationRank(r, r.arms[0]);
  if (ranked.length < 2) return '';
  const labels = resultStationLabels(r);
  return `<p class="picker"><label for="station-pick">${esc(t('pickStation'))}</label> <select id="station-pick">${ranked
    .map(
      ([id]) =>
        `<option value="${esc(id)}"${id === chosen ? ' selected' : ''}>${esc(stationText(labels, id))}</option>`,
    )
    .join('')}</select></p>`;
}

export function stationRank(r: LabResult, arm: string): [string, StationSummary][] {
  return Object.entries(r.firstReplication[arm]?.stations ?? {}).sort(
    (a, b) => b[1].busyTime - a[1].busyTime || b[1].served - a[1].served,
  );
}

export function renderResult(
  r: LabResult,
  stationChoice?: string,
  title = r.scenario.title,
): string {
  const m = r.metrics;
  const parts: string[] = [];
  const ctx = metricContext(r);
  const customers = customerUnit(r);
  parts.push(
    `<p class="run-meta">${esc(
      t(r.replications === 1 ? 'resultForOne' : 'resultFor', {
        title,
        reps: r.replications,
        seed: r.seed,
        secs: num(r.elapsedSeconds, 2),
      }),
    )}<br><span data-testid="run-set">${esc(t('runWith', { sets: r.set.length ? r.set.join(', ') : t('noChanges') }))}</span></p>`,
  );
  // As run's summary says it in its header: what a sampled run's counts count.
  if (r.sampledShare !== undefined)
    parts.push(
      `<p class="hint" data-testid="sampled">${esc(t('sampledShare', { share: shareText(r.sampledShare) }))}</p>`,
    );
  parts.push(saturationWarning(r), nearCapacityNote(r));
  // Under the section's own heading (h3, Results): a level below it.
  parts.push(`<h4>${esc(t('keyFigures'))}</h4>`);
  // What a teacher is asked first: what the ± means, and why completions can exceed arrivals.
  const warm = r.scenario.warmupMinutes;
  parts.push(
    `<p class="hint" data-testid="ci-explain">${esc(r.replications > 1 ? `${t('ciExplain', { reps: r.replications })} ${t('ciBounds', { accuracy: pctText(QUANTILE_RELATIVE_ACCURACY) })}` : t('ciOne'))}${
      warm > 0 ? ` ${esc(t('countedAfterWarmup', { warmup: durationText(warm) }))}` : ''
    }</p>`,
  );
  for (const arm of r.arms) {
    const p = prefix(arm);
    const cards: [string, string][] = [
      ['arrivals', ciHtml(m[`${p}totals.arrivals`], 'count')],
      ['completed', ciHtml(m[`${p}totals.completed`], 'count')],
      ['lost', ciHtml(m[`${p}totals.lost`], 'count')],
    ];
    parts.push(
      `<div class="cards" role="group" aria-label="${esc(`${t('arm')} ${arm}`)}">${
        r.arms.length > 1 ? `<span class="arm">${esc(t('arm'))} ${esc(arm)}</span>` : ''
      }${cards
        .map(
          ([k, v]) =>
            `<div class="card" data-metric="${esc(`${p}totals.${k}`)}"><div class="card-v">${v}</div><div class="card-l">${esc(t(k as 'arrivals'))}</div></div>`,
        )
        .join('')}</div>`,
    );
    // Why they were lost, as run's summary says it: a full queue, patience, a closed station.
    if ((m[`${p}totals.lost`]?.mean ?? 0) > 0)
      parts.push(
        `<p class="hint" data-testid="lost-by-cause" data-arm="${esc(arm)}">${esc(
          t('lostByCause', {
            balked: ci(m[`${p}totals.lostBy.balked`], 'count'),
            reneged: ci(m[`${p}totals.lostBy.reneged`], 'count'),
            turnedAway: ci(m[`${p}totals.lostBy.turnedAway`], 'count'),
          }),
        )}</p>`,
      );
  }
  // Stations: the busiest first, at most 12 rows per arm in the table. Where the run lost
  // customers, a column says where (as run's summary and report.html do): a queue limit or a
  // balking rule typed at one station shows at that station.
  const showLost = r.arms.some((arm) => (m[`${prefix(arm)}totals.lost`]?.mean ?? 0) > 0);
  const rows: string[] = [];
  const leftOut: number[] = [];
  for (const arm of r.arms) {
    const p = prefix(arm);
    const ranked = stationRank(r, arm);
    if (ranked.length > TABLE_STATIONS) leftOut.push(ranked.length);
    for (const [id] of ranked.slice(0, TABLE_STATIONS)) {
      const k = `${p}stations.${id}`;
      rows.push(
        `<tr data-station="${esc(id)}" data-arm="${esc(arm)}"><th scope="row">${r.arms.length > 1 ? `${esc(arm)}: ` : ''}${stationHtml(ctx.stations, id)}</th><td class="num" data-metric="${esc(`${k}.wait.mean`)}">${ciHtml(m[`${k}.wait.mean`])}</td><td class="num" data-metric="${esc(`${k}.wait.p90`)}">${ciHtml(m[`${k}.wait.p90`])}</td><td class="num" data-metric="${esc(`${k}.meanQueue`)}">${ciHtml(m[`${k}.meanQueue`])}</td><td class="num" data-metric="${esc(`${k}.utilisation`)}">${ciHtml(
          m[`${k}.utilisation`],
          'share',
        )}</td>${showLost ? `<td class="num" data-metric="${esc(`${k}.lost`)}">${ciHtml(m[`${k}.lost`], 'count')}</td>` : ''}</tr>`,
      );
    }
  }
  parts.push(
    scrollBox(
      t('stationsTable'),
      `<table class="data"><caption>${esc(t('stationsTable'))}</caption><thead><tr><th scope="col">${esc(t('station'))}</th>${[
        ['meanWait', t('unitMinutes')],
        ['p90Wait', t('unitMinutes')],
        ['meanQueue', customers],
        ['utilisation', t('unitOnDuty')],
        ...(showLost ? [['lost', customers]] : []),
      ]
        .map(
          ([label, unit]) =>
            `<th scope="col">${esc(t(label as Key))} <span class="unit">(${esc(unit)})</span></th>`,
        )
        .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ),
  );
  // Stations with a retrial rule (only they have the metrics), as run's summary lists them.
  const retrialRows: string[] = [];
  for (const arm of r.arms) {
    const p = prefix(arm);
    for (const [id] of stationRank(r, arm).slice(0, TABLE_STATIONS)) {
      const k = `${p}stations.${id}`;
      if (!m[`${k}.retrials`]) continue;
      retrialRows.push(
        `<tr data-station="${esc(id)}" data-arm="${esc(arm)}"><th scope="row">${r.arms.length > 1 ? `${esc(arm)}: ` : ''}${stationHtml(ctx.stations, id)}</th>${RETRIAL_COLUMNS.map(
          ([metric]) =>
            `<td class="num" data-metric="${esc(`${k}.${metric}`)}">${esc(ci(m[`${k}.${metric}`], 'count'))}</td>`,
        ).join('')}</tr>`,
      );
    }
  }
  if (retrialRows.length)
    parts.push(
      scrollBox(
        t('retrialsTable'),
        `<table class="data" data-testid="retrials-table"><caption>${esc(t('retrialsTable'))}</caption><thead><tr><th scope="col">${esc(t('station'))}</th>${RETRIAL_COLUMNS.map(
          ([, label, unit]) =>
            `<th scope="col">${esc(t(label))} <span class="unit">(${esc(t(unit))})</span></th>`,
        ).join(
          '',
        )}</tr></thead><tbody>${retrialRows.join('')}</tbody></table><p class="hint">${esc(t('retrialsNote'))}</p>`,
      ),
    );
  // Stations with an overflow (only they have the metric): how many found the station full and
  // were sent on, and to which station, as run's summary and report.html list them.
  const overflowRows: string[] = [];
  for (const arm of r.arms) {
    const p = prefix(arm);
    for (const [id] of stationRank(r, arm).slice(0, TABLE_STATIONS)) {
      const k = `${p}stations.${id}`;
      if (!m[`${k}.overflowed`]) continue;
      const to = overflowTargetOf(r, id);
      overflowRows.push(
        `<tr data-station="${esc(id)}" data-arm="${esc(arm)}"><th scope="row">${r.arms.length > 1 ? `${esc(arm)}: ` : ''}${stationHtml(ctx.stations, id)}</th><td class="num" data-metric="${esc(`${k}.overflowed`)}">${esc(ci(m[`${k}.overflowed`], 'count'))}</td><td data-overflow-to="${esc(to ?? '')}">${to === undefined ? esc(t('none')) : stationHtml(ctx.stations, to)}</td></tr>`,
      );
    }
  }
  if (overflowRows.length)
    parts.push(
      scrollBox(
        t('overflowsTable'),
        `<table class="data" data-testid="overflows-table"><caption>${esc(t('overflowsTable'))}</caption><thead><tr><th scope="col">${esc(t('station'))}</th><th scope="col">${esc(t('m_overflowed'))} <span class="unit">(${esc(t('unitArrivals'))})</span></th><th scope="col">${esc(t('overflowTo'))}</th></tr></thead><tbody>${overflowRows.join('')}</tbody></table><p class="hint">${esc(t('overflowsNote'))}</p>`,
      ),
    );
  // As run's summary says how many it leaves out: the rest are not missing, only not listed.
  if (leftOut.length)
    parts.push(
      `<p class="hint" data-testid="stations-left-out">${esc(
        t('stationsLeftOut', { shown: TABLE_STATIONS, total: num(Math.max(...leftOut), 0) }),
      )}</p>`,
    );
  // As run and report.html say it: where customers were lost, the waits are the served ones'.
  if (r.arms.some((arm) => (m[`${prefix(arm)}totals.lost`]?.mean ?? 0) > 0))
    parts.push(`<p class="hint" data-testid="lost-not-in-waits">${esc(t('lostNotInWaits'))}</p>`);
  // As run and report.html say it: a 0-wide interval from equal replications is not certainty.
  // The first SAME_VALUES_SHOWN by name, as run's summary (sameValuesText): a network of 249
  // missions has thousands, which would bury the results under a wall of keys.
  const same = Object.keys(m).filter((k) => m[k].sameInEveryReplication);
  if (same.length) {
    const more = same.length - SAME_VALUES_SHOWN;
    parts.push(
      `<p class="hint" data-testid="same-values">${esc(t('sameValues', { accuracy: pctText(QUANTILE_RELATIVE_ACCURACY) }))} <span data-testid="same-keys">${same
        .slice(0, SAME_VALUES_SHOWN)
        .map((k) => `<code>${esc(k)}</code>`)
        .join(
          ', ',
        )}${more > 0 ? ` ${esc(t('sameValuesMore', { more: num(more, 0) }))}` : ''}</span>${allowanceText(same.filter((k) => sameValuesWithAllowance(m[k])))}</p>`,
    );
  }
  // The model's figures: the inputs they repeat (figureKind) apart from those the run produced.
  const split = splitInputFigures(Object.keys(m), r.figures, r.breakdowns);
  const reproduced = reproducedFigures(r);
  for (const [section, heading, names] of [
    ['input-figures', t('inputFigures'), split.inputs],
    ['derived-figures', t('derived'), split.derived],
  ] as const) {
    if (!names.length) continue;
    const derived = names.map((n) => derivedMetricKey(n));
    parts.push(
      scrollBox(
        heading,
        `<table class="data" data-testid="${section}"><caption>${esc(heading)}</caption><thead><tr><th scope="col">${esc(t('figure'))}</th><th scope="col">${esc(t('value'))}</th><th scope="col">${esc(t('ci'))}</th><th scope="col">${esc(t('unit'))}</th></tr></thead><tbody>${derived
          .map((k) => {
            const name = k.slice('derived.'.length);
            const f = r.figures[name] ?? r.figures[name.split('.')[0]];
            const { description: said, unit } = figureText(r, name);
            // The figure in words (its description), its key beside it as run --json names it.
            const label = metricLabel(k, ctx);
            const head = label === k ? labelledHtml(name, name) : labelledHtml(label, name);
            const description = `${said && label === k ? `<div class="muted">${esc(said)}</div>` : ''}${paperFigureLine(reproduced.get(k))}`;
            // A timing of the machine (Hızır's answer time) is not measured here: say so, with
            // where it is, rather than print the look-up's 0 ms or an interval it lacks.
            if (f?.timing)
              return `<tr data-testid="timing-figure" data-metric="${esc(k)}"><th scope="row">${head}${description}<div class="muted">${esc(t('timingNotMeasured'))}</div></th><td class="num">${esc(t('notMeasured'))}</td><td class="num">${esc(t('none'))}</td><td>${esc(unit)}</td></tr>`;
            return `<tr data-metric="${esc(k)}"><th scope="row">${head}${description}</th><td class="num">${esc(ci(m[k]))}</td><td class="num">${esc(interval(m[k].ci95))}${m[k].sameInEveryReplication ? ` (${esc(sameMark(m[k]))})` : ''}</td><td>${esc(unit)}</td></tr>`;
          })
          .join('')}</tbody></table>`,
      ),
    );
  }
  // Charts of replication 1, as the report draws them.
  const axis = timeAxis(r);
  const time = {
    header: t('tableTime', { unit: axis.label }),
    // In the axis's unit, as its labels, to as many decimals as the intervals' ends need.
    format: (x: number) =>
      new Intl.NumberFormat(numberLocale(), {
        maximumFractionDigits: endDecimals(
          r.timeseries[r.arms[0]]?.interval ?? axis.unit,
          axis.unit,
        ),
      }).format(x / axis.unit),
  };
  const shade =
    r.scenario.warmupMinutes > 0 ? { x: r.scenario.warmupMinutes, label: t('warmup') } : undefined;
  for (const arm of r.arms) {
    const ts = r.timeseries[arm];
    if (!ts || !ts.t.length) continue;
    const per = humanInterval(ts.interval);
    const armText = r.arms.length > 1 ? ` (${t('arm')} ${arm})` : '';
    const flowTitle = t('flowTitle', { per }) + armText;
    const unitPer = ` (${t('customersPer', { per, unit: customers })})`;
    parts.push(
      figure(
        'flow',
        lineChart({
          title: flowTitle,
          desc: t('flowDesc'),
          x: ts.t,
          series: [
            { name: t('arrivals'), values: ts.arrivals.map((v) => (v < 0 ? NaN : v)) },
            {
              name: t('completed'),
              values: ts.completions.map((v) => (v < 0 ? NaN : v)),
              dash: true,
            },
          ],
          xLabel: axis.label,
          yLabel: t('customersPer', { per, unit: customers }),
          xFormat: axis.format,
          yFormat: (v) => num(v),
          xTicks: axis.ticks(ts.t[0], ts.t[ts.t.length - 1]),
          shadeUntil: shade,
          step: true,
        }),
        t('flowDesc'),
        {
          caption: flowTitle,
          columns: [time.header, t('arrivals') + unitPer, t('completed') + unitPer],
          // A count below 0 marks an interval the chart leaves out (drawn as a gap): '–' here.
          rows: ts.t.map((x, i) => [
            time.format(x),
            num(ts.arrivals[i] < 0 ? NaN : ts.arrivals[i]),
            num(ts.completions[i] < 0 ? NaN : ts.completions[i]),
          ]),
        },
      ),
    );
  }
  const arm = r.arms[0];
  const ranked = stationRank(r, arm);
  const chosen = ranked.find(([id]) => id === stationChoice)?.[0] ?? ranked[0]?.[0];
  if (chosen) {
    const ts = r.timeseries[arm];
    const series = ts?.stations[chosen];
    if (ts && series) {
      const queueTitle = t('queueTitle', { station: stationText(ctx.stations, chosen) });
      const busyTitle = t('busyTitle', { station: stationText(ctx.stations, chosen) });
      parts.push(
        figure(
          'queue',
          lineChart({
            title: queueTitle,
            desc: t('queueDesc'),
            x: ts.t,
            series: [{ name: t('waiting'), values: series.queue }],
            xLabel: axis.label,
            yLabel: t('waiting'),
            xFormat: axis.format,
            yFormat: (v) => num(v),
            xTicks: axis.ticks(ts.t[0], ts.t[ts.t.length - 1]),
            shadeUntil: shade,
          }),
          t('queueDesc'),
          {
            caption: queueTitle,
            columns: [
              time.header,
              `${t('waiting')} (${t('tableMeanCustomers', { unit: customers })})`,
            ],
            rows: ts.t.map((x, i) => [time.format(x), num(series.queue[i])]),
          },
        ),
        figure(
          'utilisation',
          lineChart({
            title: busyTitle,
            desc: t('busyDesc'),
            x: ts.t,
            series: [
              { name: t('busy'), values: series.busy },
              { name: t('onDuty'), values: series.capacity, dash: true },
            ],
            xLabel: axis.label,
            yLabel: t('servers'),
            xFormat: axis.format,
            yFormat: (v) => num(v),
            xTicks: axis.ticks(ts.t[0], ts.t[ts.t.length - 1]),
            shadeUntil: shade,
          }),
          t('busyDesc'),
          {
            caption: busyTitle,
            columns: [
              time.header,
              `${t('busy')} (${t('tableMeanServers')})`,
              `${t('onDuty')} (${t('tableMeanServers')})`,
            ],
            rows: ts.t.map((x, i) => [
              time.format(x),
              num(series.busy[i]),
              num(series.capacity[i]),
            ]),
          },
        ),
      );
    }
    const st = r.firstReplication[arm]?.stations[chosen];
    if (st && st.waitHistogram.counts.some((c) => c > 0)) {
      const { edges, counts } = st.waitHistogram;
      const markers = [
        { x: st.wait.p50, label: `p50 ${num(st.wait.p50, 2)}` },
        { x: st.wait.p90, label: `p90 ${num(st.wait.p90, 2)}` },
        { x: st.wait.p99, label: `p99 ${num(st.wait.p99, 2)}` },
      ];
      const upper = (i: number) =>
        i + 1 < edges.length ? edges[i + 1] : edges[i] + (edges[i] - (edges[i - 1] ?? 0));
      const band = (i: number) => `${num(edges[i], 2)}–${num(upper(i), 2)}`;
      const histTitle = t('waitHist', { station: stationText(ctx.stations, chosen) });
      const cdfTitle = t('waitCdf', { station: stationText(ctx.stations, chosen) });
      // The percentiles the charts mark, as their labels say them.
      const marked = markers.map((m) => m.label).join(', ');
      const total = counts.reduce((s, c) => s + c, 0);
      let acc = 0;
      const points: [number, number][] = counts.map((c, i) => {
        acc += c;
        return [upper(i), acc / total];
      });
      const cdfPoints: [number, number][] = [[edges[0] ?? 0, 0], ...points];
      parts.push(
        figure(
          'wait-histogram',
          histogramChart({
            title: histTitle,
            desc: t('waitHistDesc'),
            edges,
            counts,
            xLabel: t('minutes'),
            yLabel: t('customers'),
            markers,
            xFormat: (v) => num(v, 2),
            yFormat: (v) => num(v),
            barTitle: (low, high, count) => `${num(low, 2)}–${num(high, 2)}: ${num(count, 0)}`,
          }),
          t('waitHistDesc'),
          {
            caption: `${histTitle}; ${marked}`,
            columns: [t('tableWaitBand', { unit: t('minutes') }), t('customers')],
            rows: counts.map((c, i) => [band(i), num(c, 0)]),
          },
        ),
        figure(
          'wait-cdf',
          cdfChart({
            title: cdfTitle,
            desc: t('waitHistDesc'),
            points: cdfPoints,
            xLabel: t('minutes'),
            yLabel: t('cdfAxis'),
            markers,
            xFormat: (v) => num(v, 2),
            yFormat: (v) => pctText(v),
          }),
          t('waitHistDesc'),
          {
            caption: `${cdfTitle}; ${marked}`,
            columns: [t('tableWaitAtMost', { unit: t('minutes') }), t('cdfAxis')],
            rows: cdfPoints.map(([x, share]) => [num(x, 2), pctText(share)]),
          },
        ),
      );
    }
  }
  const context = r.scenario.assumptionsContext;
  const contextNote = context
    ? `<p class="hint" data-testid="assumptions-context">${esc(
        context.writtenFor
          ? t('assumptionsInherited', {
              file: context.writtenFor,
              keys: context.changed.join(', '),
            })
          : t('assumptionsOverridden', { keys: context.changed.join(', ') }),
      )}</p>`
    : '';
  if (r.scenario.assumptions.length) {
    const list = assumptionsShown(r);
    parts.push(
      // A scenario file without its assumptions in Turkish (a user's, say) shows them in English:
      // marked so (a screen reader reads them as English), and said so in Turkish.
      `<details><summary>${esc(t('assumptions'))}</summary>${contextNote}${
        list.lang === 'en' && lang() === 'tr'
          ? `<p class="hint">${esc(t('assumptionsInEnglish'))}</p>`
          : ''
      }<ul${list.lang === 'en' && lang() === 'tr' ? ' lang="en"' : ''}>${list.items
        .map(
          (a) =>
            `<li>${esc(a.text)}${a.source ? ` <span class="muted">(${esc(a.source)})</span>` : ''}</li>`,
        )
        .join('')}</ul></details>`,
    );
  }
  return parts.join('');
}

/**
 * The scenario's assumptions in the page's language: in Turkish the file's
 * `translations.tr.assumptions` (the loader has checked there is one for each), else as the file
 * writes them, in English.
 */
export function assumptionsShown(r: Pick<LabResult, 'scenario' | 'assumptionsTr'>): {
  lang: 'en' | 'tr';
  items: { text: string; source?: string }[];
} {
  const tr = r.assumptionsTr;
  if (lang() === 'tr' && tr && tr.length === r.scenario.assumptions.length)
    return { lang: 'tr', items: tr };
  return { lang: 'en', items: r.scenario.assumptions };
}

export interface Difference {
  metric: string;
  /** Each run's mean and 95% CI (null: one replication): the CI decides the mean's decimals. */
  a: { mean: number; ci95: [number, number] | null };
  b: { mean: number; ci95: [number, number] | null };
  /** B − A. */
  mean: number;
  /** null: a run had one replication, so B − A has no interval (and is never significant). */
  halfWidth: number | null;
  ci95: [number, number] | null;
  /**
   * Where the figure's number comes from (metricKind), as `compare --json` gives it: an input
   * (kind input) repeats what the scenario sets, so its difference is listed apart and never
   * judged; absent, a figure derived from the run.
   */
  kind?: FigureKind;
}

/** The metrics a comparison lists first: totals, then each station's wait, queue, utilisation. */
/** A retrial station's figures in the results: the metric, its label and its unit. */
const RETRIAL_COLUMNS: readonly (readonly [metric: string, label: Key, unit: Key])[] = [
  ['balkedAttempts', 'm_balkedAttempts', 'unitArrivals'],
  ['retrials', 'm_retrials', 'unitArrivals'],
  ['balked', 'm_stationBalked', 'unitCustomers'],
  ['gaveUpAfterRetrial', 'm_gaveUpAfterRetrial', 'unitCustomers'],
];

export function headlineMetrics(r: LabResult): string[] {
  const keys = Object.keys(r.metrics);
  const pick = keys.filter(
    (k) =>
      /totals\.(completed|lost)$/.test(k) ||
      /stations\.[^.]+\.(wait\.mean|wait\.p90|meanQueue|utilisation)$/.test(k) ||
      // Only a station with a retrial rule has these, and only one with an overflow the last.
      /stations\.[^.]+\.(balkedAttempts|retrials|gaveUpAfterRetrial|overflowed)$/.test(k) ||
      k.startsWith('derived.'),
  );
  return pick.slice(0, 40);
}

export function renderComparison(diffs: Difference[], how: string, ctx?: MetricContext): string {
  // As `compare` and report.html: the inputs the runs repeat (a scenario's demand, the missions
  // from config/) in their own table, under the heading the results give them, and never marked
  // significant: B − A in an input is the change the user made, not one the simulation found.
  const inputs = diffs.filter((d) => d.kind === 'input');
  const derived = diffs.filter((d) => d.kind !== 'input');
  const head = `<thead><tr><th scope="col">${esc(t('metric'))}</th><th scope="col">${esc(t('pinnedRun'))}</th><th scope="col">${esc(t('thisRun'))}</th><th scope="col">${esc(t('difference'))}</th><th scope="col">${esc(t('ci'))}</th></tr></thead>`;
  const row = (d: Difference, judged: boolean) => {
    const sig = judged && d.ci95 !== null && (d.ci95[0] > 0 || d.ci95[1] < 0);
    // The figures as `compare` writes them (comparisonCells): a share (utilisation) in
    // percent, as the results' station table writes it, a count whole.
    const q = quantityOf(d.metric);
    const [a, b, diff] = comparisonCells(d.a, d.b, d, q, numberLocale());
    return `<tr data-metric="${esc(d.metric)}"><th scope="row">${ctx ? labelledHtml(metricLabel(d.metric, ctx), d.metric) : `<code>${esc(d.metric)}</code>`}${q === 'share' ? ' (%)' : ''}</th><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td><td class="num${sig ? ' sig' : ''}">${esc(diff)}${sig ? ` <span class="sr-only">(${esc(t('significant'))})</span><span aria-hidden="true">●</span>` : ''}</td><td class="num">${esc(interval(d.ci95, q))}</td></tr>`;
  };
  const inputTable = inputs.length
    ? scrollBox(
        t('inputFigures'),
        `<table class="data" data-testid="compare-inputs"><caption>${esc(t('inputFigures'))}</caption>${head}<tbody>${inputs.map((d) => row(d, false)).join('')}</tbody></table>`,
      ) + `<p class="hint" data-testid="compare-inputs-note">${esc(t('compareInputs'))}</p>`
    : '';
  return (
    inputTable +
    scrollBox(
      `${t('compare')}: ${how}`,
      `<table class="data" data-testid="compare-table"><caption>${esc(t('compare'))}: ${esc(how)}</caption>${head}<tbody>${derived.map((d) => row(d, true)).join('')}</tbody></table>`,
    )
  );
}

/** Metrics over replications as `runScenario` computes them (src/experiment/scenario.runner.ts). */
export function assembleResult(
  reps: ReplicationResult[],
  checked: CheckResult,
  set: string[],
  elapsedSeconds: number,
): LabResult {
  reps.sort((a, b) => a.replication - b.replication);
  const first = reps[0].first;
  if (!first) throw new Error('replication 1 carried no detail');
  const metrics: LabResult['metrics'] = estimateMetrics(
    reps.map((r) => r.metrics),
    first.figures,
    reps.map((r) => r.sketches),
  );
  return {
    scenario: first.scenario,
    seed: checked.seed,
    replications: reps.length,
    set,
    elapsedSeconds,
    arms: reps[0].arms,
    metrics,
    firstReplication: first.detail,
    timeseries: first.timeseries,
    figures: first.figures,
    figuresTr: first.figuresTr,
    stationLabels: first.stationLabels,
    ...(first.customerUnit && { customerUnit: first.customerUnit }),
    ...(first.assumptionsTr && { assumptionsTr: first.assumptionsTr }),
    comparisons: first.comparisons,
    breakdowns: first.breakdowns,
    saturated: saturatedStations(
      {
        arms: reps[0].arms,
        metrics,
        firstReplication: first.detail,
      },
      first.offeredLoads,
    ),
    ...(first.sampledShare !== undefined ? { sampledShare: first.sampledShare } : {}),
  };
}
