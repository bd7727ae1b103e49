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

// Hızır's deflection is the share a scenario gives (hizir-load: 0.3), so an input, the same in
// every replication; with `deflection: measured` (paper-hizir) it is the engine's share on its
// test questions, measured outside the simulation. It had been listed under the figures derived
// from the run whatever the scenario said (ServiceModel.figureKindsFor).
describe("Hızır's deflection is an input where the scenario gives it, measured where it says measured", () => {
  it('hizir-load (deflection 0.3): an input, in --json and under Inputs in the text', async () => {
    const result = await run('hizir-load', ['horizon=2d', 'warmup=0'], 2);
    expect(result.figures.deflection.kind).toBe('input');
    expect(result.figures.answeredByBot.kind).toBe('emergent');
    const inputs = textSection(
      renderSummary(result),
      'Inputs (set by the scenario, not simulated)',
    );
    expect(inputs).toMatch(/^deflection\s/m);
  }, 60_000);

  it('paper-hizir (deflection: measured): measured, with its interval, and not an input', async () => {
    const result = await run('paper-hizir', ['horizon=2d', 'warmup=0'], 2);
    for (const name of ['deflection', 'deflectionLow', 'deflectionHigh'])
      expect(result.figures[name].kind, name).toBe('measured');
    const inputs = textSection(
      renderSummary(result),
      'Inputs (set by the scenario, not simulated)',
    );
    expect(inputs).not.toMatch(/^deflection/m);
  }, 60_000);
});
