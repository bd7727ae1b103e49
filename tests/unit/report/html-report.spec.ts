import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport, writeReport } from '../../../src/report/html-report';
import { compareRuns } from '../../../src/experiment/compare';
import type { FigureComparison } from '../../../src/experiment/reproduce';
import { fromDocument, loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { parseParam, parseTarget, runSweep } from '../../../src/experiment/sweep';

const SCENARIOS = resolve(__dirname, '../../../scenarios');
const EVIL = '<script>alert("x")</script>';

let mmc: ScenarioResult;
let evisa: ScenarioResult;

beforeAll(async () => {
  mmc = await runScenario(
    loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), { set: ['horizon=3w', 'warmup=1w'] }),
    { replications: 3, threads: 0 },
  );
  evisa = await runScenario(
    loadScenario(join(SCENARIOS, 'paper-evisa.yaml'), { set: ['horizon=120d'] }),
    { replications: 2, threads: 0 },
  );
});

/** Every src/href/url in the file: none may leave the file (no http:, https:, protocol-relative). */
function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|action|poster|data)\s*=\s*["']?([^"'\s>]+)/gi)].map(
    (m) => m[1],
  );
  const urls = [...html.matchAll(/url\(\s*["']?([^"')]+)/gi)].map((m) => m[1]);
  return [...refs, ...urls].filter((u) => /^(https?:)?\/\//i.test(u));
}

const SCENARIO_SECTIONS = [
  'flow',
  'stations',
  'waits',
  'officer-hours',
  'assumptions',
  'scenario-document',
];

describe('renderReport', () => {
  it('is one self-contained HTML document: no external script, style, link or image', () => {
    const html = renderReport({ result: evisa });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b[^>]*src=["']?(?!data:)/i);
    expect(html).not.toMatch(/@import/);
    // The policy forbids fetching anything that slipped through.
    expect(html).toContain(`content="default-src 'none';`);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('has every section of a run, and the savings waterfall when there are manual and main arms', () => {
    const html = renderReport({ result: evisa });
    for (const s of [...SCENARIO_SECTIONS, 'savings'])
      expect(html, s).toContain(`data-section="${s}"`);
    for (const c of [
      'flow',
      'utilisation',
      'wait-histogram',
      'wait-cdf',
      'busy-hours',
      'savings-waterfall',
    ])
      expect(html, c).toContain(`data-chart="${c}"`);
    // Desk minutes, e-visa minutes, saved: the model's figures, shown with their CI.
    expect(html).toContain('desk (manual arm)');
    expect(html).toContain('e-visa (main arm)');
    expect(html).toMatch(/saved per application/);
    // Assumptions as written, and the scenario as YAML.
    expect(html).toContain(
      'Every e-visa applicant would otherwise have applied at a desk (deskShare 1)',
    );
    expect(html).toMatch(/<pre tabindex="0"><code>name: paper-evisa\n/);
  });

  it('leaves the savings out when there is no manual arm, and shows percentiles of the wait', () => {
    const html = renderReport({ result: mmc });
    for (const s of SCENARIO_SECTIONS) expect(html, s).toContain(`data-section="${s}"`);
    expect(html).not.toContain('data-section="savings"');
    expect(html).toMatch(/p50 \(median\)[\s\S]*p90[\s\S]*p95[\s\S]*p99/);
    expect(html).toContain('warm-up (discarded)');
    // Gaps (values left out) break lines instead of writing NaN into SVG paths.
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  it('says the assumptions were written for other inputs than the run overrides', () => {
    const html = renderReport({ result: mmc });
    const section = /<div data-section="assumptions">(.*?)<ol/.exec(html)?.[1] ?? '';
    expect(section).toContain(
      'These assumptions were written for the scenario file as it stands; this run changes horizon, warmup.',
    );
  });

  it('shows the scenario as run with the replications and seed it ran, not the file’s', async () => {
    // teaching-mmc.yaml says replications: 10 and seed: 2020; --replications and --seed
    // override them without a --set, and the document "as run" must say what ran.
    const file = loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), { set: ['horizon=3w'] });
    expect(file.document.replications).not.toBe(2);
    expect(file.document.seed).not.toBe(7);
    const ran = await runScenario(file, { replications: 2, seed: 7, threads: 0 });
    const section =
      /<div data-section="scenario-document">(.*?)<\/div>/s.exec(
        renderReport({ result: ran }),
      )?.[1] ?? '';
    expect(section).toContain('with the seed and replications the run used');
    expect(section).toMatch(/^replications: 2$/m);
    expect(section).toMatch(/^seed: 7$/m);
    expect(section).not.toMatch(/^replications: 10$/m);
    expect(section).not.toMatch(/^seed: 2020$/m);
  });

  it('shows an interval cut at 0 by its ends, and says when intervals are cut', async () => {
    // One week on 12 officers, 2 replications: the mean wait's t interval reaches below 0.
    const short = await runScenario(
      loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), {
        set: ['horizon=1w', 'warmup=1d', 'stations.desk.servers=12'],
      }),
      { replications: 2, threads: 0 },
    );
    const wait = short.metrics['stations.desk.wait.mean'];
    expect(wait.cut).toBe('low');
    const html = renderReport({ result: short });
    // The desk by its label, its id beside it as code.
    const row =
      /<tr><th scope="row">[^<]+ <code class="raw-id"[^>]*>desk<\/code><\/th>(.*?)<\/tr>/.exec(
        html,
      )![1];
    const cells = [...row.matchAll(/<td class="num">([^<]*)</g)].map((m) => m[1]);
    // served, mean wait, mean queue: the wait and the queue are cut, shown by their ends.
    expect(cells[1]).toMatch(/^[\d.]+ \(0 to [\d.]+\)$/);
    expect(cells[2]).toMatch(/^[\d.]+ \(0 to [\d.]+\)$/);
    expect(cells[0]).toContain('±');
    expect(html).toContain('is cut there and shown as mean (low to high)');
    // In the waits table, which has a 95% CI column, the cut interval is shown once, there.
    const meanRow = /<tr><th scope="row">mean<\/th>(.*?)<\/tr>/.exec(html)![1];
    const [value, interval] = [...meanRow.matchAll(/<td class="num">([^<]*)</g)].map((m) => m[1]);
    expect(value).toMatch(/^[\d.]+$/);
    expect(interval).toMatch(/^0 to [\d.]+$/);
  });

  it('one replication: says its intervals need 2 replications or more, and draws none 0 wide', async () => {
    const one = await runScenario(
      loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), { set: ['horizon=3d', 'warmup=1d'] }),
      { replications: 1, threads: 0 },
    );
    expect(one.metrics['stations.desk.wait.mean'].ci95).toBeNull();
    const html = renderReport({ result: one });
    const meanRow = /<tr><th scope="row">mean<\/th>(.*?)<\/tr>/.exec(html)![1];
    const [value, interval] = [...meanRow.matchAll(/<td class="num">([^<]*)</g)].map((m) => m[1]);
    expect(value).toMatch(/^[\d.,]+$/);
    expect(interval).toBe('needs ≥ 2 replications');
    expect(html).not.toMatch(/>([\d.,]+) to \1</);
    expect(html).toContain('One replication gives no interval');
    expect(renderReport({ result: mmc })).not.toContain('One replication gives no interval');
    // compare of two such runs: no interval of B − A, nothing significant, and it says why.
    const cmp = renderReport({ comparison: compareRuns(one, one, ['out/a', 'out/b']) });
    expect(cmp).toContain('A and B have one replication: a 95% CI of B − A needs 2 replications');
    expect(cmp).toContain('<strong>0</strong> of');
  });

  it('says the waits are those of the customers served, and that the lost are not in them', async () => {
    expect(renderReport({ result: mmc })).not.toContain('customers lost (who balked');
    const reneging = await runScenario(
      loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), {
        set: ['horizon=1w', 'warmup=0', 'classes.citizen.patience={dist: exponential, mean: 20}'],
      }),
      { replications: 2, threads: 0 },
    );
    const html = renderReport({ result: reneging });
    expect(html).toContain('<th scope="col">mean wait of those served (min)</th>');
    expect(html).toMatch(/Waits at [^<(]+ \(desk\) of the customers served there, in minutes/);
    expect(html).toContain(
      'customers lost (who balked, reneged or were turned away) are in neither, so the mean wait is not that of every arrival',
    );
  });

  it("writes the station table's utilisation with its 95% CI in %, and every column's unit, as the terminal", () => {
    const html = renderReport({ result: mmc });
    const table = html.slice(
      html.indexOf('<caption>Stations'),
      html.indexOf('</table>', html.indexOf('<caption>Stations')),
    );
    const heads = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual([
      'station',
      'served',
      'mean wait of those served (min)',
      'mean queue (waiting)',
      'highest queue (waiting)',
      'utilisation (%)',
      'lost',
    ]);
    const cells = [...table.matchAll(/<td class="num">([^<]*)/g)].map((m) => m[1].trim());
    const u = mmc.metrics['stations.desk.utilisation'];
    // The caption says mean ± half-width of the 95% CI: the utilisation has its ± too.
    const [mean, half] = cells[4].split(' ± ').map(Number);
    expect(half, cells[4]).toBeGreaterThan(0);
    expect(Math.abs(mean - u.mean * 100)).toBeLessThanOrEqual(half);
    expect(Math.abs(half - u.halfWidth! * 100)).toBeLessThanOrEqual(half * 0.05);
    expect(cells[4]).not.toContain('%');
  });

  it('lets a keyboard reach and scroll every box that scrolls (a wide table, the scenario YAML)', async () => {
    const sweep = await runSweep(join(SCENARIOS, 'teaching-mmc.yaml'), {
      params: [parseParam('stations.desk.servers=10..11')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=3w', 'warmup=1w'],
      replications: 2,
      threads: 0,
    });
    const pages = {
      run: renderReport({ result: mmc }),
      comparison: renderReport({ comparison: compareRuns(mmc, mmc) }),
      sweep: renderReport({ sweep }),
      reproduction: renderReport({
        reproduction: {
          figures: [],
          findings: [
            {
              scenario: 'paper-evisa',
              metric: 'derived.x',
              label: 'a finding',
              unit: 'hours',
              note: '',
              simulated: { mean: 1, ci95: [0.5, 1.5] },
            },
          ],
          scenarios: [evisa],
          elapsedSeconds: 3,
        },
      }),
    };
    for (const [name, html] of Object.entries(pages)) {
      const boxes = [...html.matchAll(/<div class="scroll"[^>]*>/g)].map((m) => m[0]);
      const pres = [...html.matchAll(/<pre\b[^>]*>/g)].map((m) => m[0]);
      expect(boxes.length + pres.length, name).toBeGreaterThan(0);
      for (const b of boxes)
        expect(b, name).toMatch(/ role="region" tabindex="0" aria-label="[^"]+"/);
      for (const p of pres) expect(p, name).toContain('tabindex="0"');
    }
  });

  it('has a class table: arrivals, completed, lost and time in system per class, as the terminal', async () => {
    // Two priority classes at one desk: what differs between them is the result.
    const scenario = fromDocument(
      {
        name: 'two-classes',
        horizon: '1w',
        stations: { desk: { servers: 2, discipline: 'priority' } },
        classes: {
          urgent: {
            priority: 0,
            route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 10 } }],
          },
          routine: {
            priority: 1,
            route: [{ id: 's', station: 'desk', service: { dist: 'exponential', mean: 10 } }],
          },
        },
        sources: {
          w: { classes: { urgent: 0.2, routine: 0.8 }, arrivals: { kind: 'poisson', perHour: 10 } },
        },
      },
      'two-classes.yaml',
    );
    const result = await runScenario(scenario, { replications: 2, threads: 0 });
    const html = renderReport({ result });
    const table = html.slice(
      html.indexOf('data-table="classes"'),
      html.indexOf('</table>', html.indexOf('data-table="classes"')),
    );
    expect(table).toContain('<th scope="col">mean time in system (min)</th>');
    // Routine (most arrivals) first, each row with the run's own means.
    const rows = [
      ...table.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td[^>]*>[^<]*<\/td>)+)/g),
    ];
    expect(rows.map((r) => r[1])).toEqual(['routine', 'urgent']);
    for (const [, id, cells] of rows) {
      const shown = [...cells.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]);
      const mean = result.metrics[`classes.${id}.systemTime.mean`].mean;
      // Rounded to the digits its CI allows: within half a unit of the mean.
      expect(Math.abs(Number(shown[3].split(' ')[0].replace(/,/g, '')) - mean)).toBeLessThanOrEqual(
        0.5,
      );
      expect(shown[0].split(' ')[0].replace(/,/g, '')).toBe(
        String(Math.round(result.metrics[`classes.${id}.arrivals`].mean)),
      );
    }
  });

  it("says the utilisation beside a station's chart is replication 1's, not the table's mean", async () => {
    const shifts = await runScenario(
      loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), {
        set: [
          'horizon=2w',
          'warmup=0',
          'calendar.start=2025-01-06',
          'stations.desk.servers=null',
          'stations.desk.schedule=[{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", servers: 12}]',
        ],
      }),
      { replications: 2, threads: 0 },
    );
    const html = renderReport({ result: shifts });
    expect(html).toMatch(
      /over the run \(replication 1, as the line; the table gives the mean over replications\) they were busy/,
    );
  });

  it('says the utilisation per interval is over the servers on duty averaged over it, as the series holds', () => {
    // The series averages the servers on duty over each interval (summary.ts TimeSeries).
    const html = renderReport({ result: mmc });
    expect(html).toContain('Busy server-time over on-duty server-time in each interval');
    expect(html).not.toContain('on duty at its end');
  });

  /** A comparison declared under other names than the model's: counter against online. */
  const COUNTER_VS_ONLINE = {
    id: 'counter-vs-online',
    title: 'Counter against online',
    baseline: { arm: 'manual', label: 'counter' },
    candidate: { arm: 'main', label: 'online' },
  };

  it('draws the comparisons the model declares, by their arms and labels, and only those', () => {
    // No declaration: the same run, arms main and manual, has no comparison section.
    const undeclared = renderReport({ result: { ...evisa, comparisons: [] } });
    expect(undeclared).not.toContain('data-section="savings"');
    expect(undeclared).not.toContain('data-chart="savings-waterfall"');
    // A declaration of another id and labels, without the model's figures: officer time
    // per arrival in each arm, under the declared names.
    const declared = renderReport({
      result: {
        ...evisa,
        comparisons: [
          COUNTER_VS_ONLINE,
          // Arms that did not run are not drawn.
          {
            id: 'ghost',
            title: 'Ghost',
            baseline: { arm: 'nowhere', label: 'x' },
            candidate: { arm: 'main', label: 'y' },
          },
        ],
      },
    });
    expect(declared).toContain('data-section="counter-vs-online"');
    expect(declared).toContain('Counter against online');
    expect(declared).toContain('counter (manual arm)');
    expect(declared).toContain('online (main arm)');
    expect(declared).toContain('officer time (the staffed stations) per arrival in each arm');
    expect(declared).not.toContain('data-section="ghost"');
  });

  it('gives the officer minutes worked out from the officer time the spread of the replications, not a 0-wide interval', () => {
    const declared = renderReport({
      result: {
        ...evisa,
        comparisons: [COUNTER_VS_ONLINE],
      },
    });
    // Each replication's officer minutes (the staffed stations', totals.officerHours) over its
    // arrivals, in each arm (written out here).
    const m = evisa.metrics;
    const minutes = (prefix: string) =>
      m[`${prefix}totals.arrivals`].samples.map(
        (n, r) => (m[`${prefix}totals.officerHours`].samples[r] * 60) / n,
      );
    const counter = minutes('manual.');
    const online = minutes('');
    const saved = counter.map((v, r) => v - online[r]);
    // 2 replications: t with 1 degree of freedom, 12.706 (tables).
    const halfWidth = (xs: number[]) =>
      (12.706 * Math.abs(xs[0] - xs[1])) / Math.sqrt(2) / Math.sqrt(2);
    const interval = (label: string): [number, number] => {
      const row = declared.match(
        new RegExp(
          `<th scope="row">${label}</th><td class="num">[^<]*</td><td class="num">([^<]*)</td>`,
        ),
      );
      expect(row, label).not.toBeNull();
      const [low, high] = row![1].split(' to ').map((x) => Number(x.replace(/,/g, '')));
      return [low, high];
    };
    for (const [label, xs] of [
      ['counter minutes per application \\(manual arm\\)', counter],
      ['online minutes per application \\(main arm\\)', online],
      ['saved per application', saved],
    ] as const) {
      expect(xs[0]).not.toBe(xs[1]);
      const [low, high] = interval(label);
      const mean = (xs[0] + xs[1]) / 2;
      const hw = halfWidth([...xs]);
      // As shown: to the half-width's 2 significant digits (cut at 0 for minutes spent).
      expect(high - low, label).toBeGreaterThan(0);
      expect(Math.abs(high - (mean + hw)), label).toBeLessThanOrEqual(hw * 0.06);
      if (mean - hw > 0) expect(Math.abs(low - (mean - hw)), label).toBeLessThanOrEqual(hw * 0.06);
    }
  });

  it('says officer minutes the same in every replication are so, rather than a 0-wide interval', () => {
    const m = evisa.metrics;
    const busy = Object.keys(m).find((k) => k.endsWith('totals.officerHours'))!;
    // Every replication as the first: busy hours and arrivals alike in each.
    const same = (nudge: number) =>
      Object.fromEntries(
        Object.entries(m).map(([k, e]) => [
          k,
          {
            ...e,
            samples: e.samples.map((_, r) =>
              r > 0 && k === busy ? e.samples[0] * (1 + nudge) : e.samples[0],
            ),
          },
        ]),
      );
    const cells = (metrics: Record<string, (typeof m)[string]>) => {
      const html = renderReport({
        result: { ...evisa, metrics, comparisons: [COUNTER_VS_ONLINE] },
      });
      return [
        'counter minutes per application \\(manual arm\\)',
        'online minutes per application \\(main arm\\)',
        'saved per application',
      ].map((label) => {
        const row = html.match(
          new RegExp(
            `<th scope="row">${label}</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`,
          ),
        );
        expect(row, label).not.toBeNull();
        return [row![1], row![2]];
      });
    };
    for (const [value, interval] of cells(same(0))) {
      expect(interval).toBe('the same in all 2 replications');
      expect(value).not.toContain('±');
      expect(value).not.toBe('');
    }
    // One arm's officer hours differ in the 13th digit between the replications: rounding.
    const nudged = cells(same(1e-13));
    expect(nudged.map(([, interval]) => interval)).toContain(
      'the same in all 2 replications, to rounding',
    );
    for (const [, interval] of nudged) expect(interval).not.toMatch(/^([\d.,]+) to \1$/);
  });

  it('draws the breakdowns the model declares, from the figures it names, and only those', () => {
    const part = (mean: number) => ({
      ...evisa.metrics['totals.arrivals'],
      mean,
      ci95: [mean - 1, mean + 1] as [number, number],
      halfWidth: 1,
    });
    const metrics = {
      ...evisa.metrics,
      'derived.officerHours.passport': part(120),
      'derived.officerHours.notary': part(340),
      'derived.officerHours.notary.night': part(5),
    };
    // Figures in the run without a declaration draw nothing.
    const undeclared = renderReport({ result: { ...evisa, metrics, breakdowns: [] } });
    expect(undeclared).not.toContain('data-chart="officer-hours-by-area"');
    const breakdown = {
      id: 'counter-hours-by-desk',
      title: 'Counter hours by desk',
      figure: 'officerHours',
      part: 'desk',
      unit: 'counter hours',
    };
    const declared = renderReport({ result: { ...evisa, metrics, breakdowns: [breakdown] } });
    expect(declared).toContain('data-section="counter-hours-by-desk"');
    expect(declared).toContain('data-chart="counter-hours-by-desk"');
    expect(declared).toContain('Counter hours by desk');
    const chart = declared.slice(declared.indexOf('data-chart="counter-hours-by-desk"'));
    // The parts, largest first; a figure one level further down is not a part.
    expect(chart.indexOf('notary')).toBeLessThan(chart.indexOf('passport'));
    expect(chart.slice(0, chart.indexOf('</figure>'))).not.toContain('night');
    // A declared figure the run lacks draws no section.
    const absent = renderReport({
      result: { ...evisa, breakdowns: [{ ...breakdown, figure: 'nowhere' }] },
    });
    expect(absent).not.toContain('data-section="counter-hours-by-desk"');
  });

  it('escapes scenario strings: a <script> in a title, description, assumption or key stays text', () => {
    const evil: ScenarioResult = {
      ...mmc,
      scenario: {
        ...mmc.scenario,
        title: EVIL,
        description: `desc ${EVIL}`,
        assumptions: [{ text: `assume ${EVIL}`, source: `"><img src=x onerror=alert(1)>` }],
        document: { ...mmc.scenario.document, title: EVIL, [`k${EVIL}`]: 1 },
      },
    };
    const html = renderReport({ result: evil });
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(`<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>`);
  });

  // teaching-mmc's description says "compare with `consular-sim mmc --lambda 9 --mu 1 --servers
  // 10`": report.html showed the backticks as typed.
  it("shows the description's `inline code` as <code>", () => {
    const html = renderReport({ result: mmc });
    const desc = /<p class="desc">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(desc).toContain(
      'compare with <code>consular-sim mmc --lambda 9 --mu 1 --servers 10</code>.',
    );
    expect(desc).not.toContain('`');
  });

  it('a description cannot inject HTML through its code spans, or around them', () => {
    const evil: ScenarioResult = {
      ...mmc,
      scenario: {
        ...mmc.scenario,
        description: `run \`${EVIL}\` then </code>${EVIL}\`<img src=x onerror=alert(1)>\` and \`"><b>\``,
      },
    };
    const html = renderReport({ result: evil });
    const desc = /<p class="desc">(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(desc).toBe(
      'run <code>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</code> then &lt;/code&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<code>&lt;img src=x onerror=alert(1)&gt;</code> and <code>&quot;&gt;&lt;b&gt;</code>',
    );
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<img');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('renders summary.json input without time series, saying where the time series went', () => {
    const { timeseries: _ts, ...summary } = mmc;
    const html = renderReport({ result: summary });
    expect(html).toContain('This input has no time series');
    expect(html).toContain('data-chart="wait-histogram"');
  });

  it('renders a reproduction: the paper against the simulation, with CIs and verdicts', () => {
    const figures: FigureComparison[] = [
      {
        id: 'evisa.officer_minutes_saved_per_application',
        description: 'minutes saved <per> application',
        unit: 'minutes',
        paper: 12,
        comparison: 'about',
        simulated: { mean: 12.12, ci95: [12.11, 12.13] },
        relError: 0.01,
        kind: 'emergent',
        tolerance: 0.05,
        ok: true,
        scenario: 'paper-evisa',
        metric: 'derived.officerMinutesSavedPerApplication',
        note: '',
      },
      {
        id: 'x.off',
        description: 'a figure that misses',
        unit: 'days',
        paper: 100,
        comparison: 'at-least',
        simulated: { mean: 80, ci95: [78, 82] },
        relError: -0.2,
        kind: 'input',
        tolerance: 0.05,
        ok: false,
        scenario: 'paper-evisa',
        metric: 'derived.x',
        note: EVIL,
      },
    ];
    figures.push({
      ...figures[0]!,
      id: 'x.trend',
      paper: null,
      comparison: 'qualitative',
      simulated: { mean: 1, ci95: [1, 1] },
      relError: null,
    });
    const html = renderReport({ reproduction: { figures, scenarios: [evisa], elapsedSeconds: 3 } });
    // A qualitative figure reads as the terminal prints it: yes, with no interval or tolerance.
    const trend = html.slice(html.indexOf('<code>x.trend</code>'));
    const cells = [...trend.slice(0, trend.indexOf('</tr>')).matchAll(/<td[^>]*>([^<]*)</g)].map(
      (m) => m[1],
    );
    expect(cells.slice(1, 6)).toEqual(['qualitative', 'yes', '–', '–', '–']);
    expect(html).toContain('data-section="reproduction"');
    expect(html).toContain('data-chart="reproduction"');
    expect(html).toContain('<strong>2 of 3</strong> figures agree');
    expect(html).toContain('✓ agrees');
    expect(html).toContain('✗ differs');
    expect(html).toContain('12.110 to 12.130');
    expect(html).toContain('≥ 100');
    expect(html).toContain('minutes saved &lt;per&gt; application');
    expect(html).not.toContain(EVIL);
    for (const s of [...SCENARIO_SECTIONS, 'savings'])
      expect(html, s).toContain(`data-section="${s}"`);
  });

  it('lists emergent findings apart from the paper figures, escaped, with their CIs', () => {
    const html = renderReport({
      reproduction: {
        figures: [],
        findings: [
          {
            scenario: 'paper-konsolosluk-2020',
            metric: 'derived.withoutOnline.officerHours',
            label: 'extra officer hours <without> the online channels',
            unit: 'hours',
            note: EVIL,
            simulated: { mean: 72190, ci95: [71534, 72846] },
          },
        ],
        scenarios: [evisa],
        elapsedSeconds: 3,
      },
    });
    expect(html).toContain('data-section="findings"');
    expect(html).toContain('extra officer hours &lt;without&gt; the online channels');
    expect(html).toContain('71,534 to 72,846');
    expect(html).not.toContain(EVIL);
    // Without findings there is no such section.
    const none = renderReport({
      reproduction: { figures: [], scenarios: [evisa], elapsedSeconds: 3 },
    });
    expect(none).not.toContain('data-section="findings"');
  });

  it('renders a comparison and a sweep', async () => {
    const more = await runScenario(
      loadScenario(join(SCENARIOS, 'teaching-mmc.yaml'), {
        set: ['horizon=3w', 'warmup=1w', 'stations.desk.servers=12'],
      }),
      { replications: 3, threads: 0 },
    );
    const html = renderReport({ comparison: compareRuns(mmc, more, ['out/a', 'out/b']) });
    expect(html).toContain('data-section="comparison"');
    expect(html).toContain('data-chart="comparison"');
    expect(html).toContain('<code>stations.desk.servers</code>');
    // Neither run lost anyone: no word on whose waits they are; where B did, a note says so.
    expect(html).not.toContain('Customers were lost');
    const lost = { ...more.metrics['totals.lost']!, mean: 5 };
    const gaveUp = { ...more, metrics: { ...more.metrics, 'totals.lost': lost } };
    expect(renderReport({ comparison: compareRuns(mmc, gaveUp) })).toContain(
      '<p class="note">Customers were lost in B (totals.lost)',
    );
    // Each row as the terminal shows it: its unit, a share in %, a count whole.
    const row = (metric: string) => {
      const at = html.indexOf(`<th scope="row"><code>${metric}</code></th>`);
      return [...html.slice(at, html.indexOf('</tr>', at)).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(
        (m) => m[1],
      );
    };
    const util = row('stations.desk.utilisation');
    expect(util[0]).toBe('%');
    const a = mmc.metrics['stations.desk.utilisation'].mean;
    expect(Math.abs(Number(util[1]) - a * 100)).toBeLessThan(0.5);
    const served = row('stations.desk.served');
    expect(served[0]).toBe('services');
    expect(served[1]).toMatch(/^[\d,]+$/);
    const sweep = await runSweep(join(SCENARIOS, 'teaching-mmc.yaml'), {
      params: [parseParam('stations.desk.servers=10..12')],
      target: parseTarget('stations.desk.wait.mean<=15'),
      set: ['horizon=3w', 'warmup=1w'],
      replications: 2,
      threads: 0,
    });
    const s = renderReport({ sweep });
    for (const c of ['sweep-target', 'sweep-cost']) expect(s, c).toContain(`data-chart="${c}"`);
    expect(s).toContain('data-section="sweep"');
    expect(externalReferences(s)).toEqual([]);
    // The target as the user gave it, as the terminal writes it (not 5.00e-4).
    const tiny = renderReport({ sweep: { ...sweep, target: { ...sweep.target, value: 0.0005 } } });
    expect(tiny).toMatch(/target (&lt;|<)= 0\.0005\b/);
    expect(tiny).not.toContain('5.00e-4');
  });

  it('is the same string for the same input and time', () => {
    const at = new Date('2024-01-01T00:00:00Z');
    expect(renderReport({ result: mmc, generatedAt: at })).toBe(
      renderReport({ result: mmc, generatedAt: at }),
    );
  });
});

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consular-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes report.html and returns its path', () => {
    const file = writeReport(join(dir, 'nested'), { result: mmc });
    expect(file).toBe(join(dir, 'nested', 'report.html'));
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('One consular desk as an M/M/c queue');
  });
});
