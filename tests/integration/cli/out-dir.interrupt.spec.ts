import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { ensureBuilt } from '../../helpers/fault-env';

// Ctrl+C between two of a command's --out files (compare's, sweep's and audit's report.html
// is written before their JSON) had left the report alone; the rerun into the same folder was
// then refused, as holding a report.html not from an earlier output of the command.
// The preload sends SIGINT to the command right after it writes report.html.

const PRELOAD = resolve(__dirname, '../../fixtures/preload/sigint-after-report.cjs');
const interrupted = { NODE_OPTIONS: `--require ${PRELOAD}` };
const short = ['--replications', '2', '--set', 'horizon=2d', '--set', 'warmup=1d', '--quiet'];

let tmp = '';

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'out-interrupt-'));
  for (const [dir, set] of [
    ['a', []],
    ['b', ['--set', 'stations.desk.servers=12']],
  ] as const) {
    const r = await runCli([
      'run',
      'scenarios/teaching-mmc.yaml',
      ...short,
      ...set,
      '--out',
      join(tmp, dir),
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a Ctrl+C while --out files are written', () => {
  it('compare: both files are written whole, and the same --out takes a rerun', async () => {
    const out = join(tmp, 'a-vs-b');
    const first = await runCli(
      ['compare', join(tmp, 'a'), join(tmp, 'b'), '--out', out],
      interrupted,
    );
    expect(first.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, 'comparison.json')), 'comparison.json beside the report').toBe(
      true,
    );
    expect(() => JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'))).not.toThrow();
    const again = await runCli(['compare', join(tmp, 'a'), join(tmp, 'b'), '--out', out]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  }, 60_000);

  it('sweep: the same', async () => {
    const out = join(tmp, 'sweep');
    const sweep = [
      'sweep',
      'scenarios/teaching-mmc.yaml',
      '--param',
      'stations.desk.servers=11..12',
      '--target',
      'stations.desk.wait.mean<=600',
      ...short,
      '--out',
      out,
    ];
    await runCli(sweep, interrupted);
    expect(existsSync(join(out, 'sweep.json')), 'sweep.json beside the report').toBe(true);
    const again = await runCli(sweep);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  }, 60_000);
});
