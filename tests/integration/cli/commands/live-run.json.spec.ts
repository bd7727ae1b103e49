import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';
import { testRedisUrl } from '../../../helpers/redis-test-env';

// `run --json` is one shape whichever engine ran it: `--engine bullmq --json` once printed the
// live replay's own result (model, jobs, totals, arms.<arm>.run...), without `metrics`, the
// derived figures or `firstReplication`, so a script reading the kernel's JSON broke on it.

/** Every key path of a JSON value (array items as `[]`), sorted. */
function keyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => keyPaths(v, `${path}[]`)))];
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .flatMap(([k, v]) => [`${path}.${k}`, ...keyPaths(v, `${path}.${k}`)])
      .sort();
  return [];
}

const SCENARIO = ['scenarios/teaching-mmc.yaml', '--set', 'horizon=1d', '--set', 'warmup=1h'];

describe('run --json: the live replay prints the kernel run --json shape', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('same key paths as the kernel, plus live; the same figures for replication 1', async () => {
    const [kernelRun, liveRun] = await Promise.all([
      runCli(['run', ...SCENARIO, '--replications', '1', '--threads', '0', '--json']),
      runCli(['run', ...SCENARIO, '--engine', 'bullmq', '--redis-url', testRedisUrl(), '--json']),
    ]);
    expect(kernelRun.stderr).toBe('');
    expect(kernelRun.code).toBe(0);
    expect(liveRun.code, liveRun.stderr).toBe(0);
    const kernel = JSON.parse(kernelRun.stdout) as Record<string, unknown>;
    const { live, ...rest } = JSON.parse(liveRun.stdout) as Record<string, unknown>;
    expect(keyPaths(rest)).toEqual(keyPaths(kernel));
    expect(Object.keys(rest)).toEqual(Object.keys(kernel));
    // The figures agree to the number (live-parity-scenarios.spec.ts); here the means and counts.
    const means = (r: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(r.metrics as Record<string, { mean: number | null }>).map(([k, e]) => [
          k,
          e.mean,
        ]),
      );
    expect(means(rest)).toEqual(means(kernel));
    expect(rest.seed).toBe(kernel.seed);
    expect(rest.replications).toBe(1);
    // How the replay ran, as the text summary's last lines give it.
    expect(live).toMatchObject({ engine: 'bullmq', via: 'queue', speed: 'max' });
    expect(keyPaths(live)).toEqual(
      expect.arrayContaining(['.jobs', '.lateArrivals', '.lateStarts', '.arms.main.jobs']),
    );
  }, 120_000);
});
