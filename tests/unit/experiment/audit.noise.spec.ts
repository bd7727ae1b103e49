import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { auditJson, auditNoise, runAudit } from '../../../src/experiment/audit';
import { localExecutor } from '../../../src/experiment/experiment';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { renderAudit } from '../../../src/cli/commands/audit.action';
import { renderAuditReport } from '../../../src/report/audit-report';
import { mmc } from '../../../src/sim/erlang';

/** Arrival rate 8.999 to 9.001 at an M/M/10 desk: the spread is tiny, the noise is not. */
const NOISY = 'tests/fixtures/scenarios/audit-noise.yaml';
/** A desk whose service time (15 to 25 minutes) moves its wait far more than the noise. */
const KNOWN = 'tests/fixtures/scenarios/audit-known.yaml';

describe('audit: the simulation noise at the samples, which the spread leaves out', () => {
  it('measures the noise as run does, warns where it swamps the spread, and does not state P(paper holds)', async () => {
    const a = await runAudit(NOISY, { samples: 8, method: 'lhs', executor: localExecutor(0) });
    const wq = auditJson(a).figures[0];
    // Every sample runs on the same seed: the spread is far narrower than the noise.
    const run = await runScenario(loadScenario(NOISY), { replications: 10, threads: 0 });
    const own = run.metrics['stations.desk.wait.mean'];
    const noise = wq.noise!;
    expect(noise.replications).toBe(10);
    // The samples differ from the scenario by a rate of at most 0.001 an hour: each one's
    // interval is run's, to within a few per cent.
    expect(noise.halfWidth95! / own.halfWidth!).toBeGreaterThan(0.9);
    expect(noise.halfWidth95! / own.halfWidth!).toBeLessThan(1.1);
    expect(noise.halfWidth95!).toBeGreaterThan(4 * (wq.quantiles.p95 - wq.quantiles.p5));
    expect(noise.dominates).toBe(true);
    // Erlang C's true wait lies inside the noise around the median, not inside the spread's
    // interval: the spread alone would have called it impossible.
    const truth = mmc(9, 1, 10).Wq * 60;
    expect(Math.abs(truth - wq.quantiles.p50)).toBeLessThan(noise.halfWidth95!);
    const [, hi] = wq.quantilesCi95!.p50;
    expect(truth).toBeGreaterThan(hi!);
    // With each sample's interval the paper's value may hold in every sample and surely in none.
    expect(noise.probabilityPaperHoldsBounds).toEqual([0, 1]);
    const text = renderAudit(a);
    expect(text).not.toMatch(/P\(paper holds\) \d/);
    expect(text).toMatch(/P\(paper holds\) not stated \(within 5%\): the simulation noise/);
    expect(text).toMatch(/simulation noise ± [\d.]+ minutes/);
    expect(text).toMatch(/Warning: the simulation noise .*--replications.*longer horizon/);
    // The key says what --help and report.html say: every sample runs on the same seed.
    expect(text).toMatch(/Every sample runs on the same seed/);
    const html = renderAuditReport(a);
    expect(html).toContain('data-noise="dominates"');
    expect(html).toMatch(/Simulation noise ± [\d.]+ minutes/);
    expect(html).not.toMatch(/holds \(within 5%\): \d/);
  });

  it('with one replication a sample says the noise is unknown', async () => {
    const a = await runAudit(NOISY, {
      samples: 4,
      method: 'lhs',
      replications: 1,
      set: ['horizon=2w'],
      executor: localExecutor(0),
    });
    const noise = a.figures[0].noise!;
    expect(noise).toEqual({
      replications: 1,
      halfWidth95: null,
      dominates: null,
      probabilityPaperHoldsBounds: null,
    });
    expect(renderAudit(a)).toMatch(/simulation noise unknown: with 1 replication a sample/);
  });

  it('where the assumptions move the figure far more than the noise, P(paper holds) is stated with its bounds', async () => {
    const a = await runAudit(KNOWN, {
      samples: 16,
      method: 'lhs',
      replications: 3,
      executor: localExecutor(0),
    });
    const wait = a.figures.find((f) => f.id === 'desk-wait')!;
    const noise = wait.noise!;
    expect(noise.dominates).toBe(false);
    expect(noise.halfWidth95!).toBeLessThan(0.25 * (wait.quantiles.p95 - wait.quantiles.p5));
    const [lo, hi] = noise.probabilityPaperHoldsBounds!;
    expect(lo).toBeLessThanOrEqual(wait.probabilityPaperHolds!);
    expect(hi).toBeGreaterThanOrEqual(wait.probabilityPaperHolds!);
    const line = renderAudit(a)
      .split('\n')
      .find((l) => l.includes('P(paper holds)') && l.includes('within 50%'))!;
    expect(line).toMatch(
      /P\(paper holds\) \d+\.\d% \(within 50%\), 95% CI .*; with the noise, counting each sample's 95% interval, between/,
    );
  });
});

describe('auditNoise', () => {
  const at = (lo: number, hi: number) => ({
    halfWidth: (hi - lo) / 2,
    ci95: [lo, hi] as [number, number],
  });

  it('is the median half-width; the bounds count intervals wholly inside and reaching the rule', () => {
    const n = auditNoise([at(8, 12), at(9, 13), at(11, 17), at(20, 22)], 5, 10, {
      paper: 10,
      comparison: 'about',
      tolerance: 0.2,
    });
    // Half-widths 2, 2, 3, 1: median 2. The band 8 to 12 holds the first wholly; the first
    // three reach it.
    expect(n.halfWidth95).toBe(2);
    expect(n.dominates).toBe(false);
    expect(n.probabilityPaperHoldsBounds).toEqual([0.25, 0.75]);
    const atLeast = auditNoise([at(8, 12), at(10, 14), at(3, 5)], 5, 4, {
      paper: 10,
      comparison: 'at-least',
      tolerance: 0.05,
    });
    expect(atLeast.probabilityPaperHoldsBounds).toEqual([1 / 3, 2 / 3]);
    // Noise above a quarter of the spread dominates.
    expect(atLeast.dominates).toBe(true);
  });

  it('has no bounds where there is no paper value, and no noise from one replication', () => {
    expect(auditNoise([at(1, 3)], 2, 1, null).probabilityPaperHoldsBounds).toBeNull();
    expect(auditNoise([null, null], 1, 1, null).halfWidth95).toBeNull();
  });
});
