import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import {
  judgedTolerance,
  renderFindings,
  renderLegend,
  reproduceFile,
} from '../../../../src/cli/commands/reproduce.action';
import type {
  FigureComparison,
  Finding,
  ReproduceResult,
} from '../../../../src/experiment/reproduce';
import { FIGURE_KINDS } from '../../../../src/scenario/scenario.schema';

const finding = (label: string, mean: number, ci95: [number, number] | null): Finding => ({
  scenario: 'paper-x',
  metric: 'derived.x',
  label,
  unit: 'hours',
  note: '',
  simulated: { mean, ci95 },
});

describe('renderFindings (the emergent findings under reproduce)', () => {
  it('gives each finding the decimals its interval decides, as the figures above it', () => {
    const text = renderFindings([
      finding('hours saved', 18667.94, [18608.68, 18727.2]),
      finding('citizens turned away', 1852, [1768.7, 1935.3]),
      finding('days to decision', 0.1462, [0.1421, 0.1503]),
    ]);
    const row = (label: string) => text.split('\n').find((l) => l.startsWith(label))!;
    // Not `18,608.68 .. 18,727.2`: one style of interval, `low to high`, as the figures'.
    expect(row('hours saved')).toMatch(/ 18,668 +18,609 to 18,727 +hours/);
    expect(row('citizens turned away')).toMatch(/ 1,852 +1,769 to 1,935 +hours/);
    expect(row('days to decision')).toMatch(/ 0\.1462 +0\.1421 to 0\.1503 +hours/);
    expect(text).not.toContain('..');
  });
});

describe('renderFindings of one replication', () => {
  it('says the interval needs 2 replications or more, not a 0-wide one', () => {
    const row = renderFindings([finding('hours saved', 18667.94, null)])
      .split('\n')
      .find((l) => l.startsWith('hours saved'))!;
    expect(row).toMatch(/ 18,668 +needs ≥ 2 replications +hours/);
  });
});

/** One figure of the comparison table, as `reproduce` builds it; each test changes what it needs. */
const figure = (over: Partial<FigureComparison>): FigureComparison => ({
  id: 'x.y',
  description: '',
  unit: 'things',
  paper: 100,
  comparison: 'exact',
  simulated: { mean: 101, ci95: [99, 103] },
  relError: 0.01,
  kind: 'input',
  tolerance: 0.05,
  ok: true,
  scenario: 'paper-x',
  metric: 'derived.y',
  note: '',
  ...over,
});

describe('renderLegend (what the marks of the figures table mean)', () => {
  it('explains every kind a figure can have', () => {
    for (const kind of FIGURE_KINDS) {
      const line = renderLegend([figure({ kind })])
        .split('\n')
        .find((l) => l.startsWith('kind:'))!;
      expect(line).toMatch(new RegExp(`\\b${kind} = \\w`));
    }
  });

  it("explains the paper column's marks that the table shows, and only those", () => {
    const all = renderLegend([
      figure({ comparison: 'about' }),
      figure({ comparison: 'at-least' }),
      figure({ comparison: 'qualitative', paper: null, relError: null }),
    ]);
    expect(all).toContain('"~ X" = the paper says about X');
    expect(all).toContain('"> X" = the paper says more than X');
    expect(all).toContain('"qualitative" = ');
    expect(all).toContain('holds / DOES NOT HOLD');
    const exactOnly = renderLegend([figure({})]);
    expect(exactOnly).not.toContain('~ X');
    expect(exactOnly).not.toContain('holds');
  });

  it('states the tolerance the verdict uses, one or several', () => {
    const one = renderLegend([figure({}), figure({ comparison: 'about' })]);
    expect(one).toMatch(/ok = the simulated mean is within 5% of the paper's value/);
    const several = renderLegend([figure({}), figure({ tolerance: 0.02 })]);
    expect(several).toMatch(/within the figure's tolerance .*\(2%, 5%/);
  });
});

describe('reproduce.json and --json give a figure the same tolerance', () => {
  // reproduce --out wrote tolerance 0.05 for pos.transactions_per_year (> 5 M) and hizir.launch
  // (qualitative), which --json and report.html give none: their verdicts are not by tolerance.
  it('is null for "more than X" and qualitative figures, the tolerance for exact and about', () => {
    const figures = [
      figure({ id: 'a', comparison: 'exact' }),
      figure({ id: 'b', comparison: 'about', tolerance: 0.1 }),
      figure({ id: 'c', comparison: 'at-least' }),
      figure({ id: 'd', comparison: 'qualitative', paper: null, relError: null }),
    ];
    const result = { figures, findings: [], scenarios: [], elapsedSeconds: 1 } as ReproduceResult;
    const file = reproduceFile(result, null);
    expect(file.figures.map((f) => f.tolerance)).toEqual([0.05, 0.1, null, null]);
    expect(file.figures.map((f) => f.tolerance)).toEqual(figures.map(judgedTolerance));
  });
});
