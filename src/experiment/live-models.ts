import { join } from 'node:path';
import { loadScenario } from '../scenario/scenario.loader';
import type { NetworkModel } from '../sim/model';
import { UserError } from '../common/user-error';
import { getServiceModel } from './models';
import { modelParams } from './scenario.runner';

/**
 * The compiled models the live services run, built once before the Nest app starts and
 * injected into the feature modules: no live service reads a scenario file. Each is an arm of
 * a paper scenario built by its service model, the same network the kernel runs, so the live
 * services decide (routes, exits, service minutes) with the kernel's draws through ModelPlan.
 */
export interface LiveModels {
  /** The e-visa process: the e-visa model's digital arm (paper-evisa-peak-day). */
  evisa: NetworkModel;
  /** The missions' counters: the Konsolosluk.NET model's main arm (paper-konsolosluk-2020). */
  konsolosluk: NetworkModel;
  /** The payment channels with their declines: the payments model (paper-payments). */
  payments: NetworkModel;
}

const SCENARIOS = join(__dirname, '../../scenarios');

/** The scenario whose digital arm the live e-visa services run: the record day, at full scale. */
export const EVISA_FLOW_SCENARIO = join(SCENARIOS, 'paper-evisa-peak-day.yaml');
export const KONSOLOSLUK_LIVE_SCENARIO = join(SCENARIOS, 'paper-konsolosluk-2020.yaml');
export const PAYMENTS_LIVE_SCENARIO = join(SCENARIOS, 'paper-payments.yaml');

/** One arm of a scenario, built by the scenario's own service model from the registry. */
export function liveArm(file: string, arm = 'main'): NetworkModel {
  const scenario = loadScenario(file);
  const arms = getServiceModel(scenario.model).build(modelParams(scenario), scenario);
  const network = arms[arm];
  if (!network)
    throw new UserError(file, '', `the scenario has no '${arm}' arm for the live services`);
  return network;
}

/**
 * The e-visa process the live services run: the digital arm that evisa.model.ts builds
 * from the paper's record-day scenario (screening → review when flagged → payment →
 * issuance, with its refusal shares and capacities). Same model as the kernel's.
 */
export function evisaDigitalNetwork(file = EVISA_FLOW_SCENARIO): NetworkModel {
  return liveArm(file);
}

/** Builds every live service's model (the composition root calls this, not the services). */
export function liveModels(): LiveModels {
  return {
    evisa: evisaDigitalNetwork(),
    konsolosluk: liveArm(KONSOLOSLUK_LIVE_SCENARIO),
    payments: liveArm(PAYMENTS_LIVE_SCENARIO),
  };
}
