/**
 * Compares two runs metric by metric: B − A with a 95% Student-t interval.
 *
 * When both runs used the same seed and number of replications, replication r of A and
 * replication r of B drew the same arrivals (the kernel keys each customer's random
 * numbers by source, seed and arrival number: common random numbers), so the difference
 * is taken replication by replication and its interval is usually far narrower. Otherwise
 * the runs are independent samples and Welch's unequal-variance interval is used.
 *
 * A percentile estimated by sectioning (`pooled` in both runs' estimates: estimate.ts) is
 * compared the same way: B − A is centred on the difference of the two pooled percentiles
 * (each the percentile of all its run's replications' observations), and its interval is the
 * spread of the per-replication differences b_r − a_r around that centre (paired; Welch: each
 * side's per-replication percentiles around its pooled one). A summary.json written before
 * sectioning has no `pooled`: its percentiles are compared as averages of the replications'
 * own, as then, and the method note says so.
 */
import { UserError } from '../common/user-error';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  confidenceInterval,
  hasInterval,
  QUANTILE_RELATIVE_ACCURACY,
  sectioningInterval,
  studentTQuantile,
  widenBySketch,
  type ConfidenceInterval,
} from '../sim/stats';
import {
  derivedFigureOf,
  isTimingMetric,
  isSketchQuantileMetric,
  metricKind,
  type FigureDeclaration,
} from '../scenario/service-model';
import type { FigureKind } from '../scenario/scenario.schema';
import type { MetricEstimate, ScenarioResult } from './scenario.runner';
import { metricSupport } from './estimate';
import { own } from '../common/own';
import { isSeed, SEED_RULE } from '../scenario/limits';

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
  /** A side's mean and 95% CI; ci95 null where that run had one replication (no interval). */
  a: { mean: number; ci95: [number, number] | null };
  b: { mean: number; ci95: [number, number] | null };
  /** Mean of B − A. */
  diff: number;
  /**
   * The 95% interval of B − A; null (both) where either side had one replication: its spread
   * cannot be estimated, and a 0-wide interval would claim a difference is certain.
   */
  halfWidth: number | null;
  ci95: [number, number] | null;
  /** diff / |A mean|; null when A's mean is 0. */
  relative: number | null;
  /**
   * The 95% interval of `relative`, which counts A's mean as uncertain too (relativeDifference);
   * null where `relative` or the interval of B − A is.
   */
  relativeCi95: [number, number] | null;
  /**
   * The interval excludes zero (and there are at least 2 replications a side), of a figure the
   * runs produced: never of an input (kind input), which the scenarios set, nor of a timing of
   * the machine.
   */
  significant: boolean;
  df: number;
  /**
   * Where the figure's number comes from, as `run --json` gives it in `figures[name].kind`
   * (metricKind): input, a figure that repeats an input of the scenario (set, not simulated);
   * emergent, one the simulated events produce (every metric the runner writes itself);
   * measured, one measured outside the simulation.
   */
  kind: FigureKind;
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
  /**
   * Scenario keys whose values differ between the two documents and that change what the model
   * simulates (its inputs): not the keys that describe a scenario (OTHER_KEYS).
   */
  scenarioChanges: { path: string; a: unknown; b: unknown }[];
  /**
   * The top-level keys that differ but describe a scenario or how it is run rather than what it
   * simulates (name, title, question, translations, reproduces, uncertain, seed, ...): a what-if
   * differs from its base in its name and title whatever it changes.
   */
  otherChanges: string[];
  /**
   * Why B − A is not the effect of one change: the runs are of different service models, or
   * simulate different stations; null where both are of one model on the same stations.
   */
  unrelated: string | null;
  /**
   * Where either run lost customers, that its waits and times in system leave them out, so a
   * shorter wait may be more customers giving up; null where neither lost any.
   */
  lostNote: string | null;
  /**
   * Where both runs simulate the same inputs (no scenario change: only the seed or the number of
   * replications differ) and some difference is still marked significant, that it is chance, not
   * an effect; null otherwise.
   */
  chanceNote: string | null;
}

/** The runs that lost customers (a `totals.lost` of any arm above 0), as `A`, `B` or `A and B`. */
function lostNote(a: RunSummaryFile, b: RunSummaryFile): string | null {
  const lost = (r: RunSummaryFile) =>
    Object.entries(r.metrics).some(
      ([k, m]) => (k === 'totals.lost' || k.endsWith('.totals.lost')) && m.mean > 0,
    );
  const sides = [lost(a) ? 'A' : '', lost(b) ? 'B' : ''].filter(Boolean);
  if (sides.length === 0) return null;
  return (
    `Customers were lost in ${sides.join(' and ')} (totals.lost): a wait (wait.mean, wait.p50 to p99) is ` +
    'that of the customers who started service, and a time in system that of those who finished, ' +
    'so a wait that falls may mean that more customers gave up; read it beside totals.lost and ' +
    'lostWait.mean.'
  );
}

/** A difference's mean and 95% CI; halfWidth and ci95 null where there is no interval. */
export interface Difference {
  mean: number;
  halfWidth: number | null;
  ci95: [number, number] | null;
  df: number;
}

/**
 * The two sides' pooled percentiles (sectioning, estimate.ts): B − A is centred on pb − pa and
 * the replications' values spread around them, not around their averages.
 */
export interface PooledCentres {
  a: number;
  b: number;
}

/** A side's centre and spread: around its pooled percentile where given, else its mean. */
function sideInterval(xs: number[], pooled?: number): ConfidenceInterval {
  return pooled === undefined ? confidenceInterval(xs) : sectioningInterval(xs, pooled);
}

/**
 * Mean and 95% CI of b[r] − a[r] over replications r (common random numbers); none from 1.
 * With `centres` (sectioning): centred on centres.b − centres.a, the differences' spread taken
 * around it.
 */
export function pairedDifference(a: number[], b: number[], centres?: PooledCentres): Difference {
  if (a.length !== b.length)
    throw new RangeError(
      `paired difference needs as many samples on each side (got ${a.length} and ${b.length})`,
    );
  const diffs = b.map((v, i) => v - a[i]);
  const ci = centres ? sectioningInterval(diffs, centres.b - centres.a) : confidenceInterval(diffs);
  const e = ci.n > 1 ? ci : { ...ci, halfWidth: null, ci95: null };
  return { mean: e.mean, halfWidth: e.halfWidth, ci95: e.ci95, df: Math.max(0, a.length - 1) };
}

/**
 * Mean and 95% CI of mean(b) − mean(a) for independent samples (Welch–Satterthwaite df); no
 * interval where a side has fewer than 2 samples (its variance cannot be estimated). With
 * `centres` (sectioning): centres.b − centres.a, each side's spread around its pooled value.
 */
export function welchDifference(a: number[], b: number[], centres?: PooledCentres): Difference {
  const ca = sideInterval(a, centres?.a);
  const cb = sideInterval(b, centres?.b);
  const mean = cb.mean - ca.mean;
  if (a.length < 2 || b.length < 2)
    return { mean, halfWidth: null, ci95: null, df: Math.max(0, a.length + b.length - 2) };
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

/**
 * The difference B − A of one metric and its 95% interval, as compare and the Lab's Compare
 * take it: paired replication by replication when `paired` and the sides have as many
 * replications, else Welch's. A difference can have either sign, so it is not cut to the
 * metric's support as a run's estimate is; a percentile's grows by its two sketches'
 * resolution (widenBySketch, with the size of each side's estimate). `centres`: both sides'
 * pooled percentiles (a percentile estimated by sectioning in both runs): B − A is their
 * difference, its interval the replications' (paired) differences' spread around it.
 */
export function metricDifference(
  metric: string,
  a: number[],
  b: number[],
  paired: boolean,
  figures?: Readonly<Record<string, Partial<FigureDeclaration>>>,
  centres?: PooledCentres,
): Difference {
  const d =
    paired && a.length === b.length
      ? pairedDifference(a, b, centres)
      : welchDifference(a, b, centres);
  if (!hasInterval(d) || !isSketchQuantileMetric(metric, figures)) return d;
  const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const size = centres
    ? Math.abs(centres.a) + Math.abs(centres.b)
    : Math.abs(meanOf(a)) + Math.abs(meanOf(b));
  return widenBySketch(d, size);
}

/**
 * The 95% interval of (B − A) / |A|, the relative difference, by the delta method: A's mean is
 * estimated too, so dividing the interval of B − A by |A's mean| (as if it were known) had
 * claimed a narrower interval than the data give wherever B is larger than A (B = 3A, 5
 * replications a side: about 70% coverage for a nominal 95%). Paired: the residuals B_r − R A_r, R = mean(B) / mean(A), have
 * the spread of R's estimate (Student t, n − 1 df); Welch: var(B)/n_B + R² var(A)/n_A with
 * Welch–Satterthwaite df. A percentile's grows by its sketches' resolution, as B − A's does.
 * null where A's mean is 0 or not a number, or a side has fewer than 2 values.
 *
 * `atLeastZero`: the figure is never below 0 (every metric a run writes, and a derived figure
 * declared nonNegative or unitInterval: metricSupport). B is then at least 0 and (B − A) / A at
 * least −100% where A's mean is above 0, so the interval is cut there, as a run's estimate is
 * cut at its support: a median wait of 0 in every replication of B had read [−101%, −99%].
 *
 * `centres` (sectioning, as metricDifference): A and B are the pooled percentiles and every
 * spread is taken around them (the paired residuals around pb − R pa = 0).
 */
export function relativeDifference(
  a: number[],
  b: number[],
  paired: boolean,
  sketch = false,
  atLeastZero = false,
  centres?: PooledCentres,
): { mean: number; ci95: [number, number] } | null {
  const ca = sideInterval(a, centres?.a);
  const cb = sideInterval(b, centres?.b);
  if (a.length < 2 || b.length < 2 || !(ca.mean !== 0 && Number.isFinite(ca.mean))) return null;
  if (!Number.isFinite(cb.mean)) return null;
  const scale = Math.abs(ca.mean);
  const ratio = cb.mean / ca.mean;
  const mean = (cb.mean - ca.mean) / scale;
  let halfWidth: number;
  if (paired && a.length === b.length) {
    const residuals = b.map((v, i) => v - ratio * a[i]);
    const sd = sideInterval(residuals, centres ? 0 : undefined).sd;
    halfWidth = (studentTQuantile(0.975, a.length - 1) * sd) / Math.sqrt(a.length) / scale;
  } else {
    const va = (ratio * ratio * ca.sd * ca.sd) / a.length;
    const vb = (cb.sd * cb.sd) / b.length;
    const denom = (va * va) / (a.length - 1) + (vb * vb) / (b.length - 1);
    const df = denom > 0 ? ((va + vb) * (va + vb)) / denom : a.length + b.length - 2;
    halfWidth = (studentTQuantile(0.975, df) * Math.sqrt(va + vb)) / scale;
  }
  if (sketch)
    halfWidth += (QUANTILE_RELATIVE_ACCURACY * (Math.abs(ca.mean) + Math.abs(cb.mean))) / scale;
  if (!Number.isFinite(halfWidth)) return null;
  const floor = atLeastZero && ca.mean > 0 ? -1 : -Infinity;
  return { mean, ci95: [Math.max(floor, mean - halfWidth), mean + halfWidth] };
}

/**
 * What each command's --out writes beside its report.html, and which command it was: the marks
 * by which a folder is known as a command's output. A new command with an --out adds its file
 * here; the CLI refuses an --out folder holding another command's (src/cli/out-dir.ts).
 */
export const COMMAND_OUTPUTS: readonly (readonly [string, string])[] = [
  ['summary.json', 'a run (consular-sim run --out)'],
  ['sweep.json', 'a sweep (consular-sim sweep --out)'],
  ['audit.json', 'an audit (consular-sim audit --out)'],
  ['reproduce.json', 'a reproduction (consular-sim reproduce --out)'],
  ['comparison.json', 'a comparison (consular-sim compare --out)'],
];

/** What the other commands' --out write: every command's output but a run's. */
export const OTHER_OUTPUTS = COMMAND_OUTPUTS.filter(([name]) => name !== 'summary.json');

/** Reads `<dir>/summary.json` as written by `run --out`. */
export function readRunDir(dir: string): RunSummaryFile {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'summary.json') : dir;
  if (!existsSync(file)) {
    // The --out of another command: say which, rather than only how to write a run's.
    const other = file !== dir && OTHER_OUTPUTS.find(([name]) => existsSync(join(dir, name)));
    throw new UserError(
      dir,
      '',
      other
        ? `no summary.json here: this folder holds the ${other[0]} of ${other[1]}, and compare takes two folders written by consular-sim run <scenario> --out`
        : `no summary.json here (write one with: consular-sim run <scenario> --out ${dir})`,
    );
  }
  // A FIFO or a device (compare a /dev/zero) is no summary: reading one had never ended.
  if (!statSync(file).isFile())
    throw new UserError(dir, '', 'is not a file or a folder holding a summary.json');
  // A scenario is what a run reads, not what it writes: compare runs nothing (it had said only
  // "is not valid JSON (Unexpected token '#' ...)").
  if (/\.ya?ml$/i.test(file))
    throw new UserError(
      dir,
      '',
      `is a scenario file, not a run: compare takes two folders written by consular-sim run <scenario> --out (consular-sim run ${dir} --out out/a first)`,
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      file,
      '',
      code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read: permission denied'
        : `cannot be read: ${(err as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(file, '', `is not valid JSON (${(err as Error).message})`);
  }
  const problem = summaryProblem(parsed);
  if (problem) throw new UserError(file, problem.path, problem.rule);
  return parsed as RunSummaryFile;
}

/**
 * Deepest scenario document a summary.json may hold. A document `run` writes is a few levels
 * deep; a crafted one nested 100,000 deep had overflowed the stack in documentChanges.
 */
export const MAX_DOCUMENT_DEPTH = 64;

const NUMBER_RULE = 'must be a number (or null, which a run writes for a figure that is not one)';

/**
 * The first way `parsed` is not the summary.json `run --out` writes, as the path and the rule
 * it breaks; undefined when compare can read every part it uses. Numbers may be null: that is
 * how JSON writes a figure that came out NaN or infinite, and such a figure compares as NaN.
 */
function summaryProblem(parsed: unknown): { path: string; rule: string } | undefined {
  const NOT_A_SUMMARY = 'is not a consular-sim summary.json (it has no scenario, seed and metrics)';
  if (!isMap(parsed)) return { path: '', rule: NOT_A_SUMMARY };
  for (const key of ['scenario', 'seed', 'metrics'])
    if (!hasOwn(parsed, key)) return { path: '', rule: NOT_A_SUMMARY };
  const { scenario, seed, replications, arms, metrics } = parsed;
  if (!isMap(scenario)) return { path: 'scenario', rule: 'must be a mapping' };
  for (const key of ['name', 'title', 'file'])
    if (typeof scenario[key] !== 'string') return { path: `scenario.${key}`, rule: 'must be text' };
  if (hasOwn(scenario, 'document')) {
    if (!isMap(scenario.document))
      return { path: 'scenario.document', rule: 'must be a mapping (the scenario as run)' };
    if (depthAbove(scenario.document, MAX_DOCUMENT_DEPTH))
      return {
        path: 'scenario.document',
        rule: `must be nested at most ${MAX_DOCUMENT_DEPTH} levels deep`,
      };
  }
  if (!isSeed(seed)) return { path: 'seed', rule: SEED_RULE };
  if (!(Number.isInteger(replications) && (replications as number) >= 1))
    return { path: 'replications', rule: 'must be a whole number, 1 or more' };
  if (!Array.isArray(arms) || !arms.every((a) => typeof a === 'string'))
    return { path: 'arms', rule: 'must be a list of arm names' };
  if (!isMap(metrics)) return { path: 'metrics', rule: 'must be a mapping of metric names' };
  const isNumber = (x: unknown) => typeof x === 'number' || x === null;
  for (const [name, m] of Object.entries(metrics)) {
    const at = `metrics.${name}`;
    if (!isMap(m)) return { path: at, rule: 'must be a mapping {mean, ci95, samples}' };
    if (!isNumber(m.mean)) return { path: `${at}.mean`, rule: NUMBER_RULE };
    // null: a run of one replication, which has no interval.
    if (
      m.ci95 !== null &&
      (!Array.isArray(m.ci95) || m.ci95.length !== 2 || !m.ci95.every(isNumber))
    )
      return {
        path: `${at}.ci95`,
        rule: 'must be a list of two numbers [low, high] (or null: one replication)',
      };
    if (m.samples !== undefined && (!Array.isArray(m.samples) || !m.samples.every(isNumber)))
      return { path: `${at}.samples`, rule: 'must be a list of numbers' };
    if (Array.isArray(m.samples) && m.samples.length === 0)
      return { path: `${at}.samples`, rule: 'must hold one number per replication, not none' };
    if (m.pooled !== undefined && m.pooled !== true)
      return {
        path: `${at}.pooled`,
        rule: 'must be true (the mean is the percentile of all replications pooled) or absent',
      };
  }
  // The figures' declarations say which derived metrics are read from sketches and their range;
  // a null one (or figures: null) had been read as a mapping, an internal error.
  if (hasOwn(parsed, 'figures')) {
    const { figures } = parsed;
    if (!isMap(figures))
      return { path: 'figures', rule: "must be a mapping of the model's derived figures" };
    for (const [name, f] of Object.entries(figures))
      if (!isMap(f))
        return { path: `figures.${name}`, rule: 'must be a mapping (the figure as declared)' };
  }
  // JSON writes NaN and ±Infinity as null; arithmetic must not read null as 0.
  const orNaN = (x: unknown) => (x === null ? NaN : x);
  for (const m of Object.values(metrics) as Record<string, unknown>[]) {
    m.mean = orNaN(m.mean);
    if (Array.isArray(m.ci95)) m.ci95 = m.ci95.map(orNaN);
    if (Array.isArray(m.samples)) m.samples = m.samples.map(orNaN);
  }
  return undefined;
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasOwn(x: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(x, key);
}

/** Whether `root` has containers nested more than `limit` deep; walked without recursion. */
function depthAbove(root: unknown, limit: number): boolean {
  const todo: [unknown, number][] = [[root, 1]];
  while (todo.length) {
    const [node, depth] = todo.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) todo.push([child, depth + 1]);
  }
  return false;
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

/**
 * Orders differences: significant first, then by relative size, then by absolute size; a
 * metric with no value in a run (NaN: a mean over nobody, such as the lost time where nobody
 * was lost) has no difference and comes last. NaN must not reach the comparator: it makes the
 * order arbitrary, and such rows had pushed the significant ones out of the top of the table.
 */
function importance(d: MetricDifference): number {
  if (Number.isNaN(d.diff)) return -1;
  const rel = d.relative === null ? (d.diff === 0 ? 0 : 1) : Math.abs(d.relative);
  return (d.significant ? 1e6 : 0) + Math.min(Number.isNaN(rel) ? 1 : rel, 1e5);
}

/** |x|, with NaN below every number, for ordering. */
function size(x: number): number {
  return Number.isNaN(x) ? -1 : Math.abs(x);
}

/**
 * Where a run had one replication: that B − A has no interval then, so no difference is called
 * significant (null where both runs had 2 or more).
 */
export function oneReplicationNote(c: ComparisonResult): string | null {
  const one = [c.a.replications < 2 ? 'A' : '', c.b.replications < 2 ? 'B' : ''].filter(Boolean);
  if (!one.length) return null;
  return `${one.join(' and ')} ${one.length === 1 ? 'has' : 'have'} one replication: a 95% CI of B − A needs 2 replications or more a side, so no difference is called significant (run both with --replications 2 or more).`;
}

/**
 * Runs of one seed and different replications: replication r of each draws its customers from
 * the seed and r alone, so the replications both have saw the same customers. The samples are
 * then not independent, as Welch's interval takes them to be; they are correlated the way that
 * makes it wider than it need be, not narrower. Pairing them needs as many replications a side.
 */
function sharedSeedNote(seed: number, ra: number, rb: number): string {
  const shared = Math.min(ra, rb);
  const which = shared === 1 ? 'replication 1 of each' : `replications 1 to ${shared} of each`;
  return `Both runs used seed ${seed} but differ in replications (${ra} against ${rb}): ${which} saw the same customers (common random numbers), so the samples are not independent. Welch's unpaired interval is used, which takes them as independent and is then wider than it need be (the shared customers move A and B together); run both with the same --replications to pair them.`;
}

export function compareRuns(
  a: RunSummaryFile,
  b: RunSummaryFile,
  dirs: [string, string] = ['A', 'B'],
): ComparisonResult {
  const paired = a.seed === b.seed && a.replications === b.replications;
  const method = paired ? 'paired' : 'welch';
  const sampling = paired
    ? a.replications === 1
      ? `Both runs used seed ${a.seed} and one replication, so they saw the same customers (common random numbers): B − A is their paired difference.`
      : `Both runs used seed ${a.seed} and ${a.replications} replications, so replication r of each saw the same customers (common random numbers): differences are paired replication by replication.`
    : a.seed === b.seed
      ? sharedSeedNote(a.seed, a.replications, b.replications)
      : `The runs differ in seed (${a.seed} against ${b.seed})${a.replications !== b.replications ? ` and replications (${a.replications} against ${b.replications})` : ''}, so they are independent samples: Welch's unpaired interval is used, which is wider than a paired one would be.`;
  const figures = b.figures ?? a.figures;
  // A percentile both runs estimated by sectioning is compared on its pooled values; one that
  // an older summary.json (before sectioning) gives as an average of the replications' own is
  // compared as such, and the note says so.
  const centresOf = (ea: MetricEstimate, eb: MetricEstimate): PooledCentres | undefined =>
    ea.pooled === true && eb.pooled === true ? { a: ea.mean, b: eb.mean } : undefined;
  const older = [a, b]
    .map((r, i) =>
      Object.entries(r.metrics).some(
        ([k, m]) =>
          isSketchQuantileMetric(k, figures) &&
          m.pooled !== true &&
          derivedFigureOf(k) === undefined &&
          // (one whose replications all had a value: without one there is no estimate at all)
          Array.isArray(m.samples) &&
          m.samples.length > 1 &&
          m.samples.every(Number.isFinite),
      )
        ? ['A', 'B'][i]
        : '',
    )
    .filter(Boolean);
  const olderNote = older.length
    ? ` ${older.join(' and ')} ${older.length === 1 ? 'is a summary.json' : 'are summary.json files'} written before percentiles were estimated by sectioning: ${older.length === 1 ? 'its' : 'their'} percentiles are the average of the replications' own (biased low for a high percentile), and B − A of a percentile is the average of the replications' differences.`
    : '';
  const timings = Object.keys(a.metrics).filter(
    (k) => hasOwn(b.metrics, k) && isTimingMetric(k, figures),
  );
  const breakdowns = b.breakdowns ?? a.breakdowns;
  const inputs = Object.keys(a.metrics).filter(
    (k) => hasOwn(b.metrics, k) && metricKind(k, figures, breakdowns) === 'input',
  );
  const inputNote = inputs.length
    ? ` ${some(inputs)} ${inputs.length === 1 ? 'is an input' : 'are inputs'} (set by the scenario, not simulated: ${inputs.length === 1 ? 'it repeats' : 'they repeat'} what each scenario gives the model): a difference in ${inputs.length === 1 ? 'it' : 'them'} is one the scenarios set, not a simulated finding, so none is called significant.`
    : '';
  const timingNote = timings.length
    ? ` ${timings.join(', ')} ${timings.length === 1 ? 'is a timing' : 'are timings'} of the machine that ran the model, measured afresh by each run, not simulated: ${timings.length === 1 ? 'it differs' : 'they differ'} from run to run whatever changed, so no difference in ${timings.length === 1 ? 'it' : 'them'} is called significant.`
    : '';
  const methodNote = `${sampling} Percentiles (p50 to p99) are read from quantile sketches accurate to ${QUANTILE_RELATIVE_ACCURACY * 100}%, and their intervals include that; a percentile's B − A is the difference of each run's percentile of all its replications' observations pooled, with an interval from the replications' differences around it (sectioning).${olderNote}${timingNote}${inputNote}`;
  const changes = splitChanges(
    documentChanges(a.scenario.document ?? {}, b.scenario.document ?? {}),
  );
  // One experiment run twice (a run compared with itself, or rerun as it was): the same inputs,
  // seed and replications. Its sketches are the same too, so a percentile that came out the
  // same in every replication is the same, not "0 ± its sketches' 1%". Only where both runs
  // wrote their scenario: without it nothing says the inputs were the same.
  const sameExperiment =
    paired &&
    a.scenario.document !== undefined &&
    b.scenario.document !== undefined &&
    changes.scenarioChanges.length === 0;
  const differences: MetricDifference[] = [];
  for (const [metric, ea] of Object.entries(a.metrics)) {
    const eb: MetricEstimate | undefined = own(b.metrics, metric);
    if (!eb) continue;
    const sa = ea.samples ?? [ea.mean];
    const sb = eb.samples ?? [eb.mean];
    const centres = centresOf(ea, eb);
    const unchanged =
      sameExperiment &&
      sa.length === sb.length &&
      sa.every((x, i) => Object.is(x, sb[i])) &&
      (centres === undefined || centres.a === centres.b);
    const d = unchanged
      ? pairedDifference(sa, sb, centres)
      : metricDifference(metric, sa, sb, paired, figures, centres);
    const enough = Math.min(sa.length, sb.length) >= 2;
    const kind = metricKind(metric, figures, breakdowns);
    // A side of one replication has no interval, whatever an older summary.json wrote for it
    // (a 0-wide [mean, mean]).
    const side = (e: MetricEstimate, n: number) => ({
      mean: e.mean,
      ci95: n >= 2 ? (e.ci95 ?? null) : null,
    });
    differences.push({
      metric,
      a: side(ea, sa.length),
      b: side(eb, sb.length),
      diff: d.mean,
      halfWidth: d.halfWidth,
      ci95: d.ci95,
      relative: ea.mean === 0 ? null : d.mean / Math.abs(ea.mean),
      relativeCi95:
        ea.mean === 0 || d.ci95 === null
          ? null
          : (relativeDifference(
              sa,
              sb,
              paired,
              isSketchQuantileMetric(metric, figures) && !unchanged,
              metricSupport(metric, figures)[0] >= 0,
              centres,
            )?.ci95 ?? null),
      // A timing of the machine (Hızır's answer time) is measured afresh by each run: its
      // B − A is the machine's, not the change's, and its interval, from the one measurement a
      // run repeats in every replication, is 0 wide, so it had been called significant.
      // An input (the missions from config/, the requests a demand brings) differs because the
      // scenarios set it apart: B − A is the change the user made, not one the simulation found.
      significant:
        enough &&
        kind !== 'input' &&
        !isTimingMetric(metric, figures) &&
        d.ci95 !== null &&
        d.mean !== 0 &&
        (d.ci95[0] > 0 || d.ci95[1] < 0),
      df: d.df,
      kind,
    });
  }
  differences.sort(
    (x, y) =>
      importance(y) - importance(x) ||
      size(y.diff) - size(x.diff) ||
      x.metric.localeCompare(y.metric),
  );
  // Nothing the model simulates was changed, yet a run's 95% intervals each miss 0 about 1 time
  // in 20 by chance, and counts that are one number seen several ways (arrivals, completed,
  // served) miss together: "7 of 28 differ significantly" between two seeds of one scenario had
  // read as a finding.
  const noiseOnly = significantDifferences(differences);
  const chanceNote =
    a.scenario.document !== undefined &&
    b.scenario.document !== undefined &&
    changes.scenarioChanges.length === 0 &&
    noiseOnly > 0
      ? `A and B simulate the same inputs (no scenario change; ${onlyDiffer(a.seed !== b.seed, a.replications !== b.replications)}), so every difference between them is simulation noise: the ${noiseOnly === 1 ? 'one' : noiseOnly} marked significant ${noiseOnly === 1 ? 'is' : 'are'} chance, not an effect (each 95% interval misses 0 about 1 time in 20 where nothing changed, and metrics that count the same customers miss together).`
      : null;
  return {
    a: identity('A', dirs[0], a),
    b: identity('B', dirs[1], b),
    method,
    methodNote,
    differences,
    onlyInA: Object.keys(a.metrics).filter((k) => !hasOwn(b.metrics, k)),
    onlyInB: Object.keys(b.metrics).filter((k) => !hasOwn(a.metrics, k)),
    lostNote: lostNote(a, b),
    chanceNote,
    ...changes,
    unrelated: unrelatedRuns(a, b),
  };
}

/** The stations a run simulated, by arm (`stations.desk`, `manual.stations.desk`). */
function stationsOf(r: RunSummaryFile): Set<string> {
  const out = new Set<string>();
  for (const k of Object.keys(r.metrics)) {
    const m = /^((?:[^.]+\.)?stations\..+)\.served$/.exec(k);
    if (m) out.add(m[1]);
  }
  return out;
}

/** A few names of a list, and how many more. */
function some(names: string[], n = 5): string {
  return names.length > n
    ? `${names.slice(0, n).join(', ')} and ${names.length - n} more`
    : names.join(', ');
}

/**
 * Why B − A is not the effect of one change to one scenario, or null: the runs are of
 * different models (a konsolosluk run against an e-visa one), or one simulates stations the
 * other does not (two unrelated network scenarios, or the same model's networks built apart).
 */
export function unrelatedRuns(a: RunSummaryFile, b: RunSummaryFile): string | null {
  const ma = a.scenario.model;
  const mb = b.scenario.model;
  if (typeof ma === 'string' && typeof mb === 'string' && ma !== mb)
    return `A and B are runs of different models (A ${ma}, B ${mb}): B − A compares two different systems, not the effect of one change to a scenario; read the differences as two results side by side.`;
  const sa = stationsOf(a);
  const sb = stationsOf(b);
  const onlyA = [...sa].filter((x) => !sb.has(x));
  const onlyB = [...sb].filter((x) => !sa.has(x));
  if (!onlyA.length && !onlyB.length) return null;
  const shared = [...sa].filter((x) => sb.has(x)).length;
  const which = [
    onlyA.length ? `only A has ${some(onlyA)}` : '',
    onlyB.length ? `only B has ${some(onlyB)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return shared === 0
    ? `A and B share no station (${which}): they are different systems, and B − A is not the effect of one change to a scenario; read the differences as two results side by side.`
    : `A and B do not simulate the same stations (${which}): B − A is not the effect of one change to the same system, unless that change added or removed those stations.`;
}

/**
 * Top-level keys that describe a scenario, or how it is run and audited, rather than change the
 * model's inputs. A what-if differs from its base in its name and title (they are not inherited
 * through extends), and they had filled the terminal's few lines of changes. The seed and the
 * replications are said by the method note; the series interval changes no figure.
 */
export const OTHER_KEYS = new Set([
  'name',
  'title',
  'description',
  'question',
  'translations',
  'assumptions',
  'findings',
  'reproduces',
  'uncertain',
  'audit',
  'seed',
  'replications',
  'interval',
]);

/** The changes to the model's inputs, and the other top-level keys that differ. */
function splitChanges<T extends { path: string }>(
  changes: T[],
): { scenarioChanges: T[]; otherChanges: string[] } {
  const top = (c: T) => c.path.split(/[.[]/)[0]!;
  // A station's, class's or source's description is text for the reader, as the scenario's is.
  const describes = (c: T) => /^(stations|classes|sources)\..+\.description$/.test(c.path);
  const other = (c: T) => OTHER_KEYS.has(top(c)) || describes(c);
  return {
    scenarioChanges: changes.filter((c) => !other(c)),
    otherChanges: [...new Set(changes.filter(other).map((c) => (describes(c) ? c.path : top(c))))],
  };
}

/**
 * Leaf paths whose values differ between two scenario documents. Two lists of mappings of the
 * same length (a route, a schedule) are compared item by item, so a step given a patience is
 * `classes.citizen.route[0].patience`, not the whole route; other lists are compared whole.
 */
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
  if (
    Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((x, i) => isMap(x) && isMap(b[i]))
  )
    return a.flatMap((x, i) => documentChanges(x, b[i], `${path}[${i}]`));
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
}

/** How many differences are marked significant. */
function significantDifferences(differences: readonly MetricDifference[]): number {
  return differences.filter((d) => d.significant).length;
}

/** "only the seed differs", "only the seed and the replications differ", or how it was run. */
function onlyDiffer(seed: boolean, replications: boolean): string {
  if (seed && replications) return 'only the seed and the replications differ';
  if (seed) return 'only the seed differs';
  if (replications) return 'only the replications differ';
  return 'only how they were run differs';
}
