import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';
import { ensureBuilt } from '../../helpers/fault-env';
import { erlangB, theoryCheck } from '../../helpers/theory';

/**
 * Queueing theory through the command a user runs: `consular-sim run <yaml> --json`, read back
 * from its JSON. The theory lies inside the Student-t interval of the replications at a
 * Bonferroni level over the CHECKS checks of this file (family-wise 95%).
 */
const CHECKS = 3;
const expectTheory = theoryCheck(CHECKS);

interface Metric {
  samples: number[];
}

beforeAll(() => ensureBuilt(), 120_000);

describe('consular-sim run --json against queueing theory', () => {
  it('Erlang B with an Erlang-3 service (M/G/6/6): blocking, carried load, utilisation', async () => {
    const file = join(__dirname, '../../fixtures/scenarios/theory/erlang-b-cli.yaml');
    const res = await runCli(['run', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { replications: number; metrics: Record<string, Metric> };
    const m = (name: string) => {
      const metric = out.metrics[name];
      if (!metric) throw new Error(`no metric ${name}`);
      expect(metric.samples).toHaveLength(out.replications);
      return metric.samples;
    };
    const a = (16 * 15) / 60;
    const b = erlangB(6, a);
    const arrivals = m('stations.desk.arrivals');
    const lost = m('stations.desk.lost');
    expectTheory(
      lost.map((x, i) => x / arrivals[i]),
      b,
      'P(blocked)',
    );
    expectTheory(m('stations.desk.meanBusy'), a * (1 - b), 'carried load');
    expectTheory(m('stations.desk.utilisation'), (a * (1 - b)) / 6, 'utilisation');
    // Nobody waits in a loss system.
    for (const w of m('stations.desk.wait.mean')) expect(w).toBe(0);
  });
});
