import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { renderAudit } from '../../../src/cli/commands/audit.action';
import type { AuditReport } from '../../../src/experiment/audit';
import { renderAuditReport } from '../../../src/report/audit-report';

/** An audit of one what-if finding (no paper value) in days, and one paper figure. */
function report(): AuditReport {
  const inputs = [[150000], [180000], [200000], [220000]];
  const figure = (id: string, paper: number | null) => ({
    id,
    paper,
    quantiles: { p5: 13.4, p50: 15.9, p95: 21.8 },
    probabilityPaperHolds: paper === null ? null : 0.5,
    sensitivity: [
      {
        parameter: 'sources.stranded.arrivals.total',
        first: 0.9,
        total: null,
        ci95: { first: [0.4, 0.96] as [number, number], total: null },
      },
    ],
  });
  const detail = (id: string, unit: string) => ({
    id,
    description: `${id} label`,
    unit,
    metric: id,
    comparison: 'about' as const,
    tolerance: 0.05,
    kind: 'emergent',
    values: [13.4, 15, 16.8, 21.8],
    inputs,
  });
  return {
    figures: [figure('stations.seats.wait.mean', null), figure('paper.figure', 15)],
    detail: [detail('stations.seats.wait.mean', 'days'), detail('paper.figure', 'hours')],
    samples: 4,
    method: 'lhs',
    elapsedSeconds: 1,
    scenario: { name: 'w', title: 'W', file: 'w.yaml', seed: 1 },
    runs: 4,
    replications: 1,
    designSeed: 1,
    executor: '1 local thread',
    parameters: [
      { path: 'sources.stranded.arrivals.total', dist: 'uniform 150000 to 220000', source: 'x' },
    ],
    held: [],
  } as unknown as AuditReport;
}

describe('audit reports', () => {
  it("the terminal gives each figure's quantiles with their unit", () => {
    const text = renderAudit(report());
    const lines = text.split('\n').filter((l) => l.trim().startsWith('p5 '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/p95 21\.8\d* days$/);
    expect(lines[1]).toMatch(/p95 21\.8\d* hours/);
  });

  it('gives quantiles to 4 significant digits, not to the thousandth of an hour', () => {
    const r = report();
    r.figures[1]!.quantiles = { p5: 54286.935, p50: 73842.61, p95: 95845.961 };
    const text = renderAudit(r);
    expect(text).toContain('  p5 54,287   p50 73,843   p95 95,846 hours');
    expect(renderAuditReport(r)).toContain(
      'Median 73,843, 90% of samples between 54,287 and 95,846 hours.',
    );
  });

  it('gives each quantile its 95% interval, – at an end the draws cannot back, in text and html', () => {
    const r = report();
    r.figures[1]!.quantiles = { p5: 54286.935, p50: 73842.61, p95: 95845.961 };
    r.figures[1]!.quantilesCi95 = {
      p5: [null, 60000],
      p50: [70000, 76000],
      p95: [90000.4, null],
    };
    const text = renderAudit(r);
    expect(text).toContain(
      '  p5 54,287 (95% CI – to 60,000)   p50 73,843 (95% CI 70,000 to 76,000)   p95 95,846 (95% CI 90,000 to –) hours',
    );
    expect(text).toContain('each with its distribution-free 95% interval');
    expect(renderAuditReport(r)).toContain(
      'Median 73,843 (95% CI 70,000 to 76,000), 90% of samples between 54,287 (95% CI – to 60,000) and 95,846 (95% CI 90,000 to –) hours (each with its distribution-free 95% interval',
    );
  });

  it('a figure no assumption moved is said to be untested, in text and html, with no P(paper holds)', () => {
    const r = report();
    r.figures[1]!.movedByAssumptions = false;
    r.figures[1]!.probabilityPaperHolds = null;
    const text = renderAudit(r);
    expect(text).toContain(
      'paper.figure — paper 15\n  15.90 hours at every one of the 4 design points: no sampled assumption moves it, so the audit cannot test it',
    );
    expect(text).not.toMatch(/P\(paper holds\) [\d.]+%/);
    const html = renderAuditReport(r).replace(/&#39;/g, "'");
    const section = html.slice(html.indexOf('id="fig-2"'));
    expect(section).toContain(
      '15.90 hours at every one of the 4 design points: no sampled assumption moves it',
    );
    expect(section).not.toMatch(/Probability that the paper's value holds/);
    expect(section).not.toContain('data-chart');
  });

  it("report.html claims no paper's value where the figure has none", () => {
    const html = renderAuditReport(report()).replace(/&#39;/g, "'");
    const section = (id: number) =>
      html.slice(html.indexOf(`id="fig-${id}"`), html.indexOf(`id="fig-${id + 1}"`) >>> 0);
    expect(section(1)).not.toMatch(/paper's value/);
    expect(section(1)).toContain('no paper value to mark');
    // A figure with a paper value still says what is marked and what the filled points are.
    expect(section(2)).toContain("the paper's value marked");
    expect(section(2)).toContain("Filled points: samples in which the paper's value holds.");
  });
});
