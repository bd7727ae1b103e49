import { diplomaticPortalModel } from '../diplomatic-portal/diplomatic-portal.model';
import { evisaModel } from '../evisa/evisa.model';
import { govTrModel } from '../govtr/govtr.model';
import { hizirLoadModel } from '../hizir/hizir-load.model';
import { konsoloslukModel } from '../konsolosluk/konsolosluk.model';
import { paymentsModel } from '../payments/payments.model';
import { ScenarioError } from '../scenario/scenario-error';
import type { ServiceModel } from '../scenario/service-model';
import type { Scenario } from '../scenario/scenario.loader';

/** `model: network`: the scenario file spells out the queueing network itself. */
class NetworkParams {}

const networkModel: ServiceModel<NetworkParams> = {
  id: 'network',
  params: NetworkParams,
  build(_params, scenario: Scenario) {
    if (!scenario.network)
      throw new ScenarioError(
        scenario.file,
        'stations',
        'a network scenario must define stations, classes and sources',
      );
    return { main: scenario.network };
  },
};

const registry = new Map<string, ServiceModel<never>>([
  ['network', networkModel as ServiceModel<never>],
  ['evisa', evisaModel as ServiceModel<never>],
  ['konsolosluk', konsoloslukModel as ServiceModel<never>],
  ['gov-tr', govTrModel as ServiceModel<never>],
  ['payments', paymentsModel as ServiceModel<never>],
  ['hizir-load', hizirLoadModel as ServiceModel<never>],
  ['diplomatic-portal', diplomaticPortalModel as ServiceModel<never>],
]);

/** Adds a service model (each feature folder registers its own). */
export function registerServiceModel(model: ServiceModel<never>): void {
  registry.set(model.id, model);
}

export function getServiceModel(id: string): ServiceModel<object> {
  const model = registry.get(id);
  if (!model) throw new Error(`no service model is registered for '${id}'`);
  return model as ServiceModel<object>;
}

/** The ids of every registered service model (tests go through each one's declarations). */
export function serviceModelIds(): string[] {
  return [...registry.keys()];
}
