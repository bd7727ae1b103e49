import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { renderSummary } from '../../../src/report/summary.report';

// The totals on the page must add up: arrivals = completed + lost + still in the system.
describe('renderSummary: totals that add up, in the one number format', () => {
  it('shows the customers still queued at the horizon, units in the headers, counts whole', async () => {
    const scenario = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['sources.walk-ins.arrivals.perHour=15', 'horizon=2d', 'warmup=0', 'replications=3'],
    });
    const result = await runScenario(scenario, { threads: 0 });
    const text = renderSummary(result);
    const m = result.metrics;
    const left = m['totals.arrivals'].mean - m['totals.completed'].mean - m['totals.lost'].mean;
    expect(m['totals.inSystem'].mean).toBeCloseTo(left, 6);
    expect(left).toBeGreaterThan(100);
    expect(text).toMatch(/still queued or in service at the end [\d,]+ ± [\d,]+/);
    expect(text).toContain('mean wait (min)');
    expect(text).toContain('utilisation (%)');
    expect(text).toMatch(/arrivals [\d,]+ ± [\d,]+ /);
    // No exponents, no three-decimal counts.
    expect(text).not.toMatch(/\de[-+]\d/);
    expect(text).not.toMatch(/\d,\d{3}\.\d{3}/);
  });
});
