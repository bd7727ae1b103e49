import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';

beforeAll(() => ensureBuilt(), 120_000);

// A week of teaching-mmc on 10 and 11 officers: waits of minutes, never under a second.
const sweep = (target: string, ...more: string[]) =>
  runCli([
    'sweep',
    'scenarios/teaching-mmc.yaml',
    '--param',
    'stations.desk.servers=10..11',
    '--target',
    target,
    '--set',
    'horizon=1w',
    '--set',
    'warmup=1d',
    '--replications',
    '2',
    '--threads',
    '0',
    '--quiet',
    ...more,
  ]);

describe('consular-sim sweep: the exit code says whether a configuration met the target', () => {
  it('exits 1 when none in the grid does, after printing the table (or the JSON)', async () => {
    const r = await sweep('stations.desk.wait.mean<=0.001');
    expect(r.stderr).toBe('');
    // The target as the user wrote it, not padded to 4 significant digits (0.001000).
    expect(r.stdout).toContain('target: stations.desk.wait.mean <= 0.001 on the mean');
    expect(r.stdout).toContain('No configuration in the grid meets the target');
    expect(r.code).toBe(1);
    const j = await sweep('stations.desk.wait.mean<=0.001', '--json');
    expect((JSON.parse(j.stdout) as { best: unknown }).best).toBeNull();
    expect(j.code).toBe(1);
  }, 60_000);

  it('exits 0 when one does', async () => {
    const r = await sweep('stations.desk.wait.mean<=100000');
    expect(r.stdout).toContain('Cheapest configuration that meets the target');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('consular-sim sweep: one target, one cost', () => {
  // A second --target had replaced the first without a word: 'wait.mean<=5' and 'wait.p90<=60'
  // found 11 officers "cheapest", whose mean wait is 13 minutes.
  it('a second --target or --cost is exit 2 naming both, before any configuration runs', async () => {
    const r = await sweep('stations.desk.wait.mean<=5', '--target', 'stations.desk.wait.p90<=60');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "error: --target: given twice ('stations.desk.wait.mean<=5', then 'stations.desk.wait.p90<=60'): a sweep meets one target",
    );
    const c = await sweep(
      'stations.desk.wait.mean<=5',
      '--cost',
      '2*stations.desk.servers',
      '--cost',
      'stations.desk.servers',
    );
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(
      "error: --cost: given twice ('2*stations.desk.servers', then 'stations.desk.servers')",
    );
  }, 60_000);
});

describe('consular-sim sweep: a configuration the scenario refuses', () => {
  it('the last one: exit 2 naming it and the rule, before any configuration runs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'consular-sweep-'));
    try {
      // Two days of 8 and 9 an hour, then 1e12 an hour: over the arrivals ceiling. Progress lines
      // every millisecond: a replication that ran would print one.
      const r = await runCli(
        [
          'sweep',
          'scenarios/teaching-mmc.yaml',
          '--param',
          'sources.walk-ins.arrivals.perHour=8,9,1e12',
          '--target',
          'stations.desk.wait.mean<=15',
          '--set',
          'horizon=2d',
          '--set',
          'warmup=0',
          '--replications',
          '2',
          '--threads',
          '0',
          '--out',
          out,
        ],
        { CONSULAR_SIM_PROGRESS_MS: '0' },
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')).toEqual([expect.any(String), '']);
      expect(r.stderr).toMatch(
        /^error: scenarios\/teaching-mmc\.yaml: sources\.walk-ins\.arrivals\.perHour: is expected to bring [\d,]+ arrivals a replication over the 2 days of the horizon, more than the [\d,]+ a replication may bring .*; in the sweep's configuration sources\.walk-ins\.arrivals\.perHour=1000000000000 \(3 of 3\); no configuration was run$/m,
      );
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
