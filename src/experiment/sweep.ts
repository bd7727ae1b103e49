/**
 * Staffing sweeps: run a scenario over a grid of `--set` overrides and find the cheapest
 * configuration that meets a service target.
 *
 * Every configuration runs with the same seed, so configuration k and configuration j see
 * the same customers (common random numbers) and their differences are not noise between
 * independent runs. Every replication of every configuration is one task: they run in
 * parallel on local threads, or as jobs on the experiments queue (--workers), and each
 * configuration's result is assembled exactly as runScenario assembles a single run.
 */
import { UserError, withNote } from '../common/user-error';
import { loadScenario } from '../scenario/scenario.loader';
import { dottedPath } from '../scenario/set-path';
import { closest, didYouMean, editDistance } from '../scenario/suggest';
import { localExecutor, runScenarioSet, type Executor } from './experiment';
import { replicationCap, type MetricEstimate, type ScenarioResult } from './scenario.runner';
import { own } from '../common/own';
import { decimalNumber } from '../common/decimal-text';
import { isMinutesMetric, isShareMetric, minutesPer, TIME_UNITS } from '../scenario/metric-units';
import type { IntervalCut } from '../sim/stats';
import { saturatedStations, type SaturatedStation } from './saturation';
import { MAX_SWEEP_RUNS } from './sweep-limits';
import { metricKind } from '../scenario/service-model';

/** A mistake in a sweep flag: a user error (exit 2) whose message names the flag and the rule. */
export class SweepSpecError extends UserError {
  constructor(message: string) {
    super(undefined, '', message);
  }
}

export interface SweepParam {
  key: string;
  values: number[];
}

export type TargetOp = '<=' | '>=' | '<' | '>';

export interface SweepTarget {
  metric: string;
  op: TargetOp;
  value: number;
  /** Judge the upper (for <=) or lower (for >=) 95% CI bound instead of the mean. */
  useCi: boolean;
}

/** Most configurations a sweep runs: a grid larger than this is more likely a typo than a plan. */
export const MAX_CONFIGURATIONS = 400;

const RANGE_RULE =
  'must be key=a..b or key=a..b:step (numbers, a <= b, step > 0) or key=v1,v2,..., e.g. stations.desk.servers=10..14:2';

/** Parses `--param key=a..b[:step]` or `key=v1,v2,...` into the values to try. */
export function parseParam(spec: string): SweepParam {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new SweepSpecError(`--param '${spec}': ${RANGE_RULE}`);
  // A list item as messages name it, route[0], is the dotted index the override walks.
  const key = dottedPath(spec.slice(0, eq).trim());
  const body = spec.slice(eq + 1).trim();
  if (!/^[A-Za-z0-9_:@.-]+$/.test(key))
    throw new SweepSpecError(
      `--param '${spec}': the key must be a scenario path such as stations.desk.servers`,
    );
  const num = (s: string): number => {
    // In decimal, as a value is written: Number() would take 0x10 for 16 and '' for 0.
    const n = decimalNumber(s.trim());
    if (!Number.isFinite(n))
      throw new SweepSpecError(`--param '${spec}': '${s}' is not a number; ${RANGE_RULE}`);
    return n;
  };
  let values: number[];
  if (body.includes('..')) {
    const parts = body.split('..');
    const [upper, stepText, extra] = (parts[1] ?? '').split(':');
    if (parts.length !== 2 || extra !== undefined)
      throw new SweepSpecError(`--param '${spec}': ${RANGE_RULE}`);
    const a = num(parts[0]);
    const b = num(upper);
    const step = stepText === undefined ? 1 : num(stepText);
    if (!(step > 0)) throw new SweepSpecError(`--param '${spec}': the step must be greater than 0`);
    if (a > b) throw new SweepSpecError(`--param '${spec}': the range must go upwards (a <= b)`);
    values = [];
    // Counting steps (not adding them up) keeps 0.1-steps free of drift.
    const n = Math.floor((b - a) / step + 1e-9);
    if (n + 1 > MAX_CONFIGURATIONS)
      throw new SweepSpecError(`--param '${spec}': ${n + 1} values; at most ${MAX_CONFIGURATIONS}`);
    for (let i = 0; i <= n; i++) values.push(Number((a + i * step).toPrecision(12)));
  } else {
    values = body.split(',').map(num);
  }
  if (!values.length) throw new SweepSpecError(`--param '${spec}': ${RANGE_RULE}`);
  return { key, values: [...new Set(values)] };
}

/** Parses `--target 'metric<=value'` (or >=, <, >). */
export function parseTarget(spec: string, useCi = false): SweepTarget {
  const m = /^\s*([^<>=\s]+)\s*(<=|>=|<|>)\s*(\S.*?)\s*$/.exec(spec);
  if (!m) {
    throw new SweepSpecError(
      `--target '${spec}': must be <metric><=<value> or <metric>>=<value> (also < and >), e.g. 'stations.desk.wait.mean<=15'`,
    );
  }
  const metric = m[1];
  const share = isShareMetric(metric);
  const percent = /^(.*?)\s*%$/.exec(m[3]);
  // A time written with its unit ('15min', '0.25h', '2 days'): a time metric is held in minutes.
  const timed = percent ? null : /^(.*?\d\.?)\s*([A-Za-z]+)$/.exec(m[3]);
  if (timed) {
    const per = minutesPer(timed[2].toLowerCase());
    const amount = decimalNumber(timed[1]);
    if (per !== undefined && Number.isFinite(amount)) {
      if (!isMinutesMetric(metric))
        throw new SweepSpecError(
          `--target '${spec}': ${metric} is not a time, so its target takes no unit ('${timed[2]}'): write the number alone`,
        );
      return reachable(spec, { metric, op: m[2] as TargetOp, value: amount * per, useCi });
    }
    if (per === undefined && Number.isFinite(amount))
      throw new SweepSpecError(
        `--target '${spec}': '${timed[2]}' is not a unit read here; ${isMinutesMetric(metric) ? `${metric} is a time in minutes: write 15, or with a unit of ${TIME_UNITS.join(', ')} (15min, 0.25h)` : `${metric} takes a number alone`}`,
      );
  }
  const value = decimalNumber(percent ? percent[1] : m[3]);
  if (!Number.isFinite(value))
    throw new SweepSpecError(
      `--target '${spec}': the value after '${m[2]}' must be a number (got '${m[3]}')`,
    );
  if (percent && !share)
    throw new SweepSpecError(
      `--target '${spec}': ${metric} is not a share, so its target takes no '%'`,
    );
  // A share is held as a fraction (0.9) and printed in percent (90.4 under a % header): a bare
  // number above 1 is a percent typed as one ('utilisation<=85' was met by a desk 90% busy, as
  // 85 read 8,500%), so it is refused rather than read either way.
  if (share && !percent && Math.abs(value) > 1)
    throw new SweepSpecError(
      `--target '${spec}': ${metric} is a share, from 0 to 1 (0.85 is 85%): write it as ${String(value / 100)} or ${String(value)}%`,
    );
  return reachable(spec, {
    metric,
    op: m[2] as TargetOp,
    value: percent ? value / 100 : value,
    useCi,
  });
}

/**
 * A target below 0 on a metric the runner writes (a count, a wait, a queue, a utilisation:
 * never below 0, src/experiment/estimate.ts metricSupport) no configuration can meet: it is
 * refused before the grid runs, rather than run to end in "widen the ranges". A model's derived
 * figure may be declared to go below 0 (a difference between arms): it is not judged here.
 */
function reachable(spec: string, target: SweepTarget): SweepTarget {
  const derived = /(^|\.)derived\./.test(target.metric);
  const never =
    (target.op === '<=' && target.value < 0) || (target.op === '<' && target.value <= 0);
  if (!derived && never)
    throw new SweepSpecError(
      `--target '${spec}': ${target.metric} is never below 0, so no configuration can meet ${target.op} ${String(target.value)}`,
    );
  return target;
}

/**
 * The value the target is judged on: the mean, or the CI bound on the unsafe side; NaN (never
 * met) for a CI bound where there is no interval (one replication: runSweep refuses that).
 */
export function targetValue(target: SweepTarget, e: Pick<MetricEstimate, 'mean' | 'ci95'>): number {
  if (!target.useCi) return e.mean;
  if (e.ci95 === null) return NaN;
  return target.op === '<=' || target.op === '<' ? e.ci95[1] : e.ci95[0];
}

export function meetsTarget(
  target: SweepTarget,
  e: Pick<MetricEstimate, 'mean' | 'ci95'>,
): boolean {
  const v = targetValue(target, e);
  switch (target.op) {
    case '<=':
      return v <= target.value;
    case '<':
      return v < target.value;
    case '>=':
      return v >= target.value;
    case '>':
      return v > target.value;
  }
}

// ---- cost expressions: numbers, swept keys and metric names with + - * / and parentheses ----

type Node =
  | { k: 'num'; v: number }
  | { k: 'id'; name: string }
  | { k: 'op'; op: string; a: Node; b: Node }
  | { k: 'neg'; a: Node };

export interface CostExpression {
  text: string;
  /** Names the expression reads (swept keys or metrics). */
  names: string[];
  evaluate(lookup: (name: string) => number): number;
}

const COST_RULE =
  "must be a metric name or an arithmetic expression of numbers, swept keys and metric means with + - * / and parentheses (put spaces around '-' and '/', since names may contain them), e.g. '30*stations.desk.servers + 0.5*stations.desk.wait.mean'";

/**
 * Bounds on a `--cost` expression. Parsing and evaluating recurse once per parenthesis or
 * minus sign, and once per operator in a chain: 50,000 minus signs had overflowed the stack.
 * A cost a person writes is a line long and a few levels deep.
 */
export const MAX_COST_LENGTH = 1000;
export const MAX_COST_DEPTH = 50;

/** Parses a `--cost` expression; by default the cost is the sum of the swept values. */
export function parseCost(text: string | undefined, params: SweepParam[]): CostExpression {
  const src = text?.trim() || params.map((p) => p.key).join(' + ');
  if (text !== undefined && src.length > MAX_COST_LENGTH)
    throw new SweepSpecError(
      `--cost: is ${src.length} characters long; at most ${MAX_COST_LENGTH}`,
    );
  // A name may index a list as --param and messages do, schedule[0], read as schedule.0.
  const tokens =
    src.match(
      /\s+|\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z_][A-Za-z0-9_.:@/-]*(?:\[\d+\][A-Za-z0-9_.:@/-]*)*|[-+*/()]|./g,
    ) ?? [];
  const toks = tokens.filter((t) => !/^\s+$/.test(t));
  let i = 0;
  const fail = (why: string): never => {
    throw new SweepSpecError(`--cost '${src}': ${why}; it ${COST_RULE}`);
  };
  const names = new Set<string>();
  let depth = 0;
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_COST_DEPTH)
      fail(`nests more than ${MAX_COST_DEPTH} levels deep (parentheses and minus signs)`);
    const node = parse();
    depth--;
    return node;
  };
  const primary = (): Node => {
    const t = toks[i++];
    if (t === undefined) return fail('ends too early');
    if (t === '(') {
      const e = nested(sum);
      if (toks[i++] !== ')') fail("a '(' is not closed");
      return e;
    }
    if (t === '-') return { k: 'neg', a: nested(primary) };
    if (/^\d/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      const name = dottedPath(t);
      names.add(name);
      return { k: 'id', name };
    }
    return fail(`'${t}' is not allowed here`);
  };
  const product = (): Node => {
    let a = primary();
    while (toks[i] === '*' || toks[i] === '/') {
      const op = toks[i++];
      a = { k: 'op', op, a, b: primary() };
    }
    return a;
  };
  const sum = (): Node => {
    let a = product();
    while (toks[i] === '+' || toks[i] === '-') {
      const op = toks[i++];
      a = { k: 'op', op, a, b: product() };
    }
    return a;
  };
  const tree = sum();
  if (i < toks.length) fail(`unexpected '${toks[i]}'`);
  const ev = (n: Node, look: (name: string) => number): number => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'id':
        return look(n.name);
      case 'neg':
        return -ev(n.a, look);
      case 'op': {
        const a = ev(n.a, look);
        const b = ev(n.b, look);
        return n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
      }
    }
  };
  return { text: src, names: [...names], evaluate: (look) => ev(tree, look) };
}

// ---- the sweep ----

export interface SweepPoint {
  /** The swept values of this configuration, by key. */
  values: Record<string, number>;
  /** The `--set` overrides it ran with. */
  set: string[];
  cost: number;
  /** The target metric's estimate (`cut`: its interval was cut at the metric's support). */
  target: HeadlineEstimate & { judged: number };
  feasible: boolean;
  /**
   * Stations whose demand reached their capacity in this configuration, as `run` warns of them
   * (src/experiment/saturation.ts): their queues have no steady state, so a wait or queue there
   * grows with the horizon, and a target met on it is met by this run's length, not the station.
   */
  saturated: SaturatedStation[];
  /** Headline metrics (mean and CI) for the report and JSON. */
  metrics: Record<string, HeadlineEstimate>;
  elapsedSeconds: number;
}

/**
 * A headline metric of a configuration, as `run --json` writes its estimate but without the
 * samples: `cut` where its interval was cut at the metric's bounds, `pooled` on a percentile
 * estimated by sectioning, `sameInEveryReplication` where every replication gave its value.
 */
export interface HeadlineEstimate {
  mean: number;
  /** null: one replication, which has no interval. */
  halfWidth: number | null;
  ci95: [number, number] | null;
  cut?: IntervalCut;
  pooled?: true;
  sameInEveryReplication?: true;
}

export interface SweepResult {
  scenario: Pick<
    ScenarioResult['scenario'],
    'name' | 'title' | 'description' | 'file' | 'model' | 'assumptions' | 'document'
  >;
  params: SweepParam[];
  target: SweepTarget;
  cost: string;
  /**
   * Set when the cost is the default (the sum of the swept values) and a swept key is demand,
   * not a resource: "cheapest" then means the least demand, which is rarely what was asked.
   */
  costNote?: string;
  seed: number;
  replications: number;
  points: SweepPoint[];
  /** Index into points of the cheapest configuration that meets the target, or null. */
  best: number | null;
  elapsedSeconds: number;
  /**
   * The model's derived figures as `run --json` gives them, each with its `kind` (input: it
   * repeats an input of the scenario, set by each configuration, not simulated), and the figures
   * it splits into parts (whose parts take their whole's kind). Absent in a sweep.json written
   * before they were recorded.
   */
  figures?: ScenarioResult['figures'];
  breakdowns?: ScenarioResult['breakdowns'];
}

/** An input figure of a sweep's configurations: its range over them, and whether it moves. */
export interface SweptInput {
  metric: string;
  min: number;
  max: number;
  /** It differs between configurations: the swept values set it (or the seed, when swept). */
  follows: boolean;
}

/**
 * The inputs among the figures a sweep kept (kind input: metricKind), in the order of its first
 * configuration's metrics: what the configurations set, not what the simulation found.
 */
export function sweptInputs(
  sw: Pick<SweepResult, 'points' | 'figures' | 'breakdowns'>,
): SweptInput[] {
  const first = sw.points[0];
  if (!first) return [];
  return Object.keys(first.metrics)
    .filter((k) => metricKind(k, sw.figures, sw.breakdowns) === 'input')
    .map((metric) => {
      const means = sw.points.map((p) => own(p.metrics, metric)?.mean ?? NaN);
      return {
        metric,
        min: Math.min(...means),
        max: Math.max(...means),
        follows: means.some((m) => !Object.is(m, means[0])),
      };
    });
}

/**
 * Where the target is an input figure (kind input), that meeting it is set by the configurations'
 * values, not found by the simulation; null for a figure the runs produce.
 */
export function targetInputNote(
  sw: Pick<SweepResult, 'target' | 'figures' | 'breakdowns'>,
): string | null {
  const m = sw.target.metric;
  if (metricKind(m, sw.figures, sw.breakdowns) !== 'input') return null;
  return `${m} is an input (set by the scenario, not simulated): it repeats what each configuration gives the model and follows the swept values by construction, so whether a configuration meets the target is set by its values, not found by the simulation.`;
}

/**
 * How the configurations' seeds relate, for the summary line and the report: one seed for every
 * configuration (common random numbers), unless `seed` is itself swept (`--param seed=1..5`),
 * when each configuration draws its own customers and differences include run-to-run noise.
 */
export function seedNote(sw: Pick<SweepResult, 'params' | 'seed'>): string {
  const swept = sw.params.find((p) => p.key === 'seed');
  return swept
    ? `seed swept (${swept.values.join(', ')}): each configuration draws its own customers, so differences between them include the noise of independent runs`
    : `seed ${sw.seed} (common random numbers across configurations)`;
}

/** The stations a point saturates, as the sweep's notes name them: `desk`, `manual: desk`. */
function saturatedText(point: SweepPoint, most = 3): string {
  const names = point.saturated.map((s) =>
    s.arm === 'main' ? s.station : `${s.arm}: ${s.station}`,
  );
  const shown = names.slice(0, most).join(', ');
  return names.length > most ? `${shown} and ${names.length - most} more` : shown;
}

/**
 * What a sweep says of its saturated configurations, for the table and report.html: which they
 * are, and, where the cheapest that meets the target is one of them, that it meets it by the
 * run's length, not in a steady state, and which is the cheapest that meets it unsaturated.
 * Empty where no configuration is saturated. A saturated configuration still counts as meeting
 * the target: a run of one record day (paper-evisa-peak-day) is saturated by design.
 */
export function saturationNotes(sw: Pick<SweepResult, 'points' | 'best'>): string[] {
  const saturated = sw.points.filter((p) => p.saturated.length > 0);
  if (!saturated.length) return [];
  const list = saturated
    .map((p) => `${configurationText(p.values)} (at ${saturatedText(p)})`)
    .join('; ');
  const notes = [
    `Saturated, demand at or above capacity (as run warns): ${list}. A queue there has no steady state: its wait and length grow with the horizon and describe this run, not the configuration.`,
  ];
  const best = sw.best === null ? undefined : sw.points[sw.best];
  if (best && best.saturated.length) {
    let calm: SweepPoint | undefined;
    for (const p of sw.points)
      if (p.feasible && !p.saturated.length && (!calm || p.cost < calm.cost)) calm = p;
    notes.push(
      `Warning: the cheapest configuration that meets the target, ${configurationText(best.values)}, is saturated: it meets the target over this run's horizon, not in a steady state. ${calm ? `The cheapest that meets it unsaturated is ${configurationText(calm.values)}.` : 'No configuration in the grid meets it unsaturated: widen the ranges.'}`,
    );
  }
  return notes;
}

export interface SweepOptions {
  params: SweepParam[];
  target: SweepTarget;
  cost?: string;
  /** Overrides applied to every configuration before the swept ones. */
  set?: string[];
  seed?: number;
  replications?: number;
  threads?: number;
  onConfiguration?: (done: number, total: number, point: SweepPoint) => void;
  /** Where the tasks run (default: local threads, `threads` of them). */
  executor?: Executor;
  /** Tasks (replications of configurations) done, across every thread or machine. */
  onProgress?: (done: number, total: number) => void;
}

/** The cartesian product of the parameters' values, first parameter varying slowest. */
export function grid(params: SweepParam[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const p of params) out = out.flatMap((row) => p.values.map((v) => ({ ...row, [p.key]: v })));
  return out;
}

/** Which metrics a sweep point keeps: totals, derived figures, and per-station headlines for small networks. */
function headline(e: MetricEstimate): HeadlineEstimate {
  return {
    mean: e.mean,
    halfWidth: e.halfWidth,
    ci95: e.ci95,
    ...(e.cut && { cut: e.cut }),
    ...(e.pooled && { pooled: true as const }),
    ...(e.sameInEveryReplication && { sameInEveryReplication: true as const }),
  };
}

function headlineMetrics(result: ScenarioResult, keep: string[]): SweepPoint['metrics'] {
  const stations = Object.keys(result.firstReplication.main?.stations ?? {}).length;
  const out: SweepPoint['metrics'] = {};
  for (const [k, e] of Object.entries(result.metrics)) {
    const small =
      stations <= 20 &&
      /stations\.[^.]+\.(wait\.(mean|p90)|utilisation|busyHours|lost|meanQueue)$/.test(k);
    if (keep.includes(k) || small || /(^|\.)totals\./.test(k) || k.startsWith('derived.')) {
      out[k] = headline(e);
    }
  }
  return out;
}

export async function runSweep(file: string, options: SweepOptions): Promise<SweepResult> {
  const started = process.hrtime.bigint();
  if (!options.params.length)
    throw new SweepSpecError(
      '--param: give at least one, e.g. --param stations.desk.servers=10..14',
    );
  const keys = options.params.map((p) => p.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new SweepSpecError(`--param: '${dup}' is swept twice`);
  // A --set of a swept key is overridden by every configuration's value: it had been dropped
  // without a word, and the table read as if it held.
  for (const assignment of options.set ?? []) {
    const eq = assignment.indexOf('=');
    const path = eq > 0 ? dottedPath(assignment.slice(0, eq).trim()) : '';
    if (keys.includes(path))
      throw new SweepSpecError(
        `--set ${assignment}: sets '${path}', which --param sweeps, so every configuration would run with its swept value instead: leave out the --set, or the --param`,
      );
  }
  if (keys.includes('seed') && options.seed !== undefined)
    throw new SweepSpecError(
      '--param seed: cannot be swept with --seed, which gives every configuration that one seed',
    );
  const configs = grid(options.params);
  if (configs.length > MAX_CONFIGURATIONS)
    throw new SweepSpecError(
      `--param: the grid has ${configs.length} configurations; at most ${MAX_CONFIGURATIONS}`,
    );
  const cost = parseCost(options.cost, options.params);
  const points: SweepPoint[] = [];
  let base: ScenarioResult | undefined;
  // The scenario with --set alone: a mistake there is no configuration's.
  const document = loadScenario(file, { set: options.set }).document;
  const sets = configs.map((values) => [
    ...(options.set ?? []),
    ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
  ]);
  // Every configuration is loaded and checked (its params, its demand) before the first one
  // runs, and a refusal names it: one refused after the others had run had lost their work.
  const refused = (idx: number, err: unknown) =>
    withNote(
      err,
      `in the sweep's configuration ${configurationText(configs[idx])} (${idx + 1} of ${configs.length}); no configuration was run`,
    );
  // A value of --set is named as typed; one of --param is named by the configuration's note.
  const setSources = (options.set ?? []).map((a) => `--set ${a}`);
  const scenarios = sets.map((set, idx) => {
    try {
      return loadScenario(file, { set, setSources });
    } catch (err) {
      throw refused(idx, err);
    }
  });
  // A CI bound needs an interval, and one replication gives none.
  const replications = Math.min(
    options.replications ?? scenarios[0]?.replications ?? Infinity,
    replicationCap(),
  );
  if (configs.length * replications > MAX_SWEEP_RUNS)
    throw new SweepSpecError(
      `--replications: ${count(configs.length)} configurations × ${count(replications)} replications = ${count(configs.length * replications)} model runs; at most ${count(MAX_SWEEP_RUNS)} (fewer --replications, or fewer --param values)`,
    );
  if (options.target.useCi && replications < 2)
    throw new SweepSpecError(
      `--target-ci: judges the target on the 95% CI bound, which needs 2 replications or more (this sweep runs ${replications}): add --replications 2 or more, or leave out --target-ci to judge the mean`,
    );
  const executor = options.executor ?? localExecutor(options.threads);
  const t0 = process.hrtime.bigint();
  // The metric names are known once one replication has run: a --target or --cost naming no
  // metric of the run is refused then, not after every configuration has run.
  const checkNames = (metrics: Record<string, number>) => {
    if (own(metrics, options.target.metric) === undefined)
      throw new SweepSpecError(noMetric(options.target.metric, Object.keys(metrics)));
    for (const name of cost.names)
      if (!keys.includes(name) && own(metrics, name) === undefined)
        throw new SweepSpecError(noCostName(cost, name, keys, Object.keys(metrics)));
  };
  const results = await runScenarioSet(scenarios, {
    seed: options.seed,
    replications: options.replications,
    executor,
    onProgress: options.onProgress,
    checkFirst: checkNames,
    refused,
  });
  // Configurations run side by side: each is charged an equal share of the batch's time.
  const perPoint = Number(process.hrtime.bigint() - t0) / 1e9 / configs.length;
  for (const [idx, values] of configs.entries()) {
    const set = sets[idx];
    const result = results[idx];
    base ??= result;
    const e = own(result.metrics, options.target.metric);
    if (!e) throw new SweepSpecError(noMetric(options.target.metric, Object.keys(result.metrics)));
    const look = (name: string): number => {
      const swept = own(values, name);
      if (swept !== undefined) return swept;
      const m = own(result.metrics, name);
      if (!m) throw new SweepSpecError(noCostName(cost, name, keys, Object.keys(result.metrics)));
      return m.mean;
    };
    const pointCost = cost.evaluate(look);
    // 0/0 or 1/0: a cost of NaN or ±Infinity cannot be ranked, yet one would be called cheapest.
    if (!Number.isFinite(pointCost))
      throw new SweepSpecError(
        `--cost '${cost.text}': is ${pointCost} for the configuration ${configurationText(values)}; a cost must be a finite number`,
      );
    const point: SweepPoint = {
      values,
      set,
      cost: pointCost,
      target: { ...headline(e), judged: targetValue(options.target, e) },
      feasible: meetsTarget(options.target, e),
      saturated: result.saturated ?? saturatedStations(result),
      metrics: headlineMetrics(result, [options.target.metric, ...cost.names]),
      elapsedSeconds: perPoint,
    };
    points.push(point);
    options.onConfiguration?.(idx + 1, configs.length, point);
  }
  let best: number | null = null;
  points.forEach((p, i) => {
    if (p.feasible && (best === null || p.cost < points[best].cost)) best = i;
  });
  const s = base!.scenario;
  return {
    scenario: {
      name: s.name,
      title: s.title,
      description: s.description,
      file: s.file,
      model: s.model,
      assumptions: s.assumptions,
      document,
    },
    params: options.params,
    target: options.target,
    cost: cost.text,
    ...(options.cost?.trim() ? {} : demandCostNote(options.params)),
    seed: base!.seed,
    replications: base!.replications,
    points,
    best,
    elapsedSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    figures: base!.figures,
    breakdowns: base!.breakdowns ?? [],
  };
}

/** Keys that set demand (arrival rates, volumes, the demand multiplier), not resources. */
const DEMAND_KEY =
  /^(sources\.|demand(\.|$))|(^|\.)(arrivals|perHour|perDay|perWeek|volume|multiplier)(\.|$)/;

/** The note a default cost gets when a swept key is demand: "cheapest" is then the least demand. */
function demandCostNote(params: SweepParam[]): { costNote?: string } {
  const demand = params.map((p) => p.key).filter((k) => DEMAND_KEY.test(k));
  if (!demand.length) return {};
  const keys = demand.join(', ');
  return {
    costNote: `the cost is the sum of the swept values (no --cost given), and ${keys} ${demand.length === 1 ? 'is' : 'are'} demand, not a resource: "cheapest" is then the least demand. To find the most demand that still meets the target, give --cost '-${demand.join(' - ')}'`,
  };
}

/** A configuration as its overrides: `stations.desk.servers=11, stations.triage.servers=2`. */
function configurationText(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * The run's name that differs from `metric` in one dot-separated part only, that part a typo of
 * the run's (`closest`'s rule: within a third of the longer name's length): `registraton` for `registration`,
 * `wiat` for `wait`; the nearest where several are. Not a station or class for another one
 * (`counter` for `desk`), which is no typo.
 */
function oneTypoAway(metric: string, names: string[]): string | undefined {
  const parts = metric.split('.');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const theirs = name.split('.');
    if (theirs.length !== parts.length) continue;
    const differ = parts.flatMap((p, i) => (p === theirs[i] ? [] : [i]));
    if (differ.length !== 1) continue;
    const [i] = differ;
    if (closest(parts[i], [theirs[i]]) === undefined) continue;
    const distance = editDistance(parts[i].toLowerCase(), theirs[i].toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

/** What --cost says of a name that is neither a swept key nor a metric: and the closest of those. */
function noCostName(cost: CostExpression, name: string, keys: string[], metrics: string[]): string {
  const spaced = operatorsInName(name, [...keys, ...metrics]);
  const hint = spaced
    ? `; a name may hold '-' and '/', so an operator between two names, or a name and a number, needs spaces around it: '${spaced}'`
    : didYouMean(name, [...keys, ...metrics]);
  return `--cost '${cost.text}': '${name}' is neither a swept key (${keys.join(', ')}) nor a metric of the run${hint}`;
}

/**
 * `name` read as names and numbers joined by '-' or '/' written without spaces, which the cost
 * reads as one name (names may hold both): `stations.desk.servers/2` is
 * `stations.desk.servers / 2` where stations.desk.servers is a name. The first way of choosing
 * which of its '-' and '/' are operators that leaves only known names and numbers, spaced; else
 * undefined. At most 2^8 choices.
 */
function operatorsInName(name: string, known: string[]): string | undefined {
  const parts = name.split(/([-/])/);
  const seps = (parts.length - 1) / 2;
  if (seps < 1 || seps > 8) return undefined;
  const ok = (operand: string) =>
    /^\d+(?:\.\d+)?$/.test(operand) || known.includes(dottedPath(operand));
  for (let mask = 1; mask < 1 << seps; mask++) {
    const operands: string[] = [];
    const ops: string[] = [];
    let current = parts[0];
    for (let j = 0; j < seps; j++) {
      if (mask & (1 << j)) {
        operands.push(current);
        ops.push(parts[2 * j + 1]);
        current = parts[2 * j + 2];
      } else current += parts[2 * j + 1] + parts[2 * j + 2];
    }
    operands.push(current);
    if (operands.every(ok)) return operands.map((o, i) => (i ? ` ${ops[i - 1]} ${o}` : o)).join('');
  }
  return undefined;
}

/**
 * What --target says of a metric the run does not have: the metrics whose name ends with it
 * (`wait.mean` for `stations.desk.wait.mean`), else the name one part of which is a typo of the
 * run's (`stations.registraton.wait.p99`), else some that start alike, else the closest name
 * (`station.desk.wait.mean`), else how the run's names start; and where every metric is described.
 */
export function noMetric(metric: string, names: string[]): string {
  const ending = names.filter((k) => k.endsWith(`.${metric}`));
  const misspelt = oneTypoAway(metric, names);
  const typo = closest(metric, names);
  const near = names.filter((k) => k.split('.')[0] === metric.split('.')[0]).slice(0, 8);
  const hint = ending.length
    ? `; did you mean ${ending
        .slice(0, 8)
        .map((k) => `'${k}'`)
        .join(' or ')}?`
    : misspelt
      ? `; did you mean '${misspelt}'?`
      : near.length
        ? `; for example: ${near.join(', ')}`
        : typo
          ? `; did you mean '${typo}'?`
          : `; its metrics start with ${[...new Set(names.map((k) => k.split('.')[0]))].join(', ')}`;
  return `--target: the run has no metric '${metric}'${hint} (run --json lists every metric; the README's "What run --json prints" describes them)`;
}

/** 100000 → '100,000'. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
