import { UsageError } from '../errors';
import type { Scenario } from '../../scenario/scenario.loader';
import { getServiceModel } from '../../experiment/models';
import {
  flattenRuns,
  modelParams,
  scenarioMeta,
  type MetricEstimate,
  type ScenarioResult,
} from '../../experiment/scenario.runner';
import { fmt } from '../../report/format';
import { renderSummary } from '../../report/summary.report';
import { confidenceInterval } from '../../sim/stats';
import {
  DEFAULT_BASE_URL,
  runLive as runLiveEngine,
  type LiveOptions,
  type LiveResult,
} from '../../queue/live-engine';

export type { LiveOptions, LiveResult };
export { DEFAULT_BASE_URL };

/** `run <scenario> --engine bullmq`: replay the scenario live through BullMQ (see src/queue/live-engine.ts). */
export function runLive(scenario: Scenario, opts: LiveOptions): Promise<LiveResult> {
  return runLiveEngine(scenario, opts);
}

/** `--speed max` → Infinity, else a positive number. */
export function parseSpeed(value: string): number {
  if (value === 'max') return Infinity;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0))
    throw new UsageError(`--speed: must be a number greater than 0 or 'max' (got '${value}')`);
  return n;
}

/** `--base-url`: an http(s) URL with no path, query or credentials. */
export function parseBaseUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(
      `--base-url: must be an http:// or https:// URL such as ${DEFAULT_BASE_URL} (got '${value}')`,
    );
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search)
    throw new UsageError(
      `--base-url: must be an http:// or https:// URL such as ${DEFAULT_BASE_URL} (got '${value}')`,
    );
  return u.origin;
}

/**
 * The live replay as a one-replication ScenarioResult: the same metrics and derived figures
 * the kernel computes from its replication 1, so the kernel's summary renders it.
 */
export function liveScenarioResult(scenario: Scenario, live: LiveResult): ScenarioResult {
  const model = getServiceModel(scenario.model);
  const runs = Object.fromEntries(Object.entries(live.arms).map(([arm, a]) => [arm, a.run]));
  let derived: Record<string, number> = {};
  try {
    derived = model.derive ? model.derive(modelParams(scenario) as never, runs, scenario) : {};
  } catch {
    // Derived figures may need every arm (--arm chose fewer): the per-arm tables still print.
  }
  const flat = flattenRuns(runs, derived);
  const metrics: Record<string, MetricEstimate> = {};
  for (const [k, v] of Object.entries(flat))
    metrics[k] = { ...confidenceInterval([v]), samples: [v] };
  return {
    scenario: scenarioMeta(scenario),
    seed: live.seed,
    replications: 1,
    elapsedSeconds: live.wallSeconds,
    arms: Object.keys(live.arms),
    metrics,
    firstReplication: runs,
    timeseries: {},
    figures: model.figures ?? {},
  };
}

/** The kernel's summary of the live replay (each arm), then how it ran on BullMQ and how far it fell behind. */
export function renderLive(scenario: Scenario, r: LiveResult): string {
  const out: string[] = [];
  out.push(renderSummary(liveScenarioResult(scenario, r)));
  out.push('');
  out.push(
    `Live replay on BullMQ (via ${r.via}): seed ${r.seed} = the kernel's replication 1; speed ${Number.isFinite(r.speed) ? `${r.speed}×` : 'max'}; ` +
      `${r.wallSeconds.toFixed(2)} s wall, ${r.jobs} jobs, ${fmt(r.jobsPerSecond, 0)} jobs/s`,
  );
  for (const [arm, a] of Object.entries(r.arms)) {
    out.push(
      `  ${arm === 'main' ? 'jobs' : `arm ${arm}: jobs`} ${a.jobs} in ${a.wallSeconds.toFixed(2)} s (${fmt(a.jobsPerSecond, 0)}/s); ` +
        `not on time: ${a.lateArrivals} arrivals, ${a.lateStarts} service starts; ` +
        `${a.reordered} jobs taken out of model-time order (reordered by the station clocks)`,
    );
  }
  return out.join('\n');
}
