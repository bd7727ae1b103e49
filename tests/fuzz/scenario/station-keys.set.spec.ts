import 'reflect-metadata';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/common/user-error';
import { ScenarioErrors } from '../../../src/scenario/scenario-error';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { dottedPath } from '../../../src/scenario/set-path';
import { runScenario } from '../../../src/experiment/scenario.runner';
import type { ReplicationPool } from '../../../src/experiment/replications';
import { renderSummary } from '../../../src/report/summary.report';
import { renderReport } from '../../../src/report/html-report';
import { envInt } from '../../helpers/fault-env';

/**
 * The keys of a station's retrial rule and its labels, fuzzed from outside, as a user types
 * them: `--set stations.desk.retrial=...`, `.retrial.probability=`, `.retrial.meanDelayMinutes=`,
 * `.retrial.maxRetries=`, `.label=` and `translations.tr.stations.desk=`, with random and
 * hostile YAML values (NaN, Infinity, -0, 1e400, huge strings, control characters, HTML,
 * nested lists, anchors and aliases). Each set of overrides either loads into a scenario that
 * runs (a day, one replication, in a thread a timer can stop) and renders, or is refused with
 * a UserError whose every problem names a path under the one overridden and a rule; never
 * another exception, never a hang. STATION_KEYS_FUZZ_RUNS (default 300).
 *
 * The runs go to a replication thread, which a timer can stop where a run in this thread
 * stuck in a loop would stop the test itself. Threads load the compiled worker from dist/
 * (as tests/integration/experiment/replications.spec.ts): built here if it is missing.
 */
const RUNS = envInt('STATION_KEYS_FUZZ_RUNS', 300);
const FILE = 'scenarios/teaching-queue-retrial.yaml';
/** A day of the desk runs in well under a second; a run that takes this long is stuck. */
const RUN_DEADLINE_MS = 20_000;

const PATHS = [
  'stations.desk.retrial',
  'stations.desk.retrial.probability',
  'stations.desk.retrial.meanDelayMinutes',
  'stations.desk.retrial.maxRetries',
  'stations.desk.label',
  'translations.tr.stations.desk',
] as const;

/** A number as YAML writes it: NaN and the infinities as .nan, .inf, -.inf; -0 as -0. */
function yamlNumber(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 0.7, 1e-300, 5e-324, 1e300, 2 ** 53 + 1),
);

/**
 * Values each key may take, at their edges: a probability from 0 to 1, a delay from the
 * smallest double up, any number of retries or none, any text; so that a good share of the
 * cases load and run.
 */
const probabilityYaml = fc.oneof(
  fc.constantFrom('0', '1', '-0', '0.7'),
  fc.double({ min: 0, max: 1, noNaN: true }).map(yamlNumber),
);
const delayYaml = fc.oneof(
  fc.constantFrom('5e-324', '1e-300', '1e-9', '0.001', '1', '30', '1e15'),
  fc.double({ min: 5e-324, max: 1e4, noNaN: true }).map(yamlNumber),
);
const retriesYaml = fc.oneof(
  fc.constantFrom('null', '0', '-0', '1e300', String(2 ** 53)),
  fc.nat(20).map(String),
);
const textYaml = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  )
  .map((t) => JSON.stringify(t));
const retrialYaml = fc
  .record(
    { probability: probabilityYaml, meanDelayMinutes: delayYaml, maxRetries: retriesYaml },
    { requiredKeys: ['probability', 'meanDelayMinutes'] },
  )
  .map(
    (r) =>
      `{${Object.entries(r)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}}`,
  );
const PLAUSIBLE: Record<(typeof PATHS)[number], fc.Arbitrary<string>> = {
  'stations.desk.retrial': retrialYaml,
  'stations.desk.retrial.probability': probabilityYaml,
  'stations.desk.retrial.meanDelayMinutes': delayYaml,
  'stations.desk.retrial.maxRetries': retriesYaml,
  'stations.desk.label': textYaml,
  'translations.tr.stations.desk': textYaml,
};

/** YAML text for a value, as typed after `=`. */
const hostileYaml = fc.oneof(
  hostileNumber.map(yamlNumber),
  fc.constantFrom(
    'NaN',
    '.NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-1e400',
    '-0',
    '0x10',
    '0o7',
    '1_000',
    '',
    'null',
    '~',
    'true',
    'no',
    '30 m',
    '"0.5"',
    '[0.5]',
    '[1, [2, [3, [4]]]]',
    '[[[[[[]]]]]]',
    '{}',
    '{probability: 1, meanDelayMinutes: 1e-300}',
    '{probability: 1, meanDelayMinutes: 5e-324, maxRetries: 1e300}',
    '{probability: .nan, meanDelayMinutes: .inf}',
    '{probability: 0.5, meanDelayMinutes: 30, maxRetries: -0}',
    '{probability: 0.5, meanDelayMinutes: 30, extra: 1}',
    '{probability: [1], meanDelayMinutes: {a: 1}}',
    '&a [1, *a]',
    '&a {x: *a}',
    '{a: &x 1, b: *x}',
    '*nowhere',
    '&a [&b [&c [x, x], *c, *c], *b, *b]',
    '[&x [1,2,3,4,5,6,7,8,9], *x, *x, *x, *x, *x, *x, *x, *x, *x, *x, *x]',
    '!!js/function "function(){}"',
    '!!binary aGVsbG8=',
    '{__proto__: {polluted: 1}}',
    '<script>alert(1)</script>',
    '"<img src=x onerror=alert(1)>"',
    '"\\e[2J\\e]0;pwned\\a"',
    '"a\\0b"',
    '"\\u202eevil"',
    '"   "',
    "'&lt;b&gt; & \"quotes\" ''single'''",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Text with control characters, quoted so that YAML keeps them.
  fc
    .string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) })
    .map((s) => JSON.stringify(s)),
  // Huge strings: a label of a hundred thousand characters, with markup in it.
  fc
    .tuple(
      fc.integer({ min: 1_000, max: 200_000 }),
      fc.constantFrom('x', '<b>', '\u00e7', 'é\u0301'),
    )
    .map(([n, unit]) => JSON.stringify(unit.repeat(Math.ceil(n / unit.length)))),
  fc
    .record(
      {
        probability: hostileNumber,
        meanDelayMinutes: hostileNumber,
        maxRetries: fc.oneof(hostileNumber, fc.nat(10)),
      },
      { requiredKeys: [] },
    )
    .map(
      (r) =>
        `{${Object.entries(r)
          .map(([k, v]) => `${k}: ${yamlNumber(v)}`)
          .join(', ')}}`,
    ),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

/** One to three overrides, each of a value its key may take or, as often, of a hostile one. */
const overrides = fc.array(
  fc
    .constantFrom(...PATHS)
    .chain((path) =>
      fc.record({ path: fc.constant(path), value: fc.oneof(PLAUSIBLE[path], hostileYaml) }),
    ),
  { minLength: 1, maxLength: 3 },
);

const DIST = join(__dirname, '../../../dist');
/** One replication thread of the build, a timer's to stop. */
function newPool(): ReplicationPool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const built = require(join(DIST, 'experiment/replications.js')) as {
    ReplicationPool: new (size: number) => ReplicationPool;
  };
  return new built.ReplicationPool(1);
}

describe('--set on a station’s retrial rule and labels, fuzzed', () => {
  let pool: ReplicationPool;
  beforeAll(() => {
    if (!existsSync(join(DIST, 'experiment', 'replication.worker.js'))) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: join(DIST, '..'), encoding: 'utf8' });
      if (build.status !== 0)
        throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
    pool = newPool();
  }, 120_000);
  const tally = { ran: 0, refused: 0 };
  afterAll(async () => {
    await pool.close();
    console.log(`station-keys-fuzz: ${tally.ran} ran, ${tally.refused} refused with a UserError`);
  });

  it('runs, or is refused with a UserError naming the path and a rule; never another error or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(overrides, async (sets) => {
        const set = sets.map(({ path, value }) => `${path}=${value}`);
        let scenario;
        try {
          scenario = loadScenario(FILE, {
            set: ['horizon=1d', 'warmup=0', 'replications=1', ...set],
          });
        } catch (err) {
          expect(err, String(err)).toBeInstanceOf(UserError);
          const problems = err instanceof ScenarioErrors ? err.errors : [err as UserError];
          for (const p of problems) {
            // The path is one of those overridden, or a key under one (retrial.probability of
            // `retrial={...}`), and the rule says what it must be.
            expect(
              sets.some(({ path }) => {
                const at = dottedPath(p.path);
                return at === path || at.startsWith(`${path}.`);
              }),
              `${p.message}\nafter ${set.join(' ')}`,
            ).toBe(true);
            expect(p.rule, p.message).toMatch(/\S/);
          }
          tally.refused++;
          return;
        }
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'stuck'>((resolve) => {
          timer = setTimeout(() => resolve('stuck'), RUN_DEADLINE_MS);
        });
        const result = await Promise.race([runScenario(scenario, { pool }), deadline]).finally(() =>
          clearTimeout(timer),
        );
        if (result === 'stuck') {
          // Stop the thread and start another, so that the report names the case and ends.
          await pool.close();
          pool = newPool();
          expect.fail(`a day of the desk ran over ${RUN_DEADLINE_MS} ms after ${set.join(' ')}`);
        }
        // Its pages render, and a label's markup is text on them, never markup.
        expect(renderSummary(result)).toContain('desk');
        const html = renderReport({ result });
        const stations = scenario.document.stations as Record<string, { label?: unknown }>;
        const label = stations.desk?.label;
        if (typeof label === 'string' && label.includes('<') && label.length >= 8)
          expect(html.includes(label), 'the label unescaped in report.html').toBe(false);
        tally.ran++;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261206) },
    );
    // Both outcomes happen: the generator reaches the runs, not only the refusals.
    expect(tally.ran).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, 300_000);
});
