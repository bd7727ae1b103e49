import { describe, expect, it } from 'vitest';
import { mean, run, scenarioPath } from '../../helpers/scenario-run';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { buildGovTr, type GovTrParams } from '../../../src/govtr/govtr.model';

describe('konsolosluk.gov.tr model', () => {
  it('too few portal slots lose citizens at the peaks', async () => {
    const base = await run('paper-gov-tr-2020', ['horizon=14d'], 2);
    const small = await run('paper-gov-tr-2020', ['horizon=14d', 'params.slots=3'], 2);
    expect(mean(small, 'derived.abandoned')).toBeGreaterThan(
      10 * Math.max(1, mean(base, 'derived.abandoned')),
    );
    expect(mean(small, 'derived.citizensServed')).toBeLessThan(
      mean(base, 'derived.citizensServed'),
    );
  });

  // params.citizens is a year's demand: it was passed as the horizon's total, so --set
  // horizon=14d put the whole year's 1.1 million citizens into two weeks.
  it('a shorter horizon gets its share of the year: arrivals per day do not depend on the horizon', async () => {
    const two = await run('paper-gov-tr-2020', ['horizon=14d'], 1);
    const four = await run('paper-gov-tr-2020', ['horizon=28d'], 1);
    const { citizens } = loadScenario(scenarioPath('paper-gov-tr-2020')).params as {
      citizens: number;
    };
    const a2 = mean(two, 'totals.arrivals');
    const a4 = mean(four, 'totals.arrivals');
    expect(a2).toBeLessThan(citizens * (28 / 366));
    expect(a4 / a2).toBeGreaterThan(1.98);
    expect(a4 / a2).toBeLessThan(2.02);
  });

  it('a horizon of the calendar year gets every citizen, exactly', () => {
    const scenario = loadScenario(scenarioPath('paper-gov-tr-2020'));
    const p = scenario.params as unknown as GovTrParams;
    const arrivals = buildGovTr(p, scenario).main.sources[0].arrivals as { total: number };
    expect(arrivals.total).toBe(p.citizens);
  });
});
