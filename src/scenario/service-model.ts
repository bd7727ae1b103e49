import type { ClassConstructor } from 'class-transformer';
import type { NetworkModel } from '../sim/model';
import type { RunSummary } from '../sim/summary';
import type { Scenario } from './scenario.loader';
import type { FigureKind } from './scenario.schema';

/**
 * A service's process model as the scenario runner sees it: parameters (a
 * class-validator class), the queueing networks they build, and the figures
 * derived from a replication's results. Pure: no Nest, no Redis, no I/O.
 *
 * A model may build several arms (say, digital and manual) that run with the
 * same seed in each replication, so their differences are paired comparisons.
 */
export interface ServiceModel<P extends object = object> {
  id: string;
  params: ClassConstructor<P>;
  build(params: P, scenario: Scenario): Record<string, NetworkModel>;
  /** Figures from one replication, computed from what the arms simulated. */
  derive?(params: P, runs: Record<string, RunSummary>, scenario: Scenario): Record<string, number>;
  /** Whether `derive` reads every replication's time series (by default only the first keeps one). */
  usesTimeseries?(params: P): boolean;
  /** Describes derived figures: unit, meaning and the values they can take, for tables and reports. */
  figures?: Record<string, FigureDeclaration>;
  /**
   * Kinds the params decide, over `figures[name].kind`, for a figure that repeats an input in
   * some scenarios and not in others (hizir-load's deflection: the share a scenario gives, an
   * input; `measured`, the engine's share on its test questions). Read through figuresForParams.
   */
  figureKindsFor?(params: P): Readonly<Record<string, FigureKind>>;
  /**
   * Each of `figures` in Turkish, its unit and description, for the Lab in Turkish (a figure
   * without one fails tests/unit/lab/figures-tr.spec.ts). Apart from `figures`, so that
   * `run --json`, which writes those, stays as it was.
   */
  figuresTr?: Record<string, FigureTranslation>;
  /** Arms the model compares with each other (say, a desk arm against a digital one); reports draw each. */
  comparisons?: ArmComparison[];
  /** Derived figures the model splits into parts (say, officer hours by service area); reports draw each. */
  breakdowns?: FigureBreakdown[];
  /**
   * What each numeric parameter is called, in words and with its unit, for people editing it (the
   * Lab's panel), by its path under `params`; `*` stands for one key of a mapping (a service
   * area), and `{id}` in the words for the key it matched. Declared beside the parameter class,
   * so that a scenario on this model needs none of its own.
   */
  paramLabels?: Record<string, ParamLabel>;
  /**
   * Where the model simulates a sample of its customers one by one (e-visa's `params.sampling`,
   * on stations scaled to match), the share it simulates: the run's arrivals, stations and
   * classes count that sample, and the model's derived counts are scaled back up to everyone.
   * Undefined (or 1) where every customer is simulated. The summary says it in its header.
   */
  sampledShare?(params: P): number | undefined;
  /**
   * What people call a station `build` makes, by its id, in English and Turkish: the Lab, the
   * terminal summary and report.html show it with the id beside it (the id stays the key of the
   * metrics, `--set` and `run --json`). A function of the id alone, so that a result names its
   * stations without the run's params; a station built from config/ data (a mission's counter)
   * is named from there. Every station of every shipped scenario has one
   * (tests/unit/scenario/station-labels.spec.ts). A `model: network` scenario names its own.
   */
  stationLabel?(id: string): StationLabel | undefined;
  /**
   * What one of the model's customers is, as the unit of what waits in and leaves its stations'
   * queues, in English and Turkish (Hızır's are questions: `questions`, `soru`): the Lab's
   * station table and charts write it; undefined for people (`customers`, `vatandaş`).
   */
  customerUnit?: StationLabel;
}

/** A station's name for people, in English and Turkish (ServiceModel.stationLabel). */
export interface StationLabel {
  en: string;
  tr: string;
}

/** `stationLabel` of a model whose station ids are fixed: a look-up in `labels`, by id. */
export function fixedStationLabels(
  labels: Readonly<Record<string, StationLabel>>,
): (id: string) => StationLabel | undefined {
  return (id) => (Object.hasOwn(labels, id) ? labels[id] : undefined);
}

/**
 * The values a derived figure can take, so that its confidence interval is cut there and never
 * shows an impossible value (src/experiment/estimate.ts): `nonNegative` for a count, a time, an
 * amount or a utilisation (busy over on-duty time passes 1 when work runs on after closing:
 * src/sim/station.ts setCapacity); `unitInterval` for a share or probability that cannot pass 1;
 * `any` for a difference between arms or scenarios, which may go either way.
 */
export type FigureSupport = 'nonNegative' | 'unitInterval' | 'any';

/** A derived figure's unit and meaning, for tables and reports, and the values it can take. */
export interface FigureDeclaration {
  unit: string;
  description: string;
  support: FigureSupport;
  /**
   * The figure is a percentile read from a station's or class's quantile sketch (a model that
   * converts `stations.<id>.wait.p99` into seconds, say): exact only to the sketch's relative
   * accuracy, so its intervals are widened by it as the runner's own percentiles are.
   */
  sketch?: true;
  /**
   * The figure is a timing of the machine that runs the model (Hızır's answer time), not a
   * simulated value: it differs from run to run, and the Lab, which replays the engine's
   * answers recorded at build time, has none to give (it shows the figure as not measured).
   */
  timing?: true;
  /**
   * Where the figure's number comes from (scenario.schema.ts FIGURE_KINDS). A model declares
   * `input` for a figure that only repeats an input of every scenario on it — a count from
   * config/ (missions, service areas) or the arrivals the scenario's demand brings — and leaves
   * the rest undeclared, emergent unless a scenario's `reproduces:` says otherwise
   * (figureKind). A `reproduces:` entry that names such a figure with another kind is refused
   * (src/experiment/scenario.runner.ts). In a run's results (`run --json`'s `figures`, the
   * Lab's) every figure carries its kind as resolved for the scenario (figuresWithKinds).
   */
  kind?: FigureKind;
}

/** A derived figure's unit and description in another language than the declaration's English. */
export interface FigureTranslation {
  unit: string;
  description: string;
}

/** Units a parameter is measured in (the Lab words each one in every language it speaks). */
export const PARAM_UNITS = [
  'share',
  'factor',
  'ratio',
  'minutes',
  'hours',
  'days',
  'officers',
  'servers',
  'slots',
  'terminals',
  'transactions',
  'citizens',
  'questionsPerDay',
  'requestsPerDiplomatYear',
  'usdPerHour',
  'usdPerApplication',
] as const;
export type ParamUnit = (typeof PARAM_UNITS)[number];

/** A parameter's name for people, in English and Turkish, and its unit. */
export interface ParamLabel {
  en: string;
  tr: string;
  unit: ParamUnit;
}

/**
 * The label `labels` declares for `path` (under `params`, dotted, e.g. `areas.tax.paperMinutes`),
 * with `{id}` replaced by the key a `*` matched; undefined when none is declared.
 */
export function paramLabelOf(
  labels: Record<string, ParamLabel> | undefined,
  path: string,
): ParamLabel | undefined {
  if (!labels) return undefined;
  const exact = labels[path];
  if (exact) return exact;
  const parts = path.split('.');
  for (const [pattern, label] of Object.entries(labels)) {
    const want = pattern.split('.');
    if (want.length !== parts.length) continue;
    let id: string | undefined;
    if (!want.every((w, i) => (w === '*' ? ((id = parts[i]), true) : w === parts[i]))) continue;
    const fill = (text: string) => text.replace('{id}', id ?? '');
    return { ...label, en: fill(label.en), tr: fill(label.tr) };
  }
  return undefined;
}

/** The arm of a single-arm model; its metric keys carry no arm prefix. */
export const MAIN_ARM = 'main';

/**
 * The metric key of `key` in one arm: `totals.arrivals` in the main arm,
 * `manual.totals.arrivals` in arm `manual`. The one place that builds per-arm keys.
 */
export function armMetricKey(arm: string, key: string): string {
  return arm === MAIN_ARM ? key : `${arm}.${key}`;
}

const DERIVED = 'derived.';

/** The metric key of a derived figure (`officerHours` → `derived.officerHours`); the one place that builds them. */
export function derivedMetricKey(figure: string): string {
  return `${DERIVED}${figure}`;
}

/** The derived figure a metric key names (`derived.officerHours` → `officerHours`), else undefined. */
export function derivedFigureOf(key: string): string | undefined {
  return key.startsWith(DERIVED) ? key.slice(DERIVED.length) : undefined;
}

/**
 * A derived figure split into parts: the model derives `<figure>.<part>` for each part
 * (`officerHours.passport`, `officerHours.notary`, ...), and reports chart the parts side by side.
 */
export interface FigureBreakdown {
  /** Stable id: the report's section and chart names. */
  id: string;
  /** Section and chart title in reports. */
  title: string;
  /** The derived figure the parts split (`officerHours`). */
  figure: string;
  /** What one part is, for captions ("service area"). */
  part: string;
  /** Unit of the values, for the axis ("officer hours"). */
  unit: string;
}

/**
 * A derived figure's unit and meaning as tables show them: its own declaration, else, for a part
 * of a breakdown (`officerHours.passport`), the whole's unit and description naming the part
 * (`officer hours at the counters: service area passport`), else the figure its name starts
 * with; empty where the model declares nothing.
 */
export function figureLabel(
  name: string,
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> = {},
  breakdowns: readonly FigureBreakdown[] = [],
): { unit: string; description: string } {
  if (Object.hasOwn(figures, name))
    return { unit: figures[name].unit ?? '', description: figures[name].description ?? '' };
  const b = breakdowns.find((x) => name.startsWith(`${x.figure}.`));
  if (b) {
    const whole = Object.hasOwn(figures, b.figure) ? figures[b.figure] : undefined;
    const part = name.slice(b.figure.length + 1);
    return {
      unit: whole?.unit ?? b.unit,
      description: `${whole?.description ?? b.title}: ${b.part} ${part}`,
    };
  }
  const head = name.split('.')[0];
  if (head !== name && Object.hasOwn(figures, head))
    return { unit: figures[head].unit ?? '', description: figures[head].description ?? '' };
  return { unit: '', description: '' };
}

/** A `reproduces:` entry as figureKind reads it: the metric it names and the kind it gives. */
export interface ReproducedKind {
  metric: string;
  kind: FigureKind;
}

/**
 * Where a derived figure's number comes from, for this scenario: the kind the scenario's
 * `reproduces:` gives its metric (`derived.<name>`), else the kind its model declares (its own
 * declaration, else, for a part such as `officerHours.passport`, its whole's as figureLabel
 * finds it), else emergent. The one place that decides it: `run --json`, its text, report.html
 * and the Lab show inputs apart from the figures derived from the run by it.
 */
export function figureKind(
  name: string,
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> = {},
  reproduces: readonly ReproducedKind[] = [],
  breakdowns: readonly FigureBreakdown[] = [],
): FigureKind {
  const said = reproduces.find((r) => r.metric === derivedMetricKey(name));
  if (said) return said.kind;
  if (Object.hasOwn(figures, name)) return figures[name].kind ?? 'emergent';
  const b = breakdowns.find((x) => name.startsWith(`${x.figure}.`));
  const whole = b ? b.figure : name.split('.')[0];
  if (whole !== name && Object.hasOwn(figures, whole)) return figures[whole].kind ?? 'emergent';
  return 'emergent';
}

/**
 * A model's figure declarations as a scenario's params make them: each kind the params decide
 * (ServiceModel.figureKindsFor) over the declared one. What run's results, the Lab's, a
 * `reproduces:` check and an audit read a figure's kind from.
 */
export function figuresForParams<P extends object>(
  model: Pick<ServiceModel<P>, 'figures' | 'figureKindsFor'>,
  params: P,
): Record<string, FigureDeclaration> | undefined {
  const kinds = model.figureKindsFor?.(params);
  if (!model.figures || !kinds) return model.figures;
  return Object.fromEntries(
    Object.entries(model.figures).map(([name, f]) => [
      name,
      Object.hasOwn(kinds, name) ? { ...f, kind: kinds[name] } : f,
    ]),
  );
}

/** A model's figure declarations, each with its kind for a scenario (figureKind): what results carry. */
export function figuresWithKinds(
  figures: Readonly<Record<string, FigureDeclaration>> = {},
  reproduces: readonly ReproducedKind[] = [],
): Record<string, FigureDeclaration> {
  return Object.fromEntries(
    Object.entries(figures).map(([name, f]) => [
      name,
      { ...f, kind: figureKind(name, figures, reproduces) },
    ]),
  );
}

/**
 * Where a metric's number comes from: a model's derived figure (`derived.<name>`, under any arm)
 * by figureKind, as run's text and report.html split it; every other metric the runner writes
 * (a station's wait, the totals) is produced by the simulated events, so emergent.
 */
export function metricKind(
  metric: string,
  figures?: Readonly<Record<string, Partial<FigureDeclaration>>>,
  breakdowns?: readonly FigureBreakdown[],
): FigureKind {
  const name = derivedFigureOf(metric);
  return name === undefined ? 'emergent' : figureKind(name, figures, [], breakdowns);
}

/** The headings of the two tables of a model's figures in run's text and report.html (the Lab's: i18n.ts). */
export const INPUT_FIGURES_HEADING = 'Inputs (set by the scenario, not simulated)';
export const DERIVED_FIGURES_HEADING = 'Figures derived from the run';

/**
 * The derived figures among a run's metric keys (`derived.<name>`, in the order given), split
 * into the inputs they repeat and the figures the run produced (emergent or measured), by
 * figureKind of the result's figures.
 */
export function splitInputFigures(
  metricKeys: readonly string[],
  figures: Readonly<Record<string, Partial<FigureDeclaration>>> = {},
  breakdowns: readonly FigureBreakdown[] = [],
): { inputs: string[]; derived: string[] } {
  const inputs: string[] = [];
  const derived: string[] = [];
  for (const key of metricKeys) {
    const n = derivedFigureOf(key);
    if (n !== undefined)
      (figureKind(n, figures, [], breakdowns) === 'input' ? inputs : derived).push(n);
  }
  return { inputs, derived };
}

/** One side of an arm comparison: the arm and what readers call it ("desk", "e-visa"). */
export interface ComparedArm {
  arm: string;
  label: string;
}

/**
 * Two arms a model runs on the same applicants, compared on officer time per application:
 * `baseline` takes what it takes, `candidate` takes less, and the difference is saved.
 */
export interface ArmComparison {
  /** Stable id: the report's section and data-section names. */
  id: string;
  /** Section title in reports. */
  title: string;
  baseline: ComparedArm;
  candidate: ComparedArm;
  /**
   * Derived figures (names as in `figures`) giving officer minutes per application in each arm
   * and those saved, and where they come from; without them (or when a run lacks them) reports
   * divide all server time in each arm by its arrivals.
   */
  minutesPerApplication?: { baseline: string; candidate: string; saved: string; source: string };
  /** Further derived figures shown beside the comparison, in this order. */
  figures?: { label: string; figure: string; unit: string }[];
}

/**
 * Whether a metric the scenario runner writes is a quantile read from a station's or class's quantile
 * sketch (`stations.<id>.wait.p90`, `classes.<id>.systemTime.p90`, under any arm): such a value
 * is exact only to the sketch's relative accuracy, so replications that fall in one bucket agree
 * to the digit without the quantile being known that well. A derived figure is one when its
 * model declares it so (`sketch: true` in `figures`).
 */
/**
 * Whether metric `key` is a derived figure its model declares a timing of the machine
 * (`timing: true`, Hızır's answer time): it differs from run to run whatever the scenario says,
 * so a difference between two runs is not an effect of what changed between them.
 */
export function isTimingMetric(
  key: string,
  figures?: Readonly<Record<string, Partial<FigureDeclaration>>>,
): boolean {
  const figure = derivedFigureOf(key);
  return (
    figure !== undefined &&
    figures !== undefined &&
    Object.hasOwn(figures, figure) &&
    figures[figure].timing === true
  );
}

export function isSketchQuantileMetric(
  key: string,
  figures?: Readonly<Record<string, Partial<FigureDeclaration>>>,
): boolean {
  const figure = derivedFigureOf(key);
  if (figure === undefined) return /\.(wait|systemTime)\.p\d\d$/.test(key);
  return figures !== undefined && Object.hasOwn(figures, figure) && figures[figure].sketch === true;
}
