import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's "How it is built" table is the layout of src/, lowest folder first, and a folder
 * imports only folders listed before it. This holds the table to the code: every folder of src/
 * is in it, every folder it names exists, every import between folders of src/ runs down the
 * list, and the lint rule's layers (eslint.config.mjs) put the folders in the same order. A new
 * folder, a moved one or an import that runs back up fails here, not in a reader's head.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

function readmeOrder(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## How it is built$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| `src\//.test(l));
  return rows.flatMap((row) =>
    [...row.split('|')[1].matchAll(/`src\/([\w-]+)\/`/g)].map((m) => m[1]),
  );
}

function lintLayers(): string[][] {
  const config = readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8');
  const block = /const LAYERS = \[([\s\S]*?)\n\];/.exec(config)?.[1] ?? '';
  return [...block.matchAll(/\[([^\]]*)\]/g)].map((m) =>
    [...m[1].matchAll(/'([\w-]+)'/g)].map((x) => x[1]),
  );
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Folders of src/ that hold code. */
const folders = readdirSync(SRC).filter(
  (f) => statSync(join(SRC, f)).isDirectory() && tsFiles(join(SRC, f)).length > 0,
);

/** Every import (static, dynamic or require) from one folder of src/ into another: [from, to, where]. */
function crossImports(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const from of folders) {
    for (const file of tsFiles(join(SRC, from))) {
      const text = readFileSync(file, 'utf8');
      const specs = [...text.matchAll(/(?:from|import\(|require\()\s*'(\.{1,2}\/[^']+)'/g)].map(
        (m) => m[1],
      );
      for (const spec of specs) {
        const target = relative(SRC, resolve(dirname(file), spec));
        if (target.startsWith('..')) continue;
        const to = target.split(sep)[0];
        if (to !== from) out.push([from, to, `${relative(ROOT, file)} imports ${spec}`]);
      }
    }
  }
  return out;
}

describe('the README\'s "How it is built" is the layout of src/', () => {
  const order = readmeOrder();

  it('names every folder of src/ once, and only folders that exist', () => {
    expect(order.length).toBeGreaterThan(5);
    expect(new Set(order).size).toBe(order.length);
    expect([...order].sort()).toEqual([...folders].sort());
  });

  it('every import between folders runs down the list (a folder imports only earlier ones)', () => {
    const imports = crossImports();
    // The scan finds the imports there are (the kernel's own UserError comes from common/).
    expect(imports.some(([from, to]) => from === 'sim' && to === 'common')).toBe(true);
    const up = imports.filter(([from, to]) => order.indexOf(to) > order.indexOf(from));
    expect(up.map(([, , where]) => where)).toEqual([]);
  });

  it('puts the folders in the order of the lint rule that enforces it', () => {
    const layers = lintLayers();
    expect(layers.flat().sort()).toEqual([...order].sort());
    const rank = new Map(layers.flatMap((fs, r) => fs.map((f) => [f, r] as const)));
    for (let i = 1; i < order.length; i++)
      expect(
        rank.get(order[i - 1])! <= rank.get(order[i])!,
        `${order[i - 1]} before ${order[i]}`,
      ).toBe(true);
  });
});
