import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario, runReplication } from '../../../lab/src/engine/lab-engine';
import { num, setLang } from '../../../lab/src/i18n';
import {
  assembleResult,
  headlineMetrics,
  renderComparison,
  renderResult,
  stationPicker,
  stationRank,
} from '../../../lab/src/results';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { renderSummary } from '../../../src/report/summary.report';
import { sampledShareText } from '../../../src/report/format';
import { compareRuns, type RunSummaryFile } from '../../../src/experiment/compare';
import { renderComparison as renderCliComparison } from '../../../src/cli/commands/compare.action';
import { comparisonCells, formatCi } from '../../../src/report/numbers';
import { estimateOf } from '../../../src/sim/stats';

const ROOT = join(__dirname, '../../..');
const FILE = 'scenarios/teaching-mmc.yaml';

/** teaching-mmc at `perHour` arrivals an hour (and `extra` overrides), as the Lab runs and assembles it, and as `run` does. */
async function both(perHour: number, extra: string[] = []) {
  const set = [
    `sources.walk-ins.arrivals.perHour=${perHour}`,
    'horizon=4w',
    'replications=2',
    ...extra,
  ];
  const checked = checkScenario(FILE, set, `${ROOT}/`);
  const reps = Array.from({ length: checked.replications }, (_, r) =>
    runReplication(
      { file: FILE, set, seed: checked.seed, replications: checked.replications, replication: r },
      undefined,
      `${ROOT}/`,
    ),
  );
  const lab = assembleResult(reps, checked, set, 0);
  const cli = await runScenario(loadScenario(join(ROOT, FILE), { set }), { threads: 0 });
  return { lab, cli };
}

describe('the Lab says when the assumptions were written for other inputs, as report.html does', () => {
  it('names the keys the run changes, in both languages', async () => {
    const { lab, cli } = await both(8);
    expect(lab.scenario.assumptionsContext).toEqual(cli.scenario.assumptionsContext);
    expect(lab.scenario.assumptionsContext?.changed).toEqual([
      'sources.walk-ins.arrivals.perHour',
      'horizon',
    ]);
    setLang('en');
    expect(renderResult(lab)).toContain(
      'this run changes sources.walk-ins.arrivals.perHour, horizon.',
    );
    setLang('tr');
    expect(renderResult(lab)).toContain(
      'bu çalıştırma şunları değiştiriyor: sources.walk-ins.arrivals.perHour, horizon.',
    );
    setLang('en');
  });
});

describe('the Lab says when demand is at or above capacity, as run does', () => {
  it('finds the stations run finds, and warns in both languages; a stable run has no warning', async () => {
    const over = await both(12); // 12 an hour at 10 servers serving 1 an hour each: 120%
    expect(over.lab.saturated).toEqual(over.cli.saturated);
    expect(over.lab.saturated?.map((s) => s.station)).toEqual(['desk']);
    setLang('en');
    const en = renderResult(over.lab);
    expect(en).toContain('data-testid="saturated"');
    // The station by its label, its id beside it (teaching-mmc.yaml's label); an M/M/10 queue
    // at 12 an hour has an offered load of 12 ÷ 10 in theory.
    expect(en).toMatch(
      /Consular desk \(desk\): offered load ρ = λ × E\[S\] ÷ c = 1\.20 ≥ 1 from the model’s parameters: unstable in theory/,
    );
    setLang('tr');
    expect(renderResult(over.lab)).toContain('kararlı bir durumu yok');
    expect(renderResult(over.lab)).toContain('kuramda kararsız');
    setLang('en');
    // A queue limit (far above the queue 4 weeks build) leaves the load to the samples.
    const limited = await both(12, ['stations.desk.queueLimit=100000']);
    expect(limited.lab.saturated).toEqual(limited.cli.saturated);
    expect(limited.lab.saturated?.[0].inTheory).toBeUndefined();
    expect(renderResult(limited.lab)).toMatch(
      /Consular desk \(desk\): the work that came to it is 1\d\d(\.\d)?% of its servers/,
    );
    const stable = await both(8);
    expect(stable.lab.saturated).toEqual([]);
    expect(renderResult(stable.lab)).not.toContain('data-testid="saturated"');
  });
});

describe('the Lab warns of a station at an offered load of exactly 1, as run does', () => {
  it('flags M/M/9 at 9 an hour as unstable in theory, in both languages', async () => {
    const { lab, cli } = await both(9, ['stations.desk.servers=9']);
    expect(lab.saturated).toEqual(cli.saturated);
    expect(lab.saturated?.map((s) => [s.station, s.inTheory])).toEqual([['desk', true]]);
    setLang('en');
    expect(renderResult(lab)).toContain(
      'Consular desk (desk): offered load ρ = λ × E[S] ÷ c = 1.00 ≥ 1 from the model’s parameters: unstable in theory, the queue grows without bound',
    );
    setLang('tr');
    expect(renderResult(lab)).toContain('= 1.00 ≥ 1 (modelin parametrelerinden): kuramda kararsız');
    setLang('en');
  });
});

describe('the Lab says whose waits they are where customers were lost, as run does', () => {
  it('notes it in both languages under the station table; a run with nobody lost has no note', async () => {
    const set = [
      'classes.citizen.patience={dist: exponential, mean: 20}',
      'horizon=4w',
      'replications=2',
    ];
    const checked = checkScenario(FILE, set, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file: FILE, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    expect(lab.metrics['totals.lost'].mean).toBeGreaterThan(0);
    setLang('en');
    expect(renderResult(lab)).toContain(
      'customers lost (who balked, reneged or were turned away) are not in them',
    );
    setLang('tr');
    expect(renderResult(lab)).toContain('gelen herkesin ortalaması değildir');
    setLang('en');
    const { lab: none } = await both(9);
    expect(renderResult(none)).not.toContain('data-testid="lost-not-in-waits"');
  });
});

describe('the Lab puts a unit on every number a teacher reads out, and says what ± means', () => {
  /** The header cells of the station table, as text. */
  const headers = (html: string) =>
    [
      ...(
        /<table class="data"><caption>[^<]*<\/caption><thead>(.*?)<\/thead>/.exec(html)?.[1] ?? ''
      ).matchAll(/<th scope="col">(.*?)<\/th>/g),
    ].map((m) => m[1].replace(/<[^>]+>/g, ''));

  it('names the unit of each column of the station table, in both languages', async () => {
    const { lab } = await both(8);
    setLang('en');
    const en = renderResult(lab);
    expect(headers(en)).toEqual([
      'station',
      'mean wait (min)',
      '90th percentile wait (min)',
      'mean queue (customers)',
      'utilisation (% of servers’ time on duty)',
    ]);
    setLang('tr');
    expect(headers(renderResult(lab))).toEqual([
      'gişe',
      'ortalama bekleme (dk)',
      '90. yüzdelik bekleme (dk)',
      'ortalama kuyruk (vatandaş)',
      'doluluk (sunucuların görevdeki süresinin %’si)',
    ]);
    setLang('en');
  });

  it('explains the interval over the replications run, and the warm-up the counts leave out', async () => {
    const { lab } = await both(8);
    setLang('en');
    const en = renderResult(lab);
    expect(en).toContain('Each figure is the mean of the 2 replications');
    expect(en).toContain('Counted after the warm-up (14 days)');
    setLang('tr');
    expect(renderResult(lab)).toContain('Her rakam 2 tekrarın');
    setLang('en');
    const one = { ...lab, replications: 1 };
    expect(renderResult(one)).toContain('a single run has no confidence interval');
    expect(renderResult(one)).not.toContain('Each figure is the mean');
  });
});

describe('the Lab says when a station runs near capacity, where queues settle slowly', () => {
  it('notes a station busy 98% of its time, in both languages; not one at 80%, nor a saturated one', async () => {
    const { lab: near } = await both(9.8); // 9.8 an hour at 10 servers serving 1 an hour each
    setLang('en');
    const en = renderResult(near);
    expect(en).toContain('data-testid="near-capacity"');
    expect(en).toMatch(/Consular desk \(desk\): busy 9\d(\.\d)?% of its servers’ time on duty/);
    setLang('tr');
    expect(renderResult(near)).toContain('Kapasiteye yakın');
    setLang('en');
    expect(renderResult((await both(8)).lab)).not.toContain('data-testid="near-capacity"');
    const over = renderResult((await both(12)).lab);
    expect(over).toContain('data-testid="saturated"');
    expect(over).not.toContain('data-testid="near-capacity"');
  });
});

describe('the Lab shows an interval cut at 0 as run does', () => {
  it('assembles the same cut estimates, and writes a cut one as mean (low – high), not ±', async () => {
    // One week on 12 officers, 2 replications: run's mean-wait interval reaches below 0 and is cut.
    const set = ['horizon=1w', 'warmup=1d', 'stations.desk.servers=12', 'replications=2'];
    const checked = checkScenario(FILE, set, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file: FILE, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    const cli = await runScenario(loadScenario(join(ROOT, FILE), { set }), { threads: 0 });
    const wait = lab.metrics['stations.desk.wait.mean'];
    expect(wait).toEqual(cli.metrics['stations.desk.wait.mean']);
    expect(wait.cut).toBe('low');
    expect(wait.ci95![0]).toBe(0);
    expect(lab.metrics['stations.desk.wait.p90']).toEqual(cli.metrics['stations.desk.wait.p90']);
    setLang('en');
    const html = renderResult(lab);
    const cell = /data-metric="stations\.desk\.wait\.mean">([^<]*)</.exec(html)?.[1];
    expect(cell).toMatch(/^[\d.,]+ \(0(\.0+)? – [\d.,]+\)$/);
    // The terminal's numbers, by the one rule (src/report/numbers.ts), with the Lab's dash.
    const desk = renderSummary(cli)
      .split('\n')
      .find((l) => l.startsWith('desk '))!;
    expect(desk).toContain(` ${cell!.replace(' – ', ' to ')} `);
    // Every mean ± half-width the Lab shows has the mean to the half-width's decimal place.
    const pairs = [...html.matchAll(/>([\d.,]+) ± ([\d.,]+)</g)];
    expect(pairs.length).toBeGreaterThan(1);
    const decimals = (x: string) => x.split('.')[1]?.length ?? 0;
    for (const [, mean, hw] of pairs) expect(decimals(mean), `${mean} ± ${hw}`).toBe(decimals(hw));
    expect(html).toContain('it is cut there and shown as mean (low – high)');
    expect(html).toContain('includes the 1% accuracy of the quantile sketches');
  });
});

describe('the Lab splits the lost by cause, as run does', () => {
  it('gives the numbers of run, in both languages; a run with nobody lost has no line', async () => {
    const set = [
      'horizon=3d',
      'warmup=0',
      'replications=2',
      'sources.walk-ins.arrivals.perHour=15',
      'stations.desk.queueLimit=3',
      'classes.citizen.patience={dist: exponential, mean: 60}',
    ];
    const checked = checkScenario(FILE, set, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file: FILE, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    const cli = await runScenario(loadScenario(join(ROOT, FILE), { set }), { threads: 0 });
    for (const cause of ['balked', 'reneged', 'turnedAway'])
      expect(lab.metrics[`totals.lostBy.${cause}`].samples).toEqual(
        cli.metrics[`totals.lostBy.${cause}`].samples,
      );
    expect(lab.metrics['totals.lostBy.balked'].mean).toBeGreaterThan(0);
    expect(lab.metrics['totals.lostBy.reneged'].mean).toBeGreaterThan(0);
    setLang('en');
    const line = /<p class="hint" data-testid="lost-by-cause"[^>]*>([^<]*)<\/p>/.exec(
      renderResult(lab),
    )?.[1];
    // Estimates as everywhere in the Lab: ± half-width, or (low – high) where cut at 0.
    expect(line).toMatch(
      /^Lost by cause: balked \(the queue was full or too long for them\) [\d,]+ (± [\d,]+|\(0 – [\d,]+\)), reneged \(gave up waiting\) [\d,]+ (± [\d,]+|\(0 – [\d,]+\)), turned away \(the station closed\) 0\.$/,
    );
    setLang('tr');
    expect(renderResult(lab)).toContain(
      'Kaybedilenler, nedenine göre: beklemeyen (kuyruk doluydu ya da onlara çok uzun geldi)',
    );
    setLang('en');
    const { lab: none } = await both(9);
    expect(renderResult(none)).not.toContain('data-testid="lost-by-cause"');
  });
});

describe('the Lab compares runs of one replication without claiming a difference', () => {
  it('shows no interval and no significance mark where B − A has none, in both languages', () => {
    const diffs = [
      {
        metric: 'stations.desk.wait.mean',
        a: { mean: 40, ci95: null },
        b: { mean: 30, ci95: null },
        mean: -10,
        halfWidth: null,
        ci95: null,
      },
      {
        metric: 'totals.completed',
        a: { mean: 100, ci95: [96, 104] as [number, number] },
        b: { mean: 130, ci95: [127, 133] as [number, number] },
        mean: 30,
        halfWidth: 5,
        ci95: [25, 35] as [number, number],
      },
    ];
    setLang('en');
    const html = renderComparison(diffs, 'paired');
    const row = (m: string) =>
      new RegExp(`data-metric="${m.replace(/\./g, '\\.')}">(.*?)</tr>`).exec(html)![1];
    expect(row('stations.desk.wait.mean')).toContain('needs ≥ 2 replications');
    expect(row('stations.desk.wait.mean')).not.toContain('●');
    expect(row('totals.completed')).toContain('●');
    setLang('tr');
    expect(renderComparison(diffs, 'paired')).toContain('en az 2 tekrar gerekir');
    setLang('en');
  });
});

describe("the Lab's comparison lists inputs apart and never judges them, as compare does", () => {
  // Hızır's questions asked (kind input) doubled with the demand, and a figure the run derived.
  const diffs = [
    {
      metric: 'derived.questions',
      a: { mean: 3000, ci95: [2950, 3050] as [number, number] },
      b: { mean: 6000, ci95: [5920, 6080] as [number, number] },
      mean: 3000,
      halfWidth: 40,
      ci95: [2960, 3040] as [number, number],
      kind: 'input' as const,
    },
    {
      metric: 'derived.answeredByBot',
      a: { mean: 2800, ci95: [2750, 2850] as [number, number] },
      b: { mean: 5600, ci95: [5520, 5680] as [number, number] },
      mean: 2800,
      halfWidth: 50,
      ci95: [2750, 2850] as [number, number],
      kind: 'emergent' as const,
    },
  ];
  const table = (html: string, testid: string) =>
    new RegExp(`data-testid="${testid}">(.*?)</table>`).exec(html)?.[1] ?? '';

  it("puts the input under the results' inputs heading with no mark, the derived figure marked", () => {
    setLang('en');
    const html = renderComparison(diffs, 'paired');
    const inputs = table(html, 'compare-inputs');
    const derived = table(html, 'compare-table');
    expect(inputs).toContain('<caption>Inputs (set by the scenario, not simulated)</caption>');
    expect(inputs).toContain('data-metric="derived.questions"');
    expect(inputs).not.toContain('●');
    expect(inputs).not.toContain('interval excludes 0');
    expect(derived).not.toContain('derived.questions');
    expect(derived).toContain('data-metric="derived.answeredByBot"');
    expect(derived).toContain('●');
    setLang('tr');
    expect(table(renderComparison(diffs, 'paired'), 'compare-inputs')).toContain(
      '<caption>Girdiler (senaryonun belirlediği, simüle edilmeyen)</caption>',
    );
    setLang('en');
  });

  it('draws no inputs table where no figure is an input', () => {
    setLang('en');
    const html = renderComparison(
      diffs.filter((d) => d.kind !== 'input'),
      'paired',
    );
    expect(html).not.toContain('compare-inputs');
    expect(html).toContain('●');
  });
});

describe('the Lab says when a run simulates a sample of its customers, as run does', () => {
  /** A scenario as the Lab runs and assembles it (one replication), and as `run` does. */
  async function labAndCli(file: string, set: string[]) {
    const checked = checkScenario(file, set, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    const cli = await runScenario(loadScenario(join(ROOT, file), { set }), { threads: 0 });
    return { lab, cli };
  }
  const note = (html: string) =>
    /<p class="hint" data-testid="sampled">([^<]*)<\/p>/.exec(html)?.[1];

  it('gives run --json’s sampledShare and its sentence, in both languages; not where all are simulated', async () => {
    const { lab, cli } = await labAndCli('scenarios/paper-evisa.yaml', [
      'horizon=5d',
      'replications=1',
      'params.sampling=0.025',
    ]);
    expect(cli.sampledShare).toBe(0.025);
    expect(lab.sampledShare).toBe(cli.sampledShare);
    setLang('en');
    // The terminal's sentence, word for word (its header: src/report/summary.report.ts).
    expect(note(renderResult(lab))).toBe(sampledShareText(cli.sampledShare!));
    expect(renderSummary(cli)).toContain(note(renderResult(lab)));
    setLang('tr');
    expect(note(renderResult(lab))).toContain('vatandaşların %2,5 oranındaki bir örneğini');
    setLang('en');
    const all = await labAndCli('scenarios/paper-evisa.yaml', [
      'horizon=1d',
      'replications=1',
      'params.sampling=1',
    ]);
    expect(all.cli.sampledShare).toBeUndefined();
    expect(all.lab.sampledShare).toBeUndefined();
    expect(renderResult(all.lab)).not.toContain('data-testid="sampled"');
    // A model that simulates every customer says nothing either.
    const { lab: mmc } = await both(8);
    expect(renderResult(mmc)).not.toContain('data-testid="sampled"');
  });
});

describe('the Lab writes utilisation by the terminal’s number rule', () => {
  /** The cells of the terminal's station table, by the spans of its dashed line. */
  function terminalColumn(summary: string, header: string): Record<string, string> {
    const lines = summary.split('\n');
    const at = lines.findIndex((l) => l.startsWith('station ') && l.includes(header));
    const spans = [...lines[at + 1].matchAll(/-+/g)].map((d) => [d.index, d.index + d[0].length]);
    const cells = (l: string) => spans.map(([a, b]) => l.slice(a, b).trim());
    const column = cells(lines[at]).indexOf(header);
    const out: Record<string, string> = {};
    for (const l of lines.slice(at + 2)) {
      if (!l.trim()) break;
      out[cells(l)[0]] = cells(l)[column];
    }
    return out;
  }
  /** teaching-mmc at 9 an hour with `set`, as the Lab runs it and as `run` prints it. */
  async function deskUtilisation(set: string[]) {
    const all = ['sources.walk-ins.arrivals.perHour=9', ...set];
    const checked = checkScenario(FILE, all, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        {
          file: FILE,
          set: all,
          seed: checked.seed,
          replications: checked.replications,
          replication: r,
        },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, all, 0);
    const cli = await runScenario(loadScenario(join(ROOT, FILE), { set: all }), { threads: 0 });
    const cell = () =>
      /data-metric="stations\.desk\.utilisation">([^<]*)</.exec(renderResult(lab))?.[1];
    setLang('en');
    const en = cell();
    setLang('tr');
    const tr = cell();
    setLang('en');
    return { en, tr, terminal: terminalColumn(renderSummary(cli), 'utilisation (%)').desk };
  }

  it('shows each station’s utilisation as run does (90.2 ± 0.4, the % in the header), in both languages', async () => {
    const five = await deskUtilisation(['horizon=12w', 'replications=5']);
    expect(five.terminal).toMatch(/^\d+\.\d+ ± \d/);
    expect(five.en).toBe(five.terminal);
    // Turkish digits, the same figures: a decimal comma.
    expect(five.tr).toBe(five.terminal.replace(/\./g, ','));
    // One replication: the mean alone, to 4 significant digits, as run writes it.
    const one = await deskUtilisation(['horizon=4w', 'replications=1']);
    expect(one.terminal).toMatch(/^\d+\.\d+$/);
    expect(one.en).toBe(one.terminal);
  });
});

describe('the Lab compares a utilisation in percent, as its station table and compare do', () => {
  it('writes both runs, B − A and its interval in %, and says so', () => {
    const diffs = [
      {
        metric: 'stations.desk.utilisation',
        a: { mean: 0.9023, ci95: null },
        b: { mean: 0.8202, ci95: null },
        mean: -0.0821,
        halfWidth: 0.0003,
        ci95: [-0.0824, -0.0818] as [number, number],
      },
    ];
    setLang('en');
    const html = renderComparison(diffs, 'paired');
    const cells = [...html.matchAll(/<td class="num[^"]*">([^<]*)/g)].map((m) => m[1].trim());
    const [a, b, diff, ci] = cells;
    expect(Number(a)).toBeCloseTo(90.23, 1);
    expect(Number(b)).toBeCloseTo(82.02, 1);
    expect(Number(diff)).toBeCloseTo(-8.21, 2);
    const [lo, hi] = ci.split(' – ').map(Number);
    expect(lo).toBeCloseTo(-8.24, 2);
    expect(hi).toBeCloseTo(-8.18, 2);
    expect(html).toContain('<code>stations.desk.utilisation</code> (%)');
    // Other metrics keep their own unit: a wait in minutes is not scaled.
    const wait = renderComparison(
      [
        {
          metric: 'stations.desk.wait.mean',
          a: { mean: 40.6, ci95: null },
          b: { mean: 12.9, ci95: null },
          mean: -27.7,
          halfWidth: 2.2,
          ci95: [-29.9, -25.5],
        },
      ],
      'paired',
    );
    expect(wait).toContain('-29.9 – -25.5');
    expect(wait).not.toContain('(%)');
  });
});

describe('the Lab’s result, as its “Download results (JSON)” button saves it', () => {
  it('has every field of `run --json`, and the same declared comparisons and breakdowns', async () => {
    const { lab, cli } = await both(8);
    const missing = Object.keys(cli).filter((k) => !Object.hasOwn(lab, k));
    expect(missing).toEqual([]);
    // e-visa declares its desk arm against its digital arm, and the split of its officer hours.
    const file = 'scenarios/paper-evisa.yaml';
    const set = ['replications=2', 'horizon=2d', 'warmup=0'];
    const checked = checkScenario(file, set, `${ROOT}/`);
    expect(checked.errors).toEqual([]);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const evisa = assembleResult(reps, checked, set, 0);
    const cliEvisa = await runScenario(loadScenario(join(ROOT, file), { set }), { threads: 0 });
    expect(cliEvisa.comparisons?.length).toBeGreaterThan(0);
    expect(evisa.comparisons).toEqual(cliEvisa.comparisons);
    expect(evisa.breakdowns).toEqual(cliEvisa.breakdowns);
  });
});

describe('the Lab does not print a timing it did not take', () => {
  it('shows Hızır’s answer time as not measured, with why, in both languages; the JSON has null', () => {
    const file = 'scenarios/paper-hizir.yaml';
    const set = ['replications=2', 'horizon=2d'];
    const checked = checkScenario(file, set, `${ROOT}/`);
    expect(checked.errors).toEqual([]);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    // What "Download results (JSON)" saves: no time, not the look-up's 0 ms.
    const saved = JSON.parse(JSON.stringify(lab)) as typeof lab;
    expect(saved.metrics['derived.answerP99Ms'].mean).toBeNull();
    expect(saved.metrics['derived.answersInstantly'].mean).toBeNull();
    // A simulated figure of the same model is given as usual.
    expect(lab.metrics['derived.questions'].mean).toBeGreaterThan(0);
    const row = (html: string, name: string) =>
      html.match(
        new RegExp(`<tr[^>]*data-metric="derived\\.${name}"><th scope="row">.*?</tr>`),
      )?.[0] ?? '';
    setLang('en');
    const en = renderResult(lab);
    for (const name of ['answerP99Ms', 'answersInstantly']) {
      expect(row(en, name)).toContain('<td class="num">not measured</td>');
      expect(row(en, name)).toContain('consular-sim run measures it');
    }
    expect(row(en, 'questions')).not.toContain('not measured');
    setLang('tr');
    expect(row(renderResult(lab), 'answerP99Ms')).toContain('<td class="num">ölçülmedi</td>');
    setLang('en');
  });

  it('says the Hızır launch is a measured paper figure, not a simulated one, in both languages', () => {
    const file = 'scenarios/paper-hizir.yaml';
    const set = ['replications=2', 'horizon=2d'];
    const checked = checkScenario(file, set, `${ROOT}/`);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    const row = (html: string, name: string) =>
      html.match(
        new RegExp(`<tr[^>]*data-metric="derived\\.${name}"><th scope="row">.*?</tr>`),
      )?.[0] ?? '';
    setLang('en');
    const en = renderResult(lab);
    expect(row(en, 'answersInstantly')).toContain(
      '<div class="muted" data-testid="paper-figure" data-kind="measured">The paper’s figure hizir.launch, of kind measured: measured outside the simulation (the Hızır engine over its test questions), so no assumption about the simulated load moves it.</div>',
    );
    // A metric no paper figure names says nothing of the kind.
    expect(row(en, 'questions')).not.toContain('paper-figure');
    setLang('tr');
    expect(row(renderResult(lab), 'answersInstantly')).toContain(
      'Makalenin hizir.launch rakamı; türü measured (ölçülen): benzetimin dışında ölçülmüştür',
    );
    setLang('en');
  });
});

describe('the Lab counts one replication in the singular', () => {
  it('says "1 replication" (and "2 replications") in the run line, in both languages', () => {
    const run = (replications: number) => {
      const set = ['horizon=4w', `replications=${replications}`];
      const checked = checkScenario(FILE, set, `${ROOT}/`);
      const reps = Array.from({ length: checked.replications }, (_, r) =>
        runReplication(
          { file: FILE, set, seed: checked.seed, replications, replication: r },
          undefined,
          `${ROOT}/`,
        ),
      );
      return assembleResult(reps, checked, set, 0);
    };
    const one = run(1);
    const two = run(2);
    setLang('en');
    expect(renderResult(one)).toContain(': 1 replication, seed');
    expect(renderResult(one)).not.toContain('1 replications');
    expect(renderResult(two)).toContain(': 2 replications, seed');
    setLang('tr');
    expect(renderResult(one)).toContain(': 1 tekrar, tohum');
    setLang('en');
  });
});

describe('the Lab lets any of 249 missions be picked, and says how many the table leaves out', () => {
  it('offers every station in the picker, busiest first, and names the table’s share in both languages', () => {
    const file = 'scenarios/paper-konsolosluk-2020.yaml';
    const set = ['horizon=1d', 'warmup=0', 'replications=1'];
    const checked = checkScenario(file, set, `${ROOT}/`);
    const rep = runReplication(
      { file, set, seed: checked.seed, replications: 1, replication: 0 },
      undefined,
      `${ROOT}/`,
    );
    const r = assembleResult([rep], checked, set, 0);
    const ranked = stationRank(r, r.arms[0]);
    expect(ranked.length).toBe(249);
    // The picker held only the 50 busiest: the other 200 missions' queues could not be drawn.
    const options = [...stationPicker(r).matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(options).toEqual(ranked.map(([id]) => id));
    const last = ranked[ranked.length - 1][0];
    expect(stationPicker(r, last)).toContain(`<option value="${last}" selected>`);
    setLang('en');
    const en = renderResult(r, last);
    expect(en).toContain(
      `The table lists the 12 busiest of ${num(ranked.length, 0)} stations (by server time)`,
    );
    // The mission by the label its model gives it from config/missions.yaml, its id beside it.
    const lastLabel = r.stationLabels?.[last]?.en;
    expect(lastLabel).toMatch(/: consular desk$/);
    expect(en).toContain(`Queue at ${lastLabel} (${last})`);
    setLang('tr');
    expect(renderResult(r)).toContain(
      `Tablo, ${num(ranked.length, 0)} gişenin en yoğun 12 tanesini`,
    );
    setLang('en');
    // Ten officers at one desk: nothing is left out, and nothing is said.
    const small = checkScenario(FILE, ['horizon=4w', 'replications=1'], `${ROOT}/`);
    const one = assembleResult(
      [
        runReplication(
          {
            file: FILE,
            set: ['horizon=4w', 'replications=1'],
            seed: small.seed,
            replications: 1,
            replication: 0,
          },
          undefined,
          `${ROOT}/`,
        ),
      ],
      small,
      ['horizon=4w', 'replications=1'],
      0,
    );
    expect(renderResult(one)).not.toContain('stations-left-out');
    expect(stationPicker(one)).toBe('');
  });
});

describe('the Lab’s comparison table writes the figures as `consular-sim compare` does', () => {
  /** A run summary with these per-replication values, as `run --out` writes it. */
  const summary = (metrics: Record<string, number[]>): RunSummaryFile => ({
    scenario: {
      name: 'teaching-mmc',
      title: 'T',
      description: '',
      file: 'teaching-mmc.yaml',
      model: 'network',
      horizonMinutes: 1,
      warmupMinutes: 0,
      assumptions: [],
      document: {},
    },
    seed: 1,
    replications: 3,
    elapsedSeconds: 0,
    arms: ['main'],
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([k, samples]) => [k, { ...estimateOf(samples), samples }]),
    ),
    firstReplication: {},
    figures: {},
  });

  it('gives a row the decimals the finest of its CIs needs: 6.10, 44.01, not 6.1 and 44.0', () => {
    // Half-widths 0.12 (two decimals) and 1.2 (one), t(0.975, 2) = 4.303 over 3 replications:
    // the three are written to the two A's needs, B − A the difference of A and B as written.
    expect(
      comparisonCells(
        { mean: 6.1, ci95: [5.976, 6.224] },
        { mean: 44.01, ci95: [42.77, 45.25] },
        { mean: 37.91, halfWidth: 1.3 },
      ),
    ).toEqual(['6.10', '44.01', '+37.91']);
    // A count is whole, B − A included; no difference is 0, not +0.
    expect(
      comparisonCells(
        { mean: 110, ci95: [85, 135] },
        { mean: 140.4, ci95: [115, 166] },
        { mean: 30.4, halfWidth: 2.6 },
        'count',
      ),
    ).toEqual(['110', '140', '+30']);
    expect(
      comparisonCells(
        { mean: 5, ci95: null },
        { mean: 5, ci95: null },
        { mean: 0, halfWidth: null },
      )[2],
    ).toBe('0');
  });

  it('has the cells of compare’s table, row by row, for the same two runs', () => {
    const a = summary({
      'stations.desk.wait.mean': [6.05, 6.1, 6.15],
      'stations.desk.utilisation': [0.9012, 0.9023, 0.9031],
      'totals.completed': [100, 110, 120],
    });
    const b = summary({
      'stations.desk.wait.mean': [43.51, 44.01, 44.51],
      'stations.desk.utilisation': [0.8191, 0.8202, 0.8224],
      'totals.completed': [131, 140, 150],
    });
    const c = compareRuns(a, b);
    const cli = renderCliComparison(c).split('\n');
    const cliCells = (metric: string) =>
      cli
        .find((l) => l.startsWith(`${metric} `))!
        .trim()
        .split(/\s{2,}/)
        // metric, unit, A, B, B − A, 95% CI of B − A.
        .slice(2, 6);
    setLang('en');
    const html = renderComparison(
      c.differences.map((d) => ({
        metric: d.metric,
        a: d.a,
        b: d.b,
        mean: d.diff,
        halfWidth: d.halfWidth,
        ci95: d.ci95,
      })),
      'paired',
    );
    const labCells = (metric: string) =>
      [
        ...new RegExp(`data-metric="${metric.replace(/\./g, '\\.')}">(.*?)</tr>`)
          .exec(html)![1]
          .matchAll(/<td class="num[^"]*">([^<]*)/g),
      ].map((m) => m[1].trim().replace(' – ', ' to '));
    for (const metric of [
      'stations.desk.wait.mean',
      'stations.desk.utilisation',
      'totals.completed',
    ])
      expect(labCells(metric), metric).toEqual(cliCells(metric));
    // The figures the two had written differently.
    expect(labCells('stations.desk.wait.mean').slice(0, 2)).toEqual(['6.10', '44.01']);
  });
});

describe('the Lab lists the stations with an overflow, as run and report.html do', () => {
  const OVERFLOW = 'scenarios/teaching-queue-overflow.yaml';
  /** teaching-queue-overflow with `extra` overrides, as the Lab runs and assembles it, and as `run` does. */
  async function overflowRun(extra: string[]) {
    const set = ['horizon=2w', 'warmup=1d', 'replications=2', ...extra];
    const checked = checkScenario(OVERFLOW, set, `${ROOT}/`);
    expect(checked.errors).toEqual([]);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        {
          file: OVERFLOW,
          set,
          seed: checked.seed,
          replications: checked.replications,
          replication: r,
        },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    const cli = await runScenario(loadScenario(join(ROOT, OVERFLOW), { set }), { threads: 0 });
    return { lab, cli };
  }
  const table = (html: string) =>
    /<table class="data" data-testid="overflows-table">.*?<\/table>/s.exec(html)?.[0] ?? '';

  it('gives the number sent on with its CI as run does, and the station they went to by name, in both languages', async () => {
    const { lab, cli } = await overflowRun([]);
    const sent = cli.metrics['stations.desk.overflowed'];
    // Some found the hall full (the scenario's M/M/3/7 puts it at about one walk-in in ten).
    expect(sent.mean).toBeGreaterThan(0);
    expect(lab.metrics['stations.desk.overflowed'].samples).toEqual(sent.samples);
    setLang('en');
    const en = table(renderResult(lab));
    // One row, the desk's: the back office has no overflow, so no row.
    expect(en.match(/<tr data-station=/g)).toHaveLength(1);
    expect(en).toContain('<tr data-station="desk"');
    expect(en).toContain(
      `<td class="num" data-metric="stations.desk.overflowed">${formatCi(sent, 'count', 1, { locale: 'en-GB', to: ' – ' })}</td>`,
    );
    expect(en).toContain(
      '<td data-overflow-to="back-office"><span class="label">Back-office desk</span> <code class="raw-id">back-office</code></td>',
    );
    expect(en).toContain('sent on when full <span class="unit">(arrivals)</span>');
    expect(en).toContain('<th scope="col">sent on to</th>');
    setLang('tr');
    const tr = table(renderResult(lab));
    expect(tr).toContain('Taşma kuralı olan gişeler');
    expect(tr).toContain('<span class="label">Arka ofis masası</span>');
    expect(tr).toContain(
      `data-metric="stations.desk.overflowed">${formatCi(sent, 'count', 1, { locale: 'tr-TR', to: ' – ' })}</td>`,
    );
    setLang('en');
  });

  it('has no table where no station has the rule (the overflow set to none)', async () => {
    const { lab, cli } = await overflowRun(['stations.desk.overflow=']);
    expect(cli.metrics['stations.desk.overflowed']).toBeUndefined();
    // The hall's full are lost instead.
    expect(cli.metrics['stations.desk.lost'].mean).toBeGreaterThan(0);
    expect(renderResult(lab)).not.toContain('overflows-table');
  });

  it('offers the overflow among the figures a comparison lists first', async () => {
    const { lab } = await overflowRun([]);
    expect(headlineMetrics(lab)).toContain('stations.desk.overflowed');
  });
});
