import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSweep } from '../../../../src/cli/commands/sweep.action';
import { parseParam, parseTarget, runSweep } from '../../../../src/experiment/sweep';
import { renderReport } from '../../../../src/report/html-report';

const MMC = resolve(__dirname, '../../../../scenarios/teaching-mmc.yaml');

describe('renderSweep: a target on a share', () => {
  it('says the target in percent too, as the table writes the share', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.utilisation<=0.9'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    const text = renderSweep(sweep);
    expect(text).toContain('stations.desk.utilisation (%)');
    expect(text).toContain('target: stations.desk.utilisation <= 0.9 (90%) on the mean');
    // A target on a figure that is not a share is written as given, alone.
    const wait = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    expect(renderSweep(wait)).toContain('target: stations.desk.wait.mean <= 15 on the mean');
  });
});

describe('renderSweep: the cost column', () => {
  it('writes every cost to one number of decimals, the terminal and report.html alike', async () => {
    const sweep = await runSweep(MMC, {
      params: [
        parseParam('stations.desk.servers=10..11'),
        parseParam('sources.walk-ins.arrivals.perHour=8.5..9:0.25'),
      ],
      target: parseTarget('stations.desk.wait.mean<=60'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    const costs = renderSweep(sweep)
      .split('\n')
      .filter((line) => line.startsWith('stations.desk.servers='))
      .map((line) => line.split(/\s{2,}/)[1]);
    expect(costs).toEqual(['18.50', '18.75', '19.00', '19.50', '19.75', '20.00']);
    const html = renderReport({ sweep });
    for (const cost of costs) expect(html).toContain(`<td class="num">${cost}</td>`);
  });
});

describe('renderSweep: a target the same in every replication', () => {
  it('marks its interval and says why, in the terminal and report.html, and only there', async () => {
    const sweep = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..30:20')],
      target: parseTarget('totals.lost<=0'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    // No capacity limit: nobody is lost, in every replication of both configurations.
    expect(sweep.points.map((p) => p.target.sameInEveryReplication)).toEqual([true, true]);
    const text = renderSweep(sweep);
    expect(text).toContain('0 to 0 (all replications equal)');
    expect(text).toMatch(/^95% CI: all replications equal: every replication gave the same value/m);
    expect(renderReport({ sweep })).toContain('0 to 0 (all replications equal)');
    // A target that varies between replications is not marked.
    const wait = await runSweep(MMC, {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.mean<=60'),
      set: ['horizon=3d', 'warmup=1d'],
      replications: 2,
      threads: 0,
    });
    expect(wait.points.some((p) => p.target.sameInEveryReplication)).toBe(false);
    expect(renderSweep(wait)).not.toContain('all replications equal');
  });
});
