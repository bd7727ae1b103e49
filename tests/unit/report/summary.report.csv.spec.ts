import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { timeseriesCsv } from '../../../src/report/summary.report';

/** RFC 4180 cells of one line: quoted cells may hold commas and doubled quotes. */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const raw = m[1];
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] === '') break;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Station names are the scenario's own keys, any text; timeseries.csv wrote them as they were.
describe('timeseries.csv: station names as text cells', () => {
  it('quotes a comma or a quote and keeps a spreadsheet from reading a formula', async () => {
    const formula = '=HYPERLINK("http://example.org","x")';
    const comma = 'desk, "A"';
    const file = join(dir, 'names.yaml');
    writeFileSync(
      file,
      [
        'name: csv-names',
        'horizon: 1d',
        'warmup: 0d',
        'replications: 1',
        'seed: 1',
        'stations:',
        `  ${JSON.stringify(formula)}: { servers: 1 }`,
        `  ${JSON.stringify(comma)}: { servers: 1 }`,
        'classes:',
        '  c:',
        '    route:',
        `      - { id: a, station: ${JSON.stringify(formula)}, service: { dist: exponential, mean: 10 } }`,
        `      - { id: b, station: ${JSON.stringify(comma)}, service: { dist: exponential, mean: 10 } }`,
        'sources:',
        '  w: { class: c, arrivals: { kind: poisson, perHour: 1 } }',
      ].join('\n'),
    );
    const result = await runScenario(loadScenario(file), { threads: 0 });
    const lines = timeseriesCsv(result.timeseries).trim().split('\n');
    const header = cells(lines[0]);
    const rows = lines.slice(1).map(cells);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    const stations = new Set(rows.map((r) => r[header.indexOf('station')]));
    expect(stations).toEqual(new Set([`'${formula}`, comma]));
    expect([...stations].some((s) => /^[=+\-@\t\r]/.test(s))).toBe(false);
  });
});

// The README says what a row holds; an analyst who sums `arrivals` over every row, or reads the
// file as the replications' mean, is misled unless it does, and the file must do what it says.
describe('timeseries.csv: what the README says a row holds', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

  it("is replication 1's series, arm totals repeated on each station's row, warm-up included", async () => {
    expect(readme).toContain("the CSV is replication 1's series");
    expect(readme).toContain(
      "`t_minutes` the interval's end from the start of the run, warm-up included",
    );
    expect(readme).toContain(
      "repeated on each of its stations' rows, so sum them over one station's rows, not over every row",
    );
    // Two stations in tandem, a warm-up, three replications.
    const file = join(dir, 'tandem.yaml');
    writeFileSync(
      file,
      [
        'name: csv-rows',
        'horizon: 3d',
        'warmup: 1d',
        'interval: 6h',
        'replications: 3',
        'seed: 5',
        'stations:',
        '  first: { servers: 2 }',
        '  second: { servers: 2 }',
        'classes:',
        '  c:',
        '    route:',
        '      - { id: a, station: first, service: { dist: exponential, mean: 20 } }',
        '      - { id: b, station: second, service: { dist: exponential, mean: 20 } }',
        'sources:',
        '  s: { class: c, arrivals: { kind: poisson, perHour: 4 } }',
      ].join('\n'),
    );
    const result = await runScenario(loadScenario(file), { threads: 0 });
    const rows = timeseriesCsv(result.timeseries).trim().split('\n').slice(1).map(cells);
    const first = rows.filter((r) => r[4] === 'first');
    const second = rows.filter((r) => r[4] === 'second');
    expect(first.length).toBe(second.length);
    // The same arrivals and completions on both stations' rows of an interval: the arm's.
    first.forEach((r, i) =>
      expect([second[i][1], second[i][2], second[i][3]]).toEqual(r.slice(1, 4)),
    );
    // Warm-up included: the first row ends 6 h into the run, the last at its end.
    expect(Number(first[0][1])).toBe(360);
    expect(Number(first.at(-1)![1])).toBe(3 * 24 * 60);
    // Replication 1's: its arrivals after the warm-up are replication 1's count, not the mean.
    const after = first.filter((r) => Number(r[1]) > 24 * 60);
    const arrivals = after.reduce((n, r) => n + Number(r[2]), 0);
    expect(arrivals).toBe(result.metrics['totals.arrivals'].samples[0]);
  });
});

// queue and busy are both averages over the interval: busy was written to 3 decimals, queue to
// all 16 digits (5.703028940616677 beside 2.816), a column a spreadsheet then showed unevenly.
describe('timeseries.csv: numbers', () => {
  it('writes queue and busy alike, to at most 3 decimals', async () => {
    const file = join(dir, 'decimals.yaml');
    writeFileSync(
      file,
      [
        'name: csv-decimals',
        'horizon: 2d',
        'warmup: 0d',
        'interval: 1h',
        'replications: 1',
        'seed: 1',
        'stations:',
        '  desk: { servers: 2 }',
        'classes:',
        '  c:',
        '    route:',
        '      - { id: a, station: desk, service: { dist: exponential, mean: 50 } }',
        'sources:',
        '  w: { class: c, arrivals: { kind: poisson, perHour: 2.2 } }',
      ].join('\n'),
    );
    const result = await runScenario(loadScenario(file), { threads: 0 });
    const lines = timeseriesCsv(result.timeseries).trim().split('\n');
    const header = cells(lines[0]);
    const rows = lines.slice(1).map(cells);
    for (const column of ['queue', 'busy']) {
      const values = rows.map((r) => r[header.indexOf(column)]);
      // A queue forms at this load (rho 0.92): the column is not all whole numbers.
      expect(
        values.some((v) => v.includes('.')),
        column,
      ).toBe(true);
      for (const v of values) expect(v, column).toMatch(/^\d+(\.\d{1,3})?$/);
    }
  });
});
