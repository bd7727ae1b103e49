import 'reflect-metadata';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { renderReport } from '../../../src/report/html-report';
import { renderSummary } from '../../../src/report/summary.report';
import { checkScenario, runReplication } from '../../../lab/src/engine/lab-engine';
import { assembleResult, renderResult } from '../../../lab/src/results';
import { labelledHtml } from '../../../lab/src/labels';
import { setLang } from '../../../lab/src/i18n';

/**
 * A station's label is the scenario author's text, shown in report.html and the Lab, which
 * build HTML: markup in it is shown as text, never run. A short run of each teaching scenario
 * with a label of markup, a saturated desk (no server on duty) for the warning, and the
 * retrial desk for its table.
 */
const ROOT = join(__dirname, '../../..');
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;';
const SHORT = ['horizon=2d', 'warmup=0', 'replications=2'];

describe('a label holding markup is text in report.html and in the Lab', () => {
  it('report.html escapes it in the station table, the saturation warning and the retrial table', async () => {
    const saturated = await runScenario(
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: [...SHORT, `stations.desk.label=${SCRIPT}`, 'stations.desk.servers=0'],
      }),
      { threads: 0 },
    );
    expect(saturated.saturated?.map((s) => s.station)).toEqual(['desk']);
    const html = renderReport({ result: saturated });
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`station ${ESCAPED_SCRIPT} (desk): demand at or above capacity`);
    expect(html).toContain(`${ESCAPED_SCRIPT} <code class="raw-id" title="station id">desk</code>`);
    // The terminal has no markup to escape: the label as written, the id beside it.
    expect(renderSummary(saturated)).toContain(`Warning: station ${SCRIPT} (desk): demand`);

    const retrial = await runScenario(
      loadScenario('scenarios/teaching-queue-retrial.yaml', {
        set: [...SHORT, `stations.desk.label=${IMG}`],
      }),
      { threads: 0 },
    );
    const page = renderReport({ result: retrial });
    const start = page.indexOf('data-table="retrials"');
    const table = page.slice(start, page.indexOf('</table>', start));
    expect(table).toContain('&lt;img src=x onerror=alert(2)&gt; <code');
    expect(page).not.toContain('<img src=x');
  });

  it('the Lab escapes it in its results (warning, tables, charts) and beside its fields', () => {
    const file = 'scenarios/teaching-mmc.yaml';
    const set = [
      ...SHORT,
      `stations.desk.label=${IMG}`,
      `translations.tr.stations.desk=${SCRIPT}`,
      'stations.desk.servers=0',
    ];
    const checked = checkScenario(file, set, `${ROOT}/`);
    expect(checked.errors ?? []).toEqual([]);
    const reps = Array.from({ length: checked.replications }, (_, r) =>
      runReplication(
        { file, set, seed: checked.seed, replications: checked.replications, replication: r },
        undefined,
        `${ROOT}/`,
      ),
    );
    const lab = assembleResult(reps, checked, set, 0);
    try {
      for (const lang of ['en', 'tr'] as const) {
        setLang(lang);
        const html = renderResult(lab, 'desk');
        expect(html, lang).not.toContain('<img src=x');
        expect(html, lang).not.toContain('<script>alert');
        expect(html, lang).toContain(
          lang === 'en' ? '&lt;img src=x onerror=alert(2)&gt;' : ESCAPED_SCRIPT,
        );
      }
    } finally {
      setLang('en');
    }
    // A field's label (a station's servers, its retrial rule) is built by labelledHtml.
    const field = labelledHtml(IMG, 'desk');
    expect(field).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(field).not.toContain('<img');
  });
});
