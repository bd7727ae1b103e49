/**
 * `consular-sim audit`: propagates a scenario's declared uncertainty (`uncertain:`) through
 * the model and reports, per figure, the spread, the probability that the paper's value
 * holds, and which assumptions decide it. Every sample runs with the scenario's seed
 * (common random numbers), so the spread is the assumptions', not the simulation noise's.
 */
import { loadReferenceData } from '../config/reference-data';
import { Rng } from '../sim/rng';
import { cutToSupport, UNIT_INTERVAL, type IntervalCut } from '../sim/stats';
import { UserError, withNote } from '../common/user-error';
import { localExecutor, type Executor, type ExperimentTask } from './experiment';
import { modelParams, prepareArms } from './scenario.runner';
import { getServiceModel } from './models';
import { isMinutesMetric } from '../scenario/metric-units';
import { DEFAULT_TOLERANCE } from './reproduce';
import { ScenarioError } from '../scenario/scenario-error';
import {
  applyOverride,
  displayPath,
  fromDocument,
  loadScenario,
  type LoadOptions,
  type Scenario,
} from '../scenario/scenario.loader';
import {
  latinHypercube,
  morris,
  saltelli,
  type Design,
  type MorrisDesign,
} from '../scenario/audit/design';
import {
  firstOrderFromData,
  morrisEffects,
  quantile,
  quantileInterval,
  shareInterval,
  sobolIndices,
} from '../scenario/audit/estimators';
import { setValueAt, valueAt, type UncertainParameter } from '../scenario/audit/uncertain';
import { dottedAssignment, dottedPath } from '../scenario/set-path';
import { describeDist, quantileOf } from '../scenario/audit/uncertain-dist';
import { own } from '../common/own';
import { estimateMetric } from './estimate';
import { derivedFigureOf, figureKind, figuresForParams } from '../scenario/service-model';
import type { FigureKind } from '../scenario/scenario.schema';
import { DEFAULT_AUDIT_SAMPLES, MAX_AUDIT_RUNS, type AuditMethod } from './audit-limits';

/** A count with thousands separators, as the rest of the output writes them (5,000,000,000). */
const count = (n: number): string => n.toLocaleString('en-US');

/** A mistake in an audit flag: exit 2, no stack. */
export class AuditSpecError extends UserError {
  constructor(flag: string, rule: string) {
    super(undefined, flag, rule);
  }
}

export interface AuditOptions extends LoadOptions {
  /** Base samples: LHS runs N, Sobol N(k + 2), Morris N trajectories of k + 1 points. */
  samples?: number;
  method?: AuditMethod;
  /** Seed of every simulation (common random numbers) and of the design; default the scenario's. */
  seed?: number;
  replications?: number;
  executor?: Executor;
  onProgress?: (done: number, total: number) => void;
}

export interface SensitivityEntry {
  parameter: string;
  first: number | null;
  total: number | null;
  ci95: { first: [number, number] | null; total: [number, number] | null } | [number, number];
  /**
   * Sobol and LHS: which end of an index's interval was cut to [0, 1] (absent where neither).
   * An index is a share of the output's variance, so its true value lies in [0, 1]; a bootstrap
   * interval that reaches beyond is cut there, as a run's metric is cut to its support
   * (cutToSupport in src/sim/stats.ts), and shown as `index (low to high)`.
   */
  cut?: { first?: IntervalCut; total?: IntervalCut };
  /** Morris only: mean absolute and signed elementary effect, and their spread. */
  muStar?: number;
  mu?: number;
  sigma?: number;
}

/** A quantile's 95% interval; null at an end the draws are too few to back. */
export type QuantileInterval = [number | null, number | null];

export interface QuantileIntervals {
  p5: QuantileInterval;
  p50: QuantileInterval;
  p95: QuantileInterval;
}

export interface AuditFigure {
  id: string;
  paper: number | null;
  quantiles: { p5: number; p50: number; p95: number };
  /**
   * Each quantile's distribution-free 95% interval from the order statistics of the draws it is
   * read from (quantileInterval): p5 of 128 draws is uncertain by several of them. An end is null
   * where the draws are too few to have one (p5's lower end needs 72). Null for Morris, as the
   * interval of P(paper holds) is.
   */
  quantilesCi95: QuantileIntervals | null;
  probabilityPaperHolds: number | null;
  /**
   * 95% Wilson interval of that probability over the draws it counts (2N for Sobol, N for LHS):
   * a share of a few dozen draws is uncertain by several points. Null with no probability, and
   * for Morris, whose points share values along a trajectory and are not independent draws.
   */
  probabilityPaperHoldsCi95: [number, number] | null;
  /**
   * False when the figure has the same value at every design point: no sampled assumption moves
   * it (hizir.launch, a measurement of the engine; evisa.applications_total, the paper's count),
   * so it could not have failed the audit, and P(paper holds) is null rather than a 100% that
   * tests nothing.
   */
  movedByAssumptions: boolean;
  /**
   * Where the claim's number comes from, as `run --json` gives it in `figures[name].kind`: input
   * where the figure repeats an input of the scenario (set by it, not simulated), so that the
   * claim rests on what the scenario was given and is no evidence from the simulation; emergent
   * where the simulated events produce it; measured where it is measured outside the simulation.
   * Absent in an audit.json written before it was recorded.
   */
  kind?: FigureKind;
  /**
   * The simulation noise at the samples, which the spread above leaves out: every sample runs on
   * the same seed (common random numbers), so the noise moves all samples together and no
   * number of samples averages it away. Absent in an audit.json written before it was measured.
   */
  noise?: AuditNoise;
  sensitivity: SensitivityEntry[];
}

/**
 * How noisy each sample's figure is over its replications, and what that leaves of P(paper holds).
 * halfWidth95 is the median over the samples (the draws the quantiles are read from) of each
 * sample's 95% CI half-width, computed as `run` computes a metric's (estimateMetric: Student t
 * over the replications, a percentile's sketch accuracy added): the median, so that one noisy
 * corner of the assumptions neither hides nor inflates the typical sample's noise. Null, with
 * `dominates` and the bounds null, for one replication a sample: the noise is then unknown.
 */
export interface AuditNoise {
  replications: number;
  halfWidth95: number | null;
  /**
   * True when halfWidth95 is more than a quarter of the spread across samples (p95 − p5; the
   * noise's whole 95% interval then spans more than half of it): the quantiles' intervals and
   * P(paper holds) are then more the noise's than the assumptions', and the text and report.html
   * do not state P(paper holds), only its bounds.
   */
  dominates: boolean | null;
  /**
   * P(paper holds) counted with each sample's own 95% interval: [the share of samples whose
   * interval lies wholly where the paper holds, the share whose interval reaches there]. The
   * point count (probabilityPaperHolds, from the samples' means) lies between them; 0 to 1 says
   * the noise, not the assumptions, decides. Null with no probability or no interval.
   */
  probabilityPaperHoldsBounds: [number, number] | null;
}

/** Noise half-width above this share of the spread across samples (p95 − p5) dominates it. */
export const NOISE_DOMINATES_SHARE = 0.25;

/** Detail for the report (not in --json's contract). */
export interface AuditFigureDetail {
  id: string;
  description: string;
  unit: string;
  metric: string;
  comparison: 'about' | 'at-least' | 'exact' | 'qualitative';
  tolerance: number;
  kind: string;
  /** The figure in each sample used for quantiles, and the parameter values there. */
  values: number[];
  inputs: number[][];
}

export interface AuditResult {
  figures: AuditFigure[];
  samples: number;
  method: AuditMethod;
  elapsedSeconds: number;
}

export interface AuditReport extends AuditResult {
  scenario: { name: string; title: string; file: string; seed: number };
  runs: number;
  replications: number;
  designSeed: number;
  executor: string;
  parameters: { path: string; dist: string; source: string }[];
  /** Assumptions declared uncertain that --set holds at a value (undefined: removed): not sampled. */
  held: { path: string; value: unknown }[];
  /**
   * Every override that applied to every run, in the order applied (later wins): the user's
   * --set, then the scenario's own audit.set (a shorter horizon for a quick audit, say). Absent in
   * an audit.json written before it was recorded.
   */
  overrides?: AuditOverride[];
  /** How to rerun one design point with `consular-sim run` (absent in an older audit.json). */
  rerun?: AuditRerun;
  detail: AuditFigureDetail[];
}

/** One `path=value` override of an audit's runs and where it came from. */
export interface AuditOverride {
  set: string;
  from: '--set' | 'audit.set';
}

/**
 * A design point as `consular-sim run` reruns it: the same file, seed and replications, every
 * override (AuditOverride) then the point's draws as --set. Its figures are the run's metrics'
 * means (times a finding's scale): the values the audit took for that point.
 */
export interface AuditRerun {
  /** 1-based: design point 1 is the first row of the design (detail[].inputs[0]). */
  point: number;
  draws: { path: string; value: number }[];
  /** The command line, quoted for a POSIX shell. */
  command: string;
  /** Each figure's value at the point, as the audit computed it (detail[].values[point - 1]). */
  figures: { id: string; value: number }[];
}

/** A word for a POSIX shell: as is where it holds no character the shell reads, else quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `consular-sim run` command line that reruns one design point: the audit's file, its seed
 * and replications, its overrides in the order they applied, then the point's draws.
 */
export function rerunCommand(
  file: string,
  seed: number,
  replications: number,
  overrides: AuditOverride[],
  draws: { path: string; value: number }[],
): string {
  const sets = [...overrides.map((o) => o.set), ...draws.map((d) => `${d.path}=${d.value}`)];
  return [
    'consular-sim',
    'run',
    file,
    '--seed',
    String(seed),
    '--replications',
    String(replications),
    ...sets.flatMap((s) => ['--set', s]),
  ]
    .map(shellWord)
    .join(' ');
}

/**
 * Maps unit-cube rows to parameter values. An `integer: true` parameter takes whole numbers: a
 * uniform one each whole number from min to max with the same probability (rounding a continuous
 * draw would give the two ends half the weight of the others), any other its draw rounded.
 */
export function toValues(rows: Design, params: UncertainParameter[]): number[][] {
  return rows.map((u) =>
    params.map((p, i) => {
      const at = Math.min(1 - 1e-12, Math.max(1e-12, u[i]));
      if (p.integer && p.dist.dist === 'uniform') {
        const lo = Math.ceil(p.dist.min);
        const hi = Math.floor(p.dist.max);
        return Math.min(hi, lo + Math.floor(at * (hi - lo + 1)));
      }
      const v = quantileOf(p.dist, at);
      return p.integer ? Math.round(v) : v;
    }),
  );
}

/** An audit's example scenario, and where README explains audits, for a scenario without any. */
export const AUDIT_EXAMPLE =
  'scenarios/audit-konsolosluk-govtr-savings.yaml declares some; README\'s "How sure is 7 million hours?" explains them';

/**
 * Why a scenario gives an audit nothing to sample: it has no `uncertain:` list at all (most
 * scenarios but the paper's), an empty one, or one whose every key --set removed.
 */
function nothingUncertain(scenario: Scenario, shown: string): ScenarioError {
  const declared = scenario.document.uncertain;
  if (declared === undefined || declared === null)
    return new ScenarioError(
      shown,
      '',
      `has no uncertain: list, so there is nothing to audit: an audit samples the assumptions a scenario declares uncertain, as {path, dist, ..., source} entries under uncertain: (${AUDIT_EXAMPLE})`,
    );
  if (Array.isArray(declared) && declared.length)
    return new ScenarioError(
      shown,
      'uncertain',
      'names no key that has a number once --set is applied (it removed each), so there is nothing to audit',
    );
  return new ScenarioError(
    shown,
    'uncertain',
    `declares no uncertain assumption, so there is nothing to audit (add {path, dist, ..., source} entries; ${AUDIT_EXAMPLE})`,
  );
}

export async function runAudit(file: string, options: AuditOptions = {}): Promise<AuditReport> {
  const started = process.hrtime.bigint();
  const method = options.method ?? 'sobol';
  const n = options.samples ?? DEFAULT_AUDIT_SAMPLES;
  if (!(Number.isInteger(n) && n >= 2))
    throw new AuditSpecError('--samples', 'must be a whole number, 2 or more');
  const scenario = loadScenario(file, { set: options.set });
  // The scenario as --set leaves it is checked by its model here, where a refused value is
  // named as the --set that gave it, not as if an audit's draw had made it.
  if (options.set?.length) prepareArms(scenario);
  const shown = displayPath(file);
  if (!scenario.uncertain.length) throw nothingUncertain(scenario, shown);
  // An assumption --set gives a value (or removes) is held there, not sampled: its draws had
  // overwritten the value given, and an audit asked to hold one assumption sampled it still.
  const setPaths = (options.set ?? []).map((a) => dottedPath(a.slice(0, a.indexOf('=')).trim()));
  const isHeld = (path: string) => {
    const p = dottedPath(path);
    return setPaths.some((s) => p === s || p.startsWith(`${s}.`));
  };
  const held = scenario.uncertain
    .filter((u) => isHeld(u.path))
    .map((u) => ({ path: u.path, value: valueAt(scenario.document, u.path) }));
  const params = scenario.uncertain.filter((u) => !isHeld(u.path));
  if (!params.length)
    throw new AuditSpecError(
      '--set',
      `holds every uncertain assumption (${held.map((h) => h.path).join(', ')}), so there is nothing to sample`,
    );
  // Audit runs: the document as given (with --set), then the scenario's audit overrides.
  const base = structuredClone(scenario.document);
  if (held.length && Array.isArray(base.uncertain))
    base.uncertain = base.uncertain.filter(
      (u: unknown) =>
        !(
          typeof u === 'object' &&
          u !== null &&
          'path' in u &&
          typeof u.path === 'string' &&
          isHeld(u.path)
        ),
    );
  for (const s of scenario.audit.set) applyOverride(base, dottedAssignment(s), shown);
  const figures = auditFigures(scenario);
  if (!figures.length)
    throw new ScenarioError(
      shown,
      'reproduces',
      'names no figure to audit (give reproduces: entries or audit.figures)',
    );
  const k = params.length;
  const replications = options.replications ?? scenario.audit.replications;
  // Checked before the design is drawn: a huge N would fill memory long before any run.
  const points = method === 'sobol' ? n * (k + 2) : method === 'lhs' ? n : n * (k + 1);
  if (points * replications > MAX_AUDIT_RUNS)
    throw new AuditSpecError(
      '--samples',
      `${count(n)} base samples of ${k} assumptions make ${count(points)} design points × ${count(replications)} replication${replications === 1 ? '' : 's'} = ${count(points * replications)} model runs; at most ${count(MAX_AUDIT_RUNS)} (lower --samples or --replications)`,
    );
  const designSeed = options.seed ?? scenario.seed;
  const rng = new Rng(designSeed, 'audit-design');
  let rows: Design;
  let sobol: { n: number } | undefined;
  let morrisDesign: MorrisDesign | undefined;
  if (method === 'sobol') {
    rows = saltelli(n, k, rng).rows;
    sobol = { n };
  } else if (method === 'lhs') rows = latinHypercube(n, k, rng);
  else {
    morrisDesign = morris(n, k, rng);
    rows = morrisDesign.rows;
  }
  const values = toValues(rows, params);
  const metrics = [...new Set(figures.map((f) => f.metric))];
  // A horizon that --set or the audit's own overrides cut short (a quick look) stays one.
  const horizonFromSet =
    scenario.horizonFromSet === true ||
    scenario.audit.set.some(
      (a) => dottedPath(dottedAssignment(a).split('=')[0].trim()) === 'horizon',
    );
  const documents = values.map((vals) => {
    const document = structuredClone(base);
    params.forEach((p, i) => setValueAt(document, p.path, vals[i]));
    return document;
  });
  checkDraws(documents, values, params, scenario.file, horizonFromSet);
  const tasks: ExperimentTask[] = [];
  documents.forEach((document, point) => {
    for (let r = 0; r < replications; r++)
      tasks.push({
        point,
        replication: r,
        file: scenario.file,
        document,
        ...(horizonFromSet && { horizonFromSet }),
        seed: designSeed,
        detail: false,
        metrics,
      });
  });
  const executor = options.executor ?? localExecutor();
  const outputs = await executor.run(tasks, options.onProgress);
  // Per point, the mean over its replications of each metric, and each replication's value
  // (in replication order) for the noise at that point.
  const sums = values.map(() => new Map<string, number>());
  const reps = values.map(() => new Map<string, number[]>());
  for (const o of outputs) {
    for (const m of metrics) {
      const v = own(o.metrics, m);
      if (v === undefined)
        throw new ScenarioError(shown, 'reproduces', `the run has no metric '${m}'`);
      sums[o.point].set(m, (sums[o.point].get(m) ?? 0) + v / replications);
    }
  }
  for (const o of [...outputs].sort((a, b) => a.replication - b.replication))
    for (const m of metrics) {
      const list = reps[o.point].get(m) ?? [];
      list.push(own(o.metrics, m)!);
      reps[o.point].set(m, list);
    }
  const modelFigures = getServiceModel(scenario.model).figures;
  const names = params.map((p) => p.path);
  const out: AuditFigure[] = [];
  const detail: AuditFigureDetail[] = [];
  const rerunFigures: AuditRerun['figures'] = [];
  for (const f of figures) {
    const y = sums.map((s) => s.get(f.metric)! * f.scale);
    rerunFigures.push({ id: f.id, value: y[0] });
    // Quantiles from independent draws: A and B for Sobol, every row for LHS and Morris.
    const spreadRows = sobol ? 2 * sobol.n : y.length;
    const spread = y.slice(0, spreadRows);
    let sensitivity: SensitivityEntry[];
    if (sobol) {
      sensitivity = sobolIndices(y, n, k, { seed: designSeed }).map((s, i) =>
        withinShares({
          parameter: names[i],
          first: s.first,
          total: s.total,
          ci95: s.ci95,
        }),
      );
    } else if (morrisDesign) {
      sensitivity = morrisEffects(y, morrisDesign, { seed: designSeed }).map((m, i) => ({
        parameter: names[i],
        first: null,
        total: null,
        ci95: m.ci95,
        muStar: m.muStar,
        mu: m.mu,
        sigma: m.sigma,
      }));
    } else {
      sensitivity = firstOrderFromData(values, y, { seed: designSeed }).map((s, i) =>
        withinShares({
          parameter: names[i],
          first: s.first,
          total: null,
          ci95: s.ci95,
        }),
      );
    }
    // Over every design point, not only the independent draws: an assumption that moves the
    // figure anywhere in the design can make it fail.
    const moved = y.some((v) => !Object.is(v, y[0]));
    const holds = moved ? probabilityHolds(spread, f) : null;
    const p5 = quantile(spread, 0.05);
    const p95 = quantile(spread, 0.95);
    const intervals = reps.slice(0, spreadRows).map((r) => {
      const e = estimateMetric(f.metric, r.get(f.metric)!, modelFigures);
      return e.halfWidth === null || e.ci95 === null
        ? null
        : {
            halfWidth: e.halfWidth * f.scale,
            ci95: [e.ci95[0] * f.scale, e.ci95[1] * f.scale] as [number, number],
          };
    });
    const noise = auditNoise(intervals, replications, p95 - p5, holds === null ? null : f);
    const rank = (s: SensitivityEntry) => s.total ?? s.first ?? s.muStar ?? 0;
    sensitivity.sort((a, b) => rank(b) - rank(a));
    out.push({
      id: f.id,
      paper: f.paper,
      quantiles: { p5, p50: quantile(spread, 0.5), p95 },
      quantilesCi95: morrisDesign
        ? null
        : {
            p5: quantileInterval(spread, 0.05),
            p50: quantileInterval(spread, 0.5),
            p95: quantileInterval(spread, 0.95),
          },
      probabilityPaperHolds: holds,
      probabilityPaperHoldsCi95:
        holds === null || morrisDesign
          ? null
          : shareInterval(Math.round(holds * spread.length), spread.length),
      movedByAssumptions: moved,
      kind: f.kind,
      noise,
      sensitivity,
    });
    detail.push({
      id: f.id,
      description: f.description,
      unit: f.unit,
      metric: f.metric,
      comparison: f.comparison,
      tolerance: f.tolerance,
      kind: f.kind,
      values: spread,
      inputs: values.slice(0, spreadRows),
    });
  }
  const overrides: AuditOverride[] = [
    ...(options.set ?? []).map((set) => ({ set, from: '--set' as const })),
    ...scenario.audit.set.map((set) => ({ set, from: 'audit.set' as const })),
  ];
  const draws = params.map((p, i) => ({ path: p.path, value: values[0][i] }));
  return {
    figures: out,
    samples: n,
    method,
    elapsedSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    scenario: {
      name: scenario.name,
      title: scenario.title,
      file: shown,
      seed: designSeed,
    },
    runs: tasks.length,
    replications,
    designSeed,
    executor: executor.description,
    parameters: params.map((p) => ({ path: p.path, dist: describeDist(p.dist), source: p.source })),
    held,
    overrides,
    rerun: {
      point: 1,
      draws,
      command: rerunCommand(shown, designSeed, replications, overrides, draws),
      figures: rerunFigures,
    },
    detail,
  };
}

interface FigureSpec {
  id: string;
  metric: string;
  paper: number | null;
  comparison: AuditFigureDetail['comparison'];
  tolerance: number;
  description: string;
  unit: string;
  kind: FigureKind;
  /** Multiplies the metric into `unit` (a finding shown in days: 1/1440). */
  scale: number;
}

/**
 * The unit of a metric an audit figure or finding names without one: a model's derived figure's
 * as the model declares it (`derived.officerHoursSavedByPreApplication`: hours), minutes for a
 * wait or a time in the system; '' where the name says none. Its quantiles had been printed bare.
 */
export function metricUnit(model: string, metric: string): string {
  const derived = /^(?:[^.]+\.)?derived\.(.+)$/.exec(metric)?.[1];
  if (derived !== undefined) {
    const figures = getServiceModel(model).figures;
    return (figures && own(figures, derived)?.unit) ?? '';
  }
  return isMinutesMetric(metric) ? 'minutes' : '';
}

function auditFigures(scenario: ReturnType<typeof loadScenario>): FigureSpec[] {
  const ref = loadReferenceData();
  // A finding or an audit figure takes its metric's kind as run's results give it (figureKind:
  // the scenario's reproduces:, else the model's declaration): one that names an input (the
  // requests a demand brings) rests on what the scenario set, not on what was simulated. It had
  // been called emergent whatever it named.
  const model = getServiceModel(scenario.model);
  const figures = figuresForParams(model, modelParams(scenario));
  const kindOf = (metric: string): FigureKind => {
    const name = derivedFigureOf(metric);
    return name === undefined
      ? 'emergent'
      : figureKind(name, figures, scenario.reproduces, model.breakdowns);
  };
  const out: FigureSpec[] = scenario.reproduces.map((r) => {
    const fig = ref.figures[r.figure];
    if (!fig)
      throw new ScenarioError(
        displayPath(scenario.file),
        'reproduces',
        `unknown figure '${r.figure}' (see config/paper-figures.yaml)`,
      );
    return {
      id: r.figure,
      metric: r.metric,
      paper: fig.value,
      comparison: (fig.kind === 'qualitative'
        ? 'qualitative'
        : fig.comparison) as FigureSpec['comparison'],
      tolerance: r.tolerance ?? DEFAULT_TOLERANCE,
      description: fig.description_en,
      unit: fig.unit ?? '',
      kind: r.kind,
      scale: 1,
    };
  });
  // Emergent findings (no paper value) are audited too: their range and drivers.
  for (const f of scenario.findings)
    out.push({
      id: f.metric,
      metric: f.metric,
      paper: null,
      comparison: 'about',
      tolerance: DEFAULT_TOLERANCE,
      description: `${f.label}${f.note ? ` (${f.note})` : ''}`,
      unit: f.unit ?? metricUnit(scenario.model, f.metric),
      kind: kindOf(f.metric),
      scale: f.scale,
    });
  for (const f of scenario.audit.figures)
    out.push({
      id: f.id,
      metric: f.metric,
      paper: f.paper,
      comparison: f.comparison,
      tolerance: f.tolerance ?? DEFAULT_TOLERANCE,
      description: f.note,
      unit: metricUnit(scenario.model, f.metric),
      kind: kindOf(f.metric),
      scale: 1,
    });
  return out;
}

/**
 * The share of samples in which the paper's figure holds: P(value >= paper) for "more than"
 * figures, P(|value - paper| <= tolerance x paper) for point figures, P(value >= 1) for
 * qualitative ones (1 = holds). Null when the paper gives no number.
 */
export function probabilityHolds(
  values: number[],
  f: Pick<FigureSpec, 'paper' | 'comparison' | 'tolerance'>,
): number | null {
  if (!values.length) return null;
  let holds: (v: number) => boolean;
  if (f.comparison === 'qualitative') holds = (v) => v >= 1;
  else if (f.paper === null) return null;
  else if (f.comparison === 'at-least') holds = (v) => v >= f.paper!;
  else holds = (v) => Math.abs(v - f.paper!) <= f.tolerance * Math.abs(f.paper!);
  return values.filter(holds).length / values.length;
}

/**
 * The noise at the samples (AuditNoise) from each sample's 95% interval over its replications
 * (null where it has none: one replication, or no value), the spread across samples (p95 − p5)
 * and, where P(paper holds) is stated, the figure's rule.
 */
export function auditNoise(
  intervals: ({ halfWidth: number; ci95: [number, number] } | null)[],
  replications: number,
  spread: number,
  f: Pick<FigureSpec, 'paper' | 'comparison' | 'tolerance'> | null,
): AuditNoise {
  const known = intervals.filter((x) => x !== null);
  if (replications < 2 || !known.length)
    return { replications, halfWidth95: null, dominates: null, probabilityPaperHoldsBounds: null };
  const halfWidth95 = quantile(
    known.map((x) => x.halfWidth),
    0.5,
  );
  let bounds: [number, number] | null = null;
  const region = f && holdsRegion(f);
  if (region) {
    const [lo, hi] = region;
    const surely = known.filter((x) => x.ci95[0] >= lo && x.ci95[1] <= hi).length;
    const maybe = known.filter((x) => x.ci95[1] >= lo && x.ci95[0] <= hi).length;
    bounds = [surely / known.length, maybe / known.length];
  }
  return {
    replications,
    halfWidth95,
    dominates: halfWidth95 > NOISE_DOMINATES_SHARE * spread,
    probabilityPaperHoldsBounds: bounds,
  };
}

/** Where the paper's figure holds, as probabilityHolds judges a value: [low, high]. */
function holdsRegion(
  f: Pick<FigureSpec, 'paper' | 'comparison' | 'tolerance'>,
): [number, number] | null {
  if (f.comparison === 'qualitative') return [1, Infinity];
  if (f.paper === null) return null;
  if (f.comparison === 'at-least') return [f.paper, Infinity];
  const band = f.tolerance * Math.abs(f.paper);
  return [f.paper - band, f.paper + band];
}

/** The JSON contract of `audit --json`. */
/**
 * A Sobol or first-order index's intervals cut to [0, 1], where the true index lies (a share of
 * the variance); `cut` names the ends moved. The point estimates are the estimators' own.
 */
export function withinShares(s: SensitivityEntry): SensitivityEntry {
  if (Array.isArray(s.ci95)) return s;
  const first = s.ci95.first && cutToSupport(s.ci95.first, UNIT_INTERVAL);
  const total = s.ci95.total && cutToSupport(s.ci95.total, UNIT_INTERVAL);
  const cut = {
    ...(first?.cut && { first: first.cut }),
    ...(total?.cut && { total: total.cut }),
  };
  return {
    ...s,
    ci95: { first: first ? first.ci95 : null, total: total ? total.ci95 : null },
    ...(Object.keys(cut).length > 0 && { cut }),
  };
}

export function auditJson(a: AuditResult): AuditResult {
  return {
    figures: a.figures,
    samples: a.samples,
    method: a.method,
    elapsedSeconds: a.elapsedSeconds,
  };
}

/**
 * Every design point's scenario as its runs will build it (its params, its demand against the
 * ceiling), checked before the first run starts or is queued: a draw the scenario refuses had
 * failed the audit only when its point's turn came, after the points before it had run. The
 * error names the uncertain assumption and its draw (a normal draw of -3 servers), not only the
 * scenario key, which the user never set to that value; where the refusal is at no one
 * assumption's key (`params`, for a service model's demand), every draw of the point.
 */
function checkDraws(
  documents: Record<string, unknown>[],
  values: number[][],
  params: UncertainParameter[],
  file: string,
  horizonFromSet: boolean,
): void {
  documents.forEach((document, point) => {
    try {
      prepareArms(fromDocument(document, file, undefined, { horizonFromSet }));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const at = dottedPath(err.path);
      const i = params.findIndex(
        (p) => at === dottedPath(p.path) || at.startsWith(`${dottedPath(p.path)}.`),
      );
      if (i < 0)
        throw withNote(
          err,
          `at the audit's design point ${point + 1} of ${documents.length}, which drew ${params
            .map((p, j) => `${p.path} = ${values[point][j]}`)
            .join(', ')}; no model run was started`,
        );
      throw new ScenarioError(
        displayPath(file),
        `uncertain[${i}]`,
        `drew ${values[point][i]} for ${params[i].path}, which the scenario refuses there (${err.path}: ${err.rule}): bound the distribution with min and max, or choose one whose draws the key accepts`,
      );
    }
  });
}
