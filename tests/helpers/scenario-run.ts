import 'reflect-metadata';
import { join } from 'node:path';
import { ScenarioError } from '../../src/scenario/scenario-error';
import { loadScenario } from '../../src/scenario/scenario.loader';
import { runScenario, type ScenarioResult } from '../../src/experiment/scenario.runner';
import { localExecutor, type Executor, type ExperimentTask } from '../../src/experiment/experiment';

export const scenarioPath = (name: string) => join(__dirname, '../../scenarios', `${name}.yaml`);

/** Runs a scenario in this thread with overrides; small runs keep the suite fast. */
export function run(name: string, set: string[] = [], replications = 3): Promise<ScenarioResult> {
  return runScenario(loadScenario(scenarioPath(name), { set }), { replications, threads: 0 });
}

export function mean(r: ScenarioResult, metric: string): number {
  const m = r.metrics[metric];
  if (!m)
    throw new Error(
      `no metric ${metric}; have ${Object.keys(r.metrics)
        .filter((k) => k.startsWith('derived'))
        .join(', ')}`,
    );
  return m.mean;
}

/** Half-width of the 95% CI of a paired difference b - a over replications. */
export function pairedDifference(
  a: ScenarioResult,
  b: ScenarioResult,
  metric: string,
): { mean: number; halfWidth: number } {
  const xa = a.metrics[metric].samples;
  const xb = b.metrics[metric].samples;
  const d = xb.map((x, i) => x - xa[i]);
  const n = d.length;
  const m = d.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  // t(0.975) for 2 degrees of freedom: the tests below use 3 replications.
  return { mean: m, halfWidth: (4.303 * sd) / Math.sqrt(n) };
}

/** The ScenarioError `f` throws (anything else is rethrown; no error fails the test). */
export function scenarioErrorOf(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('no error');
}

/**
 * An executor that runs its tasks in this thread and counts them (`ran`): whether a batch was
 * refused before any of it ran, or how much of it ran.
 */
export function countingExecutor(): Executor & { ran: number } {
  const local = localExecutor(0);
  const counting = {
    description: 'counting',
    ran: 0,
    run: async (tasks: ExperimentTask[], onDone?: (done: number, total: number) => void) => {
      counting.ran += tasks.length;
      return local.run(tasks, onDone);
    },
    close: async () => undefined,
  };
  return counting;
}
