import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { liveScenarioResult } from '../../../src/cli/commands/live-run';
import { localExecutor, runScenarioSet } from '../../../src/experiment/experiment';
import type { LiveResult } from '../../../src/experiment/live-engine';
import { modelParams, prepareArms, runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario, type Scenario } from '../../../src/scenario/scenario.loader';
import { validatePlain } from '../../../src/scenario/validate';
import { runNetwork } from '../../../src/sim/network';
import { scenarioPath } from '../../helpers/scenario-run';

// A model's params are validated once, where a run starts (prepareArms, or modelParams in the
// live replay's summary); putting the result together (assembleResult) takes the params the
// start validated instead of validating them again, and a bad param is still refused there.
vi.mock('../../../src/scenario/validate', async (original) => {
  const actual = await original<typeof import('../../../src/scenario/validate')>();
  return { ...actual, validatePlain: vi.fn(actual.validatePlain) };
});

/** How many times `run` validated a scenario's model params. */
async function paramValidations(run: () => unknown): Promise<number> {
  vi.mocked(validatePlain).mockClear();
  await run();
  return vi.mocked(validatePlain).mock.calls.filter((call) => call[2] === 'params').length;
}

// Short runs: what is counted does not depend on the horizon.
const shortDesk = () => loadScenario(scenarioPath('teaching-mmc'), { set: ['horizon=3w'] });
// The e-visa model has params and samples its customers (sampledShare reads the params too).
const evisa = (set: string[] = []) =>
  loadScenario(scenarioPath('paper-evisa'), { set: ['horizon=1d', 'warmup=0', ...set] });
const badEvisa = () => evisa(['params.sampling=2']);

/** modelParams' message for a scenario's bad params: what every edge must still throw. */
function refusal(scenario: Scenario): string {
  try {
    modelParams(scenario);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the params to be refused');
}

/** The live replay's result, stood in for by the kernel's run of each arm. */
function liveOf(scenario: Scenario): LiveResult {
  const { arms } = prepareArms(scenario);
  const runs = Object.fromEntries(
    Object.entries(arms).map(([arm, net]) => [
      arm,
      { run: runNetwork(net, { seed: scenario.seed, until: scenario.horizon }) },
    ]),
  );
  return { arms: runs, wallSeconds: 1 } as unknown as LiveResult;
}

describe('model params are validated once, at the start of a run', () => {
  it('runScenario', async () => {
    const desk = shortDesk();
    expect(await paramValidations(() => runScenario(desk, { replications: 2, threads: 0 }))).toBe(
      1,
    );
    const s = evisa();
    expect(await paramValidations(() => runScenario(s, { replications: 1, threads: 0 }))).toBe(1);
    const bad = badEvisa();
    await expect(runScenario(bad, { replications: 1, threads: 0 })).rejects.toThrow(refusal(bad));
  });

  it('runScenarioSet: once for each point, and once in each task', async () => {
    // Each task builds its point anew from the file, as a queue worker on another machine does:
    // that is the task's own edge. Putting each point's result together adds none.
    const points = [shortDesk(), evisa()];
    const replications = 2;
    const run = () => runScenarioSet(points, { executor: localExecutor(0), replications });
    expect(await paramValidations(run)).toBe(points.length + points.length * replications);
    const bad = [shortDesk(), badEvisa()];
    await expect(
      runScenarioSet(bad, { executor: localExecutor(0), replications: 1 }),
    ).rejects.toThrow(refusal(bad[1]));
  });

  it("the live replay's summary (liveScenarioResult)", async () => {
    const s = evisa();
    const live = liveOf(s);
    expect(await paramValidations(() => liveScenarioResult(s, live))).toBe(1);
    const bad = badEvisa();
    expect(() => liveScenarioResult(bad, live)).toThrow(refusal(bad));
  });
});
