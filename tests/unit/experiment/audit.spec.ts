import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import {
  AuditSpecError,
  auditJson,
  metricUnit,
  runAudit,
  withinShares,
} from '../../../src/experiment/audit';
import { getServiceModel } from '../../../src/experiment/models';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { renderAudit } from '../../../src/cli/commands/audit.action';
import { renderAuditReport } from '../../../src/report/audit-report';
import { localExecutor } from '../../../src/experiment/experiment';
import { countingExecutor } from '../../helpers/scenario-run';
import { UserError } from '../../../src/common/user-error';
import { MAX_ARRIVALS_PER_REPLICATION } from '../../../src/sim/compile';

const FIXTURE = 'tests/fixtures/scenarios/audit-known.yaml';

describe('audit on a scenario whose sensitivity is known by construction', () => {
  it('sobol: the service time drives the wait, the cost of an officer hour gets indices of 0', async () => {
    const a = await runAudit(FIXTURE, { samples: 24, executor: localExecutor(0) });
    const json = auditJson(a);
    expect(Object.keys(json)).toEqual(['figures', 'samples', 'method', 'elapsedSeconds']);
    expect(json.samples).toBe(24);
    expect(json.method).toBe('sobol');
    expect(a.runs).toBe(24 * 4);
    // Findings (no paper value) are audited too, before the audit's own figures.
    expect(json.figures.map((f) => f.id)).toEqual([
      'stations.desk.utilisation',
      'desk-wait',
      'desk-served',
    ]);
    expect(json.figures[0].paper).toBeNull();
    expect(json.figures[0].probabilityPaperHolds).toBeNull();
    const wait = json.figures.find((f) => f.id === 'desk-wait')!;
    expect(Object.keys(wait)).toEqual([
      'id',
      'paper',
      'quantiles',
      'quantilesCi95',
      'probabilityPaperHolds',
      'probabilityPaperHoldsCi95',
      'movedByAssumptions',
      'kind',
      'noise',
      'sensitivity',
    ]);
    expect(wait.movedByAssumptions).toBe(true);
    // Each quantile's order-statistic interval holds it and is drawn from the 48 draws; at 48
    // draws p5 has no lower end and p95 no upper one (each needs 72), and the median has both.
    const draws = a.detail.find((d) => d.id === 'desk-wait')!.values;
    const ci = wait.quantilesCi95!;
    for (const q of ['p5', 'p50', 'p95'] as const) {
      const [lo, hi] = ci[q];
      if (lo !== null) {
        expect(draws).toContain(lo);
        expect(lo).toBeLessThanOrEqual(wait.quantiles[q]);
      }
      if (hi !== null) {
        expect(draws).toContain(hi);
        expect(hi).toBeGreaterThanOrEqual(wait.quantiles[q]);
      }
    }
    expect(ci.p5[0]).toBeNull();
    expect(ci.p95[1]).toBeNull();
    expect(ci.p50[0]).not.toBeNull();
    expect(ci.p50[1]).not.toBeNull();
    expect(wait.quantiles.p5).toBeLessThan(wait.quantiles.p50);
    expect(wait.quantiles.p50).toBeLessThan(wait.quantiles.p95);
    expect(wait.probabilityPaperHolds).toBeGreaterThanOrEqual(0);
    expect(wait.probabilityPaperHolds).toBeLessThanOrEqual(1);
    const [top, idle] = wait.sensitivity;
    expect(top.parameter).toBe('classes.citizen.route[0].service.mean');
    expect(top.total).toBeGreaterThan(0.5);
    expect(idle.parameter).toBe('stations.desk.queueLimit');
    // Common random numbers: changing a parameter that does nothing changes no number at all.
    expect(idle.first).toBe(0);
    expect(idle.total).toBe(0);
    // Indices are shares: every interval lies in [0, 1], and one the bootstrap took past 1 (the
    // driver's, whose estimates pass 1 at 24 samples) is cut there and says so.
    for (const f of json.figures)
      for (const e of f.sensitivity) {
        const ci = e.ci95 as { first: [number, number]; total: [number, number] };
        for (const [lo, hi] of [ci.first, ci.total]) {
          expect(lo, `${f.id} ${e.parameter}`).toBeGreaterThanOrEqual(0);
          expect(hi, `${f.id} ${e.parameter}`).toBeLessThanOrEqual(1);
        }
      }
    expect(top.cut?.total).toBe('high');
    expect((top.ci95 as { total: [number, number] }).total[1]).toBe(1);
    expect(idle.cut).toBeUndefined();
    const text = renderAudit(a);
    expect(text).toMatch(/service\.mean +[\d.]+ \([\d.]+ to 1\) +[\d.]+ \([\d.]+ to 1\)/);
    expect(text).toContain('an interval that reached beyond is cut there');
    // "At least" figures: P(value >= paper) over the A and B samples.
    const served = json.figures.find((f) => f.id === 'desk-served')!;
    const values = a.detail.find((d) => d.id === 'desk-served')!.values;
    expect(values).toHaveLength(48);
    expect(served.probabilityPaperHolds).toBe(values.filter((v) => v >= 1000).length / 48);
    const within = a.detail.find((d) => d.id === 'desk-wait')!.values;
    expect(wait.probabilityPaperHolds).toBe(
      within.filter((v) => Math.abs(v - 10) <= 5).length / 48,
    );
    // A share of 48 draws carries its interval, around it; a figure with no paper value none.
    for (const f of [wait, served]) {
      const [lo, hi] = f.probabilityPaperHoldsCi95!;
      expect(lo).toBeLessThanOrEqual(f.probabilityPaperHolds!);
      expect(hi).toBeGreaterThanOrEqual(f.probabilityPaperHolds!);
      expect(hi - lo).toBeGreaterThan(0.05);
    }
    expect(json.figures[0].probabilityPaperHoldsCi95).toBeNull();
    expect(text).toMatch(
      /P\(paper holds\) [\d.]+% \(within 50%\), 95% CI [\d.]+% to [\d.]+% over 48 draws/,
    );
  });

  it('a figure no sampled assumption moves is said to be untested, not to hold', async () => {
    // Service time held by --set: the queue limit alone is sampled, and it moves no figure.
    const a = await runAudit(FIXTURE, {
      samples: 8,
      set: ['classes.citizen.route[0].service.mean=20'],
      executor: localExecutor(0),
    });
    for (const f of a.figures) {
      expect(f.movedByAssumptions, f.id).toBe(false);
      expect(f.probabilityPaperHolds, f.id).toBeNull();
      expect(f.probabilityPaperHoldsCi95, f.id).toBeNull();
    }
    const text = renderAudit(a);
    expect(text).not.toMatch(/P\(paper holds\)\s+[\d.]+%/);
    expect(
      text.match(
        /at every one of the 24 design points: no sampled assumption moves it, so the audit cannot test it/g,
      ),
    ).toHaveLength(3);
    // With the service time sampled again the same figures move and are judged.
    const moved = await runAudit(FIXTURE, { samples: 8, executor: localExecutor(0) });
    expect(moved.figures.every((f) => f.movedByAssumptions)).toBe(true);
    expect(moved.figures.find((f) => f.id === 'desk-served')!.probabilityPaperHolds).not.toBeNull();
  });

  it('the Hızır launch, a measurement of the engine, is untested by the audit and said to be measured: no line says it holds', async () => {
    const a = await runAudit('scenarios/paper-hizir.yaml', {
      samples: 2,
      executor: localExecutor(0),
    });
    const launch = a.figures.find((f) => f.id === 'hizir.launch')!;
    expect(launch.movedByAssumptions).toBe(false);
    expect(launch.probabilityPaperHolds).toBeNull();
    const text = renderAudit(a);
    expect(text).toMatch(
      /hizir\.launch — no paper value\n {2}1 chatbot at every one of the 10 design points: it is measured outside the simulation \(kind measured: the Hızır engine over its test questions\), not produced by the simulated load, so no sampled assumption moves it and the audit cannot test it/,
    );
    expect(a.detail.find((d) => d.id === 'hizir.launch')!.kind).toBe('measured');
    expect(renderAuditReport(a)).toContain('it is measured outside the simulation (kind measured');
    // The legend explains P(paper holds); no figure's line gives one.
    expect(text).not.toMatch(/P\(paper holds\) [\d.]+%/);
  }, 120_000);

  it('P(paper holds) narrows as 1/sqrt(draws): four times the samples, about half the interval', async () => {
    const width = async (samples: number) => {
      const a = await runAudit(FIXTURE, { samples, executor: localExecutor(0) });
      const f = a.figures.find((x) => x.id === 'desk-wait')!;
      const [lo, hi] = f.probabilityPaperHoldsCi95!;
      return { width: hi - lo, p: f.probabilityPaperHolds! };
    };
    const small = await width(24);
    const large = await width(96);
    // Half-width ~ 1.96 sqrt(p(1-p)/2N): the ratio is 1/2 when p stays put; it moves with p.
    const expected =
      Math.sqrt((large.p * (1 - large.p)) / 192) / Math.sqrt((small.p * (1 - small.p)) / 48);
    expect(large.width / small.width).toBeGreaterThan(0.8 * expected);
    expect(large.width / small.width).toBeLessThan(1.25 * expected);
    expect(large.width).toBeLessThan(small.width);
  }, 60_000);

  it('lhs and morris rank the same driver first; the same seed gives the same audit', async () => {
    const lhs = await runAudit(FIXTURE, { samples: 20, method: 'lhs', executor: localExecutor(0) });
    expect(lhs.runs).toBe(20);
    expect(lhs.figures[0].sensitivity[0].parameter).toBe('classes.citizen.route[0].service.mean');
    const m = await runAudit(FIXTURE, { samples: 6, method: 'morris', executor: localExecutor(0) });
    expect(m.runs).toBe(6 * 3);
    const w = m.figures[0].sensitivity;
    expect(w[0].parameter).toBe('classes.citizen.route[0].service.mean');
    expect(w[0].muStar).toBeGreaterThan(0);
    expect(w[1].muStar).toBe(0);
    // Morris points share values along a trajectory: no binomial interval for them.
    expect(m.figures.every((f) => f.probabilityPaperHoldsCi95 === null)).toBe(true);
    expect(m.figures.every((f) => f.quantilesCi95 === null)).toBe(true);
    const again = await runAudit(FIXTURE, {
      samples: 20,
      method: 'lhs',
      executor: localExecutor(0),
    });
    expect(again.figures).toEqual(lhs.figures);
  });

  it('a scenario with nothing uncertain is a scenario error', async () => {
    // good.yaml has no uncertain: key at all: the message had said it "declares no uncertain
    // assumption" at `uncertain`, a key the user had never written.
    await expect(runAudit('tests/fixtures/scenarios/good.yaml', { samples: 4 })).rejects.toThrow(
      /^tests\/fixtures\/scenarios\/good\.yaml: has no uncertain: list, so there is nothing to audit: .*scenarios\/audit-konsolosluk-govtr-savings\.yaml declares some; README's "How sure is 7 million hours\?" explains them\)$/,
    );
    // An empty list is one the file declares.
    await expect(
      runAudit('tests/fixtures/scenarios/good.yaml', { samples: 4, set: ['uncertain=[]'] }),
    ).rejects.toThrow(
      /^tests\/fixtures\/scenarios\/good\.yaml: uncertain: declares no uncertain assumption, so there is nothing to audit \(add \{path, dist, \.\.\., source\} entries; scenarios\/audit-konsolosluk-govtr-savings\.yaml declares some/,
    );
  });

  it('an audit of more than 100,000 model runs is refused before its design is drawn', async () => {
    // Each would fill memory with its design, or run for days, if it started.
    for (const options of [
      { samples: 1e9 },
      { samples: 100_000, method: 'lhs' as const, replications: 2 },
      { samples: 64, replications: 1e7 },
    ]) {
      const run = runAudit(FIXTURE, { ...options, executor: localExecutor(0) });
      await expect(run, JSON.stringify(options)).rejects.toBeInstanceOf(AuditSpecError);
      await expect(run, JSON.stringify(options)).rejects.toThrow(
        /^--samples: .* model runs; at most 100,000 \(lower --samples or --replications\)$/,
      );
    }
    // Its counts are written as the rest of the output writes them, with thousands separators.
    await expect(runAudit(FIXTURE, { samples: 1e9, executor: localExecutor(0) })).rejects.toThrow(
      /^--samples: 1,000,000,000 base samples of \d+ assumptions make [\d,]+ design points × 1 replication = [\d,]+,000,000,000 model runs;/,
    );
  });
});

describe('audit: a draw the scenario refuses', () => {
  it('names the uncertain assumption and its draw, not only the scenario key; nothing runs', async () => {
    const counting = countingExecutor();
    const run = runAudit('tests/fixtures/scenarios/audit-bad-draw.yaml', {
      samples: 4,
      executor: counting,
    });
    await expect(run).rejects.toThrow(
      /^tests\/fixtures\/scenarios\/audit-bad-draw\.yaml: uncertain\[1\]: drew -?[\d.]+ for stations\.desk\.servers, which the scenario refuses there \(stations\.desk\.servers: must be a whole number from 0 to 1,000,000\)/,
    );
    // Every design point is checked before the first runs: none ran, none was queued.
    expect(counting.ran).toBe(0);
  });

  it("a design point whose demand is over the ceiling, at no one assumption's key: its draws are named, nothing runs", async () => {
    // Over 100,000 days, paper-hizir's questions a day (1,000-8,000) bring 1e8-8e8 arrivals a
    // replication: the draws above 5,000 a day are over the ceiling, and are refused at
    // `params` (the model's demand), which is no one uncertain assumption's key.
    const counting = countingExecutor();
    let progress = 0;
    const error = await runAudit('scenarios/paper-hizir.yaml', {
      samples: 8,
      method: 'lhs',
      set: ['horizon=100000d', 'interval=1d'],
      executor: counting,
      onProgress: () => progress++,
    }).then(
      () => new Error('the audit ran'),
      (err: Error) => err,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).path).toBe('params');
    expect((error as UserError).rule).toMatch(
      /^the hizir-load model builds from them a network expected to bring [\d,]+ arrivals a replication over the 100,000 days of the horizon/,
    );
    expect(error.message).toContain(
      `more than the ${MAX_ARRIVALS_PER_REPLICATION.toLocaleString('en-US')} a replication may bring`,
    );
    const point =
      /; at the audit's design point (\d+) of 8, which drew params\.questionsPerDay = (\d+), params\.officers = \d+, params\.officerMinutes\.mean = [\d.]+; no model run was started$/.exec(
        error.message,
      );
    expect(point, error.message).not.toBeNull();
    // The point named is one whose draw brings more than the ceiling over the horizon.
    expect(Number(point![2]) * 100_000).toBeGreaterThan(MAX_ARRIVALS_PER_REPLICATION);
    expect(counting.ran).toBe(0);
    expect(progress).toBe(0);
  });
});

describe('withinShares: a sensitivity index’s interval cut to [0, 1]', () => {
  it('cuts each end past 0 or 1 and names it; leaves Morris effects and intervals inside alone', () => {
    const entry = (first: [number, number], total: [number, number] | null) => ({
      parameter: 'p',
      first: 0.1,
      total: total && 0.9,
      ci95: { first, total },
    });
    expect(withinShares(entry([-0.2, 0.4], [0.7, 1.3]))).toEqual({
      ...entry([0, 0.4], [0.7, 1]),
      cut: { first: 'low', total: 'high' },
    });
    expect(withinShares(entry([-0.2, 1.1], null)).cut).toEqual({ first: 'both' });
    const inside = entry([0.05, 0.2], [0.8, 0.95]);
    expect(withinShares(inside)).toEqual(inside);
    const morris = { parameter: 'p', first: null, total: null, ci95: [-3, 5] as [number, number] };
    expect(withinShares(morris)).toBe(morris);
  });
});

describe('audit: the unit of a figure declared without one', () => {
  it("an audit: figure or a finding takes its metric's unit: minutes for a wait", async () => {
    const a = await runAudit(FIXTURE, { samples: 2, method: 'lhs', executor: localExecutor(0) });
    const unit = (id: string) => a.detail.find((d) => d.id === id)?.unit;
    expect(unit('desk-wait')).toBe('minutes');
    expect(unit('desk-served')).toBe('');
  });

  it("a model's derived figure takes the unit its model declares", () => {
    const declared = getServiceModel('konsolosluk').figures!;
    expect(metricUnit('konsolosluk', 'derived.officerHoursSavedByPreApplication')).toBe(
      declared.officerHoursSavedByPreApplication.unit,
    );
    expect(metricUnit('konsolosluk', 'derived.officerHoursSavedByPreApplication')).not.toBe('');
    expect(metricUnit('evisa', 'derived.noSuchFigure')).toBe('');
  });
});

describe('audit --set on an assumption declared uncertain', () => {
  const SERVICE = 'classes.citizen.route[0].service.mean';

  it('holds it at the value given: not sampled, every run with that value, and said so', async () => {
    const a = await runAudit(FIXTURE, {
      samples: 4,
      method: 'lhs',
      set: [`${SERVICE}=18`],
      executor: localExecutor(0),
    });
    expect(a.parameters.map((p) => p.path)).toEqual(['stations.desk.queueLimit']);
    expect(a.held).toEqual([{ path: SERVICE, value: 18 }]);
    // The service time decided the wait; held, the wait is the same in every sample, and that
    // of a run with the value given.
    const wait = a.detail.find((d) => d.id === 'desk-wait')!.values;
    expect(new Set(wait).size).toBe(1);
    const run = await runScenario(loadScenario(FIXTURE, { set: [`${SERVICE}=18`] }), {
      replications: 1,
      threads: 0,
    });
    expect(wait[0]).toBe(run.metrics['stations.desk.wait.mean'].mean);
    expect(renderAudit(a)).toContain(`Held by --set, not sampled: ${SERVICE} = 18`);
  });

  it('a --set that holds every assumption is refused, naming them', async () => {
    await expect(
      runAudit(FIXTURE, {
        samples: 4,
        method: 'lhs',
        set: [`${SERVICE}=18`, 'stations.desk.queueLimit=1000000'],
        executor: localExecutor(0),
      }),
    ).rejects.toThrow(/^--set: holds every uncertain assumption \(classes/);
  });
});
