/* eslint-disable @typescript-eslint/no-explicit-any -- the fuzzer mutates arbitrary YAML trees */
import 'reflect-metadata';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError, ScenarioErrors } from '../../../src/scenario/scenario-error';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { modelParams } from '../../../src/experiment/scenario.runner';
import { envInt } from '../../helpers/fault-env';

/**
 * Scenario files fuzzed: the scenarios/ documents with a key deleted, a value of the wrong
 * type, an unknown key, or garbage instead of YAML. Loading must succeed or fail with
 * ScenarioError/ScenarioErrors whose every line reads `file: path: rule` — never another
 * exception. SCENARIO_FUZZ_RUNS (default 600).
 */
const RUNS = envInt('SCENARIO_FUZZ_RUNS', 600);
const SCENARIOS = join(__dirname, '../../../scenarios');
const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));
const docs = files.map((f) => {
  const doc = parse(readFileSync(join(SCENARIOS, f), 'utf8')) as Record<string, unknown>;
  // Mutated copies live in a temp dir: point `extends` back at the real base file.
  if (typeof doc.extends === 'string') doc.extends = resolve(SCENARIOS, doc.extends);
  return { file: f, doc };
});

type Path = (string | number)[];
function paths(v: unknown, at: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [at];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => paths(x, [...at, k]))];
}

const wrongValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('5x', '-1', 'NaN', '1e400', '90 m', '2020-13-45', '', 'poisson', 'exponential'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

const mutation = fc.record({
  doc: fc.nat(docs.length - 1),
  at: fc.nat(),
  op: fc.constantFrom('delete', 'retype', 'unknown-key', 'garbage', 'several'),
  value: wrongValue,
  key: fc.string({ minLength: 1, maxLength: 12 }),
  garbage: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })),
  seeds: fc.array(fc.nat(), { minLength: 2, maxLength: 5 }),
});

function mutate(doc: unknown, at: Path, op: string, value: unknown, key: string): unknown {
  const copy = structuredClone(doc);
  if (!at.length) return op === 'retype' ? value : copy;
  const parent = at
    .slice(0, -1)
    .reduce<any>((o, k) => (o && typeof o === 'object' ? o[k] : undefined), copy);
  // An earlier mutation removed or retyped this path's parent: nothing left to mutate.
  if (!parent || typeof parent !== 'object') return copy;
  const last = at[at.length - 1];
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === 'unknown-key') {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) target[key] = value;
    else parent[`${key}_x`] = value;
  } else parent[last] = value;
  return copy;
}

describe('scenario files, fuzzed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consular-scenario-fuzz-'));
  const tally = { ok: 0, scenarioErrors: 0, other: 0 };
  /** Other exceptions by kind, with the first mutation that raised each. */
  const others = new Map<string, string>();
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `scenario-fuzz: ${tally.ok + tally.scenarioErrors + tally.other} mutated scenario files from ${docs.length} in scenarios/: ${tally.ok} load, ${tally.scenarioErrors} rejected with file: path: rule errors, ${tally.other} other exceptions`,
    );
  });

  it('loads or fails with file: path: rule, never another exception', () => {
    let n = 0;
    fc.assert(
      fc.property(mutation, (m) => {
        const { file, doc } = docs[m.doc];
        const all = paths(doc);
        let text: string;
        if (m.op === 'garbage') text = m.garbage;
        else {
          let out: unknown = doc;
          const picks = m.op === 'several' ? m.seeds : [m.at];
          for (const p of picks) {
            const ops = ['delete', 'retype', 'unknown-key'];
            const path = all[p % all.length];
            out = mutate(out, path, m.op === 'several' ? ops[p % 3] : m.op, m.value, m.key);
          }
          text = stringify(out);
        }
        const path = join(dir, `${n++}-${file}`);
        writeFileSync(path, text);
        try {
          const scenario = loadScenario(path);
          if (scenario.model !== 'network') modelParams(scenario);
          tally.ok++;
        } catch (err) {
          if (!(err instanceof ScenarioError || err instanceof ScenarioErrors)) {
            tally.other++;
            const e = err as Error;
            const where =
              e?.stack
                ?.split('\n')
                .find((l) => l.includes('/src/'))
                ?.trim() ?? '';
            const kind = `${e?.constructor?.name}: ${e?.message} ${where}`;
            if (!others.has(kind))
              others.set(kind, `${file}: ${m.op} at ${JSON.stringify(all[m.at % all.length])}`);
            return;
          }
          tally.scenarioErrors++;
          for (const line of err.message.split('\n'))
            // A key that is blank or spaces shows as such (`file:  _x: ...`): the loader does not quote key names.
            expect(line, 'each problem reads file: path: rule').toMatch(/^[^:]+\.yaml: .*\S/);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
    const found = [...others].map(([kind, example]) => `${kind}\n    first seen: ${example}`);
    if (found.length)
      console.log(`scenario-fuzz: exceptions that are not ScenarioError:\n  ${found.join('\n  ')}`);
    expect(found).toEqual([]);
  }, 120_000);
});
