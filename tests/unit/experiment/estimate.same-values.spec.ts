import 'reflect-metadata';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateMetric, sameInEveryReplication } from '../../../src/experiment/estimate';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';
import { renderFindings } from '../../../src/cli/commands/reproduce.action';

let mmc: ScenarioResult;

beforeAll(async () => {
  // An M/M/10 desk with no queue limit and no patience: nobody is lost in any replication.
  mmc = await runScenario(
    loadScenario(join(__dirname, '../../../scenarios/teaching-mmc.yaml'), {
      set: ['horizon=2w', 'warmup=1w'],
    }),
    { replications: 3, threads: 0 },
  );
});

describe('a metric whose replications all gave the same value', () => {
  it('is flagged only for two or more equal, finite values', () => {
    expect(sameInEveryReplication([0, 0, 0])).toBe(true);
    expect(sameInEveryReplication([4, 4])).toBe(true);
    expect(sameInEveryReplication([0])).toBe(false);
    expect(sameInEveryReplication([0, 1e-12])).toBe(false);
    expect(sameInEveryReplication([NaN, NaN])).toBe(false);
  });

  it('is flagged in the run (summary.json) with its numbers as estimateMetric gives them', () => {
    const lost = mmc.metrics['totals.lost'];
    expect(lost.samples).toEqual([0, 0, 0]);
    expect(lost.sameInEveryReplication).toBe(true);
    const { sameInEveryReplication: _flag, ...numbers } = lost;
    expect(numbers).toEqual(estimateMetric('totals.lost', lost.samples, undefined));
    // A metric that varies is not flagged.
    expect(mmc.metrics['stations.desk.wait.mean'].sameInEveryReplication).toBeUndefined();
    expect(JSON.parse(JSON.stringify(mmc)).metrics['totals.lost'].sameInEveryReplication).toBe(
      true,
    );
  });

  it("run's summary and report.html say the 0-wide interval is not certainty", () => {
    const text = renderSummary(mmc);
    expect(text).toMatch(
      /totals\.lost, .*every replication gave the same value, so the interval holds no spread between replications \(a percentile's only its quantile sketches' 1% accuracy\), which is not certainty/,
    );
    const html = renderReport({ result: mmc, generatedAt: new Date(0) });
    expect(html).toMatch(/data-section="same-values">[^<]*totals\.lost[^<]*not certainty/);
  });

  it("reproduce's findings mark the interval and say why under the table", () => {
    const text = renderFindings([
      {
        scenario: 'paper-evacuation-2020',
        metric: 'stations.registration.wait.p99',
        label: 'p99 wait',
        unit: 'minutes',
        note: '',
        simulated: { mean: 0, ci95: [0, 0], sameInEveryReplication: true },
      },
    ]);
    expect(text).toMatch(/0 to 0 \(all replications equal\)/);
    expect(text).toMatch(/95% CI: all replications equal: every replication gave the same value/);
  });
});
