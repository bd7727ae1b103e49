/* eslint-disable @typescript-eslint/no-explicit-any -- the fuzzer mutates arbitrary YAML trees */
import 'reflect-metadata';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseUniqueKeys } from '../../../src/common/yaml-errors';
import { ScenarioError, ScenarioErrors } from '../../../src/scenario/scenario-error';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { modelParams } from '../../../src/experiment/scenario.runner';
import { envInt } from '../../helpers/fault-env';

/**
 * The shape of the scenarios/ and tests/fixtures/scenarios/ documents fuzzed, where
 * scenario.loader.spec.ts fuzzes their values: a value wrapped in a list or in lists of lists
 * (`route: [[...]]`), nested lists and mappings, an empty list or mapping, a mapping of many
 * keys, and a key repeated at any depth. Loading must succeed or fail with
 * ScenarioError/ScenarioErrors whose every line reads `file: path: rule`; a repeated key is
 * reported where the YAML parser's own check reports it. STRUCTURE_FUZZ_RUNS (default 300).
 */
const RUNS = envInt('STRUCTURE_FUZZ_RUNS', 300);
const ROOT = join(__dirname, '../../..');
const FOLDERS = ['scenarios', 'tests/fixtures/scenarios', 'tests/fixtures/scenarios/theory'];
const docs = FOLDERS.flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const file = join(ROOT, folder, f);
      let doc: any;
      try {
        doc = parse(readFileSync(file, 'utf8'));
      } catch {
        return undefined; // the fixture of a YAML mistake
      }
      if (!doc || typeof doc !== 'object') return undefined;
      // Mutated copies live in a temp dir: point `extends` and trace files at the real ones.
      if (typeof doc.extends === 'string') doc.extends = resolve(ROOT, folder, doc.extends);
      for (const src of Object.values<any>(doc.sources ?? {}))
        if (typeof src?.arrivals?.file === 'string')
          src.arrivals.file = resolve(ROOT, folder, src.arrivals.file);
      return { file: f, doc };
    })
    .filter((d) => d !== undefined),
);

type Path = (string | number)[];
function paths(v: unknown, at: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [at];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => paths(x, [...at, k]))];
}

/** `v` nested `depth` times in lists or mappings (`kinds`' letters: l a list, m a mapping). */
function nest(v: unknown, kinds: string): unknown {
  return [...kinds].reduce<unknown>((x, k) => (k === 'l' ? [x] : { a: x }), v);
}

const mutation = fc.record({
  doc: fc.nat(docs.length - 1),
  at: fc.nat(),
  op: fc.constantFrom('wrap', 'nest', 'empty', 'wide', 'repeat'),
  kinds: fc.stringMatching(/^[lm]{1,40}$/),
  empty: fc.constantFrom([], {}),
  width: fc.integer({ min: 1, max: 2000 }),
  line: fc.nat(),
});

describe('scenario files, their structure fuzzed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consular-structure-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads or fails with file: path: rule; a repeated key where the parser puts it', () => {
    let n = 0;
    const others = new Map<string, string>();
    fc.assert(
      fc.property(mutation, (m) => {
        const { file, doc } = docs[m.doc];
        const all = paths(doc).filter((p) => p.length);
        const at = all[m.at % all.length];
        const copy = structuredClone(doc);
        const parent = at.slice(0, -1).reduce<any>((o, k) => o[k], copy);
        const last = at[at.length - 1];
        if (m.op === 'wrap') parent[last] = nest(parent[last], 'l'.repeat(1 + (m.width % 3)));
        else if (m.op === 'nest') parent[last] = nest(parent[last], m.kinds);
        else if (m.op === 'empty') parent[last] = m.empty;
        else if (m.op === 'wide')
          parent[last] = Object.fromEntries(
            Array.from({ length: m.width }, (_, i) => [`k${i}`, i]),
          );
        let text = stringify(copy, { aliasDuplicateObjects: false });
        if (m.op === 'repeat') {
          // A block key line written again under itself, with another value.
          const lines = text.split('\n');
          const keyed = lines.flatMap((l, i) => (/^\s*[\w-]+:/.test(l) ? [i] : []));
          const i = keyed[m.line % keyed.length];
          lines.splice(i + 1, 0, lines[i].replace(/:.*$/, ': 7'));
          text = lines.join('\n');
          const theirs = parseDocument(text, { uniqueKeys: true }).errors;
          // Less a key the parser's recovery from a syntax error made a list or a mapping (the
          // parser's check says nothing of it; parseUniqueKeys names it, after that error).
          const ours = parseUniqueKeys(text).errors.filter((e) => e.code !== 'NON_STRING_KEY');
          expect(ours.map((e) => e.code)).toEqual(theirs.map((e) => e.code));
          // At the same place, or at the repeated key where the parser puts it in the blank
          // before it (after a key with no value, whose line end it counts to the next key).
          ours.forEach((e, k) =>
            expect(text.slice(theirs[k].pos[0], e.pos[0]).trim(), 'where').toBe(''),
          );
        }
        const path = join(dir, `${n++}-${file}`);
        writeFileSync(path, text);
        try {
          const scenario = loadScenario(path);
          if (scenario.model !== 'network') modelParams(scenario);
        } catch (err) {
          if (!(err instanceof ScenarioError || err instanceof ScenarioErrors)) {
            const e = err as Error;
            const where = e?.stack?.split('\n').find((l) => l.includes('/src/')) ?? '';
            others.set(
              `${e?.constructor?.name}: ${e?.message} ${where.trim()}`,
              `${file}: ${m.op} at ${JSON.stringify(at)}`,
            );
            return;
          }
          for (const line of err.message.split('\n'))
            expect(line, 'each problem reads file: path: rule').toMatch(/^[^:]+\.yaml: .*\S/);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
    );
    const found = [...others].map(([kind, example]) => `${kind}\n    first seen: ${example}`);
    expect(found).toEqual([]);
  }, 120_000);
});
