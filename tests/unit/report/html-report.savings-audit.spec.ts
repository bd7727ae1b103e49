import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../src/config/reference-data';
import { savingsAudit, type SavingsAudit } from '../../../src/evisa/evisa-savings-audit';
import { runScenario, type ScenarioResult } from '../../../src/experiment/scenario.runner';
import { renderReport } from '../../../src/report/html-report';
import { renderAudit } from '../../../src/report/savings-audit';
import { loadScenario } from '../../../src/scenario/scenario.loader';

const SCENARIOS = resolve(__dirname, '../../../scenarios');

let evisa: ScenarioResult;
let audit: SavingsAudit;

beforeAll(async () => {
  evisa = await runScenario(
    loadScenario(join(SCENARIOS, 'paper-evisa.yaml'), { set: ['horizon=60d'] }),
    { replications: 2, threads: 0 },
  );
  const a = savingsAudit([evisa], loadReferenceData());
  if (!a) throw new Error('paper-evisa gave no savings audit');
  audit = a;
});

/** The text of an HTML fragment, tags dropped and entities for & < > ' " decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('report.html of a reproduction: the savings audit', () => {
  it('holds every number the terminal prints under "Savings audit" (the arithmetic, costs and the desk-share grid)', () => {
    expect(audit.sensitivity).toBeDefined();
    const html = renderReport({
      reproduction: { figures: [], scenarios: [evisa], elapsedSeconds: 1 },
      savingsAudit: audit,
    });
    // The page's own assumptions send the reader to "the savings audit": it must be on the page.
    expect(html).toContain('the savings audit shows what lower');
    expect(html).toContain('data-section="savings-audit"');
    const from = html.slice(html.indexOf('data-section="savings-audit"'));
    const section = from.slice(0, from.indexOf('</section>'));
    const page = text(section);
    const numbers = renderAudit(audit).match(/-?\d[\d,]*(\.\d+)?/g) ?? [];
    expect(numbers.length).toBeGreaterThan(20);
    for (const n of numbers) expect(page, n).toContain(n);
    // Each grid row as the terminal writes it (its cells after the share), in the same order.
    const g = audit.sensitivity!;
    const rows = [
      ...section.matchAll(/<tr><th scope="row">[^<]*<\/th>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g),
    ];
    const gridRows = rows
      .slice(-g.deskShares.length)
      .map((m) => [...m[1]!.matchAll(/<td[^>]*>([^<]*)</g)].map((c) => c[1]));
    expect(gridRows.map((r) => r.length)).toEqual(g.deskShares.map(() => g.minutesFactors.length));
    const terminalRows = renderAudit(audit)
      .split('\n')
      .filter((l) => /^\s+\d+%/.test(l))
      .map((l) =>
        l
          .trim()
          .split(/\s{2,}/)
          .slice(1),
      );
    expect(gridRows).toEqual(terminalRows);
  });

  it('is left out of a reproduction report given no audit', () => {
    const html = renderReport({
      reproduction: { figures: [], scenarios: [evisa], elapsedSeconds: 1 },
    });
    expect(html).not.toContain('data-section="savings-audit"');
  });
});
