import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { saturationText } from '../../../src/experiment/saturation';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';

/** teaching-mmc (10 servers, exponential hour) at `perHour` arrivals, 3 days after a day's warm-up. */
async function desk(perHour: number, extra: string[] = []) {
  const scenario = loadScenario('scenarios/teaching-mmc.yaml', {
    set: [
      `sources.walk-ins.arrivals.perHour=${perHour}`,
      'horizon=4d',
      'warmup=1d',
      'replications=5',
      ...extra,
    ],
  });
  return runScenario(scenario, { threads: 0 });
}

describe('stations at or above capacity are flagged, not reported as if steady', () => {
  it('flags M/M/10 at rho 1.2 with its offered load, and says so in the text and the report', async () => {
    const result = await desk(12);
    const flagged = result.saturated ?? [];
    expect(flagged.map((s) => s.station)).toEqual(['desk']);
    // The estimate is about arrivals / served over 3 days (about 864 arriving and 720 served
    // per replication, both near Poisson): relative sd sqrt(1/864 + 1/720) per replication,
    // over 5 replications; 4 sd of tolerance.
    const sd = (1.2 * Math.sqrt(1 / 864 + 1 / 720)) / Math.sqrt(5);
    expect(Math.abs(flagged[0].offeredLoad - 1.2)).toBeLessThan(4 * sd);
    expect(flagged[0].waitingAtEnd).toBe(result.firstReplication.main.stations.desk.waitingAtEnd);
    // Named as the station table names it: teaching-mmc.yaml's label, the id in brackets.
    expect(renderSummary(result)).toMatch(
      /Warning: station Consular desk \(desk\): demand at or above capacity/,
    );
    expect(renderReport({ result })).toContain(
      'station Consular desk (desk): demand at or above capacity',
    );
  });

  it('names a station by its label where it has one, by its id where not, with the arm', () => {
    const st = { arm: 'after', station: 'desk', offeredLoad: 1.5, waitingAtEnd: 3 };
    expect(saturationText(st, 1)).toMatch(/^station desk: /);
    expect(saturationText(st, 2, { desk: { en: 'Consular desk', tr: 'Konsolosluk' } })).toMatch(
      /^arm after, station Consular desk \(desk\): /,
    );
    // A Turkish label alone is not the English text's name.
    expect(saturationText(st, 1, { desk: { tr: 'Konsolosluk' } })).toMatch(/^station desk: /);
  });

  it('leaves a stable desk alone (rho 0.8)', async () => {
    const result = await desk(8);
    expect(result.saturated).toEqual([]);
    expect(renderSummary(result)).not.toContain('Warning');
  });

  it('flags a station that customers reach but that is never on duty', async () => {
    const result = await desk(8, ['stations.desk.servers=0']);
    expect(result.saturated?.map((s) => [s.station, s.offeredLoad])).toEqual([['desk', Infinity]]);
    expect(renderSummary(result)).toContain('no server was on duty');
  });
});
