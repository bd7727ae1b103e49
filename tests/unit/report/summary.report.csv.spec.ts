import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
