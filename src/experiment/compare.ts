/**
 * Compares two runs metric by metric: B − A with a 95% Student-t interval.
 *
 * When both runs used the same seed and number of replications, replication r of A and
 * replication r of B drew the same arrivals (the kernel keys each customer's random
 * numbers by source, seed and arrival number: common random numbers), so the difference
 * is taken replication by replication and its interval is usually far narrower. Otherwise
 * the runs are independent samples and Welch's unequal-variance interval is used.
 */
import { UserError } from '../sim/user-error';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { confidenceInterval, studentTQuantile } from '../sim/stats';
import type { MetricEstimate, ScenarioResult } from './scenario.runner';
import { own } from '../common/own';

/** What a `run --out` directory holds in summary.json: a result without time series. */
export type RunSummaryFile = Omit<ScenarioResult, 'timeseries'> & {
  timeseries?: ScenarioResult['timeseries'];
};

export interface RunIdentity {
  label: string;
  dir: string;
  name: string;
  title: string;
  file: string;
  seed: number;
  replications: number;
  arms: string[];
}

export interface MetricDifference {
  metric: string;
  a: { mean: number; ci95: [number, number] };
  b: { mean: number; ci95: [number, number] };
  /** Mean of B − A. */
  diff: number;
  halfWidth: number;
  ci95: [number, number];
  /** diff / |A mean|; null when A's mean is 0. */
  relative: number | null;
  /** The interval excludes zero (and there are at least 2 replications a side). */
  significant: boolean;
  df: number;
}

export interface ComparisonResult {
  a: RunIdentity;
  b: RunIdentity;
  /** paired: per-replication differences (common random numbers); welch: independent samples. */
  method: 'paired' | 'welch';
  /** Why that method, in a sentence. */
  methodNote: string;
  /** Every metric present in both runs, the most important first. */
  differences: MetricDifference[];
  onlyInA: string[];
  onlyInB: string[];
  /** Scenario keys whose values differ between the two documents (what was changed). */
  scenarioChanges: { path: string; a: unknown; b: unknown }[];
}

/** Mean and 95% CI of b[r] − a[r] over replications r (common random numbers). */
export function pairedDifference(
  a: number[],
  b: number[],
): { mean: number; halfWidth: number; ci95: [number, number]; df: number } {
  if (a.length !== b.length)
    throw new RangeError(
      `paired difference needs as many samples on each side (got ${a.length} and ${b.length})`,
    );
  const ci = confidenceInterval(b.map((v, i) => v - a[i]));
  return { mean: ci.mean, halfWidth: ci.halfWidth, ci95: ci.ci95, df: Math.max(0, a.length - 1) };
}

/** Mean and 95% CI of mean(b) − mean(a) for independent samples (Welch–Satterthwaite df). */
export function welchDifference(
  a: number[],
  b: number[],
): { mean: number; halfWidth: number; ci95: [number, number]; df: number } {
  const ca = confidenceInterval(a);
  const cb = confidenceInterval(b);
  const mean = cb.mean - ca.mean;
  const va = a.length > 1 ? (ca.sd * ca.sd) / a.length : 0;
  const vb = b.length > 1 ? (cb.sd * cb.sd) / b.length : 0;
  const se = Math.sqrt(va + vb);
  const denom =
    (a.length > 1 ? (va * va) / (a.length - 1) : 0) +
    (b.length > 1 ? (vb * vb) / (b.length - 1) : 0);
  const df = denom > 0 ? ((va + vb) * (va + vb)) / denom : Math.max(0, a.length + b.length - 2);
  const halfWidth = se > 0 && df > 0 ? studentTQuantile(0.975, df) * se : 0;
  return { mean, halfWidth, ci95: [mean - halfWidth, mean + halfWidth], df };
}

/** Reads `<dir>/summary.json` as written by `run --out`. */
export function readRunDir(dir: string): RunSummaryFile {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'summary.json') : dir;
  if (!existsSync(file))
    throw new UserError(
      dir,
      '',
      `no summary.json here (write one with: consular-sim run <scenario> --out ${dir})`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(file, '', `is not valid JSON (${(err as Error).message})`);
  }
  const r = parsed as Partial<RunSummaryFile>;
  if (!r || typeof r !== 'object' || !r.metrics || !r.scenario || typeof r.seed !== 'number') {
    throw new UserError(
      file,
      '',
      'is not a consular-sim summary.json (it has no scenario, seed and metrics)',
    );
  }
  return r as RunSummaryFile;
}

function identity(label: string, dir: string, r: RunSummaryFile): RunIdentity {
  return {
    label,
    dir,
    name: r.scenario.name,
    title: r.scenario.title,
    file: r.scenario.file,
    seed: r.seed,
    replications: r.replications,
    arms: r.arms,
  };
}

/** Orders differences: significant first, then by relative size, then by absolute size. */
function importance(d: MetricDifference): number {
  const rel = d.relative === null ? (d.diff === 0 ? 0 : 1) : Math.abs(d.relative);
  return (d.significant ? 1e6 : 0) + Math.min(rel, 1e5);
}

export function compareRuns(
  a: RunSummaryFile,
  b: RunSummaryFile,
  dirs: [string, string] = ['A', 'B'],
): ComparisonResult {
  const paired = a.seed === b.seed && a.replications === b.replications;
  const method = paired ? 'paired' : 'welch';
  const methodNote = paired
    ? `Both runs used seed ${a.seed} and ${a.replications} replications, so replication r of each saw the same customers (common random numbers): differences are paired replication by replication.`
    : `The runs differ in ${a.seed !== b.seed ? `seed (${a.seed} against ${b.seed})` : ''}${a.seed !== b.seed && a.replications !== b.replications ? ' and ' : ''}${a.replications !== b.replications ? `replications (${a.replications} against ${b.replications})` : ''}, so they are independent samples: Welch's unpaired interval is used, which is wider than a paired one would be.`;
  const differences: MetricDifference[] = [];
  for (const [metric, ea] of Object.entries(a.metrics)) {
    const eb: MetricEstimate | undefined = own(b.metrics, metric);
    if (!eb) continue;
    const sa = ea.samples ?? [ea.mean];
    const sb = eb.samples ?? [eb.mean];
    const usePaired = paired && sa.length === sb.length;
    const d = usePaired ? pairedDifference(sa, sb) : welchDifference(sa, sb);
    const enough = Math.min(sa.length, sb.length) >= 2;
    differences.push({
      metric,
      a: { mean: ea.mean, ci95: ea.ci95 },
      b: { mean: eb.mean, ci95: eb.ci95 },
      diff: d.mean,
      halfWidth: d.halfWidth,
      ci95: d.ci95,
      relative: ea.mean === 0 ? null : d.mean / Math.abs(ea.mean),
      significant: enough && d.mean !== 0 && (d.ci95[0] > 0 || d.ci95[1] < 0),
      df: d.df,
    });
  }
  differences.sort(
    (x, y) =>
      importance(y) - importance(x) ||
      Math.abs(y.diff) - Math.abs(x.diff) ||
      x.metric.localeCompare(y.metric),
  );
  return {
    a: identity('A', dirs[0], a),
    b: identity('B', dirs[1], b),
    method,
    methodNote,
    differences,
    onlyInA: Object.keys(a.metrics).filter((k) => !(k in b.metrics)),
    onlyInB: Object.keys(b.metrics).filter((k) => !(k in a.metrics)),
    scenarioChanges: documentChanges(a.scenario.document ?? {}, b.scenario.document ?? {}),
  };
}

/** Leaf paths whose values differ between two scenario documents (lists compared whole). */
export function documentChanges(
  a: unknown,
  b: unknown,
  path = '',
): { path: string; a: unknown; b: unknown }[] {
  const isMap = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isMap(a) && isMap(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => documentChanges(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
}
