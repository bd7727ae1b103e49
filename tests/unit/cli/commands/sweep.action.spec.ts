import 'reflect-metadata';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSweep } from '../../../../src/cli/commands/sweep.action';
import {
  parseParam,
  parseTarget,
  runSweep,
  targetInputNote,
} from '../../../../src/experiment/sweep';
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

describe('renderSweep: an input figure that follows the swept values', () => {
  // The requests the Diplomatic Portal's demand brings repeat an input (kind input): swept over
  // the demand they follow it by construction, and a target on them is met by what the
  // configurations set. The sweep had shown them as if the simulation had found them.
  const PORTAL = resolve(__dirname, '../../../../scenarios/paper-diplomatic-portal.yaml');
  let sweep: Awaited<ReturnType<typeof runSweep>>;
  beforeAll(async () => {
    sweep = await runSweep(PORTAL, {
      params: [parseParam('params.demandFactor=0.04,0.05')],
      target: parseTarget('derived.requests<=3500'),
      replications: 2,
      threads: 0,
    });
  }, 60_000);

  it('--json gives every figure its kind, as run --json does', () => {
    const json = JSON.parse(JSON.stringify(sweep)) as typeof sweep;
    expect(json.figures?.requests.kind).toBe('input');
    expect(json.figures?.officerHours.kind).toBe('emergent');
  });

  it('says a target on an input is set, not found, and lists the inputs apart', () => {
    const text = renderSweep(sweep);
    expect(text).toContain(
      'note: derived.requests is an input (set by the scenario, not simulated)',
    );
    const inputs = text.slice(text.indexOf('\nInputs (set by the scenario, not simulated):\n'));
    expect(inputs).not.toBe(text);
    const row = (name: string) => inputs.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('derived.requests')).toContain('follows the swept values, set by them, not found');
    expect(row('derived.missions')).toContain('in every configuration');
    expect(inputs).not.toContain('derived.officerHours');
    const html = renderReport({ sweep });
    expect(html).toContain('data-section="input-figures"');
    expect(html).toContain('derived.requests is an input (set by the scenario, not simulated)');
  });

  it('says nothing of the kind where the target is simulated', () => {
    expect(targetInputNote({ ...sweep, target: parseTarget('derived.officerHours<=100') })).toBe(
      null,
    );
  });
});
