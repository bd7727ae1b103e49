import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../../helpers/fault-env';
import { ROOT, runCli } from '../../../helpers/cli';

beforeAll(() => ensureBuilt(), 120_000);

/** A folder of one's own, away from the repository, to run consular-sim from. */
const elsewhere = mkdtempSync(join(tmpdir(), 'consular-newcomer-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

// Slips a newcomer makes on a first run, each met with a message that says what to do instead.
describe('consular-sim: a newcomer’s slips get what to write instead', () => {
  it('a shipped scenario named from another folder is found and named, exit 2', async () => {
    // It had said only "teaching-mmc.yaml: file not found".
    for (const name of ['teaching-mmc.yaml', 'teaching-mmc']) {
      const r = await runCli(['run', name], {}, elsewhere);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(
        `error: ${name}: file not found (did you mean ${join(ROOT, 'scenarios', 'teaching-mmc.yaml')}?)`,
      );
    }
  });

  it('a decimal comma in --set is named, with the number to write, exit 2', async () => {
    // Turkish writes 9.5 as 9,5; the rule alone ("must be a number greater than 0") seemed to
    // refuse 9.5 itself.
    const r = await runCli([
      'run',
      'scenarios/teaching-mmc.yaml',
      '--set',
      'sources.walk-ins.arrivals.perHour=9,5',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error: scenarios/teaching-mmc.yaml: sources.walk-ins.arrivals.perHour: must be a number greater than 0; the value comes from --set sources.walk-ins.arrivals.perHour=9,5, not from the file; a decimal is written with a point: for 9,5, write 9.5',
    );
    expect(r.stdout).toBe('');
  });

  it('compare given scenario files says it takes run folders, exit 2', async () => {
    // It had said "is not valid JSON (Unexpected token '#', ...)".
    const file = 'scenarios/teaching-mmc.yaml';
    const r = await runCli(['compare', file, file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error: ${join(ROOT, file)}: is a scenario file, not a run: compare takes two folders written by consular-sim run <scenario> --out (consular-sim run ${join(ROOT, file)} --out out/a first)`,
    );
  });
});
