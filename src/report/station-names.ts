/**
 * The stations of a run by their names for people, as the terminal summary and report.html
 * write them: the label (the scenario file's, else the one its model declares, in English)
 * with the id beside it, which stays the key of the metrics, `--set` and `run --json`.
 */
import { getServiceModel, serviceModelIds } from '../experiment/models';
import type { ScenarioResult } from '../experiment/scenario.runner';
import { stationLabelsOf, stationName, type StationLabels } from '../scenario/station-labels';
import { esc } from './svg-chart';

/** The labels of the stations a result's arms ran: its model's, with its file's over them. */
export function resultStationLabels(
  result: Pick<ScenarioResult, 'scenario' | 'firstReplication'>,
): StationLabels {
  const ids = Object.values(result.firstReplication).flatMap((arm) =>
    Object.keys(arm?.stations ?? {}),
  );
  // A summary.json of a model this build no longer has names its stations by the file alone.
  const model = serviceModelIds().includes(result.scenario.model)
    ? getServiceModel(result.scenario.model)
    : undefined;
  return stationLabelsOf(model, result.scenario.document ?? {}, ids);
}

/**
 * A station as plain text: its label with the id in brackets ("Consular desk (desk)"), else
 * the id; or its label alone (stationName), in English.
 */
export { stationName, stationText } from '../scenario/station-labels';

/** A station as HTML: its label, and the id beside it as code; just the id where it has none. */
export function stationHtml(labels: StationLabels, id: string): string {
  const name = stationName(labels, id);
  return name === id
    ? esc(id)
    : `${esc(name)} <code class="raw-id" title="station id">${esc(id)}</code>`;
}
