import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli';
import { ensureBuilt } from '../../../helpers/fault-env';

// compare --out into a run's own folder once replaced that run's report.html without a word.
// Every command names its report report.html, so compare refuses a folder holding another
// command's output, before it writes anything.

let tmp = '';
let a = '';
let b = '';
const short = ['--replications', '2', '--set', 'horizon=2d', '--set', 'warmup=1d', '--quiet'];

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'compare-out-'));
  a = join(tmp, 'a');
  b = join(tmp, 'b');
  for (const [dir, set] of [
    [a, []],
    [b, ['--set', 'stations.desk.servers=12']],
  ] as const) {
    const r = await runCli(['run', 'scenarios/teaching-mmc.yaml', ...short, ...set, '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of a folder and its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    ['summary.json', 'timeseries.csv', 'report.html', 'comparison.json', 'sweep.json']
      .filter((f) => existsSync(join(dir, f)))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

describe("compare --out: never into a run's or another command's folder", () => {
  it.each([
    ['A', () => a],
    ['B', () => b],
  ])(
    "refuses run %s's own folder (exit 2, naming --out), leaving its report.html whole",
    async (_, dir) => {
      const before = snapshot(dir());
      expect(before['report.html']).toBeDefined();
      const r = await runCli(['compare', a, b, '--out', dir()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --out: '.*' holds the summary\.json of a run/);
      expect(r.stderr).toContain('report.html would be overwritten');
      expect(r.stderr).not.toContain('    at ');
      expect(r.stdout).toBe('');
      expect(snapshot(dir())).toEqual(before);
    },
  );

  it("refuses another command's folder, and a report.html that is not a comparison's", async () => {
    const sweep = join(tmp, 'sweep');
    const stray = join(tmp, 'stray');
    for (const [dir, files] of [
      [sweep, { 'sweep.json': '{}', 'report.html': '<p>sweep</p>' }],
      [stray, { 'report.html': '<p>mine</p>' }],
    ] as const) {
      mkdirSync(dir);
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
      const r = await runCli(['compare', a, b, '--out', dir]);
      expect(r.code, dir).toBe(2);
      expect(r.stderr).toMatch(/^error: --out: /);
      expect(snapshot(dir)).toEqual(files);
    }
  });

  it('writes a new folder, and replaces an earlier comparison in it', async () => {
    const ab = join(tmp, 'ab');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['compare', a, b, '--out', ab]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`wrote ${join(ab, 'report.html')}`);
      expect(existsSync(join(ab, 'comparison.json'))).toBe(true);
    }
  });
});
