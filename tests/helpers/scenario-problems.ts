import { ScenarioError, ScenarioErrors } from '../../src/scenario/scenario-error';
import { loadScenario } from '../../src/scenario/scenario.loader';

/** The problems loading `file` with `set` raises, as `path: rule`, or [] when it loads. */
export function scenarioProblems(file: string, set: string[]): string[] {
  try {
    loadScenario(file, { set });
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError || err instanceof ScenarioErrors)) throw err;
    const all = err instanceof ScenarioErrors ? err.errors : [err];
    return all.map((e) => `${e.path}: ${e.rule}`);
  }
}

/** The error loading `file` with `set` throws, or undefined when it loads. */
export function scenarioLoadError(file: string, set: string[] = []): Error | undefined {
  try {
    loadScenario(file, { set });
  } catch (err) {
    return err as Error;
  }
  return undefined;
}
