import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli';
import { ensureBuilt } from '../../../helpers/fault-env';

// compare, sweep and audit tell the inputs a model repeats (kind input: the Diplomatic Portal's
// missions from config/, the requests its demand brings) from the figures derived from the runs,
// as run does. They had listed them together, and compare had called the requests two demands
// set apart a significant simulated difference.

const PORTAL = 'scenarios/paper-diplomatic-portal.yaml';
let tmp = '';
let a = '';
let b = '';

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'inputs-split-'));
  a = join(tmp, 'a');
  b = join(tmp, 'b');
  for (const [dir, demand] of [
    [a, '0.04'],
    [b, '0.05'],
  ] as const) {
    const r = await runCli([
      ...['run', PORTAL, '--replications', '2', '--quiet'],
      ...['--set', `params.demandFactor=${demand}`, '--out', dir],
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compare: a difference in an input is set, not found', () => {
  it('--json gives each difference its kind, and none of an input is significant', async () => {
    const r = await runCli(['compare', a, b, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as {
      differences: { metric: string; kind: string; significant: boolean; diff: number }[];
    };
    const requests = c.differences.find((d) => d.metric === 'derived.requests')!;
    expect(requests.kind).toBe('input');
    expect(requests.diff).toBeGreaterThan(0);
    expect(requests.significant).toBe(false);
    expect(c.differences.find((d) => d.metric === 'derived.officerHours')!.kind).toBe('emergent');
    expect(c.differences.find((d) => d.metric === 'stations.officers.busyHours')!.kind).toBe(
      'emergent',
    );
  });

  it('lists the inputs under their own heading in the text', async () => {
    const r = await runCli(['compare', a, b]);
    expect(r.code, r.stderr).toBe(0);
    const inputs = r.stdout.indexOf('\nInputs (set by the scenario, not simulated):\n');
    const derived = r.stdout.indexOf('\nFigures derived from the run:\n');
    expect(inputs).toBeGreaterThan(0);
    expect(derived).toBeGreaterThan(inputs);
    expect(r.stdout.slice(inputs, derived)).toMatch(/^derived\.requests /m);
    expect(r.stdout.slice(derived)).not.toMatch(/^derived\.requests /m);
    expect(r.stdout).toContain('derived.requests are inputs (set by the scenario, not simulated');
  });
});

describe('sweep and audit: the kinds in --json', () => {
  it('sweep --json gives the figures with their kinds, and its text says the target is set', async () => {
    const args = [
      'sweep',
      PORTAL,
      '--param',
      'params.demandFactor=0.04,0.05',
      '--target',
      'derived.requests<=3500',
      '--replications',
      '2',
      '--quiet',
    ];
    const json = await runCli([...args, '--json']);
    expect([0, 1]).toContain(json.code);
    const sw = JSON.parse(json.stdout) as { figures: Record<string, { kind: string }> };
    expect(sw.figures.requests.kind).toBe('input');
    expect(sw.figures.daysToDecision.kind).toBe('emergent');
    const text = await runCli(args);
    expect(text.stdout).toContain(
      'note: derived.requests is an input (set by the scenario, not simulated)',
    );
    expect(text.stdout).toContain('\nInputs (set by the scenario, not simulated):\n');
  }, 60_000);

  it('audit --json gives each claim its kind', async () => {
    const r = await runCli([
      'audit',
      'tests/fixtures/scenarios/audit-inputs.yaml',
      '--samples',
      '4',
      '--method',
      'lhs',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const figures = (JSON.parse(r.stdout) as { figures: { id: string; kind: string }[] }).figures;
    expect(figures.map((f) => [f.id, f.kind])).toEqual([
      ['diplomatic_portal.diplomats', 'input'],
      ['derived.officerHours', 'emergent'],
      ['requests', 'input'],
    ]);
  }, 60_000);
});
