import { describe, expect, it } from 'vitest';
import { runNetwork, type NetworkModel } from '../../../src/sim/network';

/** One desk of 10 busy at 90% (M/M/10, minutes). */
const desk: NetworkModel = {
  name: 'desk',
  stations: [{ id: 'desk', servers: 10 }],
  classes: [
    {
      id: 'citizen',
      route: [{ id: 'serve', station: 'desk', service: { dist: 'exponential', mean: 60 } }],
    },
  ],
  sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 9 / 60 } }],
};

describe('time series around the warm-up end', () => {
  it('records the interval that ends at the warm-up as it was, not as a row of zeros', () => {
    const day = 1440;
    const run = runNetwork(desk, { seed: 3, until: 10 * day, warmup: 3 * day, interval: day });
    const ts = run.timeseries!;
    const s = ts.stations.desk;
    // Every day of a 90%-busy desk has arrivals, completions, busy servers and 10 on duty.
    for (let i = 0; i < ts.t.length; i++) {
      expect(ts.arrivals[i], `day ending at ${ts.t[i]}`).toBeGreaterThan(0);
      expect(ts.completions[i], `day ending at ${ts.t[i]}`).toBeGreaterThan(0);
      expect(s.busy[i], `day ending at ${ts.t[i]}`).toBeGreaterThan(5);
      expect(s.capacity[i]).toBe(10);
    }
    // The warm-up end is a sample time, and its row holds the third day's activity.
    expect(ts.t).toContain(3 * day);
  });

  it('averages the interval that holds the warm-up end over the part after it', () => {
    // The warm-up ends half-way through day 2: that row's areas start at the reset, so its
    // averages must be taken over the half day they cover, not over the whole day.
    const day = 1440;
    const run = runNetwork(desk, { seed: 3, until: 6 * day, warmup: 1.5 * day, interval: day });
    const s = run.timeseries!.stations.desk;
    // Ten servers on duty all the time: every row's average is exactly 10.
    for (const c of s.capacity) expect(c).toBe(10);
    // The rows' averages times the time each covers after the warm-up add up to the run's
    // busy server-time (which counts from the warm-up end).
    const covered = run.timeseries!.t.map((t, i, ts) =>
      Math.max(0, Math.min(t - (i ? ts[i - 1] : 0), t - 1.5 * day)),
    );
    const busyArea = s.busy.reduce((sum, b, i) => sum + b * covered[i], 0);
    expect(busyArea).toBeCloseTo(run.stations.desk.busyTime, 6);
  });

  it('an interval longer than the run gives one row ending at the horizon, not none', () => {
    // --set horizon=30m leaves the default interval at an hour: the series had been empty.
    const run = runNetwork(desk, { seed: 3, until: 300, interval: 1440 });
    const ts = run.timeseries!;
    expect(ts.t).toEqual([300]);
    expect(ts.arrivals[0]).toBe(run.totals.arrivals);
    expect(ts.stations.desk.capacity).toEqual([10]);
    expect(ts.stations.desk.busy[0] * 300).toBeCloseTo(run.stations.desk.busyTime, 6);
  });

  it('accounts for every arrival: completed, lost or still in the system at the end', () => {
    // Overloaded (rho 1.5) with no warm-up: the queue at the horizon is large and must be shown.
    const over: NetworkModel = {
      ...desk,
      sources: [{ id: 'walk-ins', class: 'citizen', arrivals: { kind: 'poisson', rate: 15 / 60 } }],
    };
    const run = runNetwork(over, { seed: 5, until: 2 * 1440 });
    const t = run.totals;
    expect(t.inSystemAtEnd).toBeGreaterThan(100);
    expect(t.completed + t.lost + t.inSystemAtEnd).toBe(t.arrivals);
  });
});
