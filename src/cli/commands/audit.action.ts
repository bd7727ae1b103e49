import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  holdsStatement,
  INPUT_CLAIMS_NOTE,
  noiseText,
  noiseWarning,
  notMoved,
  quantileCi,
  rerunLines,
  writeAuditReport,
} from '../../report/audit-report';
import { fmt, pct, progressBar, table } from '../../report/format';
import { formatSeconds, formatValue } from '../../report/numbers';
import { auditJson, runAudit, type AuditReport } from '../../experiment/audit';
import {
  AUDIT_METHODS,
  DEFAULT_AUDIT_SAMPLES,
  type AuditMethod,
} from '../../experiment/audit-limits';
import { localExecutor } from '../../experiment/experiment';
import { notOneOf, UsageError } from '../errors';
import { checkWorkerTimeout, executorFor } from './workers-option';
import { outputDir, refuseOtherCommandOutput, writeOutputs } from '../out-dir';
import { DERIVED_FIGURES_HEADING, INPUT_FIGURES_HEADING } from '../../scenario/service-model';

/** The terminal view: one block per figure. */
export function renderAudit(a: AuditReport): string {
  const out: string[] = [];
  out.push(`${a.scenario.title} (${a.scenario.file})`);
  out.push(
    `${a.method} audit: ${a.samples} base samples, ${a.runs} model runs (${a.replications} replication${a.replications === 1 ? '' : 's'} each), seed ${a.scenario.seed} for every run (common random numbers), on ${a.executor}; ${formatSeconds(a.elapsedSeconds)}`,
  );
  out.push('');
  out.push('Uncertain assumptions:');
  out.push(
    table(
      ['parameter', 'range', 'source'],
      a.parameters.map((p) => [p.path, p.dist, p.source]),
    ),
  );
  if (a.held.length)
    out.push(
      `Held by --set, not sampled: ${a.held
        .map((h) => `${h.path} = ${h.value === undefined ? '(removed)' : JSON.stringify(h.value)}`)
        .join(', ')}`,
    );
  const rerun = rerunLines(a);
  if (rerun.length) out.push('', ...rerun);
  const block = (f: AuditReport['figures'][number]) => {
    const d = a.detail.find((x) => x.id === f.id)!;
    out.push('');
    const paper =
      f.paper === null
        ? 'no paper value'
        : `paper ${d.comparison === 'at-least' ? '> ' : ''}${fmt(f.paper)}`;
    out.push(`${f.id} — ${paper}`);
    if (f.movedByAssumptions === false) {
      out.push(`  ${notMoved(f.quantiles.p50, d.unit, a.runs / a.replications, d.kind)}`);
      return;
    }
    const q = (name: 'p5' | 'p50' | 'p95') =>
      `${name} ${formatValue(f.quantiles[name])}${parenthesised(quantileCi(f.quantilesCi95?.[name]))}`;
    out.push(
      `  ${q('p5')}   ${q('p50')}   ${q('p95')}${d.unit ? ` ${d.unit}` : ''}` +
        (f.probabilityPaperHolds === null
          ? ''
          : `   P(paper holds) ${holdsStatement(f, d.values.length, d.comparison === 'at-least' ? 'at least the paper' : d.comparison === 'qualitative' ? 'holds' : `within ${pct(d.tolerance, 0)}`)}`),
    );
    const noise = noiseText(f, d.unit, d.values.length);
    if (noise) out.push(`  ${noise}`);
    const warning = noiseWarning(f, d.unit);
    if (warning) out.push(`  ${warning}`);
    const rows = f.sensitivity.map((s) => {
      // In the figure's unit, to the digits formatValue gives (not 2,311,658.159 hours), mu* with
      // the 95% bootstrap interval --json and report.html give it.
      if (s.muStar !== undefined) {
        const ci = Array.isArray(s.ci95) ? s.ci95 : null;
        return [
          s.parameter,
          `${formatValue(s.muStar)}${ci ? ` (${formatValue(ci[0])} to ${formatValue(ci[1])})` : ''}`,
          formatValue(s.mu ?? 0),
          formatValue(s.sigma ?? 0),
        ];
      }
      const ci = Array.isArray(s.ci95) ? null : s.ci95;
      return [s.parameter, indexCell(s.first, ci?.first), indexCell(s.total, ci?.total)];
    });
    const head =
      a.method === 'morris'
        ? ['parameter', 'mu* (95% CI)', 'mu', 'sigma']
        : ['parameter', 'first-order (95% CI)', 'total-order (95% CI)'];
    out.push(
      table(head, rows)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    if (f.sensitivity.some((s) => s.cut))
      out.push(
        '  An index is a share of the variance, between 0 and 1: an interval that reached beyond is cut there.',
      );
  };
  // The claims that rest on an input (kind input: the figure repeats what the scenario gives the
  // model) apart from those on figures derived from the run, under run's headings.
  const onInputs = a.figures.filter((f) => f.kind === 'input');
  if (onInputs.length) {
    out.push('', `${INPUT_FIGURES_HEADING}:`, INPUT_CLAIMS_NOTE);
    onInputs.forEach(block);
    out.push('', `${DERIVED_FIGURES_HEADING}:`);
  }
  a.figures.filter((f) => f.kind !== 'input').forEach(block);
  out.push('', ...auditLegend(a.method));
  return out.join('\n');
}

/**
 * A Sobol index and its bootstrap interval as `index (low to high)`, the interval cut to [0, 1]
 * where it reached beyond. The three are written to one scale, so that rounding keeps their order:
 * two decimals, or as many as the smallest of them that is not 0 needs for one significant digit
 * (up to four), else powers of ten. Each on its own scale read `4.24e-4 (0 to 0.00)`, an index
 * above its own interval, where the interval was 0 to 0.0016.
 */
export function indexCell(v: number | null, c: [number, number] | null | undefined): string {
  if (v === null) return '–';
  const values = c ? [v, c[0], c[1]] : [v];
  const smallest = Math.min(
    ...values.filter((x) => x !== 0 && Number.isFinite(x)).map((x) => Math.abs(x)),
  );
  // Numbers that round to 0.00 at two decimals: one significant digit of the smallest.
  const decimals = smallest >= 0.005 ? 2 : Math.ceil(-Math.log10(smallest));
  const one = (x: number): string => {
    if (!Number.isFinite(x) || Number.isInteger(x) || decimals <= 2) return fmt(x, 2);
    return decimals > MAX_INDEX_DECIMALS ? x.toExponential(2) : x.toFixed(decimals);
  };
  return c ? `${one(v)} (${one(c[0])} to ${one(c[1])})` : one(v);
}

/** Past four decimals an index is written as a power of ten (1.85e-6), as fmt writes it. */
const MAX_INDEX_DECIMALS = 4;

function parenthesised(text: string): string {
  return text ? ` (${text})` : '';
}

/** What the columns mean, under the tables: the indices and effects carry no unit of their own. */
function auditLegend(method: AuditMethod): string[] {
  const lines = [
    method === 'morris'
      ? 'p5, p50, p95: the figure\'s percentiles over the samples of the assumptions; P(paper holds): the share of samples within the tolerance of the paper\'s value (for "more than X", at least X).'
      : "p5, p50, p95: the figure's percentiles over the samples of the assumptions, each with its distribution-free 95% interval (low to high) from the order statistics of the draws (– where the draws are too few for that end: p5's and p95's outer ends need 72); P(paper holds): the share of samples within the tolerance of the paper's value (for \"more than X\", at least X).",
  ];
  lines.push(
    "Every sample runs on the same seed (common random numbers): the percentiles, their intervals and P(paper holds) are over the assumptions and leave the simulation noise out. Simulation noise: the median over the samples of each one's 95% CI half-width over its replications, as run gives it (unknown with 1 replication); where it is more than a quarter of p95 − p5, P(paper holds) is not stated, only its bounds counting each sample's 95% interval (the share wholly within the paper's rule, to the share reaching it).",
  );
  if (method === 'morris')
    lines.push(
      "mu*: the mean absolute change of the figure, in the figure's unit, per move of the assumption across its whole range (lowest to highest quantile; measured on steps of half of it, the others held); mu: the same with its sign (negative: the figure falls as the assumption rises); sigma: how much that change varies (non-linearity or interactions); the 95% CI of mu* is a bootstrap interval over the trajectories. A screening: rank by mu*.",
    );
  else
    lines.push(
      `first-order: the share of the figure's variance over the samples that the assumption explains alone (0: it moves nothing; 1: it decides the figure)${
        method === 'sobol'
          ? '; total-order: the same with its interactions with the others'
          : '; total-order: not estimated by lhs (use sobol)'
      }. With few samples an index can fall below 0 or above 1 (its 95% interval is cut to 0–1, where a share lies, and written index (low to high)): more --samples narrow them, and the ranking is the finding, not the second digit.`,
    );
  return lines;
}

/** What `consular-sim audit` does; its options and help text are in audit.command.ts. */
export async function auditAction(
  file: string,
  opts: {
    samples?: number;
    method?: string;
    seed?: number;
    replications?: number;
    set: string[];
    threads?: number;
    workers?: string;
    workerTimeout?: number;
    out?: string;
    json?: boolean;
    quiet?: boolean;
  },
) {
  const method = (opts.method ?? 'sobol') as AuditMethod;
  if (!AUDIT_METHODS.includes(method))
    throw new UsageError(notOneOf('--method', String(opts.method), AUDIT_METHODS));
  const samples = opts.samples ?? DEFAULT_AUDIT_SAMPLES;
  checkWorkerTimeout(opts);
  const outDir = opts.out !== undefined ? outputDir(opts.out) : undefined;
  // Not into another command's output, whose report.html this would replace: before any run.
  if (outDir) refuseOtherCommandOutput(outDir, opts.out as string, 'audit.json');
  const executor =
    opts.workers !== undefined
      ? await executorFor(opts.workers, opts.workerTimeout)
      : localExecutor(opts.threads);
  const bar = progressBar('auditing', !opts.json && !opts.quiet, process.stderr, {
    timeLeft: true,
  });
  try {
    const audit = await runAudit(resolve(file), {
      samples,
      method,
      seed: opts.seed,
      replications: opts.replications,
      set: opts.set,
      executor,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.end();
    const files: string[] = [];
    if (outDir) {
      const dir = outDir;
      writeOutputs(() => {
        mkdirSync(dir, { recursive: true });
        files.push(writeAuditReport(dir, audit));
        const json = join(dir, 'audit.json');
        writeFileSync(json, JSON.stringify(audit, null, 2));
        files.push(json);
      });
    }
    if (opts.json) process.stdout.write(JSON.stringify(auditJson(audit)) + '\n');
    else {
      process.stdout.write(renderAudit(audit) + '\n');
      for (const f of files) process.stdout.write(`wrote ${f}\n`);
    }
  } finally {
    bar.end();
    await executor.close();
  }
}
