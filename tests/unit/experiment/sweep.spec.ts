import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  grid,
  meetsTarget,
  parseCost,
  parseParam,
  parseTarget,
  MAX_COST_DEPTH,
  MAX_COST_LENGTH,
  noMetric,
  runSweep,
  seedNote,
  SweepSpecError,
} from '../../../src/experiment/sweep';
import { renderSweep } from '../../../src/cli/commands/sweep.action';
import { renderReport } from '../../../src/report/html-report';
import { countingExecutor } from '../../helpers/scenario-run';
import { MAX_ARRIVALS_PER_REPLICATION } from '../../../src/sim/compile';
import { MAX_SWEEP_RUNS } from '../../../src/experiment/sweep-limits';
import { QUANTILE_RELATIVE_ACCURACY } from '../../../src/sim/stats';
import { UserError } from '../../../src/common/user-error';
import { ScenarioError } from '../../../src/scenario/scenario-error';

const MMC = resolve(__dirname, '../../../scenarios/teaching-mmc.yaml');

describe('parseParam', () => {
  it('takes a list item as messages print it, route[0], as the dotted index', () => {
    expect(parseParam('classes.citizen.route[0].service.mean=5..6')).toEqual({
      key: 'classes.citizen.route.0.service.mean',
      values: [5, 6],
    });
  });

  it('reads a..b, a..b:step and lists', () => {
    expect(parseParam('stations.desk.servers=10..14:2')).toEqual({
      key: 'stations.desk.servers',
      values: [10, 12, 14],
    });
    expect(parseParam('stations.desk.servers=10..14')).toEqual({
      key: 'stations.desk.servers',
      values: [10, 11, 12, 13, 14],
    });
    expect(parseParam('x=10..15:2').values).toEqual([10, 12, 14]);
    expect(parseParam('p=0.1..0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseParam('p=-1..1').values).toEqual([-1, 0, 1]);
    expect(parseParam('n=3,1,2').values).toEqual([3, 1, 2]);
  });

  it.each([
    ['stations.desk.servers', /^--param 'stations.desk.servers': must be key=a\.\.b/],
    ['x=14..10', /^--param 'x=14\.\.10': the range must go upwards/],
    ['x=1..5:0', /^--param 'x=1\.\.5:0': the step must be greater than 0/],
    ['x=1..b', /^--param 'x=1\.\.b': 'b' is not a number; must be key=a\.\.b/],
    ['x=1..2:1:3', /^--param 'x=1\.\.2:1:3': must be key=a\.\.b/],
    ['x=0..1000', /at most 400/],
  ])('rejects %s naming the flag and the rule', (spec, message) => {
    expect(() => parseParam(spec)).toThrow(SweepSpecError);
    expect(() => parseParam(spec)).toThrow(message);
  });
});

describe('parseTarget', () => {
  it('reads the metric, the comparison and the value', () => {
    expect(parseTarget('stations.desk.wait.mean<=15')).toEqual({
      metric: 'stations.desk.wait.mean',
      op: '<=',
      value: 15,
      useCi: false,
    });
    expect(parseTarget(' derived.issued >= 1e6 ', true)).toEqual({
      metric: 'derived.issued',
      op: '>=',
      value: 1e6,
      useCi: true,
    });
    expect(parseTarget('a<0.5').op).toBe('<');
  });

  it.each([
    [
      'stations.desk.wait.mean=15',
      /^--target 'stations.desk.wait.mean=15': must be <metric><=<value> or <metric>>=<value>/,
    ],
    ['<=15', /^--target '<=15': must be <metric><=<value>/],
    [
      'stations.desk.wait.mean<=fast',
      /^--target 'stations.desk.wait.mean<=fast': the value after '<=' must be a number \(got 'fast'\)/,
    ],
  ])('rejects %s naming the flag and the rule', (spec, message) => {
    expect(() => parseTarget(spec)).toThrow(SweepSpecError);
    expect(() => parseTarget(spec)).toThrow(message);
  });

  // The table writes a share in percent (90.4 under "utilisation (%)"), so 85 is what a user
  // types; read as a fraction it was 8,500%, and every desk, 90% busy included, "met" it.
  it('refuses a bare number above 1 on a share, naming both ways to write it', () => {
    expect(() => parseTarget('stations.desk.utilisation<=85')).toThrow(
      "--target 'stations.desk.utilisation<=85': stations.desk.utilisation is a share, from 0 to 1 (0.85 is 85%): write it as 0.85 or 85%",
    );
    expect(() => parseTarget('stations.desk.utilisation>=90')).toThrow(SweepSpecError);
  });

  // A wait, a count or a utilisation is never below 0: such a target ran the whole grid and
  // then advised "widen the ranges", which no range could help.
  it('refuses a target below 0 on a metric the runner writes, which nothing can meet', () => {
    for (const spec of [
      'stations.desk.wait.mean<=-1',
      'stations.desk.wait.mean<=-1min',
      'totals.lost<0',
      'stations.desk.utilisation<=-5%',
    ])
      expect(() => parseTarget(spec)).toThrow(/is never below 0, so no configuration can meet/);
    expect(() => parseTarget('totals.lost<0')).toThrow(SweepSpecError);
    // What some configuration can meet is read as before.
    expect(parseTarget('totals.lost<=0').value).toBe(0);
    expect(parseTarget('stations.desk.wait.mean>=-1').value).toBe(-1);
    // A derived figure may be declared to go below 0 (a difference between arms).
    expect(parseTarget('derived.saved<=-5').value).toBe(-5);
  });

  it('reads a share given in percent as the fraction the metric holds', () => {
    expect(parseTarget('stations.desk.utilisation<=85%')).toEqual({
      metric: 'stations.desk.utilisation',
      op: '<=',
      value: 0.85,
      useCi: false,
    });
    expect(parseTarget('stations.desk.utilisation <= 0.85').value).toBe(0.85);
    expect(parseTarget('stations.desk.utilisation<=1').value).toBe(1);
    expect(
      meetsTarget(parseTarget('stations.desk.utilisation<=85%'), { mean: 0.904, ci95: null }),
    ).toBe(false);
  });

  it("refuses a '%' on a metric that is not a share", () => {
    expect(() => parseTarget('stations.desk.wait.mean<=15%')).toThrow(
      "--target 'stations.desk.wait.mean<=15%': stations.desk.wait.mean is not a share, so its target takes no '%'",
    );
  });

  // A time metric is held in minutes; '15min' was refused as not a number, and a newcomer had to
  // guess the unit from the table's header.
  it.each([
    ['15min', 15],
    ['15 minutes', 15],
    ['0.25h', 15],
    ['1.5 hours', 90],
    ['2d', 2880],
    ['1 week', 10080],
  ])('reads a time target written with its unit (%s) in minutes', (written, minutes) => {
    expect(parseTarget(`stations.desk.wait.p90<=${written}`)).toEqual({
      metric: 'stations.desk.wait.p90',
      op: '<=',
      value: minutes,
      useCi: false,
    });
  });

  it('refuses a unit on a metric that is not a time, and a unit it does not know', () => {
    expect(() => parseTarget('stations.desk.utilisation<=85min')).toThrow(
      "--target 'stations.desk.utilisation<=85min': stations.desk.utilisation is not a time, so its target takes no unit ('min'): write the number alone",
    );
    expect(() => parseTarget('stations.desk.wait.mean<=15s')).toThrow(
      "--target 'stations.desk.wait.mean<=15s': 's' is not a unit read here; stations.desk.wait.mean is a time in minutes: write 15, or with a unit of minutes, hours, days, weeks (15min, 0.25h)",
    );
  });

  it('judges the mean, or the CI bound on the unsafe side', () => {
    const e = { mean: 14, ci95: [13, 16] as [number, number] };
    expect(meetsTarget(parseTarget('w<=15'), e)).toBe(true);
    expect(meetsTarget(parseTarget('w<=15', true), e)).toBe(false);
    expect(meetsTarget(parseTarget('w>=13.5', true), e)).toBe(false);
    expect(meetsTarget(parseTarget('w>=12.5', true), e)).toBe(true);
  });
});

describe('parseCost', () => {
  const params = [
    { key: 'stations.desk.servers', values: [1] },
    { key: 'stations.back-office.servers', values: [1] },
  ];

  it('defaults to the sum of the swept values', () => {
    const c = parseCost(undefined, params);
    expect(c.text).toBe('stations.desk.servers + stations.back-office.servers');
    expect(c.evaluate((n) => (n === 'stations.desk.servers' ? 10 : 3))).toBe(13);
  });

  it('evaluates arithmetic over keys and metrics, names may contain hyphens', () => {
    const c = parseCost('30*stations.desk.servers + 0.5*(derived.x - 2) / 2', params);
    expect(c.names).toEqual(['stations.desk.servers', 'derived.x']);
    expect(c.evaluate((n) => (n === 'derived.x' ? 6 : 10))).toBe(301);
    expect(parseCost('-stations.back-office.servers', params).evaluate(() => 4)).toBe(-4);
  });

  it('reads a list index as --param does: schedule[0] is schedule.0', () => {
    const shifts = [
      { key: 'stations.desk.schedule.0.servers', values: [1] },
      { key: 'stations.desk.schedule.1.servers', values: [1] },
    ];
    const c = parseCost(
      '4*stations.desk.schedule[0].servers + 3*stations.desk.schedule[1].servers',
      shifts,
    );
    expect(c.names).toEqual([
      'stations.desk.schedule.0.servers',
      'stations.desk.schedule.1.servers',
    ]);
    expect(c.evaluate((n) => (n.includes('.0.') ? 3 : 2))).toBe(18);
  });

  it('rejects a malformed expression naming --cost and the rule', () => {
    expect(() => parseCost('30 * (a + b', params)).toThrow(
      /^--cost '30 \* \(a \+ b': a '\(' is not closed; it must be a metric name or an arithmetic expression/,
    );
    expect(() => parseCost('a $ b', params)).toThrow(/^--cost 'a \$ b': unexpected '\$'/);
  });
});

describe('parseCost: bounded', () => {
  const params = [{ key: 'a', values: [1] }];

  // Parsing recursed once per minus sign or parenthesis: these overflowed the stack.
  it.each([
    ['50,000 minus signs', `${'-'.repeat(50_000)}1`],
    ['20,000 parentheses', `${'('.repeat(20_000)}1${')'.repeat(20_000)}`],
  ])('%s are a usage error naming --cost, not a stack overflow', (_, text) => {
    expect(() => parseCost(text, params)).toThrow(SweepSpecError);
    expect(() => parseCost(text, params)).toThrow(
      `--cost: is ${text.length} characters long; at most ${MAX_COST_LENGTH}`,
    );
  });

  it('nesting within the length is bounded too', () => {
    const deep = `${'('.repeat(MAX_COST_DEPTH + 1)}a${')'.repeat(MAX_COST_DEPTH + 1)}`;
    expect(() => parseCost(deep, params)).toThrow(
      `nests more than ${MAX_COST_DEPTH} levels deep (parentheses and minus signs)`,
    );
    expect(() => parseCost(`${'-'.repeat(MAX_COST_DEPTH + 1)}a`, params)).toThrow(SweepSpecError);
    const deepest = `${'('.repeat(MAX_COST_DEPTH)}a${')'.repeat(MAX_COST_DEPTH)}`;
    expect(parseCost(deepest, params).evaluate(() => 3)).toBe(3);
  });
});

describe('seedNote', () => {
  it('claims common random numbers only when the seed is not swept', () => {
    expect(seedNote({ seed: 7, params: [{ key: 'stations.desk.servers', values: [1] }] })).toBe(
      'seed 7 (common random numbers across configurations)',
    );
    const swept = seedNote({ seed: 1, params: [{ key: 'seed', values: [1, 2] }] });
    expect(swept).toMatch(/^seed swept \(1, 2\)/);
    expect(swept).not.toContain('common random numbers');
  });
});

describe('grid', () => {
  it('is the cartesian product, first parameter slowest', () => {
    expect(
      grid([
        { key: 'a', values: [1, 2] },
        { key: 'b', values: [5, 6, 7] },
      ]),
    ).toEqual([
      { a: 1, b: 5 },
      { a: 1, b: 6 },
      { a: 1, b: 7 },
      { a: 2, b: 5 },
      { a: 2, b: 6 },
      { a: 2, b: 7 },
    ]);
  });
});

describe('runSweep on teaching-mmc', () => {
  it('finds 11 officers as the cheapest desk with a mean wait of at most 15 minutes', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..14')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      replications: 5,
      threads: 0,
    });
    expect(sweep.points.map((p) => p.values['stations.desk.servers'])).toEqual([
      10, 11, 12, 13, 14,
    ]);
    expect(sweep.points.map((p) => p.feasible)).toEqual([false, true, true, true, true]);
    expect(sweep.best).toBe(1);
    expect(sweep.points[1].cost).toBe(11);
    // Erlang C: Wq = 41.1 min with 10 officers, 13.6 with 11 (lambda 9/h, mean service 60 min).
    expect(sweep.points[0].target.mean).toBeGreaterThan(30);
    expect(sweep.points[1].target.mean).toBeGreaterThan(10);
    expect(sweep.points[1].target.mean).toBeLessThan(15);
    // More officers, shorter waits: common random numbers keep the order clean.
    for (let i = 1; i < 5; i++)
      expect(sweep.points[i].target.mean).toBeLessThan(sweep.points[i - 1].target.mean);
    expect(sweep.points[1].set).toEqual(['stations.desk.servers=11']);
  });

  it('names the missing metric', async () => {
    await expect(
      runSweep(MMC, {
        params: [parseParam('stations.desk.servers=10..10')],
        target: parseTarget('stations.counter.wait.mean<=15'),
        replications: 2,
        threads: 0,
      }),
    ).rejects.toThrow(
      /^--target: the run has no metric 'stations.counter.wait.mean'; for example: stations\.desk/,
    );
  });

  it('refuses a --target or --cost metric the run lacks after one replication, not the whole grid', async () => {
    // An executor that counts the replications it runs.
    const counting = countingExecutor();
    const sweep = (target: string, cost?: string) =>
      runSweep(MMC, {
        params: [parseParam('stations.desk.servers=10..14')],
        target: parseTarget(target),
        cost,
        set: ['horizon=2d', 'warmup=0'],
        replications: 3,
        executor: counting,
      });
    await expect(sweep('stations.desk.wait.maen<=15')).rejects.toThrow(
      /--target: the run has no metric 'stations.desk.wait.maen'; .*stations\.desk\.wait\.mean/,
    );
    expect(counting.ran).toBe(1);
    counting.ran = 0;
    await expect(
      sweep('stations.desk.wait.mean<=15', 'stations.desk.servers + stations.desk.busyHour'),
    ).rejects.toThrow(/--cost .*'stations.desk.busyHour' is neither a swept key/);
    expect(counting.ran).toBe(1);
    counting.ran = 0;
    // A misspelt name is answered with the closest swept key or metric.
    await expect(sweep('stations.desk.wait.mean<=15', '30 * stations.desk.servrs')).rejects.toThrow(
      /'stations.desk.servrs' is neither .*\(did you mean 'stations.desk.servers'\?\)/,
    );
    expect(counting.ran).toBe(1);
    // A good target runs the whole grid (5 configurations of 3 replications), with the same
    // numbers as a run of all of them at once.
    counting.ran = 0;
    const done: number[] = [];
    const ok = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..14')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=2d', 'warmup=0'],
      replications: 3,
      executor: counting,
      onProgress: (d, t) => done.push(d / t),
    });
    expect(counting.ran).toBe(15);
    expect(done.at(-1)).toBe(1);
    const together = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..14')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=2d', 'warmup=0'],
      replications: 3,
      threads: 0,
    });
    expect(ok.points.map((p) => p.target)).toEqual(together.points.map((p) => p.target));
  });

  it("says where a '/' or '-' written without spaces joined a name to what follows", async () => {
    // Names may hold '-' and '/', so 'stations.desk.servers/2' is read as one name: the
    // refusal says which operator to space, not only that the name is unknown.
    const sweep = (cost: string) =>
      runSweep(MMC, {
        params: [parseParam('stations.desk.servers=10..11')],
        target: parseTarget('stations.desk.wait.mean<=15'),
        cost,
        set: ['horizon=2d', 'warmup=0'],
        replications: 2,
        threads: 0,
      });
    await expect(sweep('stations.desk.servers/2')).rejects.toThrow(
      /'stations.desk.servers\/2' is neither .*needs spaces around it: 'stations.desk.servers \/ 2'$/,
    );
    await expect(sweep('30*stations.desk.servers-stations.desk.wait.mean/4')).rejects.toThrow(
      /needs spaces around it: 'stations.desk.servers - stations.desk.wait.mean \/ 4'$/,
    );
    // A misspelt name with no operator in it is still answered with the closest.
    await expect(sweep('stations.desk.servrs/2')).rejects.toThrow(/did you mean/);
  });

  it('completes a metric named without its station', async () => {
    await expect(
      runSweep(MMC, {
        params: [parseParam('stations.desk.servers=10..10')],
        target: parseTarget('wait.mean<=15'),
        set: ['horizon=1w', 'warmup=1d'],
        replications: 2,
        threads: 0,
      }),
    ).rejects.toThrow(/'wait.mean'; did you mean 'stations.desk.wait.mean'\?/);
  });

  it('gives the run’s intervals: cut at 0 (and said so), a percentile’s with its sketch', async () => {
    // One week on 12 officers, 2 replications: the mean wait's t interval reaches below 0.
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=12..12')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=1w', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    const p = sweep.points[0];
    expect(p.target.cut).toBe('low');
    expect(p.target.ci95![0]).toBe(0);
    expect(p.metrics['stations.desk.wait.mean'].cut).toBe('low');
    const p90 = p.metrics['stations.desk.wait.p90'];
    expect(p90.halfWidth).toBeGreaterThanOrEqual(QUANTILE_RELATIVE_ACCURACY * p90.mean);
    expect(p90.ci95![1] - p90.mean).toBeCloseTo(p90.halfWidth!, 9);
    // The table shows the cut interval by its ends, once (its 95% CI column), not as ± half-width.
    const row = renderSweep(sweep)
      .split('\n')
      .find((l) => l.startsWith('stations.desk.servers=12'))!;
    expect(row).toMatch(/ [\d.]+ +0 to [\d.]+ /);
    expect(row.match(/ to /g)).toHaveLength(1);
    expect(row).not.toContain('±');
  });

  it.each(['0/0', '1/0', '-1/0'])(
    'a --cost of %s, not a finite number, is refused naming the configuration',
    async (cost) => {
      await expect(
        runSweep(MMC, {
          params: [parseParam('stations.desk.servers=10..11')],
          target: parseTarget('stations.desk.wait.mean<=15'),
          cost,
          set: ['horizon=3d', 'warmup=1d'],
          replications: 2,
          threads: 0,
        }),
      ).rejects.toThrow(
        new RegExp(
          `^--cost '${cost.replace('/', '\\/')}': is -?(NaN|Infinity) for the configuration stations\\.desk\\.servers=10; a cost must be a finite number$`,
        ),
      );
    },
  );

  it('a swept seed with --seed is refused: --seed would give every configuration one seed', async () => {
    await expect(
      runSweep(MMC, {
        params: [parseParam('seed=1..2')],
        target: parseTarget('stations.desk.wait.mean<=15'),
        seed: 5,
        replications: 2,
        threads: 0,
      }),
    ).rejects.toThrow(/^--param seed: cannot be swept with --seed/);
  });

  it('a --set of a key --param sweeps is refused, in either notation of a list item: the swept value had replaced it without a word', async () => {
    for (const [param, set] of [
      ['stations.desk.servers=10..12', 'stations.desk.servers=3'],
      ['classes.citizen.route[0].service.mean=50..60:10', 'classes.citizen.route.0.service.mean=5'],
      ['classes.citizen.route.0.service.mean=50..60:10', 'classes.citizen.route[0].service.mean=5'],
    ]) {
      const counting = countingExecutor();
      const sweep = runSweep(MMC, {
        params: [parseParam(param)],
        target: parseTarget('stations.desk.wait.mean<=15'),
        set: [set, 'horizon=3d', 'warmup=1d'],
        replications: 2,
        executor: counting,
      });
      await expect(sweep).rejects.toThrow(SweepSpecError);
      await expect(sweep).rejects.toThrow(
        new RegExp(`^--set ${set.replace(/[.[\]]/g, '\\$&')}: sets '[^']+', which --param sweeps`),
      );
      expect(counting.ran).toBe(0);
    }
  });

  it('a --set of another key than the swept one is applied to every configuration, as before', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=11..12')],
      target: parseTarget('stations.desk.wait.mean<=600'),
      set: ['stations.desk.label=Front desk', 'horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    expect(sweep.points.map((p) => p.set)).toEqual([
      ['stations.desk.label=Front desk', 'horizon=3d', 'warmup=1d', 'stations.desk.servers=11'],
      ['stations.desk.label=Front desk', 'horizon=3d', 'warmup=1d', 'stations.desk.servers=12'],
    ]);
  });

  it(`refuses more than ${MAX_SWEEP_RUNS.toLocaleString('en-US')} model runs (configurations × replications) before anything runs, naming --replications`, async () => {
    const counting = countingExecutor();
    const sweep = runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..109')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: Math.floor(MAX_SWEEP_RUNS / 100) + 1,
      executor: counting,
    });
    await expect(sweep).rejects.toThrow(SweepSpecError);
    await expect(sweep).rejects.toThrow(
      /^--replications: 100 configurations × 1,001 replications = 100,100 model runs; at most 100,000/,
    );
    expect(counting.ran).toBe(0);
    // At the limit itself the grid is taken (it is checked, not run, here: a --target naming no
    // metric stops it after the first replication).
    const atLimit = runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..109')],
      target: parseTarget('stations.desk.nothing<=15'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: MAX_SWEEP_RUNS / 100,
      threads: 0,
    });
    await expect(atLimit).rejects.toThrow(/^--target: the run has no metric/);
  });

  it('writes its header with the target as the user gave it (digit groups, no decimals added or dropped) and the time in seconds', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=12..12')],
      target: parseTarget('stations.desk.wait.mean<=60'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 1,
      threads: 0,
    });
    const header = (value: number, elapsedSeconds: number) =>
      renderSweep({ ...sweep, elapsedSeconds, target: { ...sweep.target, value } })
        .split('\n')
        .slice(1, 3);
    const [timing, target] = header(0.0005, 0.0004);
    expect(timing).toMatch(/; < 0\.01 s$/);
    expect(target).toMatch(/^target: stations\.desk\.wait\.mean <= 0\.0005 on the mean;/);
    expect(header(1234.5678, 12.345)).toEqual([
      expect.stringMatching(/; 12\.3 s$/),
      expect.stringMatching(/^target: stations\.desk\.wait\.mean <= 1,234\.5678 on the mean;/),
    ]);
  });

  it('one replication: no interval to show, and --target-ci, which judges its bound, is refused', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=12..12')],
      target: parseTarget('stations.desk.wait.mean<=60'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 1,
      threads: 0,
    });
    const p = sweep.points[0];
    expect(p.target.halfWidth).toBeNull();
    expect(p.target.ci95).toBeNull();
    expect(p.metrics['stations.desk.wait.mean'].ci95).toBeNull();
    const text = renderSweep(sweep);
    expect(text).toContain('needs ≥ 2 replications');
    expect(text).not.toMatch(/ (\d[\d.,]*) to \1 /);
    await expect(
      runSweep(MMC, {
        params: [parseParam('stations.desk.servers=12..12')],
        target: parseTarget('stations.desk.wait.mean<=60', true),
        set: ['horizon=3d', 'warmup=1d'],
        replications: 1,
        threads: 0,
      }),
    ).rejects.toThrow(
      /^--target-ci: judges the target on the 95% CI bound, which needs 2 replications or more \(this sweep runs 1\)/,
    );
  });
});

describe('runSweep: every configuration is checked before the first one runs', () => {
  // A sweep whose last configuration was refused (its params, its demand over the ceiling) had
  // run every one before it, minutes of work, and then failed, losing them.
  const refusedLast = async (
    file: string,
    param: string,
    target: string,
    set: string[] = [],
  ): Promise<{ error: Error; ran: number; progress: number }> => {
    const counting = countingExecutor();
    let progress = 0;
    const error = await runSweep(file, {
      params: [parseParam(param)],
      target: parseTarget(target),
      set,
      replications: 2,
      executor: counting,
      onProgress: () => progress++,
      onConfiguration: () => progress++,
    }).then(
      () => new Error('the sweep ran'),
      (err: Error) => err,
    );
    return { error, ran: counting.ran, progress };
  };

  it('a demand over the ceiling in the last configuration: refused naming it, nothing run', async () => {
    const r = await refusedLast(
      MMC,
      'sources.walk-ins.arrivals.perHour=8,9,1e12',
      'stations.desk.wait.mean<=15',
      ['horizon=2d', 'warmup=0'],
    );
    expect(r.error).toBeInstanceOf(ScenarioError);
    expect(r.error.message).toMatch(
      /^[^\n]*teaching-mmc\.yaml: sources\.walk-ins\.arrivals\.perHour: is expected to bring [\d,]+ arrivals a replication over the 2 days of the horizon, /,
    );
    expect(r.error.message).toContain(
      `more than the ${MAX_ARRIVALS_PER_REPLICATION.toLocaleString('en-US')} a replication may bring`,
    );
    expect(r.error.message).toMatch(
      /; in the sweep's configuration sources\.walk-ins\.arrivals\.perHour=1000000000000 \(3 of 3\); no configuration was run$/,
    );
    expect((r.error as ScenarioError).path).toBe('sources.walk-ins.arrivals.perHour');
    expect(r.ran).toBe(0);
    expect(r.progress).toBe(0);
  });

  it("a service model's params refused in the last configuration: named, nothing run", async () => {
    const r = await refusedLast(
      resolve(__dirname, '../../../scenarios/hizir-load.yaml'),
      'params.deflection=0.3,0.6,1.5',
      'totals.lost<=10',
    );
    expect(r.error).toBeInstanceOf(UserError);
    expect((r.error as UserError).path).toBe('params.deflection');
    expect(r.error.message).toMatch(
      /: params\.deflection: .*; in the sweep's configuration params\.deflection=1\.5 \(3 of 3\); no configuration was run$/,
    );
    expect(r.ran).toBe(0);
    expect(r.progress).toBe(0);
  });

  it('a value the scenario file refuses names its configuration too', async () => {
    const r = await refusedLast(
      MMC,
      'stations.desk.servers=10,11,2.5',
      'stations.desk.wait.mean<=15',
    );
    expect(r.error.message).toMatch(
      /teaching-mmc\.yaml: stations\.desk\.servers: must be a whole number from 0 to 1,000,000; in the sweep's configuration stations\.desk\.servers=2\.5 \(3 of 3\); no configuration was run$/,
    );
    expect(r.ran).toBe(0);
  });
});

describe('noMetric: what --target says of a metric the run does not have', () => {
  const names = [
    'totals.arrivals',
    'stations.desk.wait.mean',
    'stations.desk.wait.p90',
    'stations.counter.wait.mean',
    'classes.citizen.systemTime.mean',
  ];
  it('a name given without its station is completed with each station that has it', () => {
    expect(noMetric('wait.mean', names)).toMatch(
      /^--target: the run has no metric 'wait.mean'; did you mean 'stations.desk.wait.mean' or 'stations.counter.wait.mean'\?/,
    );
  });
  it('a typo in the first part gets the closest name; else the first parts are listed', () => {
    expect(noMetric('station.desk.wait.mean', names)).toContain(
      "; did you mean 'stations.desk.wait.mean'?",
    );
    expect(noMetric('queue', names)).toContain(
      '; its metrics start with totals, stations, classes',
    );
  });
  it('a typo in one part of a long name gets that name, not the first names that start alike', () => {
    // As in paper-evacuation-2020: the station meant is not among the first names listed.
    const many = ['chatbot', 'phone', 'email', 'form', 'registration'].flatMap((s) =>
      ['arrivals', 'served', 'wait.mean', 'wait.p99'].map((m) => `stations.${s}.${m}`),
    );
    expect(noMetric('stations.registraton.wait.p99', many)).toContain(
      "; did you mean 'stations.registration.wait.p99'?",
    );
    expect(noMetric('stations.registration.wiat.p99', many)).toContain(
      "; did you mean 'stations.registration.wait.p99'?",
    );
    // Another station's name is not a typo of this one's: the names that start alike are listed.
    expect(noMetric('stations.counter.wait.mean', names)).toContain('; for example: stations.desk');
  });
  it('says where every metric is listed', () => {
    expect(noMetric('queue', names)).toContain('run --json lists every metric');
  });
});

describe('a sweep of demand with no --cost', () => {
  const demandSweep = (cost?: string) =>
    runSweep(MMC, {
      params: [parseParam('sources.walk-ins.arrivals.perHour=6..7')],
      target: parseTarget('stations.desk.wait.mean<=30'),
      replications: 2,
      threads: 0,
      set: ['horizon=4w'],
      ...(cost ? { cost } : {}),
    });

  it('says that "cheapest" then means the least demand, and how to rank by the most', async () => {
    const sweep = await demandSweep();
    expect(sweep.best).toBe(0);
    expect(sweep.costNote).toContain('sources.walk-ins.arrivals.perHour is demand, not a resource');
    expect(sweep.costNote).toContain("--cost '-sources.walk-ins.arrivals.perHour'");
    expect(renderSweep(sweep)).toContain(`note: ${sweep.costNote}`);
    expect(renderReport({ sweep })).toContain('data-testid="cost-note"');
    // The suggested cost does what the note says: the most demand that meets the target.
    const most = await demandSweep('-sources.walk-ins.arrivals.perHour');
    expect(most.costNote).toBeUndefined();
    expect(most.points[most.best!].values['sources.walk-ins.arrivals.perHour']).toBe(7);
  });

  it('has no note for a sweep of resources', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=11..12')],
      target: parseTarget('stations.desk.wait.mean<=30'),
      replications: 2,
      threads: 0,
      set: ['horizon=4w'],
    });
    expect(sweep.costNote).toBeUndefined();
    expect(renderSweep(sweep)).not.toContain('note: the cost');
    expect(renderReport({ sweep })).not.toContain('data-testid="cost-note"');
  });
});

describe('a sweep whose configurations saturate a station', () => {
  // Seven officers for 9 an hour of one-hour transactions: rho = 9 / 7 > 1, a queue that grows
  // for as long as the run lasts; ten and eleven: rho 0.9 and 0.82, stable (Erlang C).
  const saturating = () =>
    runSweep(MMC, {
      params: [parseParam('stations.desk.servers=7,10,11')],
      target: parseTarget('stations.desk.wait.mean<=1000000'),
      replications: 2,
      threads: 0,
      set: ['horizon=3w'],
    });

  it('names them, as run warns, and says when the cheapest pick is one of them', async () => {
    const sweep = await saturating();
    expect(sweep.best).toBe(0);
    expect(sweep.points[0].saturated.map((s) => s.station)).toEqual(['desk']);
    expect(sweep.points[0].saturated[0].offeredLoad).toBeGreaterThanOrEqual(1);
    expect(sweep.points[1].saturated).toEqual([]);
    expect(sweep.points[2].saturated).toEqual([]);
    const text = renderSweep(sweep);
    expect(text).toMatch(/yes \(saturated\) <- cheapest/);
    expect(text).toContain('stations.desk.servers=7 (at desk)');
    expect(text).toContain(
      'Warning: the cheapest configuration that meets the target, stations.desk.servers=7, is saturated',
    );
    expect(text).toContain('The cheapest that meets it unsaturated is stations.desk.servers=10.');
    const html = renderReport({ sweep });
    expect(html).toContain('✓ meets</span> (saturated)');
    expect(html).toContain('is saturated: it meets the target over this run');
  });

  it('says nothing of saturation where no configuration saturates', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.mean<=30'),
      replications: 2,
      threads: 0,
      set: ['horizon=3w'],
    });
    expect(sweep.points.every((p) => p.saturated.length === 0)).toBe(true);
    expect(renderSweep(sweep)).not.toContain('aturated');
  });
});

describe("runSweep: each configuration's estimates say what run's say", () => {
  it('a percentile by sectioning keeps pooled: true, in the target and the headline metrics', async () => {
    const sw = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.p90<=240'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 3,
      threads: 0,
    });
    for (const p of sw.points) {
      expect(p.target.pooled).toBe(true);
      expect(p.metrics['stations.desk.wait.p90'].pooled).toBe(true);
      // A mean is the replications' average: no such mark.
      expect(p.metrics['stations.desk.wait.mean'].pooled).toBeUndefined();
      // Nobody is lost without a capacity limit: the same 0 in every replication, marked.
      expect(p.metrics['stations.desk.lost'].sameInEveryReplication).toBe(true);
    }
  });
});
