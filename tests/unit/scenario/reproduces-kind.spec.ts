import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';

/**
 * A reproduced figure's kind: input (the scenario takes the paper's number), emergent (the
 * simulated events produce it) or measured (a measurement outside the simulation, the Hızır
 * engine over its test questions). Anything else is refused by file, path and rule.
 */
describe('reproduces[].kind', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'consular-kind-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const withKind = (kind: string) => {
    const file = join(dir, `kind-${kind}.yaml`);
    writeFileSync(
      file,
      `${readFileSync('tests/fixtures/scenarios/good.yaml', 'utf8')}\nreproduces:\n` +
        `  - { figure: hizir.launch, metric: totals.completed, kind: ${kind} }\n`,
    );
    return file;
  };

  it.each(['input', 'emergent', 'measured'])('accepts %s', (kind) => {
    expect(loadScenario(withKind(kind)).reproduces[0].kind).toBe(kind);
  });

  it('refuses another kind, naming the file, the path and the three kinds', () => {
    const file = withKind('simulated');
    let err: unknown;
    try {
      loadScenario(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioErrors);
    const first = (err as ScenarioErrors).errors[0];
    expect(first.file).toContain('kind-simulated.yaml');
    expect(first.path).toBe('reproduces[0].kind');
    expect(first.rule).toBe(
      'must be input (calibrated from the paper), emergent (produced by the simulation) or measured (measured outside the simulation, such as the Hızır engine on its test questions)',
    );
    expect((err as Error).message).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('labels the Hızır launch measured: it is the engine over its test questions, not the simulated load', () => {
    const launch = loadScenario('scenarios/paper-hizir.yaml').reproduces.find(
      (r) => r.figure === 'hizir.launch',
    );
    expect(launch?.kind).toBe('measured');
  });
});
