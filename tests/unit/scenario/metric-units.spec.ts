import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduce } from '../../../src/experiment/reproduce';
import { findingScale, isMinutesMetric } from '../../../src/scenario/metric-units';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const dir = mkdtempSync(join(tmpdir(), 'consular-finding-units-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small M/M/2 scenario whose findings show one wait in the given units. */
function scenarioWith(units: string[]): string {
  const file = join(dir, `units-${units.join('-')}.yaml`);
  writeFileSync(
    file,
    [
      'name: finding-units',
      'horizon: 5d',
      'replications: 3',
      'seed: 7',
      'stations: { desk: { servers: 2 } }',
      'classes: { citizen: { route: [{ id: visit, station: desk, service: { dist: exponential, mean: 50 } }] } }',
      'sources: { walk-ins: { class: citizen, arrivals: { kind: poisson, perHour: 2 } } }',
      'findings:',
      ...units.map(
        (u) => `  - { metric: stations.desk.wait.mean, label: "wait in ${u}", unit: ${u} }`,
      ),
      '  - { metric: stations.desk.served, label: "served", unit: days }',
    ].join('\n'),
  );
  return file;
}

describe('finding units: a time in minutes shown in hours, days or weeks is converted', () => {
  it('knows which metrics are times in minutes', () => {
    expect(isMinutesMetric('stations.desk.wait.p90')).toBe(true);
    expect(isMinutesMetric('classes.x.systemTime.mean')).toBe(true);
    expect(isMinutesMetric('stations.desk.lostWait.mean')).toBe(true);
    expect(isMinutesMetric('classes.x.lostTime.mean')).toBe(true);
    expect(isMinutesMetric('derived.deskMinutes')).toBe(true);
    expect(isMinutesMetric('stations.desk.served')).toBe(false);
    expect(isMinutesMetric('derived.officerHours')).toBe(false);
  });

  it('scales minutes into the unit; any other metric keeps its value (the unit is a label)', () => {
    expect(findingScale('stations.a.wait.mean', 'days')).toBe(1 / 1440);
    expect(findingScale('stations.a.wait.mean', 'hours')).toBe(1 / 60);
    expect(findingScale('stations.a.wait.mean', 'minutes')).toBe(1);
    expect(findingScale('stations.a.wait.mean', undefined)).toBe(1);
    expect(findingScale('stations.a.served', 'days')).toBe(1);
    expect(findingScale('stations.a.wait.mean', 'fortnights')).toBeUndefined();
    // Singulars and the abbreviations durations use.
    expect(findingScale('stations.a.wait.mean', 'day')).toBe(1 / 1440);
    expect(findingScale('stations.a.wait.mean', 'h')).toBe(1 / 60);
    expect(findingScale('stations.a.wait.mean', 'min')).toBe(1);
    // Names an object has by inheritance are not units.
    expect(findingScale('stations.a.wait.mean', 'constructor')).toBeUndefined();
    expect(findingScale('stations.a.wait.mean', 'toString')).toBeUndefined();
  });

  it('reproduce shows the same wait in minutes, hours and days, each converted', async () => {
    const { findings } = await reproduce({
      files: [scenarioWith(['minutes', 'hours', 'days'])],
      threads: 0,
    });
    const [minutes, hours, days, served] = findings!;
    expect(minutes.simulated.mean).toBeGreaterThan(1);
    expect(hours.simulated.mean).toBeCloseTo(minutes.simulated.mean / 60, 12);
    expect(days.simulated.mean).toBeCloseTo(minutes.simulated.mean / 1440, 12);
    expect(days.simulated.ci95![1]).toBeCloseTo(minutes.simulated.ci95![1] / 1440, 12);
    expect(days.unit).toBe('days');
    // A count is not a time: its unit stays a label.
    expect(served.simulated.mean).toBeGreaterThan(100);
  });

  it('a time unit it cannot convert to is an error naming the finding', () => {
    expect(() => loadScenario(scenarioWith(['fortnights']))).toThrow(
      /findings\[0\]\.unit: must be one of minutes, hours, days, weeks for stations\.desk\.wait\.mean, a time in minutes \(got 'fortnights'\)/,
    );
  });
});
