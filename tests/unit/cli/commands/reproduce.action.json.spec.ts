import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadReferenceData } from '../../../../src/config/reference-data';
import { savingsAudit } from '../../../../src/evisa/evisa-savings-audit';
import type { ReproduceResult } from '../../../../src/experiment/reproduce';
import { runScenario } from '../../../../src/experiment/scenario.runner';
import { renderAudit } from '../../../../src/report/savings-audit';
import { loadScenario } from '../../../../src/scenario/scenario.loader';

// The paper scenarios take a minute: the action runs on one short paper-evisa run instead.
const run: { result?: ReproduceResult } = {};
vi.mock('../../../../src/experiment/reproduce', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../../src/experiment/reproduce')>()),
  reproduce: async () => run.result!,
}));

const SCENARIOS = resolve(__dirname, '../../../../scenarios');

beforeAll(async () => {
  const evisa = await runScenario(
    loadScenario(join(SCENARIOS, 'paper-evisa.yaml'), { set: ['horizon=60d'] }),
    { replications: 2, threads: 0 },
  );
  run.result = { figures: [], findings: [], scenarios: [evisa], elapsedSeconds: 1 };
});

afterEach(() => vi.restoreAllMocks());

describe('reproduce --json', () => {
  it('carries the savings audit the text prints, with the same numbers', async () => {
    const { reproduceAction } = await import('../../../../src/cli/commands/reproduce.action');
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    await reproduceAction({ set: [], json: true, quiet: true, threads: 0 });
    vi.restoreAllMocks();
    const json = JSON.parse(out.join('')) as { audit: ReturnType<typeof savingsAudit> };
    const expected = savingsAudit(run.result!.scenarios, loadReferenceData());
    expect(expected?.sensitivity).toBeDefined();
    expect(json.audit).toEqual(JSON.parse(JSON.stringify(expected)));
    // The text's audit, rendered from the JSON's, reads as from the run itself.
    expect(renderAudit(json.audit!)).toBe(renderAudit(expected!));
  });
});
