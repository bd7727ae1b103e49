import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../../../src/experiment/scenario.runner';
import { renderReport } from '../../../src/report/html-report';
import { renderSummary } from '../../../src/report/summary.report';
import { run } from '../../helpers/scenario-run';

// The Diplomatic Portal's missions list and areas (config/) and the requests its demand brings
// are inputs: run's text, --json and report.html had listed them under "Figures derived from the
// run" beside what the simulated events produced. A tenth of the demand keeps the run short.
const INPUTS = ['diplomats', 'missions', 'serviceAreas', 'requests'];

/** The lines of a text table headed `heading:`, up to the blank line after it. */
function textSection(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}:\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The first-column names of report.html's table in `section`. */
function reportRows(html: string, section: string): string[] {
  const m = new RegExp(`<table class="data" data-section="${section}">([\\s\\S]*?)</table>`).exec(
    html,
  );
  return m ? [...m[1].matchAll(/<th scope="row"><code>([^<]+)<\/code>/g)].map((x) => x[1]) : [];
}

describe('a run lists the inputs its model repeats apart from the figures derived from it', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await run('paper-diplomatic-portal', ['params.demandFactor=0.1'], 2);
  }, 60_000);

  it('run --json gives every derived figure its kind: the config counts and requests input', () => {
    const json = JSON.parse(JSON.stringify(result)) as ScenarioResult;
    for (const name of INPUTS) expect(json.figures[name].kind, name).toBe('input');
    for (const name of ['requestsDecided', 'daysToDecision', 'officerHours', 'officerHoursSaved'])
      expect(json.figures[name].kind, name).toBe('emergent');
    expect(Object.values(json.figures).every((f) => f.kind !== undefined)).toBe(true);
  });

  it('the text puts them under Inputs, not under Figures derived from the run', () => {
    const text = renderSummary(result);
    const inputs = textSection(text, 'Inputs (set by the scenario, not simulated)');
    const derived = textSection(text, 'Figures derived from the run');
    const names = (section: string) =>
      section
        .split('\n')
        .slice(4)
        .map((l) => l.split(/\s+/)[0])
        .filter(Boolean);
    expect(names(inputs)).toEqual(INPUTS);
    expect(names(derived)).toContain('officerHoursSaved');
    for (const name of INPUTS) expect(names(derived)).not.toContain(name);
  });

  it('report.html has a table of inputs and one of the figures derived from the run', () => {
    const html = renderReport({ result, generatedAt: new Date(0) });
    expect(reportRows(html, 'input-figures')).toEqual(INPUTS);
    const derived = reportRows(html, 'derived-figures');
    expect(derived).toContain('daysToDecision');
    for (const name of INPUTS) expect(derived).not.toContain(name);
    expect(html).toContain('<caption>Inputs (set by the scenario, not simulated)');
  });
});
