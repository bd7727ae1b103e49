import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { scenarioErrorOf as errorOf } from '../../helpers/scenario-run';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { demandOverCeiling, MAX_ARRIVALS_PER_REPLICATION } from '../../../src/sim/compile';

// A demand typed a few digits too long (perHour: 1e12) had run for hours with no word whenever
// the servers kept up: it is refused before the run starts, naming the source.

const ceiling = MAX_ARRIVALS_PER_REPLICATION.toLocaleString('en-US');

describe('prepareArms: a replication expected to bring more arrivals than a run may simulate', () => {
  it('a Poisson rate: refused at the key that gave it, with the count, the ceiling and what to do', () => {
    const s = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['sources.walk-ins.arrivals.perHour=1e12'],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.file).toBe('scenarios/teaching-mmc.yaml');
    expect(e.path).toBe('sources.walk-ins.arrivals.perHour');
    // 1e12 an hour over the 52 weeks of the horizon.
    expect(e.rule).toContain(`bring ${(1e12 * 24 * 364).toPrecision(3)} arrivals a replication`);
    expect(e.rule).toContain('over the 364 days of the horizon');
    expect(e.rule).toContain(`more than the ${ceiling} a replication may bring`);
    expect(e.rule).toContain('shorten the horizon, lower the demand');
  });

  it('daily counts: refused at perDay, counted exactly (a day past 2^31 does not wrap)', () => {
    const s = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['sources.walk-ins.arrivals={kind: daily, perDay: 1e10}', 'horizon=3d', 'warmup=0'],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.path).toBe('sources.walk-ins.arrivals.perDay');
    expect(e.rule).toContain('bring 30,000,000,000 arrivals a replication over the 3 days');
  });

  it('a limit under the ceiling lets a fast source run; one over it is named', () => {
    const fast = (limit: number) =>
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: ['sources.walk-ins.arrivals.perHour=1e12', `sources.walk-ins.limit=${limit}`],
      });
    expect(() => prepareArms(fast(1000))).not.toThrow();
    expect(errorOf(() => prepareArms(fast(1e12))).path).toBe('sources.walk-ins.limit');
  });

  it("a service model's params: refused at params, naming the source it builds", () => {
    const s = loadScenario('scenarios/hizir-load.yaml', {
      set: ['params.questionsPerDay=1e9'],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.path).toBe('params');
    expect(e.rule).toMatch(
      /^the hizir-load model builds from them a network expected to bring [^ ]+ arrivals a replication over the 28 days of the horizon \(from its source '[^']+'\)/,
    );
    expect(e.rule).toContain('lower the demand in params');
  });

  it('every scenario shipped runs with ten times its demand', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const s = loadScenario(`scenarios/${f}`);
      // Expected arrivals grow with the demand: under a tenth of the ceiling is ten times under it.
      const { arms } = prepareArms(s);
      expect(demandOverCeiling(arms, s.horizon, MAX_ARRIVALS_PER_REPLICATION / 10), f).toBeNull();
    }
  });
});
