import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { confidenceInterval } from '../../../src/sim/stats';

/**
 * Queueing theory on scenarios written as a user writes them (YAML, minutes, perHour, shifts,
 * calendars), run by the runner that `consular-sim run` uses. Theory is computed here from the
 * textbook formulas. Each check asks the theory to lie inside a Student-t interval over the
 * scenario's replications at a Bonferroni level over the CHECKS checks of this file (family-wise
 * 95%), as in tests/unit/sim/network.theory.spec.ts.
 */
const CHECKS = 10;
const LEVEL = 1 - 0.05 / CHECKS;

const fixture = (name: string) =>
  join(__dirname, '../../fixtures/scenarios/theory', `${name}.yaml`);

function run(name: string): Promise<ScenarioResult> {
  return runScenario(loadScenario(fixture(name)), { threads: 0 });
}

function samples(result: ScenarioResult, metric: string): number[] {
  const m = result.metrics[metric];
  if (!m) throw new Error(`no metric ${metric}`);
  return m.samples;
}

function expectTheory(values: number[], theory: number, label: string): void {
  const ci = confidenceInterval(values, LEVEL);
  expect(
    Math.abs(ci.mean - theory),
    `${label}: simulated ${ci.mean} ± ${ci.halfWidth} (Bonferroni CI), theory ${theory}`,
  ).toBeLessThanOrEqual(ci.halfWidth);
}

describe('scenarios against queueing theory', () => {
  it('M/G/1 with lognormal service (cv 1.2): the Pollaczek-Khinchine mean wait in minutes', async () => {
    const r = await run('mg1-lognormal');
    const lambda = 4.2 / 60;
    const mean = 10;
    const rho = lambda * mean;
    const wq = (lambda * (1 + 1.2 ** 2) * mean ** 2) / (2 * (1 - rho));
    expectTheory(samples(r, 'stations.desk.wait.mean'), wq, 'Wq (min)');
    expectTheory(samples(r, 'stations.desk.utilisation'), rho, 'utilisation');
  });

  it('Erlang A: the abandonment share, and a mean wait that is the served customers’', async () => {
    const r = await run('erlang-a');
    // In service times: lambda 4.5, c 5, theta 0.5 (patience 20 min over service 10 min).
    const lambda = 4.5;
    const c = 5;
    const theta = 0.5;
    const p = [1];
    for (let k = 1; k <= 300; k++)
      p.push((p[k - 1] * lambda) / (Math.min(k, c) + Math.max(0, k - c) * theta));
    const total = p.reduce((s, x) => s + x, 0);
    const Lq = p.reduce((s, x, k) => s + (x / total) * Math.max(0, k - c), 0);
    let served = 0;
    let servedWait = 0;
    p.forEach((x, n) => {
      let survive = 1;
      let wait = 0;
      for (let k = n - c; k >= 0; k--) {
        survive *= (c + k * theta) / (c + (k + 1) * theta);
        wait += 1 / (c + (k + 1) * theta);
      }
      served += (x / total) * survive;
      servedWait += (x / total) * survive * wait;
    });
    const arrivals = samples(r, 'stations.desk.arrivals');
    const lost = samples(r, 'stations.desk.lost');
    expectTheory(
      lost.map((l, i) => l / arrivals[i]),
      (theta * Lq) / lambda,
      'abandonment share',
    );
    expectTheory(samples(r, 'stations.desk.meanQueue'), Lq, 'Lq');
    // Minutes: ten per service time.
    expectTheory(samples(r, 'stations.desk.wait.mean'), (10 * servedWait) / served, 'wait (min)');
    // Those who gave up: the rest of every arrival's mean wait Lq / lambda (Palm), over their share.
    expectTheory(
      samples(r, 'stations.desk.lostWait.mean'),
      (10 * (Lq / lambda - servedWait)) / (1 - served),
      'time to abandon (min)',
    );
  });

  it('profile arrivals: the count is the integral of the rate over the calendar', async () => {
    const r = await run('profile-integral');
    const dayOfWeek = [1, 1, 1, 1, 2, 0.5, 0];
    const month = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const dowMean = dayOfWeek.reduce((s, x) => s + x, 0) / 7;
    const monthMean = month.reduce((s, x) => s + x, 0) / 12;
    const start = Date.UTC(2024, 0, 29);
    let expected = 0;
    for (let d = 0; d < 70; d++) {
      const date = new Date(start + d * 86_400_000);
      const iso = date.toISOString().slice(0, 10);
      const factor =
        iso >= '2024-02-10' && iso <= '2024-03-05'
          ? 3
          : iso >= '2024-03-06' && iso <= '2024-04-30'
            ? 1
            : 0;
      const weekday = (date.getUTCDay() + 6) % 7; // Monday first
      expected +=
        (100 * dayOfWeek[weekday] * month[date.getUTCMonth()] * factor) / (dowMean * monthMean);
    }
    expectTheory(samples(r, 'totals.arrivals'), expected, 'arrivals');
  });

  it('daily arrivals: perDay is an average day of the week, exact in every replication', async () => {
    const r = await run('daily-weekdays');
    // 2024-01-01 .. 14: ten weekdays, one of them the holiday; 7/5 x 100 on each of the nine.
    expect(samples(r, 'totals.arrivals')).toEqual([1260, 1260]);
  });

  it('capacity that changes during the day: utilisation is the work served over on-duty time', async () => {
    const r = await run('shifts-utilisation');
    const onDuty = 20 * (4 * 240 + 2 * 240); // officer-minutes: 20 weekdays
    const meanService = 10;
    const arrivals = samples(r, 'totals.arrivals');
    const left = samples(r, 'totals.inSystem');
    expectTheory(arrivals, 100 * 7 * 4, 'arrivals');
    // The work that came, less that of the few still queued at the end (Friday's queue waits
    // for Monday, after the horizon), over the on-duty officer time.
    expectTheory(
      samples(r, 'stations.desk.utilisation').map(
        (u, i) => u - ((arrivals[i] - left[i]) * meanService) / onDuty,
      ),
      0,
      'utilisation - offered load served',
    );
    // Busy time is the service time of those served: served x E[S].
    const served = samples(r, 'stations.desk.served');
    expectTheory(
      samples(r, 'stations.desk.busyHours').map((h, i) => h * 60 - served[i] * meanService),
      0,
      'busy minutes - served x E[S]',
    );
  });
});
