import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario, runReplication } from '../../../../lab/src/engine/lab-engine';
import { runScenario } from '../../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../../src/scenario/scenario.loader';
import { getServiceModel } from '../../../../src/experiment/models';

/**
 * The Lab's workers run the code below (lab/src/engine/lab-engine.ts) on the bundled copy of
 * scenarios/; here it runs in Node on the files themselves, beside `runScenario`, so every
 * scenario of the gallery is checked against the CLI in seconds. (The browser test checks the
 * bundle against the CLI for two of them.) Same engine, same V8: every sample is identical.
 */
const ROOT = join(__dirname, '../../../..');
const DAY = 24 * 60;
/** Two replications show whether replication 2 runs as the CLI's does (it keeps no series by default). */
const REPLICATIONS = 2;
/**
 * The figures a model declares timings of the machine (Hızır's answer time): the CLI measures
 * them, the Lab has none to give (its browser build replays recorded answers).
 */
function timings(file: string): Set<string> {
  const figures = getServiceModel(loadScenario(join(ROOT, file)).model).figures ?? {};
  return new Set(
    Object.entries(figures)
      .filter(([, f]) => f.timing)
      .map(([name]) => `derived.${name}`),
  );
}

const files = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `scenarios/${f}`);

/**
 * Konsolosluk.NET's year has 2.7 M citizens at 249 counters; a few thousand exercise the same
 * code (the pandemic's stages, the arm without the online channels) in a fraction of the time.
 */
const KONSOLOSLUK_CITIZENS = 5000;

/**
 * Overrides that keep a run short: two replications, at most a week after the warm-up, and
 * fewer citizens for Konsolosluk.NET.
 */
function shortRun(file: string): string[] {
  const s = loadScenario(join(ROOT, file));
  const horizon = Math.min(s.horizon, s.warmup + 7 * DAY);
  const set = [`replications=${REPLICATIONS}`, `horizon=${horizon}`];
  if (s.model === 'konsolosluk') set.push(`params.citizens=${KONSOLOSLUK_CITIZENS}`);
  return set;
}

describe('the Lab engine gives the numbers of `consular-sim run`', () => {
  it('declares Hızır’s answer time and the check on it timings of the machine', () => {
    expect([...timings('scenarios/paper-hizir.yaml')].sort()).toEqual([
      'derived.answerP99Ms',
      'derived.answersInstantly',
    ]);
  });

  it.each(files)('%s, replication by replication', async (file) => {
    const set = shortRun(file);
    const checked = checkScenario(file, set, `${ROOT}/`);
    expect(checked.errors).toEqual([]);
    const cli = await runScenario(loadScenario(join(ROOT, file), { set }), { threads: 0 });
    const lab = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    expect(lab.length).toBe(REPLICATIONS);
    expect(Object.keys(lab[1].metrics).sort()).toEqual(Object.keys(cli.metrics).sort());
    const differ: string[] = [];
    const timing = timings(file);
    for (const [key, estimate] of Object.entries(cli.metrics)) {
      if (timing.has(key)) {
        lab.forEach((rep, r) => {
          if (!Number.isNaN(rep.metrics[key]))
            differ.push(`${key}[${r}]: a timing of the machine, lab ${rep.metrics[key]}, not NaN`);
        });
        continue;
      }
      estimate.samples.forEach((x, r) => {
        if (!Object.is(lab[r].metrics[key], x))
          differ.push(`${key}[${r}]: cli ${x}, lab ${lab[r].metrics[key]}`);
      });
    }
    expect(differ.slice(0, 10), `${differ.length} samples differ`).toEqual([]);
  });
});

describe('the Lab engine says a field’s YAML mistakes as the CLI does', () => {
  it('an alias bomb typed in a field: the rule the CLI prints, at that field', () => {
    // Three levels of ten aliases of the level before: past the parser's 1,000 copies.
    const levels = [1, 2, 3].map(
      (k) =>
        `l${k}: &l${k} [${Array(10)
          .fill(`*l${k - 1}`)
          .join(', ')}]`,
    );
    const set = [
      `stations.desk.label={l0: &l0 [x, x, x, x, x, x, x, x, x, x], ${levels.join(', ')}}`,
    ];
    const file = 'tests/fixtures/scenarios/good.yaml';
    const checked = checkScenario(file, set, `${ROOT}/`);
    let cli: unknown;
    try {
      loadScenario(join(ROOT, file), { set, setSources: [] });
    } catch (err) {
      cli = err;
    }
    expect(checked.ok).toBe(false);
    expect(checked.errors.map((e) => [e.path, e.rule])).toEqual([
      ['stations.desk.label', (cli as { rule: string }).rule],
    ]);
    expect(checked.errors[0].rule).toMatch(/^is not valid here: this alias \(\*l\d\) .*alias bomb/);
  });
});
