import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import structure README's "How it is built" describes: no two files of src/ import each
 * other, directly or through others (lazily loaded modules included: `import('./x')` is an
 * import too), and the feature folders stand in layers, so no folder imports one that imports
 * it back. A cycle had come in unseen (run.action.ts took its --engine choices from
 * run.command.ts, which loads run.action.ts).
 */
const SRC = resolve(__dirname, '../../../src');

const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join(SRC, f));

/** Relative imports of a source file: static, re-exports, side-effect only and import(). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')])
    if (existsSync(candidate)) return candidate;
  return undefined;
}

/** Strips comments so an example in a doc comment is not read as an import. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const graph = new Map<string, string[]>(
  files.map((file) => [
    file,
    [...code(readFileSync(file, 'utf8')).matchAll(IMPORT)]
      .map((m) => resolveImport(file, m[1]!))
      .filter((f): f is string => f !== undefined && f.startsWith(SRC)),
  ]),
);

/** The folder of src/ a file belongs to (its first path segment). */
const folderOf = (file: string): string => relative(SRC, file).split(/[\\/]/)[0]!;

/** Every cycle's files, found by a depth-first search (one per strongly tied group is enough). */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'open') found.push(path.slice(path.indexOf(next)));
      else if (s === undefined) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the import structure of src/', () => {
  it('reads the imports it checks (a sanity check of the reader itself)', () => {
    expect(files.length).toBeGreaterThan(100);
    const cli = graph.get(join(SRC, 'cli/commands/run.command.ts')) ?? [];
    // A lazily loaded action is an import: run.command.ts loads run.action.ts with import().
    expect(cli).toContain(join(SRC, 'cli/commands/run.action.ts'));
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no two files that import each other, directly or through others', () => {
    const named = cycles(graph).map((c) => c.map((f) => relative(SRC, f)));
    expect(named).toEqual([]);
  });

  it('has folders in layers: none imports a folder that imports it back', () => {
    const folders = new Map<string, Set<string>>();
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      const set = folders.get(from) ?? new Set<string>();
      for (const f of imports) if (folderOf(f) !== from) set.add(folderOf(f));
      folders.set(from, set);
    }
    const edges = new Map([...folders].map(([k, v]) => [k, [...v]]));
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps the kernel (src/sim) and the shared helpers (src/common) at the bottom', () => {
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      if (from !== 'sim' && from !== 'common') continue;
      const above = imports.map(folderOf).filter((f) => f !== from && f !== 'common');
      expect(above, relative(SRC, file)).toEqual([]);
    }
  });
});
