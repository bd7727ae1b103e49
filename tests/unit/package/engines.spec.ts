import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README says Node 20.19+; `npm ci` must not warn that a runtime dependency wants more.
const ROOT = join(__dirname, '..', '..', '..');
const OUR_NODE = [20, 19, 0];

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Whether a version satisfies an engines range made of `>=x`, `^x.y.z`, `x`, `x || y` parts. */
export function satisfies(version: number[], range: string): boolean {
  return range.split('||').some((part) =>
    part
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .every((c) => {
        const m = /^(>=|<=|>|<|\^|~)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(c);
        if (!m) return c === '*' || c === '';
        const v = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
        const cmp = compare(version, v);
        switch (m[1]) {
          case '>=':
            return cmp >= 0;
          case '>':
            return cmp > 0;
          case '<=':
            return cmp <= 0;
          case '<':
            return cmp < 0;
          case '^':
            return cmp >= 0 && version[0] === v[0];
          case '~':
            return cmp >= 0 && version[0] === v[0] && version[1] === v[1];
          default:
            return m[3] === undefined ? version[0] === v[0] : cmp === 0;
        }
      }),
  );
}

describe('Node 20.19 runs every runtime dependency', () => {
  it('the range parser', () => {
    expect(satisfies(OUR_NODE, '>=22')).toBe(false);
    expect(satisfies(OUR_NODE, '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies(OUR_NODE, '^18.18.0 || ^20.9.0 || >=21.1.0')).toBe(true);
    expect(satisfies(OUR_NODE, '20 || >=22')).toBe(true);
    expect(satisfies(OUR_NODE, '>=20')).toBe(true);
    expect(satisfies(OUR_NODE, '>= 0.6')).toBe(true);
    expect(satisfies(OUR_NODE, '>= 22')).toBe(false);
  });

  it('no package in package-lock.json that the CLI or the API load asks for a newer Node', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }>;
    };
    const refused = Object.entries(lock.packages)
      .filter(([name, p]) => name && !p.dev && !Array.isArray(p.engines) && p.engines?.node)
      .filter(([, p]) => !satisfies(OUR_NODE, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} (${(p.engines as { node: string }).node})`);
    expect(refused).toEqual([]);
  });
});
