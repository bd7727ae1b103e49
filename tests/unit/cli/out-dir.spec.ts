import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/errors';
import { outputDir } from '../../../src/cli/out-dir';

const root = mkdtempSync(join(tmpdir(), 'out-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('outputDir: where --out writes, checked before any run', () => {
  it('makes a new directory with its parents and returns its full path', () => {
    const dir = outputDir(join(root, 'a', 'b', 'c'));
    expect(dir).toBe(join(root, 'a', 'b', 'c'));
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(outputDir(dir)).toBe(dir); // an existing directory is fine
  });

  it('a file, or a path under a file, is a usage error naming the option', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    for (const path of [file, join(file, 'sub', 'deeper')]) {
      expect(() => outputDir(path)).toThrow(UsageError);
      expect(() => outputDir(path)).toThrow(
        `--out: '${path}' is a file (or lies under one), not a directory`,
      );
    }
    expect(existsSync(join(file, 'sub'))).toBe(false);
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a directory /proc will not make is a usage error at once (a recursive mkdir there never returns)',
    () => {
      expect(() => outputDir('/proc/consular-sim-out', '--out')).toThrow(
        /^--out: '\/proc\/consular-sim-out' cannot be made: ENOENT/,
      );
    },
  );
});
