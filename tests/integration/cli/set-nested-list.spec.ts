import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { ROOT, runCli } from '../../helpers/cli';

/**
 * A key whose value is one mapping (a step's `exit`, `translations`, `translations.tr`) given a
 * list, by --set or in the file: class-validator checked a list item by item, so `exit=[]` (and
 * a list of exits) ran as if the step had no exit, and `translations.tr=[]` was an internal
 * error. Both ways now get the one error naming the key and its rule, exit code 2.
 */
describe('consular-sim run: a list where a key takes one mapping', () => {
  const dir = mkdtempSync(join(tmpdir(), 'set-nested-list-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const mmc = join(ROOT, 'scenarios/teaching-mmc.yaml');
  const exitRule =
    'must be a mapping such as {probability: 0.1, outcome: refused}: the chance of leaving after this step, and the outcome it is counted under';

  it('refuses a step exit given as a list in the file and by --set alike', async () => {
    ensureBuilt();
    const file = join(dir, 'exit.yaml');
    writeFileSync(
      file,
      readFileSync(mmc, 'utf8').replace(
        'service: { dist: exponential, mean: 60 }',
        'service: { dist: exponential, mean: 60 }\n        exit: []',
      ),
    );
    const inFile = await runCli(['run', file, '--replications', '1']);
    expect(inFile.code).toBe(2);
    expect(inFile.stderr).toBe(`error: ${file}: classes.citizen.route[0].exit: ${exitRule}\n`);
    for (const value of ['[]', '[{probability: 1, outcome: left}]']) {
      const set = `classes.citizen.route[0].exit=${value}`;
      const r = await runCli(['run', mmc, '--replications', '1', '--set', set]);
      expect({ set, code: r.code }).toEqual({ set, code: 2 });
      expect(r.stderr).toContain(
        `classes.citizen.route[0].exit: ${exitRule}; the value comes from --set ${set}`,
      );
    }
    // A mapping is still taken.
    const ok = await runCli([
      'run',
      mmc,
      '--replications',
      '1',
      '--quiet',
      '--set',
      'warmup=1h',
      '--set',
      'horizon=1d',
      '--set',
      'classes.citizen.route[0].exit={probability: 0.1, outcome: left}',
    ]);
    expect(ok.code).toBe(0);
  }, 60_000);

  it('refuses translations and their language given as a list, without an internal error', async () => {
    ensureBuilt();
    for (const [set, rule] of [
      [
        'translations=[]',
        'must be a mapping of language codes to translations, e.g. {tr: {title: ...}}',
      ],
      [
        'translations.tr=[]',
        'must be a mapping such as {title: ..., description: ...}: the texts in that language',
      ],
    ]) {
      const r = await runCli(['run', mmc, '--replications', '1', '--set', set]);
      expect({ set, code: r.code }).toEqual({ set, code: 2 });
      expect(r.stderr).toContain(
        `${set.split('=')[0]}: ${rule}; the value comes from --set ${set}`,
      );
    }
  }, 60_000);
});
