import { join } from 'node:path';
import { buildEvisa, type EvisaParams } from '../evisa/evisa.model';
import { loadScenario } from '../scenario/scenario.loader';
import type { NetworkModel } from '../sim/model';
import { UserError } from '../sim/user-error';
import { modelParams } from './scenario.runner';

/** The compiled models the live services run, built once before the Nest app starts. */
export interface LiveModels {
  /** The e-visa process: the e-visa model's digital arm. */
  evisa: NetworkModel;
}

/** The scenario whose digital arm the live services run: the record day, at full scale. */
export const EVISA_FLOW_SCENARIO = join(__dirname, '../../scenarios/paper-evisa-peak-day.yaml');

/**
 * The e-visa process the live services run: the digital arm that evisa.model.ts builds
 * from the paper's record-day scenario (screening → review when flagged → payment →
 * issuance, with its refusal shares and capacities). Same model as the kernel's.
 */
export function evisaDigitalNetwork(file = EVISA_FLOW_SCENARIO): NetworkModel {
  const scenario = loadScenario(file);
  const arms = buildEvisa(modelParams(scenario) as EvisaParams, scenario);
  if (!arms.main)
    throw new UserError(file, '', 'the e-visa scenario has no digital arm (noEvisa is set)');
  return arms.main;
}

/** Builds every live service's model (the composition root calls this, not the services). */
export function liveModels(): LiveModels {
  return { evisa: evisaDigitalNetwork() };
}
