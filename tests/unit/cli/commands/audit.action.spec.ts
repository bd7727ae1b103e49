import 'reflect-metadata';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexCell, renderAudit } from '../../../../src/cli/commands/audit.action';
import { auditJson, runAudit } from '../../../../src/experiment/audit';
import { renderAuditReport } from '../../../../src/report/audit-report';
import { localExecutor } from '../../../../src/experiment/experiment';

const FIXTURE = resolve('tests/fixtures/scenarios/audit-known.yaml');

async function rendered(method: 'sobol' | 'lhs' | 'morris'): Promise<string> {
  const executor = localExecutor(0);
  try {
    return renderAudit(await runAudit(FIXTURE, { samples: 4, method, executor }));
  } finally {
    await executor.close();
  }
}

describe('renderAudit: the columns are explained under the tables', () => {
  it('sobol says what a first- and a total-order index is, and why one may pass 1', async () => {
    const text = await rendered('sobol');
    expect(text).toMatch(/^p5, p50, p95: the figure's percentiles .* P\(paper holds\): /m);
    expect(text).toMatch(
      /^first-order: the share of the figure's variance .*; total-order: the same with its interactions/m,
    );
    expect(text).toContain('below 0 or above 1');
  });

  // The legend said "an index and its interval can fall below 0 or above 1", while every
  // interval is cut to 0–1 (withinShares) and the help says so.
  it.each(['sobol', 'lhs'] as const)(
    '%s: the legend says the intervals are cut to 0–1, as every printed interval is',
    async (method) => {
      const text = await rendered(method);
      expect(text).not.toMatch(/interval can fall below 0/);
      expect(text).toMatch(/its 95% interval is cut to 0–1/);
      const ends = [...text.matchAll(/\((-?[\d.]+) to (-?[\d.]+)\)/g)].flatMap((m) => [
        Number(m[1]),
        Number(m[2]),
      ]);
      expect(ends.length).toBeGreaterThan(0);
      for (const e of ends) expect(e >= 0 && e <= 1, String(e)).toBe(true);
    },
  );

  it('lhs says it gives no total-order index', async () => {
    expect(await rendered('lhs')).toContain('total-order: not estimated by lhs');
  });

  it("morris says mu*, mu and sigma are changes in the figure's unit over an assumption's range", async () => {
    const text = await rendered('morris');
    expect(text).toMatch(/^mu\*: the mean absolute change of the figure, in the figure's unit/m);
    expect(text).not.toContain('first-order:');
  });
});

describe('renderAudit: morris effects as the figure is written, with the interval of mu*', () => {
  it('writes mu*, mu and sigma to the digits of the figure, and mu* with its 95% CI', async () => {
    const executor = localExecutor(0);
    let report: Awaited<ReturnType<typeof runAudit>>;
    try {
      report = await runAudit(FIXTURE, { samples: 4, method: 'morris', executor });
    } finally {
      await executor.close();
    }
    // Effects in hours on a figure of millions, as paper-evisa's officer hours give them.
    report.figures[0].sensitivity[0] = {
      ...report.figures[0].sensitivity[0],
      muStar: 2902785.4702685643,
      mu: -2311658.1594,
      sigma: 300779.8592716179,
      ci95: [2718029.4344038996, 3065875.744287339],
    };
    const text = renderAudit(report);
    expect(text).toContain('mu* (95% CI)');
    const param = report.figures[0].sensitivity[0].parameter;
    const row = text.split('\n').find((l) => l.startsWith(`  ${param}  `))!;
    expect(row).toMatch(/2,902,785 \(2,718,029 to 3,065,876\)\s+-2,311,658\s+300,780/);
    expect(row).not.toMatch(/\d\.\d/);
    expect(text).toContain('the 95% CI of mu* is a bootstrap interval');
  });
});

describe('renderAudit: an index and its interval keep their order when written', () => {
  // paper-evisa, --samples 8, seed 2013: screening refusals' first-order index on the minutes
  // saved read "4.24e-4 (0 to 0.00)", the index above its own interval (0 to 0.0016).
  const cells = (text: string, param: string) => {
    const row = text.split('\n').find((l) => l.startsWith(`  ${param}  `))!;
    return [
      ...row.matchAll(/(-?[\d.]+(?:e-?\d+)?) \((-?[\d.]+(?:e-?\d+)?) to (-?[\d.]+(?:e-?\d+)?)\)/g),
    ].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
  };

  it('writes a small index and its interval to one scale', async () => {
    const executor = localExecutor(0);
    let report: Awaited<ReturnType<typeof runAudit>>;
    try {
      report = await runAudit(FIXTURE, { samples: 4, method: 'sobol', executor });
    } finally {
      await executor.close();
    }
    report.figures[0].sensitivity[0] = {
      ...report.figures[0].sensitivity[0],
      first: 0.00042414579172813906,
      total: 1.8470825818050418e-6,
      ci95: {
        first: [0, 0.001556484511140518],
        total: [1.0192442070088196e-6, 4.150754898194291e-6],
      },
      cut: { first: 'low' },
    };
    const param = report.figures[0].sensitivity[0].parameter;
    const [first, total] = cells(renderAudit(report), param);
    expect(first).toEqual([0.0004, 0, 0.0016]);
    expect(total).toEqual([1.85e-6, 1.02e-6, 4.15e-6]);
  });

  it('never writes an index inside its interval as outside it', () => {
    const read = (s: string) =>
      s
        .match(/^(-?[\d.,]+(?:e-?\d+)?) \((-?[\d.,]+(?:e-?\d+)?) to (-?[\d.,]+(?:e-?\d+)?)\)$/)!
        .slice(1)
        .map(Number);
    const cases: [number, [number, number]][] = [
      [0.00042, [0, 0.0016]],
      [0.0049, [0.003, 0.012]],
      [0.004, [0.0001, 0.3]],
      [-0.0003, [0, 0.0001]],
      [0.12, [0.0004, 0.5]],
      [2e-7, [1e-7, 0.02]],
      [0.63, [0.48, 0.84]],
    ];
    for (const [v, [lo, hi]] of cases) {
      const [pv, plo, phi] = read(indexCell(v, [lo, hi]));
      // A cut interval may leave its estimate outside (-0.0003 below 0); the order of the raw
      // numbers is the order written.
      expect(Math.sign(pv - plo) * Math.sign(v - lo), `${v} vs ${lo}`).toBeGreaterThanOrEqual(0);
      expect(Math.sign(phi - pv) * Math.sign(hi - v), `${v} vs ${hi}`).toBeGreaterThanOrEqual(0);
      // A bound that is not 0 is not written as 0.
      if (hi !== 0) expect(phi, indexCell(v, [lo, hi])).not.toBe(0);
    }
    expect(indexCell(-0.0003, [0, 0.0001])).toBe('-0.0003 (0 to 0.0001)');
    expect(indexCell(0.63, [0.48, 0.84])).toBe('0.63 (0.48 to 0.84)');
    expect(indexCell(1.04, [0.4, 1])).toBe('1.04 (0.40 to 1)');
  });
});

describe('renderAudit: claims that rest on inputs', () => {
  // audit-inputs.yaml audits the Diplomatic Portal's diplomats (reproduces: kind input), the
  // requests its demand brings (audit.figures: an input the model declares) and its officer hours
  // (simulated). The audit had called every finding and audit figure emergent and listed all three
  // alike, as evidence from the simulation.
  const INPUTS = resolve('tests/fixtures/scenarios/audit-inputs.yaml');
  let audit: Awaited<ReturnType<typeof runAudit>>;
  beforeAll(async () => {
    const executor = localExecutor(0);
    try {
      audit = await runAudit(INPUTS, { samples: 4, method: 'lhs', executor });
    } finally {
      await executor.close();
    }
  }, 60_000);

  it('gives each claim the kind of the figure it is checked against, in --json too', () => {
    const kinds = Object.fromEntries(auditJson(audit).figures.map((f) => [f.id, f.kind]));
    expect(kinds).toEqual({
      'diplomatic_portal.diplomats': 'input',
      'derived.officerHours': 'emergent',
      requests: 'input',
    });
  });

  it('groups the claims on inputs under their heading and says they are no evidence', () => {
    const text = renderAudit(audit);
    const inputs = text.indexOf('\nInputs (set by the scenario, not simulated):\n');
    const derived = text.indexOf('\nFigures derived from the run:\n');
    expect(inputs).toBeGreaterThan(0);
    expect(derived).toBeGreaterThan(inputs);
    const group = text.slice(inputs, derived);
    expect(group).toContain('not evidence from the simulation');
    expect(group).toContain('diplomatic_portal.diplomats — paper > 20,000');
    expect(group).toContain('requests — no paper value');
    expect(group).toContain('it repeats an input the scenario sets (kind input)');
    expect(text.slice(derived)).toContain('derived.officerHours — no paper value');
    const html = renderAuditReport(audit, new Date(0));
    expect(html).toContain('<section id="input-claims" data-section="input-figures">');
    expect(html.match(/data-kind="input"/g)).toHaveLength(2);
  });
});
