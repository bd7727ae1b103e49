import { ScenarioError } from '../scenario/scenario-error';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadReferenceData, type ReferenceData } from '../config/reference-data';
import {
  DEFAULT_REPLICATIONS,
  loadScenario,
  type LoadOptions,
  type Scenario,
} from '../scenario/scenario.loader';
import type { FigureKind } from '../scenario/scenario.schema';
import { dottedPath } from '../scenario/set-path';
import { poolThreads, ReplicationPool } from './replications';
import { replicationCap, runScenario, type ScenarioResult } from './scenario.runner';
import { own } from '../common/own';
import { UserError } from '../common/user-error';
import { didYouMean } from '../scenario/suggest';

/** One paper figure set beside what simulation gives. */
export interface FigureComparison {
  id: string;
  description: string;
  unit: string;
  /** The paper's value (null for qualitative figures). */
  paper: number | null;
  comparison: 'exact' | 'about' | 'at-least' | 'qualitative';
  /** ci95 null: one replication, which has no interval (the judgement reads the mean). */
  simulated: { mean: number; ci95: [number, number] | null; sameInEveryReplication?: true };
  /** (simulated - paper) / paper; null for qualitative figures. */
  relError: number | null;
  /**
   * input: calibrated from the paper; emergent: produced by simulated events; measured: a
   * measurement outside the simulation (the Hızır engine over its test questions).
   */
  kind: FigureKind;
  tolerance: number;
  ok: boolean;
  scenario: string;
  metric: string;
  note: string;
}

/** A simulated result that is not a paper figure (an emergent finding). */
export interface Finding {
  scenario: string;
  metric: string;
  label: string;
  unit: string;
  note: string;
  /** ci95 null: one replication, which has no interval. */
  simulated: { mean: number; ci95: [number, number] | null; sameInEveryReplication?: true };
}

export interface ReproduceResult {
  figures: FigureComparison[];
  findings?: Finding[];
  scenarios: ScenarioResult[];
  elapsedSeconds: number;
}

export const DEFAULT_TOLERANCE = 0.05;
export const SCENARIO_DIR = resolve(__dirname, '../../scenarios');

/** The scenarios that reproduce the paper: scenarios/paper-*.yaml. */
export function paperScenarioFiles(dir = SCENARIO_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^paper-.*\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Judges one simulated figure against the paper's: within the tolerance of an exact or about
 * figure; at or above a "more than X" figure, as the README, the CLI's legend, the report's
 * "≥ paper" column and audit's P(value ≥ paper) all say (a value below X does not support it).
 */
export function judge(
  paper: number | null,
  comparison: FigureComparison['comparison'],
  simulated: number,
  tolerance: number,
): { relError: number | null; ok: boolean } {
  if (paper === null || comparison === 'qualitative') return { relError: null, ok: simulated >= 1 };
  const relError = paper === 0 ? 0 : (simulated - paper) / paper;
  if (comparison === 'at-least') return { relError, ok: simulated >= paper };
  return { relError, ok: Math.abs(relError) <= tolerance };
}

export function compareFigures(
  scenario: Scenario,
  result: ScenarioResult,
  ref: ReferenceData,
): FigureComparison[] {
  return scenario.reproduces.map((r) => {
    const figure = ref.figures[r.figure];
    if (!figure)
      throw new ScenarioError(
        scenario.file,
        'reproduces',
        `unknown figure '${r.figure}' (see config/paper-figures.yaml)`,
      );
    const metric = own(result.metrics, r.metric);
    if (!metric)
      throw new ScenarioError(scenario.file, 'reproduces', `the run has no metric '${r.metric}'`);
    const comparison = (
      figure.kind === 'qualitative' ? 'qualitative' : figure.comparison
    ) as FigureComparison['comparison'];
    const tolerance = r.tolerance ?? DEFAULT_TOLERANCE;
    const { relError, ok } = judge(figure.value, comparison, metric.mean, tolerance);
    return {
      id: r.figure,
      description: figure.description_en,
      unit: figure.unit ?? '',
      paper: figure.value,
      comparison,
      simulated: {
        mean: metric.mean,
        ci95: metric.ci95,
        ...(metric.sameInEveryReplication && { sameInEveryReplication: true as const }),
      },
      relError,
      kind: r.kind,
      tolerance,
      ok,
      scenario: scenario.name,
      metric: r.metric,
      note: r.note ?? '',
    };
  });
}

export interface ReproduceOptions extends LoadOptions {
  seed?: number;
  replications?: number;
  threads?: number;
  files?: string[];
  onScenario?: (name: string, index: number, total: number) => void;
  /**
   * A replication finished: `done` of the `total` replications of every scenario, counted before
   * the first is queued (declaredReplications), so the total does not grow as scenarios queue.
   */
  onReplication?: (done: number, total: number) => void;
}

/**
 * The replications a scenario file asks for, read without loading it: its top-level
 * `replications:` (or that of the file it `extends:`, or the loader's default), unless a
 * `--set replications=N` overrides it. Loading the nine paper scenarios takes 0.3-0.7 s, which
 * the threads would wait for; this reads their text in under a millisecond. A count it misreads
 * (a file that writes the key in another form) is corrected when the scenario loads.
 */
export function declaredReplications(
  file: string,
  set: readonly string[] = [],
  seen = new Set<string>(),
): number {
  for (const assignment of [...set].reverse()) {
    const eq = assignment.indexOf('=');
    if (eq > 0 && dottedPath(assignment.slice(0, eq).trim()) === 'replications') {
      const n = Number(assignment.slice(eq + 1).trim());
      if (Number.isInteger(n) && n >= 1) return n;
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return DEFAULT_REPLICATIONS; // the loader says what is wrong with the file
  }
  const written = /^replications:[ \t]*(\d+)[ \t]*(#.*)?$/m.exec(text);
  if (written) return Number(written[1]);
  const base = /^extends:[ \t]*['"]?([^'"#\s]+)['"]?[ \t]*(#.*)?$/m.exec(text);
  const basePath = base && resolve(dirname(file), base[1]);
  if (basePath && !seen.has(basePath)) return declaredReplications(basePath, [], seen.add(file));
  return DEFAULT_REPLICATIONS;
}

/** How a reproduce --set names the one scenario it changes: `paper-evisa:params.x=1`. */
export const SCOPED_SET_RULE =
  "scenario:path=value changes that paper scenario only; scenario is its file's name without .yaml, e.g. paper-evisa for scenarios/paper-evisa.yaml";

/** A scenario file's name as a scoped --set writes it: paper-evisa for scenarios/paper-evisa.yaml. */
export function scenarioStem(file: string): string {
  return basename(file).replace(/\.ya?ml$/i, '');
}

/** One reproduce --set: the scenario it is scoped to (none: every one) and its assignment. */
export interface ScopedSet {
  scope?: string;
  assignment: string;
  /** As typed, for messages: `--set paper-evisa:params.x=1`. */
  source: string;
}

/**
 * Splits each --set into its scope and its assignment. A colon before the first `=` scopes it
 * (no scenario key has one; a value may, `calendar.start=...T09:00`, and is left alone). A scope
 * that names no scenario of the run is refused, naming the scenarios there are, before anything
 * loads: it had been applied to no scenario without a word, or taken as part of the key.
 */
export function parseScopedSets(set: readonly string[], files: readonly string[]): ScopedSet[] {
  const stems = files.map(scenarioStem);
  return set.map((typed) => {
    const source = `--set ${typed}`;
    const eq = typed.indexOf('=');
    const colon = typed.indexOf(':');
    if (colon < 0 || (eq >= 0 && colon > eq)) return { assignment: typed, source };
    const scope = typed.slice(0, colon).trim();
    const assignment = typed.slice(colon + 1);
    if (!scope)
      throw new UserError(
        undefined,
        source,
        `the scenario before ':' is empty (${SCOPED_SET_RULE})`,
      );
    const named = scope.replace(/\.ya?ml$/i, '');
    if (!stems.includes(named))
      throw new UserError(
        undefined,
        source,
        `no paper scenario is named '${scope}'${didYouMean(named, stems)} (${SCOPED_SET_RULE}; the paper scenarios are ${stems.join(', ')})`,
      );
    if (!assignment.trim() || assignment.trim().startsWith('='))
      throw new UserError(undefined, source, `give a key after '${scope}:' (${SCOPED_SET_RULE})`);
    return { scope: named, assignment, source };
  });
}

/** The --set items that apply to one scenario file, in the order given (a later one wins). */
function setsFor(file: string, sets: ScopedSet[]): ScopedSet[] {
  const stem = scenarioStem(file);
  return sets.filter((s) => s.scope === undefined || s.scope === stem);
}

/**
 * Reproduce's unscoped --set applies to every paper scenario, so a key that only some have
 * (`params.sampling`, e-visa's) is refused by the others, on loading or by the model: the message
 * says so, and how to change it in one.
 */
function withSetNote(err: unknown, file: string, sets: ScopedSet[]): unknown {
  if (sets.some((s) => s.scope === undefined) && err instanceof UserError)
    err.message += `; reproduce applies each --set to every paper scenario: to change a key of one scenario only, scope it to that scenario (--set ${scenarioStem(file)}:path=value), or run it alone (consular-sim run <scenario> --set ...)`;
  return err;
}

function loadWithSet(file: string, sets: ScopedSet[]): Scenario {
  try {
    return loadScenario(file, {
      set: sets.map((s) => s.assignment),
      setSources: sets.map((s) => s.source),
    });
  } catch (err) {
    throw withSetNote(err, file, sets);
  }
}

/**
 * Runs every paper scenario and compares each figure it names with the paper. The scenarios'
 * replications share one pool of worker threads (a thread that finishes one scenario's last
 * replication starts on the next scenario's); each scenario's results are still its own,
 * seed for seed, and figures come out in the paper's order.
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const started = process.hrtime.bigint();
  const threads = poolThreads(options.threads);
  // The threads start now, and load the kernel while this one reads the reference data.
  const pool = threads > 1 ? new ReplicationPool(threads).start() : undefined;
  const runs: Promise<{ scenario: Scenario; result: ScenarioResult }>[] = [];
  try {
    const files = options.files ?? paperScenarioFiles();
    const sets = parseScopedSets(options.set ?? [], files);
    const replications = (declared: number) =>
      Math.min(options.replications ?? declared, replicationCap());
    // The total from the files' text, before the first scenario is built, so that progress
    // counts against every scenario's replications and not only those queued so far.
    const expected = files.map((file) =>
      replications(
        options.replications ??
          declaredReplications(
            file,
            setsFor(file, sets).map((x) => x.assignment),
          ),
      ),
    );
    let total = expected.reduce((a, b) => a + b, 0);
    let finished = 0;
    for (const [i, file] of files.entries()) {
      const ownSets = setsFor(file, sets);
      const scenario = loadWithSet(file, ownSets);
      options.onScenario?.(scenario.name, i, files.length);
      // The loaded count is the one that runs; where the text was misread it corrects the total.
      total += replications(scenario.replications) - expected[i];
      const run = runScenario(scenario, {
        seed: options.seed,
        replications: options.replications,
        threads: options.threads,
        pool,
        onProgress: () => options.onReplication?.(++finished, total),
      }).then(
        (result) => ({ scenario, result }),
        (err: unknown) => {
          throw withSetNote(err, file, ownSets);
        },
      );
      // Settle later, in order; a failure here must not go unhandled meanwhile.
      run.catch(() => undefined);
      runs.push(run);
      // Without a pool the scenario has run already; with one, its replications are queued and
      // this thread yields so the threads are fed while the next scenario is built.
      if (pool) await new Promise((r) => setImmediate(r));
      else await run;
    }
    const done = await Promise.all(runs);
    // Read only now: the paper's figures are needed for the comparison alone, and reading them
    // first (half a second of YAML) had kept the threads waiting for their first replication.
    const ref = loadReferenceData();
    const figures: FigureComparison[] = [];
    const findings: Finding[] = [];
    const scenarios: ScenarioResult[] = [];
    for (const { scenario, result } of done) {
      scenarios.push(result);
      figures.push(...compareFigures(scenario, result, ref));
      for (const f of scenario.findings) {
        // A finding the run does not produce (say, a month cut off by --set horizon=...) is left out.
        const metric = own(result.metrics, f.metric);
        if (!metric) continue;
        findings.push({
          scenario: scenario.name,
          metric: f.metric,
          label: f.label,
          unit: f.unit ?? '',
          note: f.note ?? '',
          simulated: {
            mean: metric.mean * f.scale,
            ci95: metric.ci95 && [metric.ci95[0] * f.scale, metric.ci95[1] * f.scale],
            ...(metric.sameInEveryReplication && { sameInEveryReplication: true as const }),
          },
        });
      }
    }
    const order = Object.keys(ref.figures);
    figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return {
      figures,
      findings,
      scenarios,
      elapsedSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    await pool?.close();
  }
}
