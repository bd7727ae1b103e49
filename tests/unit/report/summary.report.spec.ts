import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { renderReport } from '../../../src/report/html-report';
import { renderSummary, SUMMARY_STATIONS } from '../../../src/report/summary.report';

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

  it('shows an interval cut at 0 by its ends and says why; percentiles include the sketch', async () => {
    // One week on 12 officers, 2 replications: the t intervals of the mean wait and of those
    // still in the system at the end reach below 0, and are cut there.
    const scenario = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['horizon=1w', 'warmup=1d', 'stations.desk.servers=12', 'replications=2'],
    });
    const result = await runScenario(scenario, { threads: 0 });
    expect(result.metrics['totals.inSystem'].cut).toBe('low');
    const text = renderSummary(result);
    expect(text).toMatch(/still queued or in service at the end [\d,]+ \(0 to [\d,]+\)/);
    const desk = text.split('\n').find((l) => l.startsWith('desk '))!;
    expect(desk).toMatch(/ [\d.]+ \(0 to [\d.]+\) /);
    expect(text).toContain('it is cut there and shown as mean (low to high)');
    expect(text).toContain('a percentile’s includes its quantile sketch’s 1% accuracy');
  });

  // Scenario files in a temporary directory, from teaching-mmc with one change each.
  const mmc = (set: string[]) =>
    runScenario(
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: ['horizon=3d', 'replications=3', ...set],
      }),
      { threads: 0 },
    );

  it('says why a station served more than arrived only for the cause there is', async () => {
    // One visit each, but a warm-up: the customers already there at its end are served after it.
    const once = await mmc(['warmup=1d', 'sources.walk-ins.arrivals.perHour=9.8']);
    const onceText = renderSummary(once);
    expect(onceText).not.toContain('comes back');
    expect(onceText).toContain('Counts start when the warm-up ends');
    // A route that comes back to the desk: twice the services, and the note that says why.
    const twice = await mmc([
      'warmup=0',
      'sources.walk-ins.arrivals.perHour=4',
      'classes.citizen.route.1={id: again, station: desk, service: {dist: exponential, mean: 60}}',
    ]);
    const twiceText = renderSummary(twice);
    expect(twice.metrics['stations.desk.served'].mean).toBeGreaterThan(
      1.8 * twice.metrics['totals.arrivals'].mean,
    );
    expect(twiceText).toContain('comes back to a station is served there each time');
    expect(twiceText).not.toContain('warm-up ends');
  });

  it('shows a jobs column, and counts jobs, where a visit brings several', async () => {
    const one = renderSummary(await mmc(['warmup=0']));
    expect(one.split('\n').find((l) => l.startsWith('station'))).not.toMatch(/\bjobs\b/);
    const several = await mmc([
      'warmup=0',
      'sources.walk-ins.arrivals.perHour=5',
      'classes.citizen.route.0.jobs={dist: discrete, values: [1, 3], weights: [1, 1]}',
    ]);
    const m = several.metrics;
    // Two jobs a visit on average: jobs near twice the services (3 replications of ~360 visits).
    expect(m['stations.desk.jobs'].mean / m['stations.desk.served'].mean).toBeGreaterThan(1.8);
    expect(m['stations.desk.jobs'].mean / m['stations.desk.served'].mean).toBeLessThan(2.2);
    const header = renderSummary(several)
      .split('\n')
      .find((l) => l.startsWith('station'))!;
    expect(header.split(/\s{2,}/).slice(0, 3)).toEqual(['station', 'served', 'jobs']);
  });

  it('says whose waits they are where customers were lost, and only there', async () => {
    // Patience of 20 minutes at a 90%-busy desk: many give up. Their waits are in no mean
    // wait, which is then the served customers' (less than every arrival's).
    const reneging = await mmc([
      'warmup=0',
      'classes.citizen.patience={dist: exponential, mean: 20}',
    ]);
    expect(reneging.metrics['stations.desk.lost'].mean).toBeGreaterThan(0);
    const text = renderSummary(reneging);
    expect(text).toContain('Waits are those of the customers who started service at the station');
    expect(text).toContain(
      'customers lost (who balked, reneged or were turned away) are in neither',
    );
    const none = await mmc(['warmup=0']);
    expect(none.metrics['totals.lost'].mean).toBe(0);
    expect(renderSummary(none)).not.toContain('Waits are those of');
  });
});

describe('the lost, by cause: in the totals of --json, the summary and report.html', () => {
  it('splits the lost into balked, reneged and turned away, each counted where it happened', async () => {
    // A queue limit (balking), patience (reneging) and a closed day at a turn-away desk.
    const result = await runScenario(
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: [
          'horizon=3d',
          'warmup=0',
          'replications=3',
          'sources.walk-ins.arrivals.perHour=15',
          'stations.desk.queueLimit=3',
          'stations.desk.closePolicy=turn-away',
          'classes.citizen.patience={dist: exponential, mean: 60}',
          'calendar={start: 2020-01-06, closures: [{from: 2020-01-07, to: 2020-01-07}]}',
        ],
      }),
      { threads: 0 },
    );
    const m = result.metrics;
    const causes = ['balked', 'reneged', 'turnedAway'] as const;
    // Replication by replication, the causes add up to the lost, and each happened.
    m['totals.lost'].samples.forEach((lost, r) => {
      const parts = causes.map((c) => m[`totals.lostBy.${c}`].samples[r]);
      for (const part of parts) expect(part).toBeGreaterThan(0);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(lost);
    });
    // The totals (--json) agree with the desk's own counters, kept apart from the classes'.
    const first = result.firstReplication.main;
    expect(first.totals.lostBy).toEqual({
      balked: first.stations.desk.balked,
      reneged: first.stations.desk.reneged,
      turnedAway: first.stations.desk.turnedAway,
    });
    const line = renderSummary(result)
      .split('\n')
      .find((l) => l.startsWith('lost by cause: '));
    expect(line).toMatch(
      /^lost by cause: balked \(the queue was full or too long for them\) [\d,]+ ± [\d,]+ {3}reneged \(gave up waiting\) [\d,]+ ± [\d,]+ {3}turned away \(the station closed\) [\d,]+ ± [\d,]+$/,
    );
    expect(renderReport({ result })).toMatch(
      /<p data-section="lost-by-cause">Lost by cause: balked \(the queue was full or too long for them\) [\d,]+ ± [\d,]+, reneged/,
    );
  });

  it('says nothing of causes where nobody was lost', async () => {
    const result = await runScenario(
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: ['horizon=2d', 'warmup=0', 'replications=2'],
      }),
      { threads: 0 },
    );
    expect(result.metrics['totals.lost'].mean).toBe(0);
    expect(result.metrics['totals.lostBy.reneged'].mean).toBe(0);
    expect(renderSummary(result)).not.toContain('lost by cause');
    expect(renderReport({ result })).not.toContain('lost-by-cause');
  });
});

describe('renderSummary of one replication', () => {
  it('shows no ± and says a 95% interval needs 2 replications or more', async () => {
    const scenario = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['horizon=3d', 'warmup=1d', 'replications=1'],
    });
    const text = renderSummary(await runScenario(scenario, { threads: 0 }));
    expect(text).not.toContain('±');
    expect(text).toContain(
      'Figures are those of the one replication: a 95% confidence interval needs 2 replications or more (--replications 2).',
    );
    expect(text).not.toContain('Figures are means over replications');
  });
});

describe('renderSummary of a service model: sampling, many stations, derived units', () => {
  it('says in its header that an e-visa run simulates a sample of the applicants, and how much', async () => {
    const sampled = await runScenario(
      loadScenario('scenarios/paper-evisa.yaml', { set: ['horizon=10d', 'replications=2'] }),
      { threads: 0 },
    );
    const share = sampled.scenario.document.params as { sampling: number };
    expect(sampled.sampledShare).toBe(share.sampling);
    const header = renderSummary(sampled).split('\n').slice(0, 4).join('\n');
    expect(header).toContain(
      `This run simulates ${share.sampling * 100}% of the customers one by one (params.sampling)`,
    );
    expect(header).toContain('the derived figures scale counts back up to every customer');
    expect(renderReport({ result: sampled })).toContain(
      `<p class="note" data-section="sampled">This run simulates ${share.sampling * 100}% of the customers`,
    );
    // At sampling 1 every applicant is simulated: nothing to say.
    const all = await runScenario(
      loadScenario('scenarios/paper-evisa.yaml', {
        set: ['horizon=1d', 'replications=2', 'params.sampling=1'],
      }),
      { threads: 0 },
    );
    expect(all.sampledShare).toBeUndefined();
    expect(renderSummary(all)).not.toContain('of the customers one by one');
    expect(renderReport({ result: all })).not.toContain('data-section="sampled"');
  });

  it('lists the busiest stations of a mission network, says how many are left out, and gives each derived figure its declared unit', async () => {
    const result = await runScenario(
      loadScenario('scenarios/paper-konsolosluk-2020.yaml', {
        set: ['horizon=3d', 'warmup=0', 'replications=2'],
      }),
      { threads: 0 },
    );
    const ids = Object.keys(result.firstReplication.main.stations);
    expect(ids.length).toBeGreaterThan(SUMMARY_STATIONS);
    // The main arm's table: the arms without the online channels follow it.
    const rowsOf = (text: string) =>
      text
        .split('== arm:')[0]
        .split('\n')
        .filter((l) => l.startsWith('mission:'))
        .map((l) => l.split(/\s+/)[0]);
    const text = renderSummary(result);
    const shown = rowsOf(text);
    expect(shown).toHaveLength(SUMMARY_STATIONS);
    // Each shown station is at least as busy as every station left out.
    const busy = (id: string) => result.metrics[`stations.${id}.utilisation`].mean;
    const least = Math.min(...shown.map(busy));
    for (const id of ids.filter((i) => !shown.includes(i)))
      expect(busy(id)).toBeLessThanOrEqual(least);
    expect(text).toContain(
      `The ${SUMMARY_STATIONS} busiest of ${ids.length} stations (by utilisation) are shown; ${ids.length - SUMMARY_STATIONS} are left out: --all-stations lists them all`,
    );
    const every = renderSummary(result, { allStations: true });
    expect(rowsOf(every)).toEqual(ids);
    expect(every).not.toContain('busiest of');
    // A breakdown's part takes its whole's declared unit and says which part it is.
    const part = text.split('\n').find((l) => l.startsWith('officerHours.passport '))!;
    const whole = result.figures.officerHours;
    expect(part).toContain(` ${whole.unit} `);
    expect(part).toContain(`${whole.description}: service area passport`);
    // A declared figure shows its unit and description.
    const citizens = text.split('\n').find((l) => l.startsWith('citizensTurnedAway '))!;
    expect(citizens).toContain(result.figures.citizensTurnedAway.description);
  });

  it('writes a derived share in the unit it declares, as report.html does: deflection beside its CI bounds', async () => {
    const result = await runScenario(
      loadScenario('scenarios/paper-hizir.yaml', { set: ['horizon=2d', 'replications=2'] }),
      { threads: 0 },
    );
    expect(result.figures.deflection.unit).toBe('share');
    const value = (name: string) => {
      const line = renderSummary(result)
        .split('\n')
        .find((l) => l.startsWith(`${name} `))!;
      return Number(line.slice(name.length).trim().split(/\s+/)[0].replace(/,/g, ''));
    };
    const [low, mid, high] = ['deflectionLow', 'deflection', 'deflectionHigh'].map(value);
    expect(low).toBeLessThanOrEqual(mid);
    expect(mid).toBeLessThanOrEqual(high);
    expect(mid).toBeCloseTo(result.metrics['derived.deflection'].mean, 3);
  });
});
