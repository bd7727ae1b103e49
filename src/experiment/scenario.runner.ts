import { demandOverCeiling, MAX_ARRIVALS_PER_REPLICATION } from '../sim/compile';
import type { NetworkModel } from '../sim/model';
import { exactOfferedLoadsOfArms } from '../sim/offered-load';
import type { RunSummary, TimeSeries } from '../sim/summary';
import { estimateMetrics, type MetricEstimate } from './estimate';
import type { SketchCounts } from '../sim/stats';
import { inFile, UserError } from '../common/user-error';
import { loadReferenceData } from '../config/reference-data';
import { getServiceModel } from './models';
import { runReplications, type ReplicationPlan, type ReplicationPool } from './replications';
import { saturatedStations, type SaturatedStation } from './saturation';
import { ScenarioErrors } from '../scenario/scenario-error';
import type { AssumptionsContext, Scenario } from '../scenario/scenario.loader';
import { displayPath, modelDemandOutsideHorizon, scenarioError } from '../scenario/scenario.loader';
import { didYouMean } from '../scenario/suggest';
import { paramShapeViolations, validatePlain } from '../scenario/validate';
import {
  armMetricKey,
  derivedFigureOf,
  derivedMetricKey,
  figuresForParams,
  figuresWithKinds,
  type ArmComparison,
  type FigureBreakdown,
  type FigureDeclaration,
  type ServiceModel,
} from '../scenario/service-model';

export interface RunScenarioOptions {
  seed?: number;
  replications?: number;
  threads?: number;
  /** Worker threads shared with other scenarios (reproduce); `threads` is then not used. */
  pool?: ReplicationPool;
  onProgress?: (done: number, total: number) => void;
}

export type { MetricEstimate } from './estimate';

export interface ScenarioResult {
  scenario: {
    name: string;
    title: string;
    description: string;
    file: string;
    model: string;
    horizonMinutes: number;
    warmupMinutes: number;
    assumptions: { text: string; source?: string }[];
    /** Present when the assumptions were written for other inputs than the run's. */
    assumptionsContext?: AssumptionsContext;
    document: Record<string, unknown>;
  };
  seed: number;
  replications: number;
  elapsedSeconds: number;
  arms: string[];
  metrics: Record<string, MetricEstimate>;
  /** Replication 1's detail per arm (stations, classes, histograms), for reports. */
  firstReplication: Record<string, Omit<RunSummary, 'timeseries'>>;
  timeseries: Record<string, TimeSeries | undefined>;
  figures: Record<string, FigureDeclaration>;
  /** The arm comparisons the model declares (reports draw each whose arms ran). */
  comparisons?: ArmComparison[];
  /** The derived figures the model splits into parts (reports chart each that a run has). */
  breakdowns?: FigureBreakdown[];
  /** Stations whose demand reached their capacity: their queues have no steady state. */
  saturated?: SaturatedStation[];
  /**
   * The share of the customers the model simulated one by one, where it samples them
   * (`ServiceModel.sampledShare`, e-visa's params.sampling); absent where it simulated all.
   */
  sampledShare?: number;
}

/** Validates a service model's params; errors name the scenario file and `params.<key>`. */
export function modelParams(scenario: Scenario): object {
  const model = getServiceModel(scenario.model);
  const { value, violations } = validatePlain(model.params, scenario.params, 'params');
  // What class-validator lets through (a missing or listed group, an empty list, 1e300): the
  // model would read it as if it were there. A path its rules named already is theirs.
  const named = new Set(violations.map((v) => v.path));
  for (const v of paramShapeViolations(model.params, scenario.params, 'params'))
    if (!named.has(v.path)) violations.push(v);
  if (violations.length) {
    throw new ScenarioErrors(violations.map((v) => scenarioError(scenario, v.path, v.rule)));
  }
  return value;
}

/**
 * `CONSULAR_SIM_MAX_REPLICATIONS=N` caps every run's replications at N: the README's doc test
 * runs each documented command as written, only shorter (docs/doc-tests.md). Unset: no cap.
 */
export function replicationCap(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CONSULAR_SIM_MAX_REPLICATIONS);
  return Number.isInteger(n) && n >= 1 ? n : Infinity;
}

/**
 * Flattens one replication's results into named scalar metrics. Every one is at least 0 (a
 * count, a time, a time average of a count, busy hours, a utilisation): metricSupport in
 * estimate.ts cuts their intervals there, so a metric that could be negative needs a say there.
 */
export function flattenRuns(
  runs: Record<string, RunSummary>,
  derived: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [arm, run] of Object.entries(runs)) {
    const p = armMetricKey(arm, '');
    out[`${p}totals.arrivals`] = run.totals.arrivals;
    out[`${p}totals.completed`] = run.totals.completed;
    out[`${p}totals.lost`] = run.totals.lost;
    // Why they were lost: the queue was full or too long for them (balked), they gave up
    // (reneged), or it was closed.
    out[`${p}totals.lostBy.balked`] = run.totals.lostBy.balked;
    out[`${p}totals.lostBy.reneged`] = run.totals.lostBy.reneged;
    out[`${p}totals.lostBy.turnedAway`] = run.totals.lostBy.turnedAway;
    // Still queued or in service at the horizon: with completed and lost, where the arrivals went.
    out[`${p}totals.inSystem`] = run.totals.inSystemAtEnd;
    // Officer time: busy hours of the stations whose servers are staff (StationModel.staff), not
    // those of a delay (days in transit), a resource (seats) or a chatbot.
    out[`${p}totals.officerHours`] = officerHours(run);
    for (const [id, s] of Object.entries(run.stations)) {
      const k = `${p}stations.${id}`;
      out[`${k}.arrivals`] = s.arrivals;
      out[`${k}.served`] = s.served;
      // Transactions done in those services: more than served where a visit brings several.
      out[`${k}.jobs`] = s.jobs;
      out[`${k}.lost`] = s.balked + s.reneged + s.turnedAway;
      // At a station with a balking rule: of those lost, the ones who chose not to join the queue.
      if (s.balkedByChoice !== undefined) out[`${k}.balkedByChoice`] = s.balkedByChoice;
      // At a station with a retrial rule: the arrivals turned away (balked counts the customers
      // who then left for good), the returns, and the lost who had come back at least once.
      if (s.retrials !== undefined) {
        out[`${k}.balked`] = s.balked;
        out[`${k}.balkedAttempts`] = s.balkedAttempts!;
        out[`${k}.retrials`] = s.retrials;
        out[`${k}.gaveUpAfterRetrial`] = s.gaveUpAfterRetrial!;
      }
      // At a station with an overflow: the customers it turned away full and sent on (not lost).
      if (s.overflowed !== undefined) out[`${k}.overflowed`] = s.overflowed;
      // Nobody started service here: there is no wait to report (0 would read as "served at
      // once", and a sweep would pick a station with no servers as the one with no wait).
      const waited = s.wait.count > 0;
      out[`${k}.wait.mean`] = waited ? s.wait.mean : NaN;
      out[`${k}.wait.p50`] = waited ? s.wait.p50 : NaN;
      out[`${k}.wait.p90`] = waited ? s.wait.p90 : NaN;
      out[`${k}.wait.p95`] = waited ? s.wait.p95 : NaN;
      out[`${k}.wait.p99`] = waited ? s.wait.p99 : NaN;
      // Time in the queue of those lost here (NaN when nobody was): with wait.mean, the mean
      // wait of everyone who left the queue is (served x wait + lost x lostWait) / (served + lost).
      out[`${k}.lostWait.mean`] = s.lostWait.count > 0 ? s.lostWait.mean : NaN;
      out[`${k}.meanQueue`] = s.meanQueue;
      out[`${k}.meanBusy`] = s.meanBusy;
      out[`${k}.utilisation`] = s.utilisation;
      out[`${k}.busyHours`] = s.busyTime / 60;
    }
    for (const [id, c] of Object.entries(run.classes)) {
      const k = `${p}classes.${id}`;
      out[`${k}.arrivals`] = c.arrivals;
      out[`${k}.completed`] = c.completed;
      out[`${k}.lost`] = c.lost;
      // Likewise, no time in the system is known for a class none of whose customers finished.
      const finished = c.systemTime.count > 0;
      out[`${k}.systemTime.mean`] = finished ? c.systemTime.mean : NaN;
      out[`${k}.systemTime.p90`] = finished ? c.systemTime.p90 : NaN;
      // Time in the system of those lost (NaN when nobody was): Little's law for the whole
      // system needs it beside systemTime where customers give up.
      out[`${k}.lostTime.mean`] = c.lostTime.count > 0 ? c.lostTime.mean : NaN;
    }
  }
  for (const [k, v] of Object.entries(derived)) out[derivedMetricKey(k)] = v;
  return out;
}

/** Busy hours of a run's staffed stations (StationModel.staff not false): its officer hours. */
export function officerHours(run: Pick<RunSummary, 'stations'>): number {
  let minutes = 0;
  for (const s of Object.values(run.stations)) if (s.staff !== false) minutes += s.busyTime;
  return minutes / 60;
}

/**
 * One replication's percentile sketches (RunSummary.sketches), named as flattenRuns names the
 * metrics read from them less the percentile (`stations.desk.wait`, `early.classes.citizen.systemTime`):
 * what estimateMetrics merges over replications. Empty where the runs kept none.
 */
export function flattenSketches(runs: Record<string, RunSummary>): Record<string, SketchCounts> {
  const out: Record<string, SketchCounts> = {};
  for (const [arm, run] of Object.entries(runs))
    for (const [k, c] of Object.entries(run.sketches ?? {})) out[armMetricKey(arm, k)] = c;
  return out;
}

/** A run's summary as reports show it: without the sketches it handed back for sectioning. */
export function withoutSketches<T extends { sketches?: unknown }>(run: T): Omit<T, 'sketches'> {
  const { sketches: _s, ...rest } = run;
  return rest;
}

/** What a result says about the scenario it came from. */
export function scenarioMeta(scenario: Scenario): ScenarioResult['scenario'] {
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    file: displayPath(scenario.file),
    model: scenario.model,
    horizonMinutes: scenario.horizon,
    warmupMinutes: scenario.warmup,
    assumptions: scenario.assumptions,
    ...(scenario.assumptionsContext && { assumptionsContext: scenario.assumptionsContext }),
    document: scenario.document,
  };
}

/**
 * The networks a service model builds from its validated params, one per arm, each with the
 * scenario's calendar unless it has its own. A mistake the model finds while building is named
 * in the scenario's file (modelErrorInScenario); a service model whose demand has no day in the
 * horizon (e-visa's yearly volumes with calendar.start in a year config/evisa.yaml does not
 * have) is refused at calendar.start, as a network's source would be.
 */
export function buildArms(
  model: ServiceModel<object>,
  params: object,
  scenario: Scenario,
): Record<string, NetworkModel> {
  let arms: Record<string, NetworkModel>;
  try {
    arms = model.build(params as never, scenario);
  } catch (err) {
    throw modelErrorInScenario(scenario, err);
  }
  for (const arm of Object.values(arms)) arm.calendar = arm.calendar ?? scenario.calendar;
  if (scenario.model !== 'network') {
    const outside = modelDemandOutsideHorizon(scenario, arms);
    if (outside) throw scenarioError(scenario, outside.path, outside.rule);
  }
  return arms;
}

/**
 * `err` as a mistake in the scenario's file. A model's or a distribution's error (ModelError,
 * DistributionError, also as revived from a worker thread) names no file: one at a path of the
 * scenario (`params.peakDay.date`, `calendar.start`) is named there, in the file that wrote it;
 * one at a path inside a network a service model built (`classes[1].route[0].service.mean`),
 * which the user never wrote, is named at `params`, with the network's path after it. A network
 * scenario's paths are its own: its errors, and any other, are located in the file (inFile).
 */
export function modelErrorInScenario(scenario: Scenario, err: unknown): unknown {
  const fromModel =
    err instanceof UserError &&
    err.file === undefined &&
    (err.name === 'ModelError' || err.name === 'DistributionError');
  if (!fromModel || scenario.model === 'network') return inFile(err, displayPath(scenario.file));
  if (/^(params|calendar|horizon|warmup)\b/.test(err.path))
    return scenarioError(scenario, err.path, err.rule);
  return scenarioError(scenario, 'params', builtNetworkRule(scenario.model, err.path, err.rule));
}

/** The rule of a mistake found in a network a service model built from its params. */
export function builtNetworkRule(model: string, path: string, rule: string): string {
  return `give the ${model} model a network it cannot run (${path}: ${rule}): check the distributions and numbers under params`;
}

/** The scenario's model, validated params and the arms (networks) they build. */
export function prepareArms(scenario: Scenario): {
  model: ServiceModel<object>;
  params: object;
  arms: Record<string, NetworkModel>;
} {
  const model = getServiceModel(scenario.model);
  const params = modelParams(scenario);
  const arms = buildArms(model, params, scenario);
  checkClosedStations(scenario, arms);
  checkReproduces(scenario, model, params);
  checkDemand(scenario, arms);
  return { model, params, arms };
}

/**
 * Each figure `reproduces:` names is one of config/paper-figures.yaml: `reproduce` and `audit`
 * compare the run with it, and a `run` of a scenario naming one that does not exist had been
 * accepted without a word (the mistake surfacing only in a later `reproduce`).
 */
function checkReproduces(scenario: Scenario, model: ServiceModel<object>, params: object): void {
  if (!scenario.reproduces.length) return;
  const figures = Object.keys(loadReferenceData().figures);
  const declarations = figuresForParams(model, params);
  scenario.reproduces.forEach((r, i) => {
    if (!figures.includes(r.figure))
      throw scenarioError(
        scenario,
        `reproduces[${i}].figure`,
        `must be a figure id from config/paper-figures.yaml (got '${r.figure}')${didYouMean(r.figure, figures)}`,
      );
    // A figure the model declares a copy of an input is one in every scenario: a kind that
    // says otherwise would have reproduce call agreement by construction a simulated result.
    const name = derivedFigureOf(r.metric);
    const declared =
      name !== undefined && declarations && Object.hasOwn(declarations, name)
        ? declarations[name].kind
        : undefined;
    if (declared !== undefined && declared !== r.kind)
      throw scenarioError(
        scenario,
        `reproduces[${i}].kind`,
        `must be ${declared}: model ${scenario.model} declares ${r.metric} ${declared === 'input' ? 'a copy of an input (set by the scenario, not simulated)' : declared} (got '${r.kind}')`,
      );
  });
}

/** A count for a message: whole and grouped, or in powers of ten when too long to read. */
function countText(n: number): string {
  if (!Number.isFinite(n)) return `more than ${Number.MAX_VALUE.toPrecision(3)}`;
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3);
}

function horizonText(minutes: number): string {
  const round = (x: number) => Number(x.toPrecision(4)).toLocaleString('en-US');
  if (minutes >= 2 * 1440) return `${round(minutes / 1440)} days`;
  return minutes >= 120 ? `${round(minutes / 60)} hours` : `${round(minutes)} minutes`;
}

/**
 * A run whose replications are each expected to bring more arrivals than the kernel simulates
 * in a few minutes (MAX_ARRIVALS_PER_REPLICATION) is refused before it starts, naming the source
 * that brings the most: a rate typed a few digits too long had run on for hours with no word.
 * Judged on the networks as built, so after `extends`, `--set` and a service model's params.
 */
function checkDemand(scenario: Scenario, arms: Record<string, NetworkModel>): void {
  let over: ReturnType<typeof demandOverCeiling>;
  try {
    over = demandOverCeiling(arms, scenario.horizon);
  } catch (err) {
    // A network that does not compile: its runs say why, as they always have.
    throw modelErrorInScenario(scenario, err);
  }
  if (!over) return;
  const top = over.sources[0];
  const several = Object.keys(arms).length > 1;
  const horizon = `a replication over the ${horizonText(scenario.horizon)} of the horizon`;
  const ceiling = `more than the ${countText(MAX_ARRIVALS_PER_REPLICATION)} a replication may bring (a few minutes of the simulator, at its 2-4 million customers a second)`;
  if (scenario.model === 'network') {
    const others =
      over.sources.length > 1 ? ` (${countText(over.total)} with the other sources)` : '';
    const source = arms[top.arm].sources[top.index];
    const written = ((
      scenario.document.sources as Record<string, Record<string, unknown>> | undefined
    )?.[top.id]?.arrivals ?? {}) as Record<string, unknown>;
    const key =
      source.limit !== undefined && source.limit <= top.expected
        ? 'limit'
        : `arrivals.${['rate', 'perHour', 'perDay', 'total', 'byYear', 'file'].find((k) => written[k] !== undefined) ?? 'kind'}`;
    throw scenarioError(
      scenario,
      `sources.${top.id}.${key}`,
      `is expected to bring ${countText(top.expected)} arrivals ${horizon}${others}, ${ceiling}: shorten the horizon, lower the demand or give the source a lower limit`,
    );
  }
  const most =
    over.sources.length > 1
      ? ` (the most from its source '${top.id}'${several ? ` of arm '${top.arm}'` : ''}: ${countText(top.expected)})`
      : ` (from its source '${top.id}')`;
  throw scenarioError(
    scenario,
    'params',
    `the ${scenario.model} model builds from them ${several ? 'arms' : 'a network'} expected to bring ${countText(over.total)} arrivals ${horizon}${most}, ${ceiling}: shorten the horizon or lower the demand in params`,
  );
}

/**
 * A closure's `stations:` on a service model names stations the model builds (a mission is
 * `mission:<id>`), which the loader cannot see; a name that is none of them had closed nothing,
 * silently (`berlin-cg` for `mission:berlin-cg`). A network scenario's are checked on loading.
 */
function checkClosedStations(scenario: Scenario, arms: Record<string, NetworkModel>): void {
  if (scenario.model === 'network') return;
  const known = [...new Set(Object.values(arms).flatMap((a) => a.stations.map((s) => s.id)))];
  scenario.calendar?.closures?.forEach((c, i) =>
    c.stations?.forEach((id, j) => {
      if (known.includes(id)) return;
      const prefixed = known.find((k) => k.endsWith(`:${id}`));
      const hint = prefixed ? ` (did you mean '${prefixed}'?)` : didYouMean(id, known);
      const list =
        known.length <= 12
          ? known.join(', ')
          : `${known.slice(0, 3).join(', ')}, … (${known.length} in all)`;
      throw scenarioError(
        scenario,
        `calendar.closures[${i}].stations[${j}]`,
        `must name a station of this ${scenario.model} scenario (got '${id}')${hint}; its stations are ${list}`,
      );
    }),
  );
}

/**
 * What every replication of a scenario runs with, besides its seed: the horizon, the warm-up,
 * the series interval, and whether every replication keeps its series (a model that derives
 * figures from them). `runScenario` and the Lab's workers both take it from here, so
 * replication r runs with the same options (`options` in replications.ts) in both.
 */
export function replicationSettings(
  scenario: Scenario,
  model: ServiceModel<object>,
  params: object,
): Pick<ReplicationPlan, 'until' | 'warmup' | 'interval' | 'seriesEveryReplication'> {
  return {
    until: scenario.horizon,
    warmup: scenario.warmup,
    interval: scenario.interval,
    seriesEveryReplication: model.usesTimeseries?.(params as never) ?? false,
  };
}

/**
 * A scenario result from each replication's flattened metrics (in replication order),
 * replication 1's detail and, where they came back, each replication's sketches
 * (flattenSketches: the percentiles are then estimated by sectioning, estimateMetrics): the one way results are put together, whether the replications
 * ran in this thread, on worker threads or on queue workers on other machines. `exact` is each
 * arm's offered load in theory, by station, where the model's numbers give it
 * (exactOfferedLoadsOfArms of the arms the replications ran): saturatedStations flags a
 * station at 1 or more there, whatever the samples show. `params` are the scenario's params as
 * modelParams returned them at the start of the run (prepareArms): they are not validated again.
 */
export function assembleResult(
  scenario: Scenario,
  model: ServiceModel<object>,
  params: object,
  arms: string[],
  seed: number,
  perReplication: Record<string, number>[],
  first: Record<string, RunSummary>,
  elapsedSeconds: number,
  exact: Record<string, Record<string, number>> = {},
  sketches?: (Record<string, SketchCounts> | undefined)[],
): ScenarioResult {
  const metrics = estimateMetrics(perReplication, model.figures, sketches);
  const firstReplication = Object.fromEntries(
    Object.entries(first).map(([arm, r]) => {
      const { timeseries: _ts, ...rest } = withoutSketches(r);
      return [arm, rest];
    }),
  );
  return {
    scenario: scenarioMeta(scenario),
    seed,
    replications: perReplication.length,
    elapsedSeconds,
    arms,
    metrics,
    firstReplication,
    timeseries: Object.fromEntries(Object.entries(first).map(([arm, r]) => [arm, r.timeseries])),
    figures: figuresWithKinds(figuresForParams(model, params), scenario.reproduces),
    comparisons: model.comparisons ?? [],
    breakdowns: model.breakdowns ?? [],
    saturated: saturatedStations({ arms, metrics, firstReplication }, exact),
    ...sampledShareOf(model, params),
  };
}

/**
 * `{ sampledShare }` where the model simulates a sample of its customers, else nothing.
 * `params`: as modelParams validated them.
 */
export function sampledShareOf(
  model: ServiceModel<object>,
  params: object,
): { sampledShare?: number } {
  if (!model.sampledShare) return {};
  const share = model.sampledShare(params as never);
  return share !== undefined && share < 1 ? { sampledShare: share } : {};
}

export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const started = process.hrtime.bigint();
  const { model, params, arms } = prepareArms(scenario);
  const seed = options.seed ?? scenario.seed;
  const replications = Math.min(options.replications ?? scenario.replications, replicationCap());
  const runs = await runReplications({
    arms,
    seed,
    replications,
    ...replicationSettings(scenario, model, params),
    threads: options.threads,
    pool: options.pool,
    onReplicationDone: options.onProgress,
  }).catch((err: unknown) => {
    throw modelErrorInScenario(scenario, err);
  });
  const perReplication = runs.map((r) =>
    flattenRuns(r, model.derive ? model.derive(params as never, r, scenario) : {}),
  );
  return assembleResult(
    scenario,
    model,
    params,
    Object.keys(arms),
    seed,
    perReplication,
    runs[0] ?? {},
    Number(process.hrtime.bigint() - started) / 1e9,
    exactOfferedLoadsOfArms(arms),
    runs.map(flattenSketches),
  );
}
