import './style.css';
import BUILT_CATALOGUE from 'virtual:lab-catalogue';
import { esc } from '../../src/report/svg-chart';
import { inlineCodeHtml } from '../../src/common/html-text';
import type {
  CatalogueEntry,
  CheckResult,
  ParamField,
  ReplicationResult,
  ScenarioGroup,
} from './engine/protocol';
import { detectLang, lang, setLang, t, num, unitText, type Key, type Lang } from './i18n';
import { changedOverrides } from './changed';
import { metricKind } from '../../src/scenario/service-model';
import { cliLine } from './cli-line';
import {
  metricContext,
  stationCalled,
  stationFieldHtml,
  stationFieldText,
  stationText,
  type StationLabels,
} from './labels';
import { linkProblemText, linkProblems, type LinkProblem } from './link';
import { CancelledError, RunStoppedError, ScenarioCheckError, WorkerPool } from './pool';
import { errorInTurkish, errorText, ruleText } from './rules';
import { failureText } from './failure';
import {
  assembleResult,
  headlineMetrics,
  renderComparison,
  renderResult,
  stationPicker,
  type Difference,
  type LabResult,
} from './results';
import { RATE_KEYS, renderLesson, renderStation, stopAnimation, stopLesson } from './teach';
import {
  CALIBRATION_CUSTOMERS,
  CONFIRM_SECONDS,
  estimateSeconds,
  measuredRate,
  storedRate,
  storeRate,
  type Estimate,
} from './estimate';

type View = 'scenarios' | 'lesson' | 'station';

interface State {
  view: View;
  scenario?: string;
  /** `--set` overrides by path, in the order they were made. */
  set: Map<string, string>;
}

const pool = new WorkerPool();
const state: State = { view: 'scenarios', set: new Map() };
let catalogue: CatalogueEntry[] = [];
let lastResult: LabResult | undefined;
let pinned: LabResult | undefined;
let lastCheck: CheckResult | undefined;
/** The scenario and overrides `lastCheck` checked (formKey), to draw it again for the same form. */
let lastCheckForm: string | undefined;
/** True from the click on Run (before its check) until the run ends: one run at a time. */
let running = false;

/**
 * The run under way. The page is redrawn while it runs (Reset, the language, the tabs), so its
 * progress lives here, and paintRun() shows it on whatever the page holds at the time.
 */
interface ActiveRun {
  scenario: string;
  total: number;
  workers: number;
  fractions: number[];
  done: number;
}
let active: ActiveRun | undefined;
let stationChoice: string | undefined;
/**
 * The link's names the Lab does not know (a language, a view, a scenario), said above the view
 * until the user moves to another view or scenario (the language redraws it in its own).
 */
let linkNotes: LinkProblem[] = [];

const app = document.getElementById('app') as HTMLElement;

// ---------------------------------------------------------------- URL state

function readUrl(): void {
  const q = new URLSearchParams(location.search);
  const view = q.get('view');
  state.view = view === 'lesson' || view === 'station' ? view : 'scenarios';
  state.scenario = q.get('s') ?? undefined;
  state.set = new Map();
  for (const a of q.getAll('set')) {
    const eq = a.indexOf('=');
    if (eq > 0) state.set.set(a.slice(0, eq), a.slice(eq + 1));
  }
}

/**
 * The URL of `view` (the one shown, by default) as the page holds it now. The lesson's and the
 * station's rates (λ, μ, c) live in the URL itself, where their sliders write them: they are
 * carried into every view's URL, so that a tab, the language, Back and Forward, a reload and a
 * shared link keep them (the station uses the lesson's rates).
 */
function urlFor(extra: Record<string, string> = {}, view: View = state.view): string {
  const q = new URLSearchParams();
  q.set('lang', lang());
  if (view !== 'scenarios') q.set('view', view);
  if (state.scenario && view === 'scenarios') q.set('s', state.scenario);
  if (view === 'scenarios') for (const [k, v] of state.set) q.append('set', `${k}=${v}`);
  const now = new URLSearchParams(location.search);
  for (const k of RATE_KEYS) {
    const v = now.get(k);
    if (v !== null) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `${location.pathname}?${q.toString()}`;
}

/** Each tab's link as its view's URL now (a link opened in a new tab, or copied, is the same). */
function tabLinks(): void {
  app
    .querySelectorAll<HTMLAnchorElement>('nav a[data-view]')
    .forEach((a) => a.setAttribute('href', urlFor({}, a.dataset.view as View)));
}

/**
 * The page's state into the URL. A move the user would step back from (another tab, another
 * scenario) is a new history entry, so Back returns to it instead of leaving the Lab; an edit
 * replaces the entry (Back does not step through keystrokes).
 */
export function writeUrl(extra: Record<string, string> = {}, move = false): void {
  const url = urlFor(extra);
  if (move && url !== `${location.pathname}${location.search}`) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  tabLinks();
}

function setList(): string[] {
  return [...state.set].map(([k, v]) => `${k}=${v}`);
}

/** A run's overrides for a label: `a=1, b=2`, or "as written". */
function setsText(set: string[]): string {
  return set.length ? set.join(', ') : t('noChanges');
}

// ---------------------------------------------------------------- shell

function shell(): void {
  document.documentElement.lang = lang();
  document.title = t('appTitle');
  const tab = (v: View, key: Key) =>
    `<a href="${esc(urlFor({}, v))}" data-view="${v}" ${state.view === v ? 'aria-current="page"' : ''}>${esc(t(key))}</a>`;
  app.innerHTML = `
  <a class="skip" href="#main">${esc(t('skip'))}</a>
  <header class="top">
    <div><h1>${esc(t('appTitle'))}</h1><p class="tagline">${esc(t('tagline'))}</p></div>
    <nav aria-label="${esc(t('appTitle'))}">${tab('scenarios', 'navScenarios')}${tab('lesson', 'navTeaching')}${tab('station', 'navStation')}</nav>
    <div class="lang" role="group" aria-label="${esc(t('language'))}">
      <button type="button" data-lang="en" aria-pressed="${lang() === 'en'}" lang="en">English</button>
      <button type="button" data-lang="tr" aria-pressed="${lang() === 'tr'}" lang="tr">Türkçe</button>
    </div>
  </header>
  <main id="main" tabindex="-1">${linkNote()}<div id="view"></div></main>
  <footer><p>${esc(t('footer'))}</p></footer>`;
  app.querySelectorAll<HTMLAnchorElement>('nav a').forEach((a) =>
    a.addEventListener('click', (e) => {
      e.preventDefault();
      state.view = a.dataset.view as View;
      linkNotes = [];
      writeUrl({}, true);
      render();
      // The link clicked is gone with the old page: the focus goes to the new view's heading
      // (else it drops to the body, and a keyboard or screen-reader user starts at the top).
      focusViewHeading();
    }),
  );
  app.querySelectorAll<HTMLButtonElement>('[data-lang]').forEach((b) =>
    b.addEventListener('click', () => {
      setLang(b.dataset.lang as Lang);
      writeUrl();
      render();
      (app.querySelector(`[data-lang="${lang()}"]`) as HTMLElement | null)?.focus();
    }),
  );
}

/** The focus on the shown view's heading (the lesson's, the station's, the gallery's). */
function focusViewHeading(): void {
  main().querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus();
}

/** The shown view's place in <main> (after the note on the link, if any). */
function main(): HTMLElement {
  return app.querySelector('#view') as HTMLElement;
}

/**
 * The names of the link the Lab did not use, each with what was given and what is shown
 * instead: an alert, as the lesson's note on a link's rates is.
 */
function linkNote(): string {
  if (!linkNotes.length) return '';
  const lines = linkNotes.map((p) => `<p>${esc(linkProblemText(p, lang()))}</p>`).join('');
  return `<div class="warn" role="alert" data-testid="link-note">${lines}</div>`;
}

function render(): void {
  stopAnimation();
  // The lesson's runs end with the page they were started on: none goes on unseen, or writes
  // into a view the user has left.
  stopLesson();
  shell();
  // A slider's move is written into the URL: the tabs' links follow it.
  if (state.view === 'lesson') renderLesson(main(), pool, tabLinks);
  else if (state.view === 'station') renderStation(main(), tabLinks);
  else renderScenarios();
  // A link's rates the sliders cannot show were rewritten as those used while the view was drawn.
  tabLinks();
}

// ---------------------------------------------------------------- scenarios view

/** The scenario's title and description in the page's language (English where it has none). */
function titleOf(e: CatalogueEntry): string {
  return lang() === 'tr' && e.tr ? e.tr.title : e.title;
}

function descriptionOf(e: CatalogueEntry): string {
  return lang() === 'tr' && e.tr ? e.tr.description : e.description;
}

/** A run's scenario title in the page's language, by its name (the run keeps the English one). */
function runTitle(r: LabResult): string {
  const e = catalogue.find((c) => c.name === r.scenario.name);
  return e ? titleOf(e) : r.scenario.title;
}

/** The question the scenario answers, as its file states it; else its description's first sentence. */
function question(e: CatalogueEntry): string {
  const q = lang() === 'tr' ? (e.tr?.question ?? e.question) : e.question;
  return q ?? descriptionOf(e).split(/(?<=\.)\s/)[0] ?? '';
}

function current(): CatalogueEntry | undefined {
  return catalogue.find((c) => c.name === state.scenario);
}

function renderScenarios(): void {
  const groups: ScenarioGroup[] = ['teaching', 'paper', 'whatif', 'audit'];
  const galleryHtml = catalogue.length
    ? groups
        .map((g) => {
          const items = catalogue.filter((c) => c.group === g);
          if (!items.length) return '';
          return `<section class="group" aria-labelledby="g-${g}"><h3 id="g-${g}">${esc(t(`group_${g}` as Key))}</h3><ul>${items
            .map(
              (c) =>
                `<li><button type="button" class="scenario" data-scenario="${esc(c.name)}" aria-pressed="${c.name === state.scenario}"><span class="s-title">${esc(titleOf(c))}</span><span class="s-q">${esc(question(c))}</span><code class="s-file">${esc(c.file)}</code></button></li>`,
            )
            .join('')}</ul></section>`;
        })
        .join('')
    : `<p role="status">${esc(t('loading'))}</p>`;
  main().innerHTML = `
    <div class="layout">
      <aside class="gallery" aria-labelledby="gallery-h"><h2 id="gallery-h" tabindex="-1">${esc(t('gallery'))}</h2><div data-testid="scenario-list">${galleryHtml}</div></aside>
      <section class="work" id="work" aria-live="off"></section>
    </div>`;
  main()
    .querySelectorAll<HTMLButtonElement>('button.scenario')
    .forEach((b) =>
      b.addEventListener('click', () => {
        if (running) return;
        state.scenario = b.dataset.scenario;
        if (linkNotes.length) {
          linkNotes = [];
          app.querySelector('[data-testid=link-note]')?.remove();
        }
        state.set = new Map();
        lastResult = undefined;
        lastCheck = undefined;
        stationChoice = undefined;
        writeUrl({}, true);
        renderScenarios();
        (main().querySelector('#work h2') as HTMLElement | null)?.focus();
      }),
    );
  renderWork();
}

/**
 * A station field's station: its id, its labels, what its hints call it (its label in the page's
 * language, else "Station <id>") and what the field sets.
 */
function fieldStation(
  f: ParamField,
): { id: string; labels: StationLabels; name: string; what: string } | undefined {
  const m =
    /^stations\.([^.]+)\.(servers|schedule\.(\d+)\.servers|queueLimit|balking\.probabilities|retrial|overflow)$/.exec(
      f.path,
    );
  if (!m) return undefined;
  const what =
    m[2] === 'queueLimit'
      ? t('queueLimitField')
      : m[2] === 'balking.probabilities'
        ? t('balkingField')
        : m[2] === 'retrial'
          ? t('retrialField')
          : m[2] === 'overflow'
            ? t('overflowField')
            : // A scenario names what its servers are only by the station's label (its schema
              // has no unit or kind for them: src/scenario/scenario.schema.ts), and they are not
              // always people (paper-evacuation-2020's seats are seats on a flight): a neutral
              // word, not "officers".
              `${t('serversField')}${f.hint ? ` (${f.hint})` : ''}`;
  const labels: StationLabels = f.stationLabel ? { [m[1]]: f.stationLabel } : {};
  return { id: m[1], labels, name: stationCalled(labels, m[1]), what };
}

function fieldLabel(f: ParamField): string {
  if (f.path === 'horizon') return t('horizon');
  if (f.path === 'warmup') return t('warmupField');
  if (f.path === 'replications') return t('replications');
  if (f.path === 'seed') return t('seed');
  const station = fieldStation(f);
  // The station by its label, its id beside it (the id is what --set and the results name),
  // then the field after a dash: its own words may hold a colon ("queue limit: …").
  if (station) return stationFieldText(station.labels, station.id, station.what);
  const source = /^sources\.([^.]+)\.arrivals\.(\w+)$/.exec(f.path);
  if (source)
    // The base rate with its unit in words (`perHour` is the scenario's key, not a unit to read).
    return `${source[1]}: ${t('multiplier')} (${t(`base_${source[2]}` as Key, { n: num(f.multiplierOf ?? 0) })})`;
  // A model's parameter in words, as its model declares it; the key itself only as a fallback.
  const name = f.label ? f.label[lang()] : f.path.replace(/^params\./, '');
  const unit = f.unit ? unitText(f.unit) : '';
  const measured = f.hint === 'measured' ? t('measured') : '';
  const extra = [unit, measured].filter(Boolean).join('; ');
  return extra ? `${name} (${extra})` : name;
}

/**
 * The field's label as HTML: a station's label with its id as code beside it, in brackets, so
 * that the label's text (the input's accessible name) reads as fieldLabel's does.
 */
function fieldLabelHtml(f: ParamField): string {
  const station = fieldStation(f);
  if (!station) return esc(fieldLabel(f));
  return stationFieldHtml(station.labels, station.id, station.what);
}

function shownValue(f: ParamField): string {
  const set = state.set.get(f.path);
  if (f.multiplierOf) {
    // What the user typed stays as typed when it is not a number (empty, `1,5`): shown as 0 or
    // NaN it would hide the mistake its error names.
    if (set !== undefined && (set.trim() === '' || !Number.isFinite(Number(set)))) return set;
    const v = set !== undefined ? Number(set) : f.multiplierOf;
    // Six significant digits: the multiplier typed (1.23456 stays 1.23456, not the 1.235 it
    // was drawn as while 1.23456 ran), without the float noise of the division (1.0499999…).
    return String(Number((v / f.multiplierOf).toPrecision(6)));
  }
  return set ?? String(f.value);
}

function fieldId(f: ParamField): string {
  return `f-${f.path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/**
 * A number field's step for ArrowUp and ArrowDown and its limits (undefined for a duration).
 * The fields are text inputs: an `<input type="number">` hands the page an empty value for
 * what it cannot parse (`abc`, `1e400`, `-`), which would run as the loader's default, and
 * Chromium in English drops a typed decimal comma, so `1,5` became 15; as text, what was typed
 * is what the loader checks, and a mistake gets the CLI's message.
 */
function stepping(
  f: ParamField,
): { step: number; min?: number; max?: number; minExclusive?: boolean } | undefined {
  if (f.kind === 'duration' || f.kind === 'list' || f.kind === 'mapping' || f.kind === 'station')
    return undefined;
  // A demand multiplier must stay above 0 (its rate "must be a number greater than 0").
  if (f.multiplierOf) return { step: 0.05, min: 0, minExclusive: true };
  return { step: f.step ?? 1, min: f.min, max: f.max, minExclusive: f.minExclusive };
}

/**
 * The most characters a field takes from the keyboard or a paste: far more than any number or
 * duration needs (2^53 − 1 has 16 digits), and few enough that a stray paste of megabytes is cut
 * here, not written into the URL, the CLI line and every tab's link (seconds of a frozen page).
 */
const FIELD_MAX_LENGTH = 64;
/**
 * A list field's most characters: a balking rule of 100 probabilities to 3 decimals (the loader
 * takes up to 1,000; a longer one is for a scenario file, not a form).
 */
const LIST_MAX_LENGTH = 1000;

function fieldHtml(f: ParamField, fields: ParamField[]): string {
  const id = fieldId(f);
  const value = shownValue(f);
  if (f.kind === 'station') return stationChoiceHtml(f, id, value);
  const yaml = f.kind === 'list' || f.kind === 'mapping';
  const inputmode =
    f.kind === 'duration' || yaml ? 'text' : f.kind === 'int' ? 'numeric' : 'decimal';
  // A list or a mapping is typed as YAML: how, under the field (decimal points, not commas).
  // A queue limit is a plain number, but its empty means none, which the field cannot show.
  const hintKey: Key | undefined = yaml
    ? f.kind === 'list'
      ? 'balkingHint'
      : 'retrialHint'
    : /^stations\.[^.]+\.queueLimit$/.test(f.path)
      ? 'queueLimitHint'
      : undefined;
  // A retrial rule's hint says what it would act on at its own station, as the form has it now.
  const hintText = hintKey === 'retrialHint' ? retrialHintText(fields, f) : hintKey && t(hintKey);
  const hint = hintText ? `<p class="hint" id="${fieldId(f)}-hint">${esc(hintText)}</p>` : '';
  // An empty queue limit is none: the field says so, rather than looking like a blank to fill.
  const placeholder =
    f.kind === 'list'
      ? '[0, 0.1, 0.3]'
      : f.kind === 'mapping'
        ? '{probability: 0.7, meanDelayMinutes: 30}'
        : hintKey === 'queueLimitHint'
          ? t('queueLimitNone')
          : '';
  const describedBy = `${fieldId(f)}-err${hint ? ` ${fieldId(f)}-hint` : ''}`;
  // The limits its parameter class declares, which ArrowUp and ArrowDown keep to.
  const s = stepping(f);
  const limits = [
    s?.min !== undefined ? ` data-min="${s.min}"` : '',
    s?.max !== undefined ? ` data-max="${s.max}"` : '',
  ].join('');
  const slider =
    f.kind === 'share'
      ? `<input type="range" min="0" max="1" step="0.01" value="${esc(value)}" data-mirror="${id}" aria-label="${esc(fieldLabel(f))}" tabindex="-1">`
      : '';
  return `<div class="field" data-path="${esc(f.path)}"><label for="${id}">${fieldLabelHtml(f)}</label><div class="inputs">${slider}<input id="${id}" name="${esc(f.path)}" type="text" inputmode="${inputmode}" maxlength="${yaml ? LIST_MAX_LENGTH : FIELD_MAX_LENGTH}" autocomplete="off" spellcheck="false" value="${esc(value)}"${placeholder ? ` placeholder="${esc(placeholder)}"` : ''} aria-describedby="${describedBy}" data-field="${esc(f.path)}"${limits}${f.kind === 'number' || f.kind === 'share' || f.kind === 'duration' ? ' data-decimal' : ''}></div>${hint}<div class="err" id="${id}-err" hidden></div></div>`;
}

/**
 * A station field picked from the scenario's other stations (an overflow): a select of none and
 * each of them by its label and id. A value that is none of them (the station itself, or a name
 * no station has, from a shared link) is offered too, as what it is, so that the loader's error
 * is shown beside the field that holds it and another choice clears it.
 */
function stationChoiceHtml(f: ParamField, id: string, value: string): string {
  const choices = f.choices ?? [];
  const labels: StationLabels = Object.fromEntries(
    choices.filter((c) => c.label).map((c) => [c.id, c.label!]),
  );
  const own = fieldStation(f);
  const option = (v: string, text: string) =>
    `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(text)}</option>`;
  const options = [
    option('', t('overflowNone')),
    ...choices.map((c) => option(c.id, stationText(labels, c.id))),
  ];
  if (value !== '' && !choices.some((c) => c.id === value))
    options.push(
      option(
        value,
        own && value === own.id
          ? t('overflowSelf', { station: stationText(own.labels, own.id) })
          : t('overflowUnknown', { id: value }),
      ),
    );
  return `<div class="field" data-path="${esc(f.path)}"><label for="${id}">${fieldLabelHtml(f)}</label><div class="inputs"><select id="${id}" name="${esc(f.path)}" aria-describedby="${id}-err ${id}-hint" data-field="${esc(f.path)}">${options.join('')}</select></div><p class="hint" id="${id}-hint">${esc(t('overflowHint'))}</p><div class="err" id="${id}-err" hidden></div></div>`;
}

/**
 * A station's retrial hint: how a rule is written, then what it would act on at that station as
 * the form has it now (its queue limit, its balking rule, its servers), by the station's name. A
 * limit or a balking rule the loader will refuse gives the rule's general condition instead.
 */
function retrialHintText(fields: ParamField[], f: ParamField): string {
  const id = /^stations\.([^.]+)\.retrial$/.exec(f.path)?.[1];
  const station = fieldStation(f);
  if (id === undefined || !station) return t('retrialHint');
  const valueOf = (key: string) => {
    const field = fields.find((x) => x.path === `stations.${id}.${key}`);
    return field ? shownValue(field).trim() : '';
  };
  const whole = (v: string) =>
    /^\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : undefined;
  const limitText = valueOf('queueLimit');
  const limit = whole(limitText);
  const balkingText = valueOf('balking.probabilities');
  const probabilities = /^\[(.*)\]$/
    .exec(balkingText)?.[1]
    .split(',')
    .map((p) => p.trim());
  const balkingOk =
    probabilities !== undefined &&
    probabilities.every((p) => p !== '' && Number(p) >= 0 && Number(p) <= 1);
  const vars = { station: station.name };
  let where: string;
  if ((limitText !== '' && limit === undefined) || (balkingText !== '' && !balkingOk))
    where = t('retrialUnclear', vars);
  else if (limit === undefined && balkingText === '') where = t('retrialNobody', vars);
  else if (limit === undefined) where = t('retrialBalking', vars);
  else {
    const servers = whole(valueOf('servers'));
    // With no servers nobody is being served: the room is the waiting places alone (and with
    // a limit of 0 too, everyone who comes is turned away).
    const room =
      servers === undefined
        ? ''
        : servers === 0
          ? t(limit === 0 ? 'retrialRoomNone' : 'retrialRoomNoServers', { limit: num(limit, 0) })
          : t('retrialRoom', {
              total: num(servers + limit, 0),
              servers: num(servers, 0),
              limit: num(limit, 0),
            });
    // A limit of 0 turns away everyone who would wait: a balking rule, which acts on those who
    // would join a queue shorter than the limit, never acts.
    where = t(
      limit === 0
        ? 'retrialLimitZero'
        : balkingText === ''
          ? 'retrialLimit'
          : 'retrialLimitBalking',
      {
        ...vars,
        limit: num(limit, 0),
        room,
      },
    );
  }
  return `${t('retrialHint')} ${where}`;
}

/** The retrial hints drawn anew: a station's queue limit, balking rule or servers changed. */
function refreshRetrialHints(fields: ParamField[]): void {
  for (const f of fields) {
    if (!/^stations\.[^.]+\.retrial$/.test(f.path)) continue;
    const hint = main().querySelector<HTMLElement>(`#${fieldId(f)}-hint`);
    const text = retrialHintText(fields, f);
    if (hint && hint.textContent !== text) hint.textContent = text;
  }
}

const fieldsCache = new Map<string, ParamField[]>();

/** Whether the page shows `entry`'s panel now (the gallery's view, that scenario picked). */
function onPanel(entry: CatalogueEntry): boolean {
  return state.view === 'scenarios' && current() === entry;
}

function renderWork(): void {
  const work = main().querySelector('#work') as HTMLElement;
  const entry = current();
  if (!entry) {
    work.innerHTML = `<h2>${esc(t('welcomeTitle'))}</h2><ol class="welcome"><li>${esc(t('welcome1'))}</li><li>${esc(t('welcome2'))}</li><li>${esc(t('welcome3'))}</li><li>${esc(t('welcome4'))}</li></ol>`;
    return;
  }
  const fields = fieldsCache.get(entry.name);
  if (!fields) {
    work.innerHTML = `<h2 tabindex="-1">${esc(titleOf(entry))}</h2><p role="status">${esc(t('loading'))}</p>`;
    pool
      .request<ParamField[], 'fields'>('fields', { file: entry.file })
      .then((fs) => {
        fieldsCache.set(entry.name, fs);
        if (current() !== entry || state.view !== 'scenarios') return;
        // The heading given the focus (a scenario picked, Back) is drawn anew: it keeps it. The
        // panel's heading now, not the one this request was made for: Back and Forward draw the
        // page anew while the fields load, and a late answer compared the focus with a heading
        // no longer on the page, so it drew the panel again and the focus fell to the body.
        const focused = document.activeElement === main().querySelector('#work h2');
        renderWork();
        if (focused) main().querySelector<HTMLElement>('#work h2')?.focus();
      })
      .catch((err: Error) => {
        // A late failure for a panel the user has left (another scenario, another tab, Back,
        // the language) is not written: it would land in a view that is not this scenario's.
        if (!onPanel(entry) || !work.isConnected) return;
        work.innerHTML = `<p role="alert">${esc(failureText(err))}</p>`;
      });
    return;
  }
  const sections: ParamField['section'][] = ['stations', 'demand', 'params', 'run'];
  const form = sections
    .map((s) => {
      const fs = fields.filter((f) => f.section === s);
      if (!fs.length) return '';
      // The station fields: capacity (officers, seats, a chatbot's lines), and at a network's
      // stations their queue rules too; a service model's are its capacity alone.
      const queues = fs.some((f) =>
        /^stations\.[^.]+\.(queueLimit|balking|retrial|overflow)\b/.test(f.path),
      );
      const heading = s === 'stations' && !queues ? 'section_capacity' : (`section_${s}` as Key);
      return `<fieldset><legend>${esc(t(heading))}</legend>${fs.map((f) => fieldHtml(f, fields)).join('')}</fieldset>`;
    })
    .join('');
  work.innerHTML = `
    <h2 tabindex="-1">${esc(titleOf(entry))}</h2>
    <p class="question"><strong>${esc(t('question'))}:</strong> ${inlineCodeHtml(question(entry))}</p>
    <p class="desc">${inlineCodeHtml(descriptionOf(entry))}</p>
    <form class="params" aria-labelledby="params-h" novalidate>
      <h3 id="params-h">${esc(t('parameters'))}</h3>
      ${form}
      <div class="errors" id="errors" role="alert" tabindex="-1" hidden></div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="run">${esc(t('run'))}</button>
        <button type="button" id="cancel" data-testid="cancel" hidden>${esc(t('cancel'))}</button>
        <button type="button" id="reset">${esc(t('reset'))}</button>
        <button type="button" id="copy-link">${esc(t('copyLink'))}</button>
      </div>
      <div id="estimate" class="estimate" hidden></div>
      <p id="link-box" hidden><label for="link-text">${esc(t('copyByHand'))}</label> <input id="link-text" type="text" readonly size="40"></p>
      <div class="progress" id="progress" hidden><label for="progress-bar">${esc(t('progress'))}</label> <progress id="progress-bar" max="1" value="0"></progress> <span id="progress-text" role="status"></span></div>
    </form>
    <details class="yaml"><summary id="yaml-h">${esc(t('yaml'))}</summary><pre tabindex="0" role="region" aria-labelledby="yaml-h"><code id="yaml-text"></code></pre></details>
    <p><button type="button" id="download-yaml" aria-describedby="download-yaml-why" disabled>${esc(t('downloadYaml'))}</button> <span id="download-yaml-why" class="hint" hidden>${esc(t('downloadYamlInvalid'))}</span></p>
    <p class="cli"><span>${esc(t('cli'))}:</span> <code id="cli-text"></code></p>
    <section class="compare" data-testid="compare" aria-labelledby="compare-h"><h3 id="compare-h" tabindex="-1">${esc(t('compare'))}</h3><div id="pin-line"></div><div id="compare-body"><p class="hint">${esc(t('compareHint'))}</p></div></section>
    <section class="result" data-testid="result" aria-labelledby="result-h" aria-busy="false"><h3 id="result-h" tabindex="-1">${esc(t('result'))}</h3><div id="result-body"></div></section>`;
  const formEl = work.querySelector('form') as HTMLFormElement;
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  // A text field, or a select (a station's overflow): both give their value as `value`.
  formEl.querySelectorAll<HTMLInputElement>('[data-field]').forEach((input) => {
    input.addEventListener('input', () => onFieldInput(fields, input));
    input.addEventListener('keydown', (e) => onFieldKey(fields, input, e));
  });
  formEl.querySelectorAll<HTMLInputElement>('input[data-mirror]').forEach((range) => {
    range.addEventListener('input', () => {
      const target = formEl.querySelector<HTMLInputElement>(`#${range.dataset.mirror}`);
      if (!target) return;
      target.value = range.value;
      onFieldInput(fields, target);
    });
  });
  (work.querySelector('#cancel') as HTMLButtonElement).addEventListener('click', () =>
    pool.cancel(),
  );
  (work.querySelector('#reset') as HTMLButtonElement).addEventListener('click', () => {
    state.set = new Map();
    writeUrl();
    renderWork();
    // The panel is drawn anew: the focus goes back to the new Reset, not to the page's top.
    main().querySelector<HTMLElement>('#reset')?.focus();
  });
  (work.querySelector('#copy-link') as HTMLButtonElement).addEventListener('click', (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    const url = new URL(urlFor(), location.href).toString();
    // The clipboard needs a secure context (https or localhost) and the user's permission: a
    // Lab served over http on a classroom network has none, so the link is shown to copy by hand.
    const byHand = () => {
      const box = work.querySelector<HTMLElement>('#link-box');
      const input = work.querySelector<HTMLInputElement>('#link-text');
      if (!box || !input) return;
      input.value = url;
      box.hidden = false;
      input.focus();
      input.select();
    };
    if (!navigator.clipboard) return byHand();
    navigator.clipboard.writeText(url).then(() => (button.textContent = t('linkCopied')), byHand);
  });
  (work.querySelector('#download-yaml') as HTMLButtonElement).addEventListener('click', () =>
    lastCheck?.ok ? download(`${entry.name}.yaml`, lastCheck.yaml, 'application/yaml') : undefined,
  );
  renderPin();
  if (lastResult && lastResult.scenario.name === entry.name) showResult(lastResult);
  paintRun();
  // The form's last check, drawn again at once in the page's language (a language switch): the
  // check scheduled below waits behind a run's replications, and the estimate, the errors and
  // the YAML would be blank until the run ends.
  if (lastCheck && lastCheckForm === formKey(entry)) showCheck(lastCheck);
  scheduleCheck();
}

/** The form as a check sees it: the scenario and its overrides. */
function formKey(entry: CatalogueEntry): string {
  return JSON.stringify([entry.file, [...state.set]]);
}

/** What a check says, on the panel: the errors, the YAML and its download, the estimate. */
function showCheck(result: CheckResult): void {
  showErrors(result.errors);
  showYamlDownload(result.ok);
  showEstimate(result);
  const yamlEl = main().querySelector('#yaml-text');
  if (yamlEl) yamlEl.textContent = result.yaml;
}

/**
 * ArrowUp and ArrowDown step a number field, as they would an `<input type="number">`, within
 * its limits: never to a value the loader refuses (0 for a demand multiplier, whose rate must be
 * greater than 0), and never against the key (ArrowDown does not raise a value it cannot lower).
 * An empty field steps to its smallest valid value, as a number input's does to its min: a
 * required field's blank ("is required") becomes a value, and a queue limit's none (no limit)
 * becomes the smallest limit on ArrowUp. ArrowDown leaves a queue limit's none as it is: none is
 * no limit at all, and 0 (nobody waits) is not one step below it but the strictest limit there
 * is, the opposite end; ArrowDown at a limit stops at 0, and emptying the field gives none again.
 */
function onFieldKey(fields: ParamField[], input: HTMLInputElement, e: KeyboardEvent): void {
  if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
  const f = fields.find((x) => x.path === input.dataset.field);
  const s = f && stepping(f);
  if (!f || !s) return;
  const up = e.key === 'ArrowUp';
  const text = input.value.trim();
  // The smallest valid value on the step's grid.
  const lowest = s.minExclusive ? (s.min ?? 0) + s.step : (s.min ?? 0);
  let next: number;
  if (text === '') {
    if (f.emptyIsNone && !up) return;
    next = lowest;
  } else {
    const now = Number(text);
    if (!Number.isFinite(now)) return;
    next = now + (up ? s.step : -s.step);
    if (s.min !== undefined && (s.minExclusive ? next <= s.min : next < s.min))
      next = up ? lowest : Math.min(now, lowest);
    if (!up && next > now) next = now;
  }
  if (s.max !== undefined) next = Math.min(next, s.max);
  e.preventDefault();
  // 0.1 + 0.05 is 0.15000000000000002: rounded to the step's decimals.
  const decimals = (String(s.step).split('.')[1] ?? '').length;
  input.value = String(Number(next.toFixed(decimals)));
  onFieldInput(fields, input);
}

function onFieldInput(fields: ParamField[], input: HTMLInputElement): void {
  const f = fields.find((x) => x.path === input.dataset.field);
  if (!f) return;
  const mirror = main().querySelector<HTMLInputElement>(`input[data-mirror="${input.id}"]`);
  if (mirror) mirror.value = input.value;
  let value = input.value.trim();
  if (f.multiplierOf && value !== '' && Number.isFinite(Number(value))) {
    const rate = Number(value) * f.multiplierOf;
    // A multiplier so large that the rate overflows (1e308 × 9) would reach the loader as
    // `Infinity`, refused as "must be a number greater than 0" and shown back as Infinity: the
    // largest finite rate is refused instead for the demand it would bring, which is the mistake.
    value = String(
      Number.isFinite(rate) ? Number(rate.toPrecision(8)) : Math.sign(rate) * Number.MAX_VALUE,
    );
  }
  if (value === String(f.value)) state.set.delete(f.path);
  else state.set.set(f.path, value);
  if (/^stations\.[^.]+\.(queueLimit|balking\.probabilities|servers)$/.test(f.path))
    refreshRetrialHints(fields);
  writeUrl();
  linkChanged();
  scheduleCheck();
}

/**
 * The form changed, so the link copied (or shown to copy by hand) is no longer this setup's:
 * "Link copied." goes, and a link shown by hand is replaced by the new one.
 */
function linkChanged(): void {
  const button = main().querySelector<HTMLButtonElement>('#copy-link');
  if (button) button.textContent = t('copyLink');
  const input = main().querySelector<HTMLInputElement>('#link-text');
  const box = main().querySelector<HTMLElement>('#link-box');
  if (input && box && !box.hidden) input.value = new URL(urlFor(), location.href).toString();
}

/** The rule an empty number field breaks (the loader's own word for a missing value). */
const REQUIRED = 'is required';

let checkTimer: number | undefined;
let checkSeq = 0;
function scheduleCheck(): void {
  window.clearTimeout(checkTimer);
  checkTimer = window.setTimeout(() => void check(), 120);
}

/**
 * Checks the form as it is now and shows what the check says. `forRun`: Run waits on this check,
 * so a failure of it is said even when a later check was asked for meanwhile (a key pressed
 * while it was answered): else the run would end with nothing said, and no result.
 */
async function check(forRun = false): Promise<CheckResult | undefined> {
  const entry = current();
  if (!entry) return undefined;
  const seq = ++checkSeq;
  const form = formKey(entry);
  const cli = cliLine(entry.file, setList());
  const cliEl = main().querySelector('#cli-text');
  if (cliEl) cliEl.textContent = cli;
  // A number or duration field left empty: `--set seed=` would remove the key, and the run would
  // take the loader's default (seed 1, 5 replications, no warm-up) while the field shows nothing.
  // The panel refuses it by name instead; the rest of the form is checked without it.
  // A queue limit or a retrial rule left empty is none (`--set stations.<id>.queueLimit=`
  // removes it, as a scenario without one has), not a blank.
  const blank = (fieldsCache.get(entry.name) ?? [])
    .filter((f) => !f.emptyIsNone && state.set.get(f.path)?.trim() === '')
    .map((f) => f.path);
  const set = [...state.set].filter(([k]) => !blank.includes(k)).map(([k, v]) => `${k}=${v}`);
  try {
    const checked = await pool.request<CheckResult, 'check'>('check', { file: entry.file, set });
    const result: CheckResult = blank.length
      ? {
          ...checked,
          ok: false,
          errors: [
            ...blank.map((path) => ({
              file: entry.file,
              path,
              rule: REQUIRED,
              message: `${entry.file}: ${path}: ${REQUIRED}`,
            })),
            ...checked.errors,
          ],
        }
      : checked;
    // Answered for a panel the user has left: written into none (the next one is checked anew).
    if (seq !== checkSeq || !onPanel(entry)) return result;
    lastCheck = result;
    lastCheckForm = form;
    showCheck(result);
    return result;
  } catch (err) {
    if (err instanceof CancelledError || !onPanel(entry)) return undefined;
    if (seq !== checkSeq && !forRun) return undefined;
    // Not the scenario's mistake (a worker that failed, say): said in the page's language, in
    // the error box, where Run puts the focus when its check fails.
    const box = main().querySelector<HTMLElement>('#errors');
    if (box) {
      const text = failureText(err);
      box.dataset.shown = text;
      box.innerHTML = `<p>${esc(text)}</p>`;
      box.hidden = false;
    }
    return undefined;
  }
}

/**
 * The CLI's messages in the error box and beside their fields, under `heading`: the scenario's
 * mistakes by default, or what stopped a run (the in-system limit) when it ran.
 */
/**
 * The YAML is downloadable when the scenario as edited is valid: an invalid one has no document
 * to give (the check stops before one is made), and an empty file would look like a success.
 */
function showYamlDownload(ok: boolean): void {
  const button = main().querySelector<HTMLButtonElement>('#download-yaml');
  const why = main().querySelector<HTMLElement>('#download-yaml-why');
  if (!button || !why) return;
  button.disabled = !ok;
  why.hidden = ok;
}

/**
 * A number written with a decimal comma, as Turkish writes it: `1,5`, `0,25`; or a duration's,
 * before its unit (`1,5d`, `0,5 h`), which the loader refuses as it does `1,5`.
 */
const DECIMAL_COMMA = /^\s*[+-]?\d*,\d+\s*[mhdw]?\s*$/;

function showErrors(errors: CheckResult['errors'], heading = t('invalid')): void {
  const box = main().querySelector('#errors') as HTMLElement | null;
  if (!box) return;
  // The panel is checked after every keystroke: the same errors again are left as they are, so
  // that a screen reader does not announce the alert anew for each character typed.
  const commas = [...main().querySelectorAll<HTMLInputElement>('input[data-decimal]')]
    .filter((i) => DECIMAL_COMMA.test(i.value))
    .map((i) => i.dataset.field);
  const shown = JSON.stringify([heading, errors, commas]);
  if (box.dataset.shown === shown) return;
  box.dataset.shown = shown;
  main()
    .querySelectorAll<HTMLElement>('.field .err')
    .forEach((p) => {
      p.hidden = true;
      p.textContent = '';
    });
  main()
    .querySelectorAll<HTMLInputElement>('[data-field]')
    .forEach((i) => i.removeAttribute('aria-invalid'));
  if (!errors.length) {
    box.hidden = true;
    box.innerHTML = '';
    return;
  }
  box.hidden = false;
  // In English, the CLI's message word for word (it matches what `consular-sim run` prints). In
  // Turkish, the whole message in Turkish where there is Turkish for all of it (the file and the
  // path stay as written); else what has Turkish, above the CLI's English message.
  const said = (e: CheckResult['errors'][number]) => {
    const whole = errorInTurkish(e);
    if (whole) return `<span data-testid="error-tr">${esc(whole)}</span>`;
    const text = errorText(e);
    return `${text ? `${esc(text)}<br>` : ''}<code lang="en">${esc(e.message)}</code>`;
  };
  box.innerHTML = `<p>${esc(heading)}</p><ul>${errors.map((e) => `<li>${said(e)}</li>`).join('')}</ul>`;
  // Every rule a field's value breaks, in the order the check gives them (horizon 0 is not
  // longer than 0, nor than the warm-up): beside the field, which they describe.
  const byField = new Map<HTMLElement, string[]>();
  for (const e of errors) {
    const field = [...main().querySelectorAll<HTMLElement>('.field')].find(
      (el) => el.dataset.path === e.path || e.path.startsWith(`${el.dataset.path}.`),
    );
    if (!field) continue;
    const input = field.querySelector<HTMLInputElement>('[data-field]');
    // `1,5` is refused as the CLI refuses it; a reader who writes decimals with a comma is told why.
    const comma =
      input?.hasAttribute('data-decimal') && DECIMAL_COMMA.test(input.value)
        ? ` (${t('decimalPoint')})`
        : '';
    const text = `${e.path}: ${ruleText(e.rule)}${comma}`;
    const said = byField.get(field) ?? [];
    if (!said.includes(text)) said.push(text);
    byField.set(field, said);
    input?.setAttribute('aria-invalid', 'true');
  }
  for (const [field, said] of byField) {
    const p = field.querySelector('.err') as HTMLElement;
    p.hidden = false;
    // One rule as a line, several as a list (a screen reader says how many).
    p.innerHTML =
      said.length === 1
        ? esc(said[0])
        : `<ul>${said.map((text) => `<li>${esc(text)}</li>`).join('')}</ul>`;
  }
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---------------------------------------------------------------- estimate

/** Customers a second one worker simulates through a simple queue here (measured once). */
let calibration: Promise<number | undefined> | undefined;
let calibrated: number | undefined;

function calibrate(): Promise<number | undefined> {
  calibration ??= pool
    .request<number, 'calibrate'>('calibrate', { customers: CALIBRATION_CUSTOMERS })
    .then((rate) => (calibrated = rate))
    .catch(() => {
      // Cancelled with a run, say: measured again when next asked.
      calibration = undefined;
      return undefined;
    });
  return calibration;
}

/** The run's estimate: its customers over this browser's speed (undefined before it is known). */
function estimateOf(result: CheckResult, scenario: string): Estimate | undefined {
  if (!result.ok || result.customers === undefined) return undefined;
  const own = storedRate(scenario);
  const rate = own ?? calibrated;
  if (!rate) return undefined;
  const R = result.replications;
  return {
    customers: result.customers * R,
    seconds: estimateSeconds(result.customers, R, pool.size, rate),
    basis: own ? 'scenario' : 'calibration',
  };
}

function durationText(seconds: number): string {
  if (seconds < 1) return t('timeUnderSecond');
  if (seconds < 90) return t('timeSeconds', { n: num(Math.round(seconds), 0) });
  if (seconds < 90 * 60) return t('timeMinutes', { n: num(Math.round(seconds / 60), 0) });
  return t('timeHours', { n: num(seconds / 3600, 2) });
}

/** The estimate under the Run button, for the scenario as the form has it now. */
function showEstimate(result: CheckResult): void {
  const box = main().querySelector<HTMLElement>('#estimate');
  const entry = current();
  if (!box || !entry) return;
  const est = estimateOf(result, entry.name);
  if (!est) {
    box.hidden = true;
    box.textContent = '';
    // The speed is measured once, then the estimate is shown for the check it was asked for.
    if (result.ok && result.customers !== undefined && calibrated === undefined)
      void calibrate().then(() => {
        if (lastCheck === result && calibrated !== undefined) showEstimate(result);
      });
    return;
  }
  const long = est.seconds > CONFIRM_SECONDS;
  box.hidden = false;
  box.classList.toggle('long', long);
  box.innerHTML = `<p>${esc(
    t('estimate', {
      customers: num(Math.round(est.customers), 0),
      perRep: num(Math.round(result.customers ?? 0), 0),
      reps: num(result.replications, 0),
      time: durationText(est.seconds),
    }),
  )}</p><p class="hint">${esc(t(est.basis === 'scenario' ? 'estimateScenario' : 'estimateCalibration'))}${long ? ` <strong>${esc(t('estimateLong'))}</strong>` : ''}</p>`;
}

/**
 * Whether to go ahead with a run: yes, unless its estimate is long and the user says no. A run
 * whose speed is not yet known waits for the calibration (a fraction of a second) to be asked.
 */
async function confirmCost(result: CheckResult, scenario: string): Promise<boolean> {
  if (result.customers === undefined) return true;
  if (!storedRate(scenario) && calibrated === undefined) await calibrate();
  const est = estimateOf(result, scenario);
  if (!est || est.seconds <= CONFIRM_SECONDS) return true;
  return window.confirm(
    t('confirmLong', {
      time: durationText(est.seconds),
      customers: num(Math.round(est.customers), 0),
    }),
  );
}

// ---------------------------------------------------------------- running

/** The run's controls and progress on the page as it is now (undefined off the scenario's panel). */
function runControls() {
  const m = main();
  const runBtn = m.querySelector<HTMLButtonElement>('[data-testid=run]');
  if (!runBtn) return undefined;
  return {
    runBtn,
    cancelBtn: m.querySelector('#cancel') as HTMLButtonElement,
    progress: m.querySelector('#progress') as HTMLElement,
    bar: m.querySelector('#progress-bar') as HTMLProgressElement,
    text: m.querySelector('#progress-text') as HTMLElement,
    resultSection: m.querySelector('[data-testid=result]') as HTMLElement,
  };
}

/** Shows the run under way (or none) on the page: Run disabled, Cancel and the progress shown. */
function paintRun(): void {
  // The gallery ignores a click while a run is under way: it says so (a screen reader reads the
  // scenarios as unavailable), rather than a key press that silently does nothing.
  main()
    .querySelectorAll<HTMLButtonElement>('button.scenario')
    .forEach((b) =>
      running ? b.setAttribute('aria-disabled', 'true') : b.removeAttribute('aria-disabled'),
    );
  const c = runControls();
  if (!c) return;
  c.runBtn.disabled = running;
  const shown = active && active.scenario === current()?.name ? active : undefined;
  c.cancelBtn.hidden = !shown;
  c.resultSection.setAttribute('aria-busy', String(Boolean(shown)));
  if (!shown) return;
  const f = shown.fractions.reduce((sum, x) => sum + x, 0) / shown.total;
  c.progress.hidden = false;
  c.bar.value = f;
  c.bar.setAttribute('aria-valuetext', `${Math.round(f * 100)}%`);
  // The text is a live region: written only when it changes (a replication ends), not at each
  // of the 50 progress steps of every replication, which a screen reader would read out each time.
  const said = t('running', { done: shown.done, total: shown.total, workers: shown.workers });
  if (c.text.textContent !== said) c.text.textContent = said;
}

function guardUnload(e: BeforeUnloadEvent): void {
  e.preventDefault();
  // Older Chromium and Safari ask only when returnValue is set.
  e.returnValue = '';
}

/**
 * The browser asks before a reload or a close throws away what the page alone holds: a run under
 * way, or a pinned run (the URL keeps the form, not the pin). Asked rather than kept in
 * sessionStorage: a pinned run carries every replication's samples and time series (megabytes
 * for the 249-mission network, past some browsers' quota), and a pin restored silently after a
 * reload could be a run of the Lab's code before a redeploy; a teacher knows the browser's "leave
 * this page?" from any unsaved document, and Unpin is there to reload without it.
 */
function paintUnloadGuard(): void {
  if (running || pinned) window.addEventListener('beforeunload', guardUnload);
  else window.removeEventListener('beforeunload', guardUnload);
}

/** Ends a run: the controls back, and a last word (cancelled, an error) in the progress line. */
function endRun(message?: string): void {
  running = false;
  active = undefined;
  paintUnloadGuard();
  paintRun();
  const c = runControls();
  if (!c) return;
  c.text.textContent = message ?? '';
  c.progress.hidden = message === undefined;
}

/**
 * Focus on `selector` if it would otherwise be lost: Run is disabled while a run is under way
 * and Cancel hidden after it, and a focused control that is disabled or hidden drops the focus
 * to the page's body (a keyboard or screen-reader user no longer knows where they are). Left
 * alone when the user has moved on to another control.
 */
function keepFocus(selector: string): void {
  const at = document.activeElement;
  const lost =
    !at ||
    at === document.body ||
    (at instanceof HTMLButtonElement && (at.disabled || at.hidden)) ||
    at.matches('[data-testid=run], #cancel');
  if (lost) main().querySelector<HTMLElement>(selector)?.focus();
}

async function run(): Promise<void> {
  const entry = current();
  if (!entry || running) return;
  // Set before the check is awaited: a second click (a double-click, Enter twice) is ignored.
  running = true;
  paintRun();
  // The check a key press scheduled would check the same form again, and answered after Run's
  // own it would make Run's the older of the two: Run's check is the form's check now.
  window.clearTimeout(checkTimer);
  const checked = await check(true).catch(() => undefined);
  if (!checked || !checked.ok) {
    endRun();
    (main().querySelector('#errors') as HTMLElement | null)?.focus();
    return;
  }
  if (!(await confirmCost(checked, entry.name))) {
    endRun();
    keepFocus('[data-testid=run]');
    return;
  }
  // What this run runs with (the form may change, or be reset, while it runs).
  const set = setList();
  const R = checked.replications;
  const underway: ActiveRun = {
    scenario: entry.name,
    total: R,
    workers: Math.min(pool.size, R),
    fractions: new Array<number>(R).fill(0),
    done: 0,
  };
  active = underway;
  // Reloading or closing the tab would throw the run away: the browser asks first, while it runs.
  paintUnloadGuard();
  paintRun();
  keepFocus('#cancel');
  const started = performance.now();
  try {
    const reps = await Promise.all(
      Array.from({ length: R }, (_, r) =>
        pool
          .request<ReplicationResult, 'run'>(
            'run',
            { job: { file: entry.file, set, seed: checked.seed, replications: R, replication: r } },
            (f) => {
              underway.fractions[r] = f;
              paintRun();
            },
          )
          .then((res) => {
            underway.fractions[r] = 1;
            underway.done++;
            paintRun();
            return res;
          }),
      ),
    );
    lastResult = assembleResult(reps, checked, set, (performance.now() - started) / 1000);
    // This browser's speed on this scenario, for the next run's estimate.
    if (checked.customers !== undefined)
      storeRate(
        entry.name,
        measuredRate(checked.customers, R, pool.size, lastResult.elapsedSeconds),
      );
    if (lastCheck) showEstimate(lastCheck);
    stationChoice = undefined;
    endRun();
    // Back may have shown another scenario while it ran: its result waits for its own panel.
    if (current()?.name !== entry.name) return;
    showResult(lastResult);
    keepFocus('#result-h');
    const section = main().querySelector<HTMLElement>('[data-testid=result]');
    if (section) section.dataset.elapsedMs = String(Math.round(lastResult.elapsedSeconds * 1000));
  } catch (err) {
    // Back may have shown another scenario (or Forward another tab) while it ran: what ended
    // it is not written into a panel that is not its own.
    if (!onPanel(entry)) {
      if (!(err instanceof CancelledError)) pool.cancel();
      endRun();
      return;
    }
    if (err instanceof CancelledError) {
      endRun(t('cancelled'));
      keepFocus('[data-testid=run]');
      void check();
      return;
    }
    // One replication failed: the others would only keep the workers (and the page) busy.
    pool.cancel();
    if (err instanceof RunStoppedError) {
      endRun();
      showErrors(err.errors, t('runStopped'));
      keepFocus('#errors');
    } else if (err instanceof ScenarioCheckError) {
      endRun();
      showErrors(err.errors);
      keepFocus('#errors');
    } else {
      endRun(failureText(err));
      keepFocus('[data-testid=run]');
    }
  }
}

function showResult(r: LabResult): void {
  const body = main().querySelector('#result-body') as HTMLElement | null;
  if (!body) return;
  const picker = stationPicker(r, stationChoice);
  body.innerHTML = `<div class="result-actions"><button type="button" id="pin">${esc(t('pin'))}</button> <button type="button" id="download-json">${esc(t('downloadJson'))}</button></div>${picker}<div id="result-content">${renderResult(r, stationChoice, runTitle(r))}</div>`;
  body.querySelector('#station-pick')?.addEventListener('change', (e) => {
    stationChoice = (e.target as HTMLSelectElement).value;
    const content = body.querySelector('#result-content') as HTMLElement;
    // A chart's table the reader opened stays open when the charts are drawn for the station.
    const opened = [...content.querySelectorAll<HTMLElement>('details.chart-data[open]')].map(
      (d) => d.dataset.testid,
    );
    content.innerHTML = renderResult(r, stationChoice, runTitle(r));
    content.querySelectorAll<HTMLDetailsElement>('details.chart-data').forEach((d) => {
      if (opened.includes(d.dataset.testid)) d.open = true;
    });
  });
  (body.querySelector('#pin') as HTMLButtonElement).addEventListener('click', () => {
    pinned = r;
    paintUnloadGuard();
    renderPin();
  });
  (body.querySelector('#download-json') as HTMLButtonElement).addEventListener('click', () =>
    download(
      `${r.scenario.name}-result.json`,
      // run --json's fields: the page's Turkish labels are not results.
      JSON.stringify(
        {
          ...r,
          figuresTr: undefined,
          stationLabels: undefined,
          assumptionsTr: undefined,
          customerUnit: undefined,
        },
        null,
        2,
      ),
      'application/json',
    ),
  );
  void renderComparisonFor(r);
}

function renderPin(): void {
  const line = main().querySelector('#pin-line') as HTMLElement | null;
  if (!line) return;
  if (!pinned) {
    line.innerHTML = '';
    return;
  }
  line.innerHTML = `<p data-testid="pinned">${esc(t('pinned', { title: runTitle(pinned), sets: setsText(pinned.set) }))} <button type="button" id="unpin">${esc(t('unpin'))}</button></p>`;
  (line.querySelector('#unpin') as HTMLButtonElement).addEventListener('click', () => {
    pinned = undefined;
    paintUnloadGuard();
    // A comparison still being computed is of the pair just unpinned.
    compareSeq++;
    renderPin();
    const body = main().querySelector('#compare-body');
    if (body) body.innerHTML = `<p class="hint">${esc(t('compareHint'))}</p>`;
    // Unpin is gone with its line: the focus goes to Pin (to pin again), else the section's heading.
    (
      main().querySelector<HTMLElement>('#pin') ?? main().querySelector<HTMLElement>('#compare-h')
    )?.focus();
  });
  if (lastResult) void renderComparisonFor(lastResult);
}

/**
 * Bumped by every comparison asked for and by Unpin: a comparison answered after another was
 * asked for (a new result, a panel drawn anew) or after Unpin is of a pair no longer shown,
 * and is dropped.
 */
let compareSeq = 0;

async function renderComparisonFor(r: LabResult): Promise<void> {
  const seq = ++compareSeq;
  const body = main().querySelector('#compare-body') as HTMLElement | null;
  if (!body || !pinned || pinned === r) return;
  const a = pinned;
  if (a.scenario.name !== r.scenario.name) {
    body.innerHTML = `<p class="hint">${esc(t('otherScenario'))}</p>`;
    return;
  }
  const paired = a.seed === r.seed && a.replications === r.replications;
  const keys = headlineMetrics(r).filter((k) => a.metrics[k]);
  const pick = (x: LabResult) => Object.fromEntries(keys.map((k) => [k, x.metrics[k].samples]));
  // Percentiles both runs estimated by sectioning: B − A centred on their pooled values.
  const centres = Object.fromEntries(
    keys
      .filter((k) => a.metrics[k].pooled && r.metrics[k].pooled)
      .map((k) => [k, { a: a.metrics[k].mean, b: r.metrics[k].mean }]),
  );
  let out: Record<string, Omit<Difference, 'metric' | 'a' | 'b'>>;
  try {
    out = await pool.request<typeof out, 'compare'>('compare', {
      a: pick(a),
      b: pick(r),
      paired,
      figures: r.figures,
      centres,
    });
  } catch (err) {
    if (seq !== compareSeq) return;
    // Queued behind a run that was cancelled (Cancel ends every worker): asked for again.
    if (err instanceof CancelledError) return renderComparisonFor(r);
    body.innerHTML = `<p role="alert">${esc(failureText(err))}</p>`;
    return;
  }
  if (seq !== compareSeq) return;
  const diffs: Difference[] = keys.map((k) => ({
    metric: k,
    a: { mean: a.metrics[k].mean, ci95: a.metrics[k].ci95 },
    b: { mean: r.metrics[k].mean, ci95: r.metrics[k].ci95 },
    ...out[k],
    // An input (the scenario's demand, say) is listed apart and never judged, as compare's.
    kind: metricKind(k, r.figures, r.breakdowns),
  }));
  // The overrides the two runs were run with (not the form's now), key by key: pinned → this run.
  const changed = changedOverrides(a.set, r.set);
  body.innerHTML = `${changed.length ? `<p>${esc(t('changed'))}: <code>${esc(changed.join('; '))}</code></p>` : ''}${renderComparison(diffs, paired ? (r.replications === 1 ? t('pairedOne') : t('paired', { n: r.replications })) : t('welch'), metricContext(r))}`;
}

// ---------------------------------------------------------------- start

function groupOf(name: string): ScenarioGroup {
  if (name.startsWith('paper-')) return 'paper';
  if (name.startsWith('teaching-')) return 'teaching';
  if (name.startsWith('audit-')) return 'audit';
  return 'whatif';
}

/** The state the URL holds: at the start, and after Back or Forward. */
function fromUrl(): void {
  const before = state.scenario;
  readUrl();
  linkNotes = linkProblems(
    new URLSearchParams(location.search),
    catalogue.map((c) => c.name),
  );
  if (state.scenario !== undefined && !catalogue.some((c) => c.name === state.scenario)) {
    state.scenario = undefined;
    // The overrides were for that scenario: none is open to take them.
    state.set = new Map();
  }
  if (state.scenario !== before) {
    lastCheck = undefined;
    stationChoice = undefined;
  }
  setLang(detectLang(location.search, navigator.languages ?? [navigator.language]));
  // The URL says what is shown: a name not used is replaced by what is used instead (the
  // history entry is replaced, so Back does not return to the name not used).
  if (linkNotes.length) writeUrl();
}

function start(): void {
  catalogue = BUILT_CATALOGUE.map((e) => ({ ...e, group: groupOf(e.name) }));
  fromUrl();
  window.addEventListener('popstate', () => {
    const was = { view: state.view, scenario: state.scenario };
    fromUrl();
    render();
    // The page is drawn anew, so the focus would drop to the body: it goes where the step
    // Back or Forward undoes or redoes would have put it. Another scenario in the gallery:
    // that scenario's heading, as picking it does; else the view's heading, as a tab does.
    const scenarioHeading =
      state.view === 'scenarios' && was.view === 'scenarios' && state.scenario !== was.scenario
        ? main().querySelector<HTMLElement>('#work h2[tabindex="-1"]')
        : null;
    if (scenarioHeading) scenarioHeading.focus();
    else focusViewHeading();
  });
  render();
  // For the benchmark: milliseconds from navigation to a usable gallery.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  // Start a simulation worker now, so the first scenario opens without waiting for it.
  if (state.view !== 'scenarios' || !current()) {
    const first = catalogue.find((c) => c.group === 'teaching') ?? catalogue[0];
    if (first)
      void pool
        .request<ParamField[], 'fields'>('fields', { file: first.file })
        .then((fs) => fieldsCache.set(first.name, fs))
        .catch(() => undefined);
  }
}

start();
