/**
 * Names for people of what the CLI names by key: a station by its `label` (in Turkish, the
 * scenario's `translations.tr.stations`) or, for a station a service model builds, the model's
 * (ServiceModel.stationLabel), a metric key (`stations.desk.wait.mean`,
 * `derived.officerHours`) in words. The one place the Lab builds these: the tables, the charts,
 * the picker and the panel's fields show the label, and beside it the raw key in a smaller code
 * element (and as its title), so that what the page says still reads back to `run --json` and
 * `--set`. The exported results keep their keys as they are.
 */
import { esc } from '../../src/report/svg-chart';
import type { FigureDeclaration, FigureTranslation } from '../../src/scenario/service-model';
import {
  scenarioStationLabels,
  stationName as sharedStationName,
  stationText as sharedStationText,
  type StationLabels,
} from '../../src/scenario/station-labels';
import { lang, t, type Key } from './i18n';

export type { StationLabels };
/** The stations' labels a scenario document gives (`stations.<id>.label`, `translations.tr.stations`). */
export const stationLabelsOf = scenarioStationLabels;

/** A station's label in the page's language (the English where there is no Turkish), else its id. */
export function stationName(labels: StationLabels, id: string): string {
  return sharedStationName(labels, id, lang());
}

/**
 * A label with its raw key beside it, smaller, as code (and as the label's title, shown on
 * hover): just the key as code where the label is the key itself.
 */
export function labelledHtml(label: string, raw: string): string {
  if (label === raw) return `<code>${esc(raw)}</code>`;
  // The key is shown beside the name, not repeated in a title: a screen reader would read a
  // machine key ("applications", "desk") as words, in whatever language the page is in.
  return `<span class="label">${esc(label)}</span> <code class="raw-id">${esc(raw)}</code>`;
}

/** A station's label and id, as HTML (labelledHtml). */
export function stationHtml(labels: StationLabels, id: string): string {
  return labelledHtml(stationName(labels, id), id);
}

/**
 * A station by its label, or, where it has none, by its id after the word for a station
 * ("Station desk", "Birim desk"): the id alone reads as a word of the sentence around it
 * ("desk — servers", "desk: an arrival who…").
 */
export function stationCalled(labels: StationLabels, id: string): string {
  const name = stationName(labels, id);
  return name === id ? t('stationById', { id }) : name;
}

/**
 * A station field's label, as plain text (the input's accessible name): the station by its label
 * with its id in brackets ("Consular desk (desk) — servers"), or by its id after the word for a
 * station where it has no label ("Station desk — servers"), then the field after a dash (its own
 * words may hold a colon: "queue limit: …").
 */
export function stationFieldText(labels: StationLabels, id: string, what: string): string {
  const name = stationName(labels, id);
  return `${name === id ? t('stationById', { id }) : `${name} (${id})`} — ${what}`;
}

/** stationFieldText as HTML, the id as code: the same text, so the same accessible name. */
export function stationFieldHtml(labels: StationLabels, id: string, what: string): string {
  const name = stationName(labels, id);
  const who =
    name === id
      ? esc(t('stationById')).replace('{id}', `<code>${esc(id)}</code>`)
      : `<span class="label">${esc(name)}</span> (<code class="raw-id">${esc(id)}</code>)`;
  return `${who} — ${esc(what)}`;
}

/** A station's label with its id in brackets, as plain text (a chart's title, an option). */
export function stationText(labels: StationLabels, id: string): string {
  return sharedStationText(labels, id, lang());
}

/** What a metric of the run's summary measures, by the part of its key after the station or class. */
const STAT_LABELS: Record<string, Key> = {
  arrivals: 'm_arrivals',
  served: 'm_served',
  jobs: 'm_jobs',
  lost: 'm_lost',
  completed: 'm_completed',
  balkedByChoice: 'm_balkedByChoice',
  // At a station with a retrial rule: balked are the customers lost for good there.
  balked: 'm_stationBalked',
  balkedAttempts: 'm_balkedAttempts',
  retrials: 'm_retrials',
  gaveUpAfterRetrial: 'm_gaveUpAfterRetrial',
  // Only at a station with an overflow: arrivals it found full and sent on.
  overflowed: 'm_overflowed',
  'wait.mean': 'meanWait',
  'wait.p50': 'm_waitP50',
  'wait.p90': 'p90Wait',
  'wait.p95': 'm_waitP95',
  'wait.p99': 'm_waitP99',
  'lostWait.mean': 'm_lostWait',
  meanQueue: 'meanQueue',
  meanBusy: 'm_meanBusy',
  utilisation: 'utilisation',
  busyHours: 'm_busyHours',
  'systemTime.mean': 'm_systemTime',
  'systemTime.p90': 'm_systemTimeP90',
  'lostTime.mean': 'm_lostTime',
};

const TOTAL_LABELS: Record<string, Key> = {
  arrivals: 'arrivals',
  completed: 'completed',
  lost: 'm_lost',
  inSystem: 'm_inSystem',
  officerHours: 'm_officerHours',
  'lostBy.balked': 'm_balked',
  'lostBy.reneged': 'm_reneged',
  'lostBy.turnedAway': 'm_turnedAway',
};

/** What a metric label is read from: the run's arms, stations' labels and derived figures. */
export interface MetricContext {
  arms: string[];
  stations: StationLabels;
  figures: Record<string, FigureDeclaration>;
  figuresTr?: Record<string, FigureTranslation>;
}

/**
 * The labels of a run's stations: those the worker sent (its model's and its file's,
 * src/scenario/station-labels.ts), else, for a result from before they were sent, the file's.
 */
export function resultStationLabels(r: {
  scenario: { document: Record<string, unknown> };
  stationLabels?: StationLabels;
}): StationLabels {
  return r.stationLabels ?? scenarioStationLabels(r.scenario.document);
}

/** The labels a run's result gives its metrics: its arms, its scenario's stations, its figures. */
export function metricContext(r: {
  arms: string[];
  scenario: { document: Record<string, unknown> };
  stationLabels?: StationLabels;
  figures: Record<string, FigureDeclaration>;
  figuresTr?: Record<string, FigureTranslation>;
}): MetricContext {
  return {
    arms: r.arms,
    stations: resultStationLabels(r),
    figures: r.figures,
    figuresTr: r.figuresTr,
  };
}

/**
 * A metric key in words in the page's language (`stations.desk.wait.mean` → "Consular desk: mean
 * wait"), or the key itself where it is none the Lab knows. A derived figure is named by its
 * model's description of it (the Turkish one in Turkish).
 */
export function metricLabel(key: string, ctx: MetricContext): string {
  let rest = key;
  let arm = '';
  for (const a of ctx.arms)
    if (a !== 'main' && rest.startsWith(`${a}.`)) {
      arm = a;
      rest = rest.slice(a.length + 1);
      break;
    }
  const said = labelOf(rest, ctx);
  if (said === undefined) return key;
  return arm ? `${t('arm')} ${arm}: ${said}` : said;
}

/**
 * A derived figure's entry in a table of figures: its own, else (a part such as
 * `officerHours.passport`) that of the figure its name starts with.
 */
export function figureEntry<T>(table: Record<string, T> | undefined, name: string): T | undefined {
  if (!table) return undefined;
  if (Object.hasOwn(table, name)) return table[name];
  const head = name.split('.')[0];
  return Object.hasOwn(table, head) ? table[head] : undefined;
}

function labelOf(rest: string, ctx: MetricContext): string | undefined {
  if (rest.startsWith('derived.')) {
    const name = rest.slice('derived.'.length);
    const head = name.split('.')[0];
    const description =
      (lang() === 'tr' ? figureEntry(ctx.figuresTr, name)?.description : undefined) ??
      figureEntry(ctx.figures, name)?.description;
    if (!description) return undefined;
    // A part of a figure declared as a whole (officerHours.passport) says which part.
    return Object.hasOwn(ctx.figures, name)
      ? description
      : `${description} (${name.slice(head.length + 1)})`;
  }
  if (rest.startsWith('totals.')) {
    const k = rest.slice('totals.'.length);
    return Object.hasOwn(TOTAL_LABELS, k) ? t(TOTAL_LABELS[k]) : undefined;
  }
  const m = /^(stations|classes)\.(.+?)\.((?:wait|lostWait|systemTime|lostTime)\.\w+|\w+)$/.exec(
    rest,
  );
  if (!m || !Object.hasOwn(STAT_LABELS, m[3])) return undefined;
  const who = m[1] === 'stations' ? stationName(ctx.stations, m[2]) : m[2];
  return `${who}: ${t(STAT_LABELS[m[3]])}`;
}

/** A metric's label with its key beside it, as HTML (labelledHtml). */
export function metricHtml(key: string, ctx: MetricContext): string {
  return labelledHtml(metricLabel(key, ctx), key);
}
