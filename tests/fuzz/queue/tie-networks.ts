import type { DistributionSpec } from '../../../src/sim/distributions';
import type { NetworkModel, StationModel, StepModel } from '../../../src/sim/model';
import { xoshiro128 } from '../../integration/queue/live-rng';

/**
 * Random small networks whose events tie: every time is a whole number of minutes (constant or
 * discrete service and patience, traces written to the minute, shifts on the hour), so ends of
 * service, reneging, shift changes, arrivals and customers routed on meet at one minute. Routes
 * may come back to a station, skip steps and leave early; stations may have no room to wait,
 * priorities and closing times. `zeroService` lets a service take no time at all.
 */
export function tieNetwork(seed: number, options: { zeroService?: boolean } = {}): NetworkModel {
  const rng = xoshiro128(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const minutes = (): DistributionSpec =>
    rng() < 0.6
      ? { dist: 'constant', value: pick(options.zeroService ? [0, 5, 10, 20] : [5, 10, 20]) }
      : { dist: 'discrete', values: [5, 10, 15], weights: [1, 1, 1] };
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

  const stations: StationModel[] = Array.from({ length: int(2, 4) }, (_, i) => {
    const st: StationModel = { id: `s${i}` };
    if (rng() < 0.35) {
      const h = int(1, 6);
      st.schedule = [
        { days: [...all], from: '00:00', to: `0${h}:00`, servers: int(1, 2) },
        { days: [...all], from: `0${h}:00`, to: '24:00', servers: int(0, 2) },
      ].filter((s) => s.servers > 0);
      if (rng() < 0.5) st.closePolicy = 'turn-away';
    } else st.servers = int(1, 3);
    if (rng() < 0.5) st.queueLimit = int(0, 2);
    if (rng() < 0.3) st.discipline = 'priority';
    return st;
  });
  const classes = Array.from({ length: int(1, 3) }, (_, k) => {
    const route: StepModel[] = Array.from({ length: int(1, 3) }, (_, j) => {
      const step: StepModel = { id: `k${k}s${j}`, station: pick(stations).id, service: minutes() };
      if (j > 0 && rng() < 0.2) step.probability = 0.5;
      if (rng() < 0.15) step.exit = { probability: 0.3, outcome: 'refused' };
      if (rng() < 0.2) step.jobs = { dist: 'discrete', values: [1, 2], weights: [1, 1] };
      if (rng() < 0.2) step.patience = { dist: 'constant', value: pick([5, 10]) };
      return step;
    });
    return {
      id: `c${k}`,
      priority: int(0, 1),
      ...(rng() < 0.4 ? { patience: { dist: 'constant' as const, value: pick([5, 10, 15]) } } : {}),
      route,
    };
  });
  const sources = Array.from({ length: int(1, 3) }, (_, i) => {
    const times = Array.from({ length: int(20, 60) }, () => 5 * int(0, 287)).sort((a, b) => a - b);
    return {
      id: `src${i}`,
      class:
        classes.length > 1 && rng() < 0.5
          ? Object.fromEntries(classes.map((c) => [c.id, 1]))
          : pick(classes).id,
      arrivals: { kind: 'trace' as const, times },
    };
  });
  return { name: `ties-${seed}`, calendar: { start: '2024-01-08' }, stations, classes, sources };
}
