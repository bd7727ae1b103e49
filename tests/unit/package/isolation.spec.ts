import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Most test files share their worker's process (vitest.config.mts, isolate: false). A module
 * replaced with vi.mock would stay replaced for the files after it, so a file that mocks a module
 * must be on the config's ISOLATED list, which runs each file in a process of its own.
 */
const ROOT = join(__dirname, '..', '..', '..');

function specs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? d.name === 'node_modules'
        ? []
        : specs(join(dir, d.name))
      : d.name.endsWith('.spec.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

function isolatedList(config: string): string[] {
  const list = /const ISOLATED = \[([^\]]*)\]/.exec(config);
  if (!list) throw new Error('vitest.config.mts has no ISOLATED list');
  return [...list[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('test files that share a process', () => {
  const config = readFileSync(join(ROOT, 'vitest.config.mts'), 'utf8');
  const isolated = isolatedList(config);
  const files = [...specs(join(ROOT, 'tests')), ...specs(join(ROOT, 'src'))].map((f) =>
    relative(ROOT, f),
  );

  it('share it unless they mock a module: every file with vi.mock runs alone', () => {
    const mocking = files.filter((f) =>
      /\bvi\s*\.\s*(mock|doMock|hoisted)\s*\(/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(mocking.length).toBeGreaterThan(0);
    expect(mocking.filter((f) => !isolated.includes(f))).toEqual([]);
  });

  it('list only files that exist, and run the rest with the check that they leave it as found', () => {
    expect(isolated.filter((f) => !files.includes(f))).toEqual([]);
    expect(config).toMatch(
      /isolate: false,\s*setupFiles: \['tests\/helpers\/leave-process-as-found\.ts'\]/,
    );
  });
});
