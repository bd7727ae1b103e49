import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { runCli } from '../../../helpers/cli';

const FIXTURE = 'tests/fixtures/scenarios/audit-known.yaml';

const cli = runCli;

let out: string;
beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'consular-audit-'));
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('consular-sim audit', () => {
  it('--json prints the contract; --out writes report.html with the three charts per figure', async () => {
    const r = await cli(['audit', FIXTURE, '--samples', '8', '--json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown> & {
      figures: Record<string, unknown>[];
    };
    expect(Object.keys(json)).toEqual(['figures', 'samples', 'method', 'elapsedSeconds']);
    expect(json.samples).toBe(8);
    expect(json.method).toBe('sobol');
    expect(json.figures.map((f) => f.id)).toEqual([
      'stations.desk.utilisation',
      'desk-wait',
      'desk-served',
    ]);
    const f = json.figures[1] as {
      quantiles: Record<string, number>;
      sensitivity: Record<string, unknown>[];
    };
    expect(Object.keys(f.quantiles)).toEqual(['p5', 'p50', 'p95']);
    // `cut` only where an index's interval reached past 0 or 1 and was cut there.
    for (const e of f.sensitivity) {
      expect(Object.keys(e)).toEqual([
        'parameter',
        'first',
        'total',
        'ci95',
        ...('cut' in e ? ['cut'] : []),
      ]);
      const ci = e.ci95 as { first: [number, number]; total: [number, number] };
      for (const end of [...ci.first, ...ci.total]) {
        expect(end).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(1);
      }
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const kind of ['distribution', 'tornado', 'scatter'])
      expect(html.match(new RegExp(`data-chart="${kind}"`, 'g'))).toHaveLength(3);
    expect(html).toContain('paper 10');
    expect(html).toContain("default-src 'none'");
    const saved = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { runs: number };
    expect(saved.runs).toBe(32);
  }, 60_000);

  it('prints a readable table by default', async () => {
    const r = await cli(['audit', FIXTURE, '--samples', '6', '--method', 'lhs', '--threads', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lhs audit: 6 base samples, 6 model runs');
    expect(r.stdout).toContain('desk-wait — paper 10');
    // The share, its rule, then its 95% interval over the draws (6 here: lhs with 6 samples).
    expect(r.stdout).toMatch(
      /P\(paper holds\) \d+\.\d% \(within 50%\), 95% CI \d+\.\d% to \d+\.\d% over 6 draws/,
    );
  }, 60_000);

  it('shows progress on stderr unless --quiet', async () => {
    // Progress lines every millisecond, so that even a short audit prints some.
    const env = { CONSULAR_SIM_PROGRESS_MS: '0' };
    const args = ['audit', FIXTURE, '--samples', '4', '--method', 'lhs', '--threads', '0'];
    const loud = await runCli(args, env);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toMatch(/^auditing/m);
    const quiet = await runCli([...args, '--quiet'], env);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    // The same audit either way, but for the elapsed time in its heading.
    const untimed = (text: string) => text.replace(/; [\d.]+ s$/m, '');
    expect(untimed(quiet.stdout)).toBe(untimed(loud.stdout));
  }, 60_000);

  it("records every override (the scenario's audit.set and --set) and a run command that reruns a design point to the same figure", async () => {
    const dir = join(out, 'rerun');
    const r = await cli([
      'audit',
      'tests/fixtures/scenarios/audit-rerun.yaml',
      '--samples',
      '3',
      '--method',
      'lhs',
      '--replications',
      '2',
      '--seed',
      '11',
      '--set',
      'stations.desk.servers=4',
      '--threads',
      '0',
      '--quiet',
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as {
      overrides: { set: string; from: string }[];
      rerun: { point: number; command: string; figures: { id: string; value: number }[] };
      detail: { id: string; metric: string; values: number[] }[];
    };
    expect(saved.overrides).toEqual([
      { set: 'stations.desk.servers=4', from: '--set' },
      { set: 'horizon=3d', from: 'audit.set' },
    ]);
    const { command } = saved.rerun;
    // The text output and report.html say the same: the overrides by source, and the command.
    expect(r.stdout).toContain(
      "Overrides on every run: stations.desk.servers=4 (--set), horizon=3d (the scenario's audit.set)",
    );
    expect(r.stdout).toContain(`\n  ${command}\n`);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('data-audit="rerun-command"');
    // Rerun the command as a POSIX shell splits it (single quotes only, as it is written).
    const words = [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
    expect(words.slice(0, 2)).toEqual(['consular-sim', 'run']);
    const run = await cli([...words.slice(1), '--json', '--quiet', '--threads', '0']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const metrics = (JSON.parse(run.stdout) as { metrics: Record<string, { mean: number }> })
      .metrics;
    const d = saved.detail.find((x) => x.id === 'desk-wait')!;
    const rerun = metrics[d.metric].mean;
    // The same seed, replications and scenario: the same runs, so the same mean but for the
    // order its sum was taken in.
    expect(rerun).toBeCloseTo(d.values[saved.rerun.point - 1], 9);
    expect(saved.rerun.figures.find((f) => f.id === 'desk-wait')!.value).toBe(
      d.values[saved.rerun.point - 1],
    );
  }, 60_000);

  it('a design point the scenario refuses: exit 2 naming its draws and the rule, before any run', async () => {
    // Over 100,000 days, paper-hizir's draws above 5,000 questions a day are over the arrivals
    // ceiling. Progress lines every millisecond: a model run that ran would print one.
    const dir = join(out, 'refused');
    const r = await runCli(
      [
        'audit',
        'scenarios/paper-hizir.yaml',
        '--samples',
        '8',
        '--method',
        'lhs',
        '--set',
        'horizon=100000d',
        '--set',
        'interval=1d',
        '--threads',
        '0',
        '--out',
        dir,
      ],
      { CONSULAR_SIM_PROGRESS_MS: '0' },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([expect.any(String), '']);
    expect(r.stderr).toMatch(
      /^error: scenarios\/paper-hizir\.yaml: params: the hizir-load model builds from them a network expected to bring [\d,]+ arrivals a replication over the 100,000 days of the horizon .*a replication may bring.*; at the audit's design point \d+ of 8, which drew params\.questionsPerDay = \d+, .*; no model run was started$/m,
    );
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('user mistakes exit 2 with a one-line message', async () => {
    const bad = await cli(['audit', FIXTURE, '--method', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --method: must be one of sobol, lhs, morris (got 'fast')\n");
    const none = await cli(['audit', 'tests/fixtures/scenarios/good.yaml', '--samples', '4']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^error: tests\/fixtures\/scenarios\/good.yaml: has no uncertain: list, so there is nothing to audit/,
    );
    const mmc = await cli(['audit', 'scenarios/teaching-mmc.yaml']);
    expect(mmc.code).toBe(2);
    expect(mmc.stderr).toMatch(
      /^error: scenarios\/teaching-mmc\.yaml: has no uncertain: list, .*\(scenarios\/audit-konsolosluk-govtr-savings\.yaml declares some; README's "How sure is 7 million hours\?" explains them\)\n$/,
    );
    const url = await cli(['audit', FIXTURE, '--workers', 'http://x']);
    expect(url.code).toBe(2);
    expect(url.stderr).toBe(
      "error: --workers: must be a redis:// or rediss:// URL (got 'http://x')\n",
    );
  }, 60_000);
});
