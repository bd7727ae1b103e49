/**
 * Charts as inline SVG strings, drawn at generation time: the report needs no chart
 * library, no script to show them, prints crisply, and opens offline. Every chart is an
 * `<svg role="img">` with a <title> and <desc> for screen readers; every piece of text
 * that reaches the markup goes through `esc`.
 */
import { escapeHtml } from '../common/html-text';
import { fmt } from './format';

/** Escapes text for HTML element content and quoted attribute values. */
export const esc = escapeHtml;

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

const W = 720;
const H = 280;
const PAD = { left: 64, right: 16, top: 28, bottom: 44 };

let chartCounter = 0;
/** Resets the id counter so that one input renders to one string (tests compare output). */
export function resetChartIds(): void {
  chartCounter = 0;
}

function r(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) {
    if (max === 0) return [0, 1];
    const pad = Math.abs(max) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

interface Frame {
  id: string;
  open: string;
  x: (v: number) => number;
  y: (v: number) => number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

interface FrameSpec {
  title: string;
  desc: string;
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel?: string;
  yLabel?: string;
  xTicks?: number[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  height?: number;
  /** Category axis: labels drawn at given x positions instead of numeric ticks. */
  xCategories?: { at: number; label: string }[];
  left?: number;
}

/** The svg element, title, desc, gridlines, axes and axis labels; returns scales. */
function frame(spec: FrameSpec): Frame {
  const id = `c${++chartCounter}`;
  const height = spec.height ?? H;
  const left = spec.left ?? PAD.left;
  const x0 = left;
  const x1 = W - PAD.right;
  const y0 = height - PAD.bottom;
  const y1 = PAD.top;
  const [xa, xb] =
    spec.xDomain[0] === spec.xDomain[1] ? [spec.xDomain[0] - 1, spec.xDomain[1] + 1] : spec.xDomain;
  const yt = niceTicks(spec.yDomain[0], spec.yDomain[1]);
  const ya = Math.min(yt[0], spec.yDomain[0]);
  const yb = Math.max(yt[yt.length - 1], spec.yDomain[1]);
  const x = (v: number) => x0 + ((v - xa) / (xb - xa)) * (x1 - x0);
  const y = (v: number) => y0 - ((v - ya) / (yb - ya || 1)) * (y0 - y1);
  const yf = spec.yFormat ?? ((v: number) => fmt(v, 2));
  const xf = spec.xFormat ?? ((v: number) => fmt(v, 2));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="${id}t ${id}d" class="chart-svg">`,
    `<title id="${id}t">${esc(spec.title)}</title><desc id="${id}d">${esc(spec.desc)}</desc>`,
  );
  parts.push('<g class="grid">');
  for (const t of yt)
    if (t >= ya && t <= yb)
      parts.push(`<line x1="${x0}" x2="${x1}" y1="${r(y(t))}" y2="${r(y(t))}"/>`);
  parts.push('</g><g class="axis">');
  for (const t of yt)
    if (t >= ya && t <= yb)
      parts.push(`<text x="${x0 - 6}" y="${r(y(t) + 4)}" text-anchor="end">${esc(yf(t))}</text>`);
  if (spec.xCategories) {
    for (const c of spec.xCategories)
      parts.push(
        `<text x="${r(x(c.at))}" y="${y0 + 16}" text-anchor="middle">${esc(c.label)}</text>`,
      );
  } else {
    const xt = spec.xTicks ?? niceTicks(xa, xb, 6).filter((t) => t >= xa && t <= xb);
    for (const t of xt) {
      parts.push(`<line x1="${r(x(t))}" x2="${r(x(t))}" y1="${y0}" y2="${y0 + 4}"/>`);
      parts.push(`<text x="${r(x(t))}" y="${y0 + 16}" text-anchor="middle">${esc(xf(t))}</text>`);
    }
  }
  parts.push(
    `<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}"/><line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}"/>`,
  );
  if (spec.xLabel)
    parts.push(
      `<text x="${r((x0 + x1) / 2)}" y="${height - 6}" text-anchor="middle" class="label">${esc(spec.xLabel)}</text>`,
    );
  if (spec.yLabel)
    parts.push(
      `<text x="${x0}" y="${PAD.top - 12}" text-anchor="start" class="label">${esc(spec.yLabel)}</text>`,
    );
  parts.push('</g>');
  return { id, open: parts.join(''), x, y, x0, x1, y0, y1 };
}

function legend(items: { name: string; color: string; dash?: boolean }[], x1: number): string {
  if (items.length < 2) return '';
  const out: string[] = ['<g class="legend">'];
  let x = x1;
  for (const it of [...items].reverse()) {
    const w = 26 + it.name.length * 6.4;
    x -= w;
    out.push(
      `<line x1="${r(x)}" x2="${r(x + 16)}" y1="10" y2="10" stroke="${it.color}" stroke-width="3"${it.dash ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${r(x + 20)}" y="14">${esc(it.name)}</text>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? [0, 1] : [lo, hi];
}

/** Averages neighbouring points so that a path has at most `max` vertices. */
export function decimate(x: number[], ys: number[][], max = 1200): { x: number[]; ys: number[][] } {
  if (x.length <= max) return { x, ys };
  const k = Math.ceil(x.length / max);
  const nx: number[] = [];
  const nys: number[][] = ys.map(() => []);
  for (let i = 0; i < x.length; i += k) {
    const end = Math.min(x.length, i + k);
    nx.push(x[end - 1]);
    ys.forEach((y, j) => {
      let s = 0;
      for (let m = i; m < end; m++) s += y[m];
      nys[j].push(s / (end - i));
    });
  }
  return { x: nx, ys: nys };
}

export interface LineSeries {
  name: string;
  values: number[];
  color?: string;
  dash?: boolean;
  /** A shaded band (e.g. a confidence interval) drawn under the line. */
  band?: { lo: number[]; hi: number[] };
  /** Draw markers at each point (for short series such as sweeps). */
  markers?: boolean;
}

export interface LineChartSpec {
  title: string;
  desc: string;
  x: number[];
  series: LineSeries[];
  xLabel?: string;
  yLabel?: string;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  yMin?: number;
  yMax?: number;
  /** Horizontal reference lines, e.g. a target or the mean capacity. */
  refLines?: { y: number; label: string }[];
  /** Draw as steps (bucket counts) rather than straight segments. */
  step?: boolean;
  xTicks?: number[];
  /** Shade the plot left of x (e.g. a warm-up period) with a label. */
  shadeUntil?: { x: number; label: string };
  /** A marker's tooltip (the Lab's, in its language); by default `series: y at x`. */
  pointTitle?: (series: string, y: number, x: number) => string;
}

export function lineChart(spec: LineChartSpec): string {
  const colored = spec.series.map((s, i) => ({
    ...s,
    color: s.color ?? PALETTE[i % PALETTE.length],
  }));
  const { x, ys } = decimate(
    spec.x,
    colored.map((s) => s.values),
  );
  const all = [
    ...ys.flat(),
    ...colored.flatMap((s) => (s.band ? [...s.band.lo, ...s.band.hi] : [])),
    ...(spec.refLines ?? []).map((l) => l.y),
  ];
  const [lo, hi] = extent(all);
  const f = frame({
    title: spec.title,
    desc: spec.desc,
    xDomain: extent(x),
    yDomain: [
      spec.yMin ?? Math.min(0, lo),
      spec.yMax ?? Math.max(hi, spec.yMin !== undefined ? spec.yMin + 1e-9 : hi),
    ],
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xFormat: spec.xFormat,
    yFormat: spec.yFormat,
    xTicks: spec.xTicks,
  });
  const parts = [f.open];
  if (spec.shadeUntil && spec.shadeUntil.x > x[0]) {
    const sx = Math.min(f.x1, f.x(spec.shadeUntil.x));
    parts.push(
      `<rect class="shade" x="${f.x0}" y="${f.y1}" width="${r(sx - f.x0)}" height="${r(f.y0 - f.y1)}" fill="#9ca3af" fill-opacity="0.18"/><text class="ref-label" x="${f.x0 + 4}" y="${f.y1 + 12}">${esc(spec.shadeUntil.label)}</text>`,
    );
  }
  colored.forEach((s, j) => {
    if (!s.band) return;
    const bx = s.band.lo.length === x.length ? x : spec.x;
    const band = s.band;
    const ok = band.lo.map((v, i) => Number.isFinite(v) && Number.isFinite(band.hi[i]));
    const up = band.hi.flatMap((v, i) => (ok[i] ? [`${r(f.x(bx[i]))},${r(f.y(v))}`] : []));
    const down = band.lo
      .flatMap((v, i) => (ok[i] ? [`${r(f.x(bx[i]))},${r(f.y(v))}`] : []))
      .reverse();
    if (!up.length) return;
    parts.push(
      `<path class="band" d="M${up.join('L')}L${down.join('L')}Z" fill="${s.color}" fill-opacity="0.18" data-series="${esc(s.name)} CI"/>`,
    );
    void j;
  });
  colored.forEach((s, j) => {
    const vals = ys[j];
    // A missing value (NaN) breaks the line: the next point starts a new subpath.
    let d = '';
    let pen = false;
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(vals[i])) {
        pen = false;
        continue;
      }
      const px = r(f.x(x[i]));
      const py = r(f.y(vals[i]));
      if (!pen) d += `M${px},${py}`;
      else {
        if (spec.step) d += `L${px},${r(f.y(vals[i - 1]))}`;
        d += `L${px},${py}`;
      }
      pen = true;
    }
    if (!d) return;
    parts.push(
      `<path class="line" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ' stroke-dasharray="6 4"' : ''} data-series="${esc(s.name)}"/>`,
    );
    if (s.markers) {
      for (let i = 0; i < x.length; i++) {
        if (!Number.isFinite(vals[i])) continue;
        parts.push(
          `<circle cx="${r(f.x(x[i]))}" cy="${r(f.y(vals[i]))}" r="3.5" fill="${s.color}"><title>${esc(spec.pointTitle ? spec.pointTitle(s.name, vals[i], x[i]) : `${s.name}: ${fmt(vals[i], 3)} at ${spec.xFormat ? spec.xFormat(x[i]) : fmt(x[i], 3)}`)}</title></circle>`,
        );
      }
    }
  });
  for (const l of spec.refLines ?? []) {
    const py = r(f.y(l.y));
    parts.push(
      `<line class="ref" x1="${f.x0}" x2="${f.x1}" y1="${py}" y2="${py}"/><text class="ref-label" x="${f.x1 - 4}" y="${Number(py) - 4}" text-anchor="end">${esc(l.label)}</text>`,
    );
  }
  parts.push(legend(colored, f.x1), '</svg>');
  return parts.join('');
}

export interface HistogramSpec {
  title: string;
  desc: string;
  edges: number[];
  counts: number[];
  xLabel?: string;
  yLabel?: string;
  /** Vertical markers, e.g. percentiles. */
  markers?: { x: number; label: string }[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** A bar's tooltip (the Lab's, in its language); by default `low–high: count`. */
  barTitle?: (low: number, high: number, count: number) => string;
}

/** Bars from bin lower edges and counts (the last bin is as wide as the one before). */
export function histogramChart(spec: HistogramSpec): string {
  const { edges, counts } = spec;
  const width = edges.length > 1 ? edges[edges.length - 1] - edges[edges.length - 2] : 1;
  const upper = (i: number) => (i + 1 < edges.length ? edges[i + 1] : edges[i] + width);
  const f = frame({
    title: spec.title,
    desc: spec.desc,
    xDomain: [edges[0] ?? 0, upper(edges.length - 1)],
    yDomain: [0, Math.max(1, ...counts)],
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xFormat: spec.xFormat,
    yFormat: spec.yFormat,
  });
  const parts = [f.open, '<g class="bars">'];
  counts.forEach((c, i) => {
    const xa = f.x(edges[i]);
    const xb = f.x(upper(i));
    const ya = f.y(c);
    parts.push(
      `<rect x="${r(xa + 0.5)}" y="${r(ya)}" width="${r(Math.max(0.5, xb - xa - 1))}" height="${r(f.y0 - ya)}" fill="${PALETTE[0]}"><title>${esc(spec.barTitle ? spec.barTitle(edges[i], upper(i), c) : `${fmt(edges[i], 2)}–${fmt(upper(i), 2)}: ${fmt(c, 0)}`)}</title></rect>`,
    );
  });
  parts.push('</g>', markersSvg(f, spec.markers ?? []), '</svg>');
  return parts.join('');
}

function markersSvg(f: Frame, markers: { x: number; label: string }[]): string {
  // Markers on (nearly) the same spot share one line and one label: "p50 0 · p90 0".
  const groups: { px: number; labels: string[] }[] = [];
  for (const m of markers) {
    const px = f.x(m.x);
    const g = groups.find((q) => Math.abs(q.px - px) < 4);
    if (g) g.labels.push(m.label);
    else groups.push({ px, labels: [m.label] });
  }
  return groups
    .map((g, i) => {
      const px = r(g.px);
      return `<line class="marker" x1="${px}" x2="${px}" y1="${f.y0}" y2="${f.y1}"/><text class="marker-label" x="${r(g.px + 3)}" y="${r(f.y1 + 12 + i * 13)}">${esc(g.labels.join(' · '))}</text>`;
    })
    .join('');
}

export interface CdfSpec {
  title: string;
  desc: string;
  /** Points (x, share at most x), ascending in x. */
  points: [number, number][];
  xLabel?: string;
  /** The y axis's label (the Lab passes it in the reader's language). */
  yLabel?: string;
  markers?: { x: number; label: string }[];
  xFormat?: (v: number) => string;
  /** The share axis's numbers (the Lab's, in its language); by default `20%`. */
  yFormat?: (v: number) => string;
}

export function cdfChart(spec: CdfSpec): string {
  const xs = spec.points.map((p) => p[0]);
  const f = frame({
    title: spec.title,
    desc: spec.desc,
    xDomain: extent(xs),
    yDomain: [0, 1],
    xLabel: spec.xLabel,
    yLabel: spec.yLabel ?? 'share waiting at most x',
    yFormat: spec.yFormat ?? ((v) => `${Math.round(v * 100)}%`),
    xFormat: spec.xFormat,
  });
  const d = spec.points.map(([x, y]) => `${r(f.x(x))},${r(f.y(y))}`).join('L');
  return `${f.open}<path class="line" d="M${d}" fill="none" stroke="${PALETTE[2]}" stroke-width="2" data-series="CDF"/>${markersSvg(f, spec.markers ?? [])}</svg>`;
}

export interface BarItem {
  label: string;
  value: number;
  /** Confidence interval drawn as a whisker. */
  ci?: [number, number];
  color?: string;
  note?: string;
}

/** Horizontal bars, one per labelled item (long labels fit on the left). */
export function hBarChart(spec: {
  title: string;
  desc: string;
  items: BarItem[];
  xLabel?: string;
  xFormat?: (v: number) => string;
  refLine?: { x: number; label: string };
}): string {
  const n = Math.max(1, spec.items.length);
  const rowH = 22;
  const height = PAD.top + PAD.bottom + n * rowH;
  const labelW = Math.min(260, 12 + Math.max(...spec.items.map((i) => i.label.length), 4) * 6.4);
  const vals = spec.items.flatMap((i) => [i.value, ...(i.ci ?? [])]);
  if (spec.refLine) vals.push(spec.refLine.x);
  const [lo, hi] = extent(vals);
  const ticks = niceTicks(Math.min(0, lo), Math.max(0, hi));
  const id = `c${++chartCounter}`;
  const x0 = labelW;
  const x1 = W - PAD.right;
  const xa = ticks[0];
  const xb = ticks[ticks.length - 1];
  const x = (v: number) => x0 + ((v - xa) / (xb - xa || 1)) * (x1 - x0);
  const xf = spec.xFormat ?? ((v: number) => fmt(v, 2));
  const y0 = height - PAD.bottom;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="${id}t ${id}d" class="chart-svg">`,
    `<title id="${id}t">${esc(spec.title)}</title><desc id="${id}d">${esc(spec.desc)}</desc><g class="grid">`,
  ];
  for (const t of ticks)
    parts.push(`<line x1="${r(x(t))}" x2="${r(x(t))}" y1="${PAD.top}" y2="${y0}"/>`);
  parts.push('</g><g class="axis">');
  for (const t of ticks)
    parts.push(`<text x="${r(x(t))}" y="${y0 + 16}" text-anchor="middle">${esc(xf(t))}</text>`);
  if (spec.xLabel)
    parts.push(
      `<text x="${r((x0 + x1) / 2)}" y="${height - 6}" text-anchor="middle" class="label">${esc(spec.xLabel)}</text>`,
    );
  parts.push(`<line x1="${r(x(0))}" x2="${r(x(0))}" y1="${PAD.top}" y2="${y0}"/></g>`);
  spec.items.forEach((it, i) => {
    const cy = PAD.top + i * rowH + rowH / 2;
    const a = x(Math.min(0, it.value));
    const b = x(Math.max(0, it.value));
    parts.push(
      `<text class="axis-text" x="${x0 - 6}" y="${r(cy + 4)}" text-anchor="end">${esc(it.label)}</text>`,
    );
    parts.push(
      `<rect x="${r(a)}" y="${r(cy - 7)}" width="${r(Math.max(0.5, b - a))}" height="14" fill="${it.color ?? PALETTE[0]}"><title>${esc(`${it.label}: ${xf(it.value)}${it.ci ? ` (95% CI ${xf(it.ci[0])} to ${xf(it.ci[1])})` : ''}${it.note ? ` — ${it.note}` : ''}`)}</title></rect>`,
    );
    if (it.ci) parts.push(whisker(x(it.ci[0]), x(it.ci[1]), cy, true));
  });
  if (spec.refLine) {
    const px = r(x(spec.refLine.x));
    parts.push(
      `<line class="ref" x1="${px}" x2="${px}" y1="${PAD.top - 4}" y2="${y0}"/><text class="ref-label" x="${px}" y="${PAD.top - 8}" text-anchor="middle">${esc(spec.refLine.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

function whisker(a: number, b: number, c: number, horizontal: boolean): string {
  if (horizontal)
    return `<path class="whisker" d="M${r(a)},${r(c)}H${r(b)}M${r(a)},${r(c - 5)}V${r(c + 5)}M${r(b)},${r(c - 5)}V${r(c + 5)}"/>`;
  return `<path class="whisker" d="M${r(c)},${r(a)}V${r(b)}M${r(c - 5)},${r(a)}H${r(c + 5)}M${r(c - 5)},${r(b)}H${r(c + 5)}"/>`;
}

export interface WaterfallStep {
  label: string;
  value: number;
  /** total: a bar from zero; delta: a floating bar from the running level. */
  kind: 'total' | 'delta';
  ci?: [number, number];
}

/** A waterfall: totals stand on zero, deltas float from the running level. */
export function waterfallChart(spec: {
  title: string;
  desc: string;
  steps: WaterfallStep[];
  yLabel?: string;
  yFormat?: (v: number) => string;
}): string {
  let level = 0;
  const bars = spec.steps.map((s) => {
    const from = s.kind === 'total' ? 0 : level;
    const to = s.kind === 'total' ? s.value : level + s.value;
    level = to;
    return { ...s, from, to };
  });
  const n = bars.length;
  const vals = bars.flatMap((b) => [b.from, b.to, ...(b.ci ?? [])]);
  const f = frame({
    title: spec.title,
    desc: spec.desc,
    xDomain: [0, n],
    yDomain: [Math.min(0, ...vals), Math.max(...vals)],
    yLabel: spec.yLabel,
    yFormat: spec.yFormat,
    xCategories: bars.map((b, i) => ({ at: i + 0.5, label: b.label })),
  });
  const yf = spec.yFormat ?? ((v: number) => fmt(v, 2));
  const parts = [f.open];
  bars.forEach((b, i) => {
    const xa = f.x(i + 0.18);
    const xb = f.x(i + 0.82);
    const top = f.y(Math.max(b.from, b.to));
    const bottom = f.y(Math.min(b.from, b.to));
    const color =
      b.kind === 'total'
        ? i === n - 1
          ? PALETTE[2]
          : PALETTE[0]
        : b.value < 0
          ? PALETTE[5]
          : PALETTE[1];
    parts.push(
      `<rect x="${r(xa)}" y="${r(top)}" width="${r(xb - xa)}" height="${r(Math.max(1, bottom - top))}" fill="${color}"><title>${esc(`${b.label}: ${yf(b.value)}${b.ci ? ` (95% CI ${yf(b.ci[0])} to ${yf(b.ci[1])})` : ''}`)}</title></rect>`,
      `<text class="value-label" x="${r((xa + xb) / 2)}" y="${r(top - 6)}" text-anchor="middle">${esc(b.kind === 'delta' && b.value > 0 ? `+${yf(b.value)}` : yf(b.value))}</text>`,
    );
    if (i + 1 < n)
      parts.push(
        `<line class="connector" x1="${r(xb)}" x2="${r(f.x(i + 1.18))}" y1="${r(f.y(b.to))}" y2="${r(f.y(b.to))}"/>`,
      );
    if (b.ci && b.kind === 'total')
      parts.push(whisker(f.y(b.ci[0]), f.y(b.ci[1]), (xa + xb) / 2, false));
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
  /** Filled when true (e.g. a feasible configuration). */
  good: boolean;
  highlight?: boolean;
  yCi?: [number, number];
}

/** Points with optional y whiskers; good points filled, others hollow; one may be ringed. */
export function scatterChart(spec: {
  title: string;
  desc: string;
  points: ScatterPoint[];
  xLabel?: string;
  yLabel?: string;
  refY?: { y: number; label: string };
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
}): string {
  // A point without a value (a figure that is not a number, e.g. no wait where nobody was
  // served) is left out, as line charts leave gaps.
  const points = spec.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = points.map((p) => p.x);
  const ys = points.flatMap((p) => [p.y, ...(p.yCi ?? [])]);
  if (spec.refY) ys.push(spec.refY.y);
  const [xl, xh] = extent(xs);
  const padX = (xh - xl) * 0.05 || 1;
  const f = frame({
    title: spec.title,
    desc: spec.desc,
    xDomain: [xl - padX, xh + padX],
    yDomain: [Math.min(0, ...ys), Math.max(...ys)],
    xLabel: spec.xLabel,
    yLabel: spec.yLabel,
    xFormat: spec.xFormat,
    yFormat: spec.yFormat,
  });
  const parts = [f.open];
  if (spec.refY) {
    const py = r(f.y(spec.refY.y));
    parts.push(
      `<line class="ref" x1="${f.x0}" x2="${f.x1}" y1="${py}" y2="${py}"/><text class="ref-label" x="${f.x1 - 4}" y="${Number(py) - 4}" text-anchor="end">${esc(spec.refY.label)}</text>`,
    );
  }
  for (const p of points) {
    const cx = f.x(p.x);
    if (p.yCi) parts.push(whisker(f.y(p.yCi[0]), f.y(p.yCi[1]), cx, false));
    parts.push(
      `<circle cx="${r(cx)}" cy="${r(f.y(p.y))}" r="${p.highlight ? 7 : 5}" fill="${p.good ? PALETTE[2] : '#fff'}" stroke="${p.good ? PALETTE[2] : PALETTE[5]}" stroke-width="2"><title>${esc(p.label)}</title></circle>`,
    );
    if (p.highlight)
      parts.push(
        `<circle cx="${r(cx)}" cy="${r(f.y(p.y))}" r="11" fill="none" stroke="#000" stroke-width="1.5"/>`,
      );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A small sparkline-free table cell bar (0..1), for tables of shares. */
export function shareBar(share: number): string {
  const w = Math.max(0, Math.min(1, share)) * 60;
  return `<svg class="sharebar" viewBox="0 0 60 8" width="60" height="8" aria-hidden="true"><rect width="60" height="8" fill="#e5e7eb"/><rect width="${r(w)}" height="8" fill="${share > 0.9 ? PALETTE[5] : PALETTE[0]}"/></svg>`;
}
