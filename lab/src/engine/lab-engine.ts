/**
 * What a Lab worker computes, apart from the messages: a scenario loaded and checked with its
 * overrides, and one replication of it, with the CLI's loader, models, kernel and run options.
 * Kept apart from the worker's message handling so that the tests can run it in Node beside
 * `runScenario` and compare the two number for number.
 */
import { stringify as toYaml } from 'yaml';
import { loadScenario, type Scenario } from '../../../src/scenario/scenario.loader';
import { getServiceModel } from '../../../src/experiment/models';
import { options as replicationOptions } from '../../../src/experiment/replications';
import {
  flattenRuns,
  flattenSketches,
  prepareArms,
  replicationSettings,
  sampledShareOf,
  scenarioMeta,
  withoutSketches,
} from '../../../src/experiment/scenario.runner';
import { figuresForParams, figuresWithKinds } from '../../../src/scenario/service-model';
import { stationLabelsOf, type StationLabels } from '../../../src/scenario/station-labels';
import { ScenarioErrors, type ScenarioError } from '../../../src/scenario/scenario-error';
import { UserError } from '../../../src/common/user-error';
import { expectedCustomers, freezeModel } from '../../../src/sim/compile';
import { exactOfferedLoadsOfArms } from '../../../src/sim/offered-load';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import type { CheckResult, ReplicationResult, RunJob } from './protocol';

/**
 * The path of a mistake as `--set` and the panel's fields write it: the schema's checks name a
 * list item `schedule[0]`, a field `schedule.0` (the message keeps the CLI's form).
 */
function setPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * What a scenario error says after its rule (`file: path: rule; note`: that a list given through
 * extends replaces the base's, say), for the page to give in Turkish as well.
 */
function noteOf(e: ScenarioError): { note?: string } {
  const stated = `${[e.file, e.path, e.rule].filter((part) => part).join(': ')}; `;
  return e.message.startsWith(stated) ? { note: e.message.slice(stated.length) } : {};
}

/** A user's mistake as the CLI reports it (`file: path: rule`), or undefined for a fault. */
export function userErrors(err: unknown): CheckResult['errors'] | undefined {
  if (err instanceof ScenarioErrors)
    return err.errors.map((e) => ({
      ...(e.file && { file: e.file }),
      path: setPath(e.path),
      rule: e.rule,
      message: e.message,
      ...noteOf(e),
    }));
  if (err instanceof UserError)
    return [
      {
        ...(err.file && { file: err.file }),
        path: setPath(err.path),
        rule: err.rule,
        message: err.message,
      },
    ];
  return undefined;
}

/**
 * An error a replication raised while it ran (the in-system limit), as opposed to one in the
 * scenario itself: the page reports it as a run that stopped, not as a scenario to fix.
 */
export class RunTimeError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RunTimeError';
  }
}

export interface Prepared {
  scenario: Scenario;
  params: object;
  arms: Record<string, NetworkModel>;
}
let cached: { key: string; prepared: Prepared } | undefined;

/**
 * Loads and builds a scenario with its overrides, as `run --set` does (cached for the next
 * replication). `root` is where the repository's files are: `/` in the browser's bundled copy.
 */
export function prepare(file: string, set: string[], root = '/'): Prepared {
  const key = JSON.stringify([root, file, set]);
  if (cached?.key === key) return cached.prepared;
  // No `--set` in its messages: a field's error stands beside the field that gave the value.
  const scenario = loadScenario(`${root}${file}`, { set, setSources: [] });
  const built = prepareArms(scenario);
  // Frozen copies, as the CLI runs several replications (src/experiment/replications.ts): each
  // arm compiles once per worker, for the estimate and for every replication the worker runs.
  const arms = Object.fromEntries(
    Object.entries(built.arms).map(([arm, model]) => [arm, freezeModel(structuredClone(model))]),
  );
  const prepared = { scenario, params: built.params, arms };
  cached = { key, prepared };
  return prepared;
}

/**
 * The labels of the stations a prepared scenario's arms build, in English and Turkish: its
 * model's (ServiceModel.stationLabel), with its file's own over them, as the page shows them.
 */
export function preparedStationLabels({ scenario, arms }: Prepared): StationLabels {
  return stationLabelsOf(
    getServiceModel(scenario.model),
    scenario.document,
    Object.values(arms).flatMap((arm) => arm.stations.map((st) => st.id)),
  );
}

export function checkScenario(file: string, set: string[], root = '/'): CheckResult {
  let yaml = '';
  try {
    const { scenario, arms } = prepare(file, set, root);
    yaml = toYaml(scenario.document);
    return {
      ok: true,
      customers: customersOf(arms, scenario.horizon),
      errors: [],
      yaml,
      replications: scenario.replications,
      seed: scenario.seed,
      horizonMinutes: scenario.horizon,
      warmupMinutes: scenario.warmup,
    };
  } catch (err) {
    const errors = userErrors(err);
    if (!errors) throw err;
    return {
      ok: false,
      errors,
      yaml,
      replications: 0,
      seed: 0,
      horizonMinutes: 0,
      warmupMinutes: 0,
    };
  }
}

/**
 * Customers one replication is expected to bring, over all its arms (a paired arm runs the same
 * citizens again): what a run will cost, for the estimate shown before it starts. Undefined when
 * a network cannot be compiled (the run reports that, as it always has).
 */
function customersOf(arms: Record<string, NetworkModel>, horizon: number): number | undefined {
  try {
    return Object.values(arms).reduce((sum, arm) => sum + expectedCustomers(arm, horizon), 0);
  } catch {
    return undefined;
  }
}

/**
 * Customers in the system at once beyond which a Lab run stops with the kernel's error naming
 * the station (the CLI's limit is 2^24): a browser tab runs one worker per core, and at 2^24 each
 * would hold about 1.5 GB before it stopped; at 2 M, under 200 MB.
 */
export const LAB_MAX_IN_SYSTEM = 2_000_000;

/**
 * A figure its model declares a timing of the machine (Hızır's answer time) is not measured in
 * the Lab: the browser replays the engine's answers recorded at build time, so a time taken
 * around them would be the time of a table look-up (0 ms), not of the engine. It is given as
 * NaN (null in the results' JSON, "not measured" on the page), as a mean over nobody is.
 */
function withoutTimings(
  derived: Record<string, number>,
  model: ReturnType<typeof getServiceModel>,
): Record<string, number> {
  const out = { ...derived };
  for (const [name, figure] of Object.entries(model.figures ?? {}))
    if (figure.timing && name in out) out[name] = NaN;
  return out;
}

/**
 * One replication, with the options `runScenario` gives replication r (`options` in
 * src/experiment/replications.ts over `replicationSettings`): the same seed, horizon and series.
 * An error while it runs is thrown as a RunTimeError.
 */
export function runReplication(
  job: RunJob,
  onProgress?: (fraction: number) => void,
  root = '/',
): ReplicationResult {
  const { scenario, params, arms } = prepare(job.file, job.set, root);
  const model = getServiceModel(scenario.model);
  const r = job.replication;
  const opts = replicationOptions(
    { seed: job.seed, ...replicationSettings(scenario, model, params) },
    r,
  );
  const armIds = Object.keys(arms);
  const runs: Record<string, RunSummary> = {};
  try {
    armIds.forEach((arm, i) => {
      runs[arm] = runNetwork(arms[arm], {
        ...opts,
        maxInSystem: LAB_MAX_IN_SYSTEM,
        onProgress: onProgress && ((f) => onProgress((i + f) / armIds.length)),
      });
    });
  } catch (err) {
    throw new RunTimeError(err);
  }
  const metrics = flattenRuns(
    runs,
    withoutTimings(model.derive ? model.derive(params as never, runs, scenario) : {}, model),
  );
  // The percentiles' sketches, which the page merges over replications (sectioning: estimateMetrics).
  const sketches = flattenSketches(runs);
  const out: ReplicationResult = { replication: r, metrics, arms: armIds, sketches };
  if (r === 0) {
    out.first = {
      detail: Object.fromEntries(
        Object.entries(runs).map(([arm, run]) => {
          const { timeseries: _ts, ...rest } = withoutSketches(run);
          return [arm, rest];
        }),
      ),
      timeseries: Object.fromEntries(
        Object.entries(runs).map(([arm, run]) => [arm, run.timeseries]),
      ),
      scenario: scenarioMeta(scenario),
      figures: figuresWithKinds(figuresForParams(model, params), scenario.reproduces),
      figuresTr: model.figuresTr ?? {},
      stationLabels: preparedStationLabels({ scenario, params, arms }),
      ...(model.customerUnit && { customerUnit: model.customerUnit }),
      ...(scenario.translations.tr?.assumptions && {
        assumptionsTr: scenario.translations.tr.assumptions,
      }),
      comparisons: model.comparisons ?? [],
      breakdowns: model.breakdowns ?? [],
      offeredLoads: exactOfferedLoadsOfArms(arms),
      ...sampledShareOf(model, params),
    };
  }
  return out;
}
