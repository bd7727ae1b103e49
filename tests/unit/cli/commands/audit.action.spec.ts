import 'reflect-metadata';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAudit } from '../../../../src/cli/commands/audit.action';
import { runAudit } from '../../../../src/experiment/audit';
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

  it('lhs says it gives no total-order index', async () => {
    expect(await rendered('lhs')).toContain('total-order: not estimated by lhs');
  });

  it("morris says mu*, mu and sigma are changes in the figure's unit over an assumption's range", async () => {
    const text = await rendered('morris');
    expect(text).toMatch(/^mu\*: the mean absolute change of the figure, in the figure's unit/m);
    expect(text).not.toContain('first-order:');
  });
});
