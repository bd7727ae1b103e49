import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { prepareArms } from '../../../src/experiment/scenario.runner';
import { scenarioErrorOf as errorOf } from '../../helpers/scenario-run';
import { loadScenario } from '../../../src/scenario/scenario.loader';

// A figure that config/paper-figures.yaml does not have had been accepted by `run` without a
// word; only a later `reproduce` or `audit` said so.

describe('prepareArms: the figures reproduces: names exist', () => {
  it('a network scenario naming an unknown figure is refused at its entry', () => {
    const s = loadScenario('scenarios/teaching-mmc.yaml', {
      set: ['reproduces=[{figure: no.such_figure, metric: totals.arrivals, kind: emergent}]'],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.file).toBe('scenarios/teaching-mmc.yaml');
    expect(e.path).toBe('reproduces[0].figure');
    expect(e.rule).toBe(
      "must be a figure id from config/paper-figures.yaml (got 'no.such_figure')",
    );
  });

  it('a typo is refused with the closest figure; a real figure is accepted', () => {
    const with_ = (figure: string) =>
      loadScenario('scenarios/teaching-mmc.yaml', {
        set: [`reproduces=[{figure: ${figure}, metric: totals.arrivals, kind: emergent}]`],
      });
    expect(errorOf(() => prepareArms(with_('evisa.peak_day_isued'))).rule).toContain(
      "(did you mean 'evisa.peak_day_issued'?)",
    );
    expect(() => prepareArms(with_('evisa.peak_day_issued'))).not.toThrow();
  });

  it("a paper scenario's figures all exist", () => {
    const s = loadScenario('scenarios/paper-diplomatic-portal.yaml', {
      set: ['reproduces[1].figure=diplomatic_portal.service_area'],
    });
    expect(errorOf(() => prepareArms(s)).path).toBe('reproduces[1].figure');
    expect(() => prepareArms(loadScenario('scenarios/paper-diplomatic-portal.yaml'))).not.toThrow();
  });

  it("a kind that contradicts the model's declaration of the figure is refused at the entry", () => {
    // derived.diplomats is the sum of config/diplomatic-portal/missions.yaml: the model declares
    // it an input, so a scenario may not have reproduce call it a simulated result.
    const s = loadScenario('scenarios/paper-diplomatic-portal.yaml', {
      set: ['reproduces[0].kind=emergent'],
    });
    const e = errorOf(() => prepareArms(s));
    expect(e.file).toBe('scenarios/paper-diplomatic-portal.yaml');
    expect(e.path).toBe('reproduces[0].kind');
    expect(e.rule).toBe(
      "must be input: model diplomatic-portal declares derived.diplomats a copy of an input (set by the scenario, not simulated) (got 'emergent')",
    );
    // A figure the model leaves undeclared takes the scenario's kind (e-visa's fee revenue,
    // calibrated in paper-evisa.yaml, is input there).
    expect(() => prepareArms(loadScenario('scenarios/paper-evisa.yaml'))).not.toThrow();
  });
});
