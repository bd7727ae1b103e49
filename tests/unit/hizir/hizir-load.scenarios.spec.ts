import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';

/**
 * A scenario's assumptions are what its report prints beside the results, so a number they state
 * must be the one the scenario runs: a what-if that changes the officers and inherits its parent's
 * list would print the parent's officers next to its own results.
 */
describe('hizir-load scenarios: the officers the assumptions state are the ones simulated', () => {
  const scenarios = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => loadScenario(`scenarios/${f}`))
    .filter((s) => s.model === 'hizir-load');

  it('there are several (the paper scenario and the deflection what-ifs)', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const officers = (scenario.params as { officers: number }).officers;
    const stated = scenario.assumptions.flatMap((a) =>
      [...a.text.matchAll(/(\d[\d,]*) officers/g)].map((m) => Number(m[1].replace(/,/g, ''))),
    );
    expect(stated.length).toBeGreaterThan(0);
    for (const n of stated) expect(n).toBe(officers);
  });
});
