import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenario, runReplication } from '../../../lab/src/engine/lab-engine';
import { setLang, t } from '../../../lab/src/i18n';
import { assembleResult, renderResult } from '../../../lab/src/results';
import { chartWithData } from '../../../lab/src/chart-data';

const ROOT = join(__dirname, '../../..');

function labRun(file: string, set: string[]) {
  const checked = checkScenario(file, set, `${ROOT}/`);
  const reps = Array.from({ length: checked.replications }, (_, r) =>
    runReplication(
      { file, set, seed: checked.seed, replications: checked.replications, replication: r },
      undefined,
      `${ROOT}/`,
    ),
  );
  return assembleResult(reps, checked, set, 0);
}

/** The header cell of a station table's column, by its label. */
function header(html: string, label: string): string {
  const m = new RegExp(`<th scope="col">${label} <span class="unit">\\(([^)]*)\\)</span>`).exec(
    html,
  );
  return m?.[1] ?? '';
}

describe('the Lab writes a chart table’s summary as one phrase', () => {
  it('names the chart after the lead with no part that starts with a colon', () => {
    setLang('en');
    const { table } = chartWithData('<svg role="img"></svg>', {
      caption: 'Arrivals and completions per hour',
      columns: ['t', 'n'],
      rows: [['1', '2']],
    });
    const summary = /<summary[^>]*>(.*?)<\/summary>/.exec(table)?.[1] ?? '';
    expect(summary).toBe('The chart’s numbers as a table: Arrivals and completions per hour');
    setLang('tr');
    expect(t('chartTableSummary', { caption: 'X' })).toBe('Grafiğin sayıları tablo olarak: X');
    setLang('en');
  });
});

describe('the Lab’s units and marks follow the model', () => {
  const hizir = labRun('scenarios/hizir-load.yaml', ['horizon=1d', 'replications=2']);
  it('counts questions in Hızır’s queues, in both languages; people elsewhere', () => {
    setLang('tr');
    expect(header(renderResult(hizir), t('meanQueue'))).toBe('soru');
    setLang('en');
    expect(header(renderResult(hizir), t('meanQueue'))).toBe('questions');
    const mmc = labRun('scenarios/teaching-mmc.yaml', ['horizon=4w', 'replications=2']);
    expect(header(renderResult(mmc), t('meanQueue'))).toBe('customers');
    setLang('tr');
    expect(header(renderResult(mmc), t('meanQueue'))).toBe('vatandaş');
    setLang('en');
  });
  it('writes the bot’s utilisation in percent, not with an exponent', () => {
    setLang('en');
    const html = renderResult(hizir);
    const cell = /data-metric="stations\.bot\.utilisation">([^<]*)/.exec(html)?.[1] ?? '';
    expect(cell).toMatch(/^0\.0000\d+ ± 0\.0000\d+$/);
  });
  it('says a percentile’s ± beside “all replications equal” is the sketch’s allowance', () => {
    const r = structuredClone(hizir);
    const key = 'stations.officers.wait.p90';
    r.metrics[key] = {
      ...r.metrics[key],
      mean: 820.7,
      halfWidth: 8.2,
      ci95: [812.5, 828.9],
      sameInEveryReplication: true,
    };
    for (const lang of ['en', 'tr'] as const) {
      setLang(lang);
      const html = renderResult(r);
      const cell =
        new RegExp(`data-metric="${key.replace(/\./g, '\\.')}">(.*?)</td>`).exec(html)?.[1] ?? '';
      expect(cell).toContain(t('sameValuesSketchMark', { accuracy: lang === 'en' ? '1%' : '%1' }));
      expect(cell).not.toContain(`(${t('sameValuesMark')})`);
    }
    setLang('en');
  });
});
