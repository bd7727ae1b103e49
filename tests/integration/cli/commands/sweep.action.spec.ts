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
