import { describe, expect, it, vi } from 'vitest';
import {
  batchBucketWidth,
  compareMmc,
  MMC_BATCHES,
  MMC_MIN_BATCHES,
  mmcAction,
  mmcIntervalNote,
  MMC_MAX_CUSTOMERS,
  mmcRelaxationTime,
  mmcSettlingCustomers,
  wqBatchMeans,
} from '../../../../src/cli/commands/mmc.action';
import { parseMmcServers } from '../../../../src/cli/commands/mmc.command';
import { MMC_MAX_RHO } from '../../../../src/cli/commands/mmc-limits';
import { UsageError } from '../../../../src/cli/errors';
import { mmcRunWindow } from '../../../../src/sim/erlang';
import { confidenceInterval } from '../../../../src/sim/stats';

describe('consular-sim mmc: the simulated side is a steady-state estimate', () => {
  it('M/M/1000 at rho 0.9 over 20,000 customers: the utilisation’s 95% CI covers rho', () => {
    // 20,000 customers at lambda 900 are 22 mean service times. A warm-up of 1% of that (0.2
    // service times) left the ramp of a run that starts empty in the average: 0.865.
    const rho = Array.from(
      { length: 8 },
      (_, r) => compareMmc(900, 1, 1000, 20_000, 1 + r).simulated.rho,
    );
    const ci = confidenceInterval(rho);
    expect(ci.ci95[0]).toBeLessThanOrEqual(0.9);
    expect(ci.ci95[1]).toBeGreaterThanOrEqual(0.9);
  });
});

/** P(X >= k) for X binomial(n, p). */
function binomialTail(n: number, p: number, k: number): number {
  let term = (1 - p) ** n;
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return 1 - below;
}

describe('consular-sim mmc: the simulated Wq has a 95% interval by batch means', () => {
  it('M/M/10 at rho 0.9, 40 seeds of 100,000 customers: it holds Erlang C’s Wq about 95 times in 100', () => {
    const runs = Array.from({ length: 40 }, (_, i) => compareMmc(9, 1, 10, 100_000, 1 + i));
    const misses = runs.filter((r) => {
      const ci = r.simulated.WqCi95!;
      expect(ci[0]).toBeCloseTo(r.simulated.Wq - r.simulated.WqHalfWidth!, 12);
      expect(ci[1]).toBeCloseTo(r.simulated.Wq + r.simulated.WqHalfWidth!, 12);
      return !(ci[0] <= r.analytic.Wq && r.analytic.Wq <= ci[1]);
    }).length;
    // The misses of 40 intervals that hold Wq 95 times in 100 are binomial(40, 0.05): allow as
    // many as that exceeds with probability 0.001 at most.
    let allowed = 0;
    while (binomialTail(40, 0.05, allowed + 1) > 0.001) allowed++;
    expect(misses, `${misses} of 40 intervals miss Erlang C's Wq`).toBeLessThanOrEqual(allowed);
    // The interval is not wide enough to hold anything: its half-width is a few % of Wq.
    const widest = Math.max(...runs.map((r) => r.simulated.WqHalfWidth! / r.analytic.Wq));
    expect(widest).toBeLessThan(0.5);
    expect(runs[0].interval).toEqual({ method: 'batch means', batches: MMC_BATCHES, level: 0.95 });
    expect(mmcIntervalNote(runs[0])).toMatch(
      /^Wq's 95% CI is by batch means: the run after its warm-up cut into 20 batches/,
    );
  });

  it('cuts the buckets so that one edge is the warm-up’s end, and none before it is in a batch', () => {
    const { warmup, until } = mmcRunWindow(9, 1, 100_000);
    const width = batchBucketWidth(warmup, until - warmup)!;
    expect(Number.isInteger(Math.round(warmup / width))).toBe(true);
    expect(Math.abs(warmup / width - Math.round(warmup / width))).toBeLessThan(1e-9);
    expect(width).toBeLessThanOrEqual((until - warmup) / MMC_BATCHES);
    // A warm-up so long against the run that it would take too many buckets: no interval.
    expect(batchBucketWidth(1e9, 1)).toBeUndefined();
  });
});

/** A seeded uniform generator (mulberry32), so the synthetic series are the same every run. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A one-station series of unit buckets with one arrival each, with these queue lengths. */
function oneArrivalEachBucket(queue: number[]) {
  const ones = queue.map(() => 1);
  return {
    interval: 1,
    t: ones.map((_, i) => i + 1),
    arrivals: ones,
    completions: ones,
    stations: { s: { queue, busy: ones, capacity: ones } },
  };
}

describe('consular-sim mmc: the batch size follows the correlation of the run', () => {
  it('an AR(1) queue with a correlation time of a tenth of the run: the interval holds its mean about 95 times in 100', () => {
    // Queue length 5 + an AR(1) of coefficient 0.998 per bucket (correlation time about 1,000
    // buckets) over 10,240 buckets, one arrival each: Wq's true value is 5. Twenty fixed batches
    // of 512 buckets are strongly correlated and held 5 in about 74 of 100 such series.
    const phi = 0.998;
    const n = 10_240;
    const runs = 200;
    let misses = 0;
    let correlated = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const u = mulberry32(seed);
      const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      let x = gauss() / Math.sqrt(1 - phi * phi);
      const queue: number[] = [];
      for (let i = 0; i < n; i++) {
        x = phi * x + gauss();
        queue.push(5 + x);
      }
      const mean = queue.reduce((a, b) => a + b, 0) / n;
      const series = oneArrivalEachBucket(queue);
      const cut = wqBatchMeans(series, 's', 0, mean)!;
      expect(cut.batches).toBeGreaterThanOrEqual(MMC_MIN_BATCHES);
      expect(cut.batches).toBeLessThanOrEqual(MMC_BATCHES);
      if (cut.correlated) correlated++;
      if (!(Math.abs(mean - 5) <= cut.halfWidth)) misses++;
    }
    let allowed = 0;
    while (binomialTail(runs, 0.05, allowed + 1) > 0.001) allowed++;
    expect(misses, `${misses} of ${runs} intervals miss the mean`).toBeLessThanOrEqual(allowed);
    // Some series are too short for independent batches, and say so.
    expect(correlated).toBeGreaterThan(0);
  });

  it('independent buckets: the test keeps the batches at their most, 20', () => {
    const u = mulberry32(7);
    const n = 10_240;
    const queue = Array.from({ length: n }, () => u());
    const series = oneArrivalEachBucket(queue);
    const cut = wqBatchMeans(series, 's', 0, 0.5)!;
    expect(cut.batches).toBe(MMC_BATCHES);
    expect(cut.correlated).toBe(false);
  });

  it('M/M/1 at rho 0.95 over 2,000 customers: interval.batches is the number used, and a run too short says so', () => {
    const runs = Array.from({ length: 30 }, (_, i) => compareMmc(0.95, 1, 1, 2_000, 1 + i));
    for (const r of runs) {
      expect([MMC_MIN_BATCHES, MMC_BATCHES]).toContain(r.interval.batches);
      if (r.interval.note !== undefined) {
        expect(r.interval.note).toMatch(
          /^run too short for independent batches: .*use (more|at least [\d,]+) --customers$/,
        );
        expect(mmcIntervalNote(r)).toContain(`Here ${r.interval.note}.`);
      }
    }
    expect(runs.some((r) => r.interval.batches === MMC_MIN_BATCHES)).toBe(true);
    expect(runs.some((r) => r.interval.note !== undefined)).toBe(true);
  });
});

describe('consular-sim mmc: a run shorter than ten relaxation times says so', () => {
  it('M/M/10 at rho 0.9 (relaxation time 38): 200 customers get the note and how many to use; 20,000 do not', () => {
    expect(mmcRelaxationTime(9, 1, 10)).toBeCloseTo(1 / (Math.sqrt(10) - 3) ** 2, 12);
    expect(mmcRelaxationTime(0.95, 1, 1)).toBeCloseTo(1 / (1 - Math.sqrt(0.95)) ** 2, 12);
    const short = compareMmc(9, 1, 10, 200, 1);
    expect(short.simulated.WqCi95).not.toBeNull();
    // 200 customers at lambda 9 are 22 time units: 0.59 relaxation times; ten need 3,418 customers.
    expect(short.interval.note).toMatch(
      /^run too short for independent batches: the run after its warm-up spans 0\.59 relaxation times .* use at least 3,418 --customers$/,
    );
    expect(mmcIntervalNote(short)).toContain(`Here ${short.interval.note}.`);
    expect(compareMmc(9, 1, 10, 20_000, 1).interval.note).toBeUndefined();
  });
});

describe('consular-sim mmc: no interval where nobody waited', () => {
  it('M/M/40 at lambda 9: every batch’s Wq is 0, so the interval is null with a note, not 0 to 0', () => {
    const r = compareMmc(9, 1, 40, 20_000, 1);
    // Nobody waited in the run: 0 would be the only value batch means could give.
    expect(r.simulated.Pwait).toBe(0);
    expect(r.simulated.Wq).toBe(0);
    expect(r.simulated.WqCi95).toBeNull();
    expect(r.simulated.WqHalfWidth).toBeNull();
    expect(r.analytic.Pwait).toBeGreaterThan(0);
    expect(r.interval.note).toBe(
      `no customer waited in the run after its warm-up: the interval cannot be estimated; Erlang C's P(wait) is ${r.analytic.Pwait.toPrecision(2)}`,
    );
    expect(mmcIntervalNote(r)).toContain(`here ${r.interval.note}.`);
    expect(mmcIntervalNote(r)).not.toMatch(/holds Erlang C/);
  });

  it('where customers wait there is an interval and no note', () => {
    const r = compareMmc(9, 1, 10, 20_000, 1);
    expect(r.simulated.WqCi95).not.toBeNull();
    expect(r.interval.note).toBeUndefined();
  });
});

describe('consular-sim mmc: the difference column', () => {
  it('signs a relative difference both ways, + above Erlang C and - below', () => {
    const opts = { lambda: 9, mu: 1, servers: 10, customers: 100, seed: 1 };
    const r = compareMmc(opts.lambda, opts.mu, opts.servers, opts.customers, opts.seed);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      mmcAction(opts);
    } finally {
      spy.mockRestore();
    }
    const rows = out.join('').split('\n');
    const last = (label: string) =>
      rows
        .find((l) => l.startsWith(label))!
        .trim()
        .split(/\s+/)
        .at(-1)!;
    for (const [label, sim, theory] of [
      ['rho', r.simulated.rho, r.analytic.rho],
      ['P(wait)', r.simulated.Pwait, r.analytic.Pwait],
    ] as const) {
      expect(sim, label).not.toBe(theory);
      expect(last(label), label).toMatch(sim > theory ? /^\+\d/ : /^-\d/);
    }
  });
});

describe('consular-sim mmc --servers', () => {
  // Erlang C walks every server: --servers 1e12 had never ended.
  // 0x10 had been read as 16 servers: a count is written in decimal (1e6 is 1,000,000).
  it.each(['1e12', '1000001', '0', '2.5', '', '0x10', '1e-6', ' 10'])(
    'refuses %j with the range',
    (value) => {
      expect(() => parseMmcServers(value)).toThrow(UsageError);
      expect(() => parseMmcServers(value)).toThrow(
        `--servers: must be a whole number from 1 to 1,000,000, written in decimal (got '${value}')`,
      );
    },
  );

  it('takes 1 and 1,000,000', () => {
    expect(parseMmcServers('1')).toBe(1);
    expect(parseMmcServers('1000000')).toBe(1_000_000);
    expect(parseMmcServers('1e6')).toBe(1_000_000);
  });
});

/** What mmcAction writes on stdout, or the error it throws. */
function mmcOutput(opts: Parameters<typeof mmcAction>[0]): string {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    mmcAction(opts);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('consular-sim mmc: a load too near 1 for any run is refused', () => {
  it('ten relaxation times hold rho / (1 − sqrt(rho))^2 customers each, on any number of servers', () => {
    for (const servers of [1, 10, 1_000_000])
      for (const rho of [0.5, 0.9, 0.999]) {
        const lambda = rho * servers * 2;
        const held = MMC_MIN_BATCHES * mmcRelaxationTime(lambda, 2, servers) * lambda;
        expect(mmcSettlingCustomers(rho) / held).toBeCloseTo(1, 6);
      }
    // The most a run takes holds them at the limit, and not much above it.
    expect(mmcSettlingCustomers(MMC_MAX_RHO)).toBeLessThanOrEqual(MMC_MAX_CUSTOMERS);
    expect(mmcSettlingCustomers(MMC_MAX_RHO + 0.0001)).toBeGreaterThan(MMC_MAX_CUSTOMERS);
  });

  it.each([
    // It had run 10 million arrivals (22 s to 127 s) and printed a P(wait) of 0.15 beside 0.9987.
    [{ lambda: 999_999, mu: 1, servers: 1_000_000 }, '0.999999', '4.0e+13', '0.9987'],
    [{ lambda: 0.9998, mu: 1, servers: 1 }, '0.9998', '1.0e+9', '4999'],
  ])('%j: refused naming --lambda and the rule, with Erlang C’s Wq', (q, rho, held, wq) => {
    const run = () => mmcOutput({ ...q, customers: 1000, seed: 1 });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      `--lambda: must keep rho = lambda / (servers × mu) at most 0.9997 (got ${rho}): nearer 1 the queue takes longer to settle than a run may last (ten relaxation times hold ${held} customers, a run at most 500,000,000); Erlang C's Wq for it is ${wq}`,
    );
  });

  it('M/M/1 at rho 0.9997, the limit, runs', () => {
    expect(mmcOutput({ lambda: 0.9997, mu: 1, servers: 1, customers: 1000, seed: 1 })).toMatch(
      /^M\/M\/1: lambda 0\.9997/,
    );
  });
});

describe('consular-sim mmc: the warm-up is named', () => {
  it('M/M/10 at lambda 9, 1,000 customers: ten service times of warm-up, about 90 arrivals', () => {
    expect(mmcRunWindow(9, 1, 1000).warmup).toBe(10);
    expect(mmcOutput({ lambda: 9, mu: 1, servers: 10, customers: 1000, seed: 1 })).toMatch(
      /customers simulated \(seed 1\), after a warm-up of 10 time units with about 90 arrivals not counted\n/,
    );
  });
});
