import { describe, expect, it } from 'vitest';
import { saturatedStations, saturationText } from '../../../src/experiment/saturation';

/**
 * A result of one arm and one station whose samples give an offered load of `estimate` in each
 * of 3 replications (utilisation × arrivals ÷ served, with as many served as arrived), as an
 * M/M/c queue at ρ = 1 shows over a finite run: a little under 1.
 */
function result(estimate: number) {
  const same = (x: number) => ({ samples: [x, x, x] });
  return {
    arms: ['main'],
    metrics: {
      'stations.desk.utilisation': same(estimate),
      'stations.desk.arrivals': same(1000),
      'stations.desk.lost': same(0),
      'stations.desk.served': same(1000),
    },
    firstReplication: { main: { stations: { desk: { waitingAtEnd: 339 } } } },
  };
}

describe('saturatedStations: an offered load in theory at or above 1 is flagged whatever the samples show', () => {
  it('flags ρ = 1 in theory where the samples estimate 0.997', () => {
    expect(saturatedStations(result(0.997))).toEqual([]);
    const flagged = saturatedStations(result(0.997), { main: { desk: 1 } });
    expect(flagged).toEqual([
      { arm: 'main', station: 'desk', offeredLoad: 1, waitingAtEnd: 339, inTheory: true },
    ]);
    expect(saturationText(flagged[0], 1, { desk: { en: 'Consular desk' } })).toMatch(
      /^station Consular desk \(desk\): demand at or above capacity \(offered load ρ = λ × E\[S\] ÷ c = 1\.00 ≥ 1 from the model's parameters: unstable in theory, the queue grows without bound; 339 still waiting/,
    );
  });

  it('counts a load that comes out a rounding error under 1 as 1, and never reads more than it is', () => {
    const [s] = saturatedStations(result(0.9), { main: { desk: 1 - 1e-15 } });
    expect(saturationText(s, 1)).toContain('ρ = λ × E[S] ÷ c = 1.00 ≥ 1');
    const [t] = saturatedStations(result(0.9), { main: { desk: 1.15 } });
    expect(saturationText(t, 1)).toContain('= 1.15 ≥ 1');
    const [u] = saturatedStations(result(0.9), { main: { desk: 1.999 } });
    expect(saturationText(u, 1)).toContain('= 1.99 ≥ 1');
  });

  it('leaves a station under 1 in theory, or without a load in theory, to the samples', () => {
    // The same samples, flagged at 1 in theory, not at 0.99 nor where theory gives none.
    expect(saturatedStations(result(0.997), { main: { desk: 1 } })).toHaveLength(1);
    expect(saturatedStations(result(0.997), { main: { desk: 0.99 } })).toEqual([]);
    expect(saturatedStations(result(0.997), { other: { desk: 1 } })).toEqual([]);
    // A run whose samples reach 1 at a load of 0.99 in theory: its queue has not settled.
    const [s] = saturatedStations(result(1.02), { main: { desk: 0.99 } });
    expect(s.inTheory).toBeUndefined();
    expect(s.offeredLoad).toBeCloseTo(1.02, 12);
  });
});
