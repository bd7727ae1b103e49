/**
 * Stations' names for people, by station id: those a scenario file gives its own stations
 * (`stations.<id>.label`, in Turkish `translations.tr.stations.<id>`) and those a service model
 * declares for the stations it builds (ServiceModel.stationLabel). One place that merges them,
 * for the Lab, the terminal summary and report.html; the ids stay the keys everywhere else.
 */
import type { ServiceModel } from './service-model';

/** A station's label in each language one is given in, by station id. */
export type StationLabels = Record<string, { en?: string; tr?: string }>;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The stations' labels a scenario document gives (`stations.<id>.label`, `translations.tr.stations`). */
export function scenarioStationLabels(document: Record<string, unknown>): StationLabels {
  const out: StationLabels = {};
  const stations = isMapping(document.stations) ? document.stations : {};
  for (const [id, st] of Object.entries(stations))
    if (isMapping(st) && typeof st.label === 'string') out[id] = { en: st.label };
  const translations = isMapping(document.translations) ? document.translations : {};
  const tr = isMapping(translations.tr) ? translations.tr : {};
  const trStations = isMapping(tr.stations) ? tr.stations : {};
  for (const [id, label] of Object.entries(trStations))
    if (typeof label === 'string' && Object.hasOwn(stations, id))
      out[id] = { ...out[id], tr: label };
  return out;
}

/**
 * The labels of `ids` (the stations a run built): the model's for each station it names, with
 * the scenario file's own over them, language by language, where it gives one.
 */
export function stationLabelsOf(
  model: Pick<ServiceModel, 'stationLabel'> | undefined,
  document: Record<string, unknown>,
  ids: Iterable<string>,
): StationLabels {
  const own = scenarioStationLabels(document);
  const out: StationLabels = {};
  for (const id of ids) {
    const fromModel = model?.stationLabel?.(id);
    const fromFile = Object.hasOwn(own, id) ? own[id] : undefined;
    const en = fromFile?.en ?? fromModel?.en;
    const tr = fromFile?.tr ?? fromModel?.tr;
    if (en !== undefined || tr !== undefined)
      out[id] = { ...(en !== undefined && { en }), ...(tr !== undefined && { tr }) };
  }
  // The file's labels of stations no run built (a field of the Lab's panel names them too).
  for (const [id, l] of Object.entries(own)) if (!Object.hasOwn(out, id)) out[id] = l;
  return out;
}

/** A station's label in `lang` (the English where there is no Turkish), else its id. */
export function stationName(labels: StationLabels, id: string, lang: 'en' | 'tr' = 'en'): string {
  const l = Object.hasOwn(labels, id) ? labels[id] : undefined;
  return (lang === 'tr' ? (l?.tr ?? l?.en) : l?.en) ?? id;
}

/** A station's label with its id in brackets, as plain text; just the id where it has none. */
export function stationText(labels: StationLabels, id: string, lang: 'en' | 'tr' = 'en'): string {
  const name = stationName(labels, id, lang);
  return name === id ? id : `${name} (${id})`;
}

/**
 * The station a station's overflow sends on those it finds full (`stations.<id>.overflow` of
 * the document as run, after --set), or undefined where it has none or the document (a
 * summary.json of another build, say) does not say.
 */
export function overflowTargetOf(
  result: { scenario: { document?: Record<string, unknown> } },
  id: string,
): string | undefined {
  const stations = result.scenario.document?.stations;
  if (typeof stations !== 'object' || stations === null || !Object.hasOwn(stations, id))
    return undefined;
  const st = (stations as Record<string, unknown>)[id];
  if (typeof st !== 'object' || st === null) return undefined;
  const to = (st as Record<string, unknown>).overflow;
  return typeof to === 'string' ? to : undefined;
}
