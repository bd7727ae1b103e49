import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { getServiceModel } from '../../../src/experiment/models';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { renderReport } from '../../../src/report/html-report';
import { renderSummary } from '../../../src/report/summary.report';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { esc } from '../../../src/report/svg-chart';

/**
 * The terminal summary and report.html name a service model's stations as its model declares
 * (ServiceModel.stationLabel), with the id beside the name, and keep every key as it was.
 */
describe("a service model's stations by name in the summary and report.html", () => {
  it('writes each station of paper-payments by its label beside its id', async () => {
    const scenario = loadScenario('scenarios/paper-payments.yaml', {
      set: ['horizon=1d', 'replications=2'],
    });
    const result = await runScenario(scenario, { threads: 0 });
    const model = getServiceModel(scenario.model);
    const ids = Object.keys(result.firstReplication.main.stations);
    expect(ids.length).toBeGreaterThan(0);
    const text = renderSummary(result);
    const html = renderReport({ result, generatedAt: new Date(0) });
    for (const id of ids) {
      const label = model.stationLabel?.(id)?.en;
      expect(label, id).toBeTruthy();
      // The summary's row starts with the id (the key of --set) and ends with the name.
      const row = text.split('\n').find((l) => l.startsWith(`${id} `));
      expect(row, id).toBeDefined();
      expect(row!.trimEnd().endsWith(label!), row).toBe(true);
      // report.html's station table: the name, the id beside it as code.
      expect(html).toContain(
        `<th scope="row">${esc(label!)} <code class="raw-id" title="station id">${esc(id)}</code></th>`,
      );
      // The chart picker and titles: "name (id)".
      expect(html).toContain(esc(`${label} (${id})`));
    }
    expect(text.split('\n').find((l) => l.startsWith('station '))).toMatch(/ name$/);
    // Keys unchanged: the metrics still name the station by its id.
    for (const id of ids) expect(result.metrics[`stations.${id}.served`]).toBeDefined();
  });
});
