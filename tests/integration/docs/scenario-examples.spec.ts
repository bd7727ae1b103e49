import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';

/**
 * Every whole scenario the docs show (a ```yaml block that starts with `name:`) is one a reader
 * may copy: it must load, with every key it shows, and run. A documented key the loader does not
 * know would otherwise be found by the reader, not by CI.
 */
const docs = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];
const examples = docs.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/```yaml\n(name:[\s\S]*?)```/g)].map((m, i) => ({
    name: `${file} example ${i + 1}`,
    yaml: m[1],
  })),
);
const dir = mkdtempSync(join(tmpdir(), 'consular-doc-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the scenarios the docs show', () => {
  it('there is at least one', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('$name loads and runs', async ({ yaml }) => {
    const file = join(dir, `${examples.findIndex((e) => e.yaml === yaml)}.yaml`);
    writeFileSync(file, yaml);
    const scenario = loadScenario(file, { set: ['horizon=3d', 'warmup=0', 'replications=1'] });
    const result = await runScenario(scenario, { threads: 0 });
    expect(result.metrics['totals.arrivals'].mean).toBeGreaterThan(0);
  });
});
