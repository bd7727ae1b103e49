import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/report/html-report';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';

const SCENARIOS = resolve(__dirname, '../../../scenarios');

let mmc: ScenarioResult;

beforeAll(async () => {
  mmc = await runScenario(
    loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), { set: ['horizon=2w', 'warmup=1w'] }),
    { replications: 2, threads: 0 },
  );
});

/** The result with replication 1's desk changed as `change` says. */
function withDesk(
  change: (desk: ScenarioResult['firstReplication'][string]['stations'][string]) => void,
): ScenarioResult {
  const copy = structuredClone(mmc);
  change(copy.firstReplication.main.stations.desk);
  return copy;
}

describe("the run report's shares", () => {
  it('never says 100.0% were served at once where some waited, nor 0.0% where some did not', () => {
    // One customer in 100,000 waited: the share served at once rounds to 100.0%, but is not.
    const almostAll = renderReport({
      result: withDesk((d) => (d.waitedShare = 1e-5)),
    });
    expect(almostAll).not.toMatch(/100\.0% (were served at once|did not wait|at zero)/);
    expect(almostAll).toContain('&gt;99.9% were served at once');
    // One in 100,000 was served at once.
    const almostNone = renderReport({
      result: withDesk((d) => (d.waitedShare = 1 - 1e-5)),
    });
    expect(almostNone).not.toMatch(/\b0\.0% (were served at once|did not wait|at zero)/);
    expect(almostNone).toContain('&lt;0.1% were served at once');
  });
});
