/**
 * A simulation worker: the CLI's scenario loader, service models and kernel, running in a
 * Web Worker on the files bundled at build time. The page runs one per core and hands each
 * a replication at a time, so replications run in parallel as `run --threads` does.
 */
import '../../shims/process';
import 'reflect-metadata';
import { stringify as toYaml } from 'yaml';
import { loadScenario, type Scenario } from '../../../src/scenario/scenario.loader';
import { getServiceModel } from '../../../src/experiment/models';
import { flattenRuns, modelParams, scenarioMeta } from '../../../src/experiment/scenario.runner';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';
import { UserError } from '../../../src/sim/user-error';
import { runNetwork, type NetworkModel, type RunSummary } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { pairedDifference, welchDifference } from '../../../src/experiment/compare';
import { fieldsOf } from './fields';
import { mmcNetwork } from './mmc';
import type { CheckResult, ReplicationResult, Request, Response, RunJob } from './protocol';

const post = (msg: Response) => (self as unknown as Worker).postMessage(msg);

/** A user's mistake as the CLI reports it (`file: path: rule`), or undefined for a fault. */
function userErrors(err: unknown): CheckResult['errors'] | undefined {
  if (err instanceof ScenarioErrors)
    return err.errors.map((e) => ({ path: e.path, rule: e.rule, message: e.message }));
  if (err instanceof UserError) return [{ path: err.path, rule: err.rule, message: err.message }];
  return undefined;
}

interface Prepared {
  scenario: Scenario;
  params: object;
  arms: Record<string, NetworkModel>;
}
let cached: { key: string; prepared: Prepared } | undefined;

/** Loads and builds a scenario with its overrides, as `run --set` does (cached for the next replication). */
function prepare(file: string, set: string[]): Prepared {
  const key = JSON.stringify([file, set]);
  if (cached?.key === key) return cached.prepared;
  const scenario = loadScenario(`/${file}`, { set });
  const model = getServiceModel(scenario.model);
  const params = modelParams(scenario);
  const arms = model.build(params as never, scenario);
  for (const arm of Object.values(arms)) arm.calendar = arm.calendar ?? scenario.calendar;
  const prepared = { scenario, params, arms };
  cached = { key, prepared };
  return prepared;
}

function check(file: string, set: string[]): CheckResult {
  let yaml = '';
  try {
    const { scenario } = prepare(file, set);
    yaml = toYaml(scenario.document);
    return {
      ok: true,
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
 * Customers in the system at once beyond which a Lab run stops with the kernel's error naming
 * the station (the CLI's limit is 2^24): a browser tab runs one worker per core, and at 2^24 each
 * would hold about 1.5 GB before it stopped; at 2 M, under 200 MB.
 */
const LAB_MAX_IN_SYSTEM = 2_000_000;

/** One replication, with the options `runReplications` gives replication r (src/experiment/replications.ts). */
function runOne(id: number, job: RunJob): ReplicationResult {
  const { scenario, params, arms } = prepare(job.file, job.set);
  const r = job.replication;
  const armIds = Object.keys(arms);
  const runs: Record<string, RunSummary> = {};
  armIds.forEach((arm, i) => {
    runs[arm] = runNetwork(arms[arm], {
      seed: replicationSeed(job.seed, r),
      until: scenario.horizon,
      warmup: scenario.warmup,
      maxInSystem: LAB_MAX_IN_SYSTEM,
      // Only the first replication keeps a time series: reports plot one sample path.
      interval: r === 0 ? scenario.interval : 0,
      onProgress: (f) => post({ id, type: 'progress', fraction: (i + f) / armIds.length }),
    });
  });
  const model = getServiceModel(scenario.model);
  const metrics = flattenRuns(
    runs,
    model.derive ? model.derive(params as never, runs, scenario) : {},
  );
  const out: ReplicationResult = { replication: r, metrics, arms: armIds };
  if (r === 0) {
    out.first = {
      detail: Object.fromEntries(
        Object.entries(runs).map(([arm, run]) => {
          const { timeseries: _ts, ...rest } = run;
          return [arm, rest];
        }),
      ),
      timeseries: Object.fromEntries(
        Object.entries(runs).map(([arm, run]) => [arm, run.timeseries]),
      ),
      scenario: scenarioMeta(scenario),
      figures: model.figures ?? {},
    };
  }
  return out;
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  try {
    let value: unknown;
    switch (req.type) {
      case 'fields':
        value = fieldsOf(loadScenario(`/${req.file}`));
        break;
      case 'check':
        value = check(req.file, req.set);
        break;
      case 'run':
        value = runOne(req.id, req.job);
        break;
      case 'compare': {
        // The differences `consular-sim compare` computes: paired on common random numbers, else Welch.
        const out: Record<string, { mean: number; halfWidth: number; ci95: [number, number] }> = {};
        for (const [k, b] of Object.entries(req.b)) {
          const a = req.a[k];
          if (!a) continue;
          out[k] = req.paired ? pairedDifference(a, b) : welchDifference(a, b);
        }
        value = out;
        break;
      }
      case 'mmc': {
        const { lambda, mu, servers, customers } = req;
        const observed = customers / lambda;
        const warmup = observed * 0.01;
        const run = runNetwork(mmcNetwork(lambda, mu, servers), {
          seed: replicationSeed(req.seed, req.replication),
          until: warmup + observed,
          warmup,
          maxInSystem: LAB_MAX_IN_SYSTEM,
        });
        const st = run.stations.server;
        value = {
          Wq: st.wait.mean,
          Lq: st.meanQueue,
          Pwait: st.waitedShare,
          rho: st.utilisation,
          customers: st.served,
        };
        break;
      }
      default:
        throw new Error('unknown request');
    }
    post({ id: req.id, type: 'ok', value });
  } catch (err) {
    post({
      id: req.id,
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      errors: userErrors(err),
    });
  }
};
