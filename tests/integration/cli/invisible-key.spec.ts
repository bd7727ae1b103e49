import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/fault-env';
import { ROOT, runCli } from '../../helpers/cli';

/**
 * A scenario key holding U+202E (right-to-left override) is named in the error line with the
 * character escaped: printed as it was, it reversed the rest of the line in the terminal.
 */
describe('consular-sim run: a scenario key with a bidi control', () => {
  const dir = mkdtempSync(join(tmpdir(), 'invisible-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is named escaped (\\u202e), exit code 2', async () => {
    ensureBuilt();
    const file = join(dir, 'x.yaml');
    writeFileSync(
      file,
      `${readFileSync(join(ROOT, 'scenarios/teaching-mmc.yaml'), 'utf8')}\n"\u202eevil\u0085": 1\n`,
    );
    const r = await runCli(['run', file, '--replications', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${file}: \\u202eevil\\u0085: is not a known key\n`);
  });

  it('tells a key typed as `\\u202e` from one holding U+202E, and shows a no-break space', async () => {
    ensureBuilt();
    const file = join(dir, 'y.yaml');
    writeFileSync(
      file,
      `${readFileSync(join(ROOT, 'scenarios/teaching-mmc.yaml'), 'utf8')}\n"a\\\\u202e": 1\n"b\u202e": 2\n"c\u00a0": 3\n`,
    );
    const r = await runCli(['run', file, '--replications', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        `error: ${file}: a\\\\u202e: is not a known key`,
        `${file}: b\\u202e: is not a known key`,
        `${file}: c\\u00a0: is not a known key`,
        '',
      ].join('\n'),
    );
  });
});
