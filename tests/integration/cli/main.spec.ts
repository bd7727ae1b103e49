import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/cli';

// The CLI runs from dist/: build once when it is missing. The tests spawn the
// real binary from the repository root, as a user would.

const cli = runCli;

/** Erlang C written out directly (sum form), independent of src/sim/erlang.ts. */
function erlangCDirect(c: number, a: number): number {
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) * (c / (c - a));
  return last / (sum + last);
}

function meanAndHalfWidth(xs: number[]): { mean: number; halfWidth: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const T_0975_DF4 = 2.776; // Student t, 4 degrees of freedom (table)
  return { mean, halfWidth: (T_0975_DF4 * sd) / Math.sqrt(n) };
}

let tmp = '';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0)
      throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'consular-sim-cli-'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('consular-sim --help', () => {
  it('lists the run, mmc and bench commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['run', 'mmc', 'bench'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });
});

describe('consular-sim mmc', () => {
  it('--json has the documented shape, and simulation agrees with Erlang C', async () => {
    // Five runs with different seeds: the tolerance is the 95% CI over them,
    // widened 1.5x because four measures are checked at once (see network.spec.ts).
    const seeds = [1, 2, 3, 4, 5];
    const results = await Promise.all(
      seeds.map((seed) =>
        cli([
          'mmc',
          '--lambda',
          '9',
          '--mu',
          '1',
          '--servers',
          '10',
          '--customers',
          '200000',
          '--seed',
          String(seed),
          '--json',
        ]),
      ),
    );
    const parsed = results.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as {
        analytic: Record<string, number>;
        simulated: Record<string, number> & { WqCi95: [number, number] };
        interval: { method: string; batches: number; level: number; note?: string };
      };
    });
    for (const p of parsed) {
      expect(Object.keys(p).sort()).toEqual(['analytic', 'interval', 'simulated']);
      expect(Object.keys(p.analytic).sort()).toEqual(['Lq', 'Pwait', 'Wq', 'rho']);
      expect(Object.keys(p.simulated).sort()).toEqual([
        'Lq',
        'Pwait',
        'Wq',
        'WqCi95',
        'WqHalfWidth',
        'customers',
        'rho',
      ]);
      // The batches used: the batch size is chosen from the run, 10 to 20 of them.
      expect(p.interval).toMatchObject({ method: 'batch means', level: 0.95 });
      expect([10, 20]).toContain(p.interval.batches);
      for (const v of [...Object.values(p.analytic), ...Object.values(p.simulated).flat()])
        expect(Number.isFinite(v)).toBe(true);
      // Wq ± its half-width (batch means over the run).
      expect(p.simulated.WqCi95[0]).toBeCloseTo(p.simulated.Wq - p.simulated.WqHalfWidth, 12);
      expect(p.simulated.WqCi95[1]).toBeCloseTo(p.simulated.Wq + p.simulated.WqHalfWidth, 12);
      // About 200k customers after warm-up: Poisson count within 5 sd.
      expect(Math.abs(p.simulated.customers - 200_000)).toBeLessThan(5 * Math.sqrt(200_000));
    }
    // The analytic side: Erlang C for a = 9 erlangs on 10 servers (tables: 0.6687).
    const pwait = erlangCDirect(10, 9);
    expect(pwait).toBeCloseTo(0.6687, 4);
    const analytic = parsed[0].analytic;
    expect(analytic.rho).toBeCloseTo(0.9, 12);
    expect(analytic.Pwait).toBeCloseTo(pwait, 10);
    expect(analytic.Wq).toBeCloseTo(pwait / (10 * 1 - 9), 10);
    expect(analytic.Lq).toBeCloseTo(9 * analytic.Wq, 10);
    for (const key of ['rho', 'Pwait', 'Wq', 'Lq']) {
      const { mean, halfWidth } = meanAndHalfWidth(parsed.map((p) => p.simulated[key]));
      expect(
        Math.abs(mean - analytic[key]),
        `${key}: ${mean} ± ${halfWidth} vs ${analytic[key]}`,
      ).toBeLessThanOrEqual(1.5 * halfWidth);
    }
    // Different seeds give different runs.
    expect(new Set(parsed.map((p) => p.simulated.Wq)).size).toBe(seeds.length);
  });

  it('says where no customer waited that the interval cannot be estimated, in text and --json', async () => {
    const args = ['mmc', '--lambda', '9', '--mu', '1', '--servers', '1000', '--customers', '20000'];
    const json = await cli([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const p = JSON.parse(json.stdout) as {
      simulated: { Wq: number; WqCi95: unknown; WqHalfWidth: unknown };
      interval: { note?: string };
    };
    expect(p.simulated.Wq).toBe(0);
    expect(p.simulated.WqCi95).toBeNull();
    expect(p.simulated.WqHalfWidth).toBeNull();
    // Erlang C's P(wait) on 1000 servers at 9 erlangs underflows a double.
    expect(p.interval.note).toBe(
      "no customer waited in the run after its warm-up: the interval cannot be estimated; Erlang C's P(wait) is 0 to double precision",
    );
    const text = await cli(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Wq \(mean wait\) .* none waited /m);
    expect(text.stdout).not.toContain('0 to 0');
    expect(text.stdout).toContain(`here ${p.interval.note}.`);
  });

  it('refuses an unstable queue with a usage error (exit 2)', async () => {
    const r = await cli(['mmc', '--lambda', '10', '--mu', '1', '--servers', '10', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --lambda: /);
    expect(r.stderr).not.toContain('    at ');
  });

  it('refuses a non-numeric option naming it', async () => {
    const r = await cli(['mmc', '--lambda', 'nine', '--mu', '1', '--servers', '10']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--lambda');
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('consular-sim run', () => {
  it('writes summary.json and timeseries.csv with a header', async () => {
    const out = join(tmp, 'teaching');
    const r = await cli([
      'run',
      'scenarios/teaching-mmc.yaml',
      '--replications',
      '3',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('summary.json');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      replications: number;
      scenario: { name: string };
      metrics: Record<string, { samples: number[]; mean: number; ci95: [number, number] }>;
    };
    expect(summary.replications).toBe(3);
    expect(summary.scenario.name).toBe('teaching-mmc');
    const wait = summary.metrics['stations.desk.wait.mean'];
    expect(wait.samples).toHaveLength(3);
    expect(wait.ci95[0]).toBeLessThanOrEqual(wait.mean);
    expect(wait.ci95[1]).toBeGreaterThanOrEqual(wait.mean);
    const csv = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    expect(header).toEqual(
      expect.arrayContaining(['t_minutes', 'arrivals', 'station', 'queue', 'busy', 'capacity']),
    );
    expect(csv.length).toBeGreaterThan(2);
    // Every data row has one cell per header column.
    expect(csv.slice(1).every((line) => line.split(',').length === header.length)).toBe(true);
  });

  it('one replication: --json has no interval (null), the text says one needs 2, compare claims nothing', async () => {
    const args = [
      'scenarios/teaching-mmc.yaml',
      '--replications',
      '1',
      '--set',
      'horizon=4d',
      '--set',
      'warmup=1d',
    ];
    const json = await cli(['run', ...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as {
      metrics: Record<string, { mean: number; halfWidth: number | null; ci95: unknown }>;
    };
    for (const [key, m] of Object.entries(result.metrics)) {
      expect(m.halfWidth, key).toBeNull();
      expect(m.ci95, key).toBeNull();
    }
    const text = await cli(['run', ...args]);
    expect(text.stdout).toContain('a 95% confidence interval needs 2 replications or more');
    expect(text.stdout).not.toContain('±');
    const a = join(tmp, 'one-a');
    const b = join(tmp, 'one-b');
    await cli(['run', ...args, '--out', a, '--quiet']);
    await cli(['run', ...args, '--set', 'stations.desk.servers=12', '--out', b, '--quiet']);
    const cmp = await cli(['compare', a, b, '--json']);
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = JSON.parse(cmp.stdout) as {
      differences: { diff: number; ci95: unknown; significant: boolean }[];
    };
    expect(c.differences.some((d) => d.diff !== 0)).toBe(true);
    expect(c.differences.every((d) => d.ci95 === null && !d.significant)).toBe(true);
    const words = await cli(['compare', a, b]);
    expect(words.stdout).toContain('0 of');
    expect(words.stdout).toContain('A and B have one replication');
  });

  it('a bad scenario exits 2 with "error: file: path: rule" and no stack trace', async () => {
    const r = await cli(['run', 'tests/fixtures/scenarios/bad-servers.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: tests/fixtures/scenarios/bad-servers.yaml: stations.desk.servers: must be a whole number from 0 to 1,000,000\n',
    );
    expect(r.stderr).not.toContain('    at ');
    expect(r.stdout).toBe('');
  });

  it('broken YAML and a bad --set also exit 2 without a stack trace', async () => {
    for (const args of [
      ['run', 'tests/fixtures/scenarios/bad-yaml.yaml'],
      ['run', 'tests/fixtures/scenarios/good.yaml', '--set', 'horizon.days=3'],
      ['run', 'tests/fixtures/scenarios/no-such-file.yaml'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: tests\/fixtures\/scenarios\/[a-z-]+\.yaml: /);
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('threads and --threads 0 give identical metrics', async () => {
    const args = [
      'run',
      'scenarios/teaching-mmc.yaml',
      '--replications',
      '4',
      '--set',
      'horizon=8w',
      '--set',
      'warmup=1w',
      '--json',
    ];
    const [threaded, inline] = await Promise.all([
      cli([...args, '--threads', '2']),
      cli([...args, '--threads', '0']),
    ]);
    expect(threaded.code, threaded.stderr).toBe(0);
    expect(inline.code, inline.stderr).toBe(0);
    const a = JSON.parse(threaded.stdout) as {
      metrics: Record<string, unknown>;
      firstReplication: Record<string, Record<string, unknown>>;
    };
    const b = JSON.parse(inline.stdout) as typeof a;
    expect(Object.keys(a.metrics).length).toBeGreaterThan(0);
    expect(a.metrics).toEqual(b.metrics);
    const strip = (x: typeof a) =>
      Object.fromEntries(
        Object.entries(x.firstReplication).map(([arm, r]) => [arm, { ...r, wallSeconds: 0 }]),
      );
    expect(strip(a)).toEqual(strip(b));
  });
});

describe('consular-sim bench', () => {
  it('--json reports speed and memory (values not asserted: they depend on the machine)', async () => {
    const r = await cli([
      'bench',
      '--customers',
      '200000',
      '--accuracy-replications',
      '2',
      '--accuracy-customers',
      '20000',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['customersPerSecond', 'eventsPerSecond', 'peakRssMb']) {
      expect(result).toHaveProperty(key);
      expect(typeof result[key]).toBe('number');
      expect(result[key] as number).toBeGreaterThan(0);
    }
    const accuracy = result.accuracy as { rho: number; errors: number[]; runs: number }[];
    expect(accuracy.map((a) => a.rho)).toEqual([0.5, 0.8, 0.9]);
    for (const a of accuracy) expect(a.errors).toHaveLength(2);
  });
});
