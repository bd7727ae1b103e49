import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FigureComparison, Finding, ReproduceResult } from '../../experiment/reproduce';
import type { FigureKind } from '../../scenario/scenario.schema';
import { fmt, pct, progressBar, table } from '../../report/format';
import {
  formatInterval,
  formatMean,
  formatPercent,
  halfWidthOf,
  markSameValues,
  SAME_VALUES_NOTE,
} from '../../report/numbers';
import { outputDir, refuseOtherCommandOutput, writeOutputs } from '../out-dir';

function verdict(f: FigureComparison): string {
  if (f.comparison === 'qualitative') return f.ok ? 'holds' : 'DOES NOT HOLD';
  if (f.ok) return 'ok';
  return `OFF by ${pct(f.relError ?? 0)} (tolerance ${pct(f.tolerance, 0)})`;
}

/** What each kind of figure means; a kind added to the schema must say here what it means. */
const KIND_MEANING: Record<FigureKind, string> = {
  input: 'calibrated from the paper (agreement is by construction)',
  emergent: 'produced by simulated events',
  measured:
    'measured outside the simulation (the Hızır engine over its test questions), so no assumption about the simulated load moves it',
};

/**
 * The legend under the figures' table: what each column's marks and words mean, for the kinds,
 * paper values and tolerances that these figures have (a reader of the table should not need the
 * README to know what `~ 250`, `input` or `ok` says).
 */
export function renderLegend(figures: FigureComparison[]): string {
  const kinds = (Object.keys(KIND_MEANING) as FigureKind[]).filter((k) =>
    figures.some((f) => f.kind === k),
  );
  const lines = [`kind: ${kinds.map((k) => `${k} = ${KIND_MEANING[k]}`).join('; ')}.`];
  const marks: string[] = [];
  if (figures.some((f) => f.comparison === 'about'))
    marks.push('"~ X" = the paper says about X, judged as a figure it gives exactly');
  if (figures.some((f) => f.comparison === 'at-least'))
    marks.push('"> X" = the paper says more than X');
  if (figures.some((f) => f.comparison === 'qualitative'))
    marks.push('"qualitative" = a statement without a number, simulated as yes or no');
  if (marks.length) lines.push(`paper: ${marks.join('; ')}.`);
  lines.push(
    'error: (simulated − paper) ÷ paper; for a figure the paper gives as "more than X" (>) any value at or above X agrees, and the error says how far above.',
  );
  const judged = figures.filter((f) => f.comparison === 'exact' || f.comparison === 'about');
  const tolerances = [...new Set(judged.map((f) => f.tolerance))].sort((a, b) => a - b);
  const within =
    tolerances.length === 0
      ? ''
      : tolerances.length === 1
        ? `the simulated mean is within ${pct(tolerances[0]!, 0)} of the paper's value (the tolerance of every such figure here)`
        : `the simulated mean is within the figure's tolerance of the paper's value (${tolerances.map((t) => pct(t, 0)).join(', ')}, by figure: see --json)`;
  const rules = [
    within,
    figures.some((f) => f.comparison === 'at-least') ? 'for "> X", at or above X' : '',
  ].filter(Boolean);
  const verdicts = [
    rules.length ? `ok = ${rules.join('; ')}` : '',
    figures.some((f) => f.comparison === 'qualitative')
      ? 'holds / DOES NOT HOLD = the statement as simulated'
      : '',
  ].filter(Boolean);
  if (verdicts.length)
    lines.push(
      `verdict: ${verdicts.join('; ')}. The verdict reads the mean; the 95% CI shows how far replications scatter around it.`,
    );
  if (figures.some((f) => f.comparison !== 'qualitative' && f.simulated.sameInEveryReplication))
    lines.push(`95% CI: ${SAME_VALUES_NOTE}.`);
  return lines.join('\n') + '\n';
}

/**
 * The emergent findings under the figures, numbered as the figures are: the decimals each
 * interval's half-width decides, and `low to high` (they had been cut at two decimals whatever
 * the size, `18,608.68 .. 18,727.2`).
 */
export function renderFindings(findings: Finding[]): string {
  const lines = [
    '',
    'Emergent findings (simulated results, not paper figures; mean and 95% CI over replications):',
    '',
    table(
      ['finding', 'simulated', '95% CI', 'unit', 'scenario'],
      findings.map((f) => [
        f.label,
        formatMean(f.simulated.mean, halfWidthOf(f.simulated.ci95)),
        markSameValues(formatInterval(f.simulated.ci95), f.simulated),
        f.unit,
        f.scenario,
      ]),
    ),
    ...findings.filter((x) => x.note).map((f) => `  ${f.label}: ${f.note}`),
    ...(findings.some((f) => f.simulated.sameInEveryReplication)
      ? [`95% CI: ${SAME_VALUES_NOTE}.`]
      : []),
  ];
  return lines.join('\n') + '\n';
}

/**
 * The tolerance a figure's verdict read: null for "more than X" (any value at or above X agrees)
 * and for a qualitative statement, whose verdicts are not by tolerance. --json, reproduce.json and
 * report.html say so alike (reproduce.json had given such figures the default 0.05).
 */
export function judgedTolerance(f: FigureComparison): number | null {
  return f.comparison === 'exact' || f.comparison === 'about' ? f.tolerance : null;
}

/** What `--out` writes to reproduce.json: the run without its time series, and the savings audit. */
export function reproduceFile(result: ReproduceResult, audit: unknown) {
  const { scenarios, figures, ...rest } = result;
  return {
    ...rest,
    figures: figures.map((f) => ({ ...f, tolerance: judgedTolerance(f) })),
    audit,
    scenarios: scenarios.map(({ timeseries: _t, ...s }) => s),
  };
}

/** What `consular-sim reproduce` does; its options and help text are in reproduce.command.ts. */
export async function reproduceAction(opts: {
  replications?: number;
  seed?: number;
  set: string[];
  threads?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}) {
  const outDir = opts.out !== undefined ? outputDir(opts.out) : undefined;
  // Not into another command's output, whose report.html this would replace: before any run.
  if (outDir) refuseOtherCommandOutput(outDir, opts.out as string, 'reproduce.json');
  // The engines and the report load only when the command runs, not for --help. The
  // replications start first: their threads boot while the report's modules load.
  const { reproduce } = await import('../../experiment/reproduce');
  const bar = progressBar('reproduce', !opts.json && !opts.quiet);
  const running = reproduce({
    replications: opts.replications,
    seed: opts.seed,
    set: opts.set,
    threads: opts.threads,
    // The scenarios are all queued within seconds; the replications are the run, so they are
    // the count (a scenario's index had stood at 8/9 for most of the run), against every
    // scenario's from the start (counting those queued so far had shown 1/48, then 10/58).
    onScenario: (name, i, n) => bar.note(`queueing ${name} (${i + 1} of ${n} scenarios)`),
    onReplication: (done, total) => bar.update(done, total, 'replications done'),
  });
  // Settled below; a failure must not go unhandled while the modules load.
  running.catch(() => undefined);
  const { loadReferenceData } = await import('../../config/reference-data');
  const { writeReport } = await import('../../report/html-report');
  const { savingsAudit } = await import('../../evisa/evisa-savings-audit');
  const { renderAudit } = await import('../../report/savings-audit');
  const ref = loadReferenceData();
  const result = await running;
  bar.end();
  const failed = result.figures.filter((f) => !f.ok).length;
  const audit = savingsAudit(result.scenarios, ref);
  if (outDir) {
    const dir = outDir;
    writeOutputs(() => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'reproduce.json'),
        JSON.stringify(reproduceFile(result, audit), null, 2),
      );
      writeReport(dir, { reproduction: result, savingsAudit: audit });
    });
  }
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({
        figures: result.figures.map((f) => ({
          id: f.id,
          paper: f.paper,
          comparison: f.comparison,
          simulated: f.simulated,
          relError: f.relError,
          tolerance: judgedTolerance(f),
          kind: f.kind,
          ok: f.ok,
        })),
        findings: (result.findings ?? []).map((f) => ({
          scenario: f.scenario,
          metric: f.metric,
          label: f.label,
          unit: f.unit,
          simulated: f.simulated,
        })),
        // The savings audit the text prints under the figures (the paper's arithmetic, desk
        // and e-visa minutes, cost per transaction, the desk-share grid), as reproduce.json has it.
        audit: audit ?? null,
        elapsedSeconds: result.elapsedSeconds,
      }) + '\n',
    );
    return failed ? 1 : 0;
  }
  const covered = new Set(result.figures.map((f) => f.id));
  const rows = result.figures.map((f) => [
    f.id,
    f.paper === null
      ? 'qualitative'
      : `${f.comparison === 'at-least' ? '> ' : f.comparison === 'about' ? '~ ' : ''}${fmt(f.paper)}`,
    f.comparison === 'qualitative'
      ? f.simulated.mean >= 1
        ? 'yes'
        : 'no'
      : formatMean(f.simulated.mean, halfWidthOf(f.simulated.ci95)),
    f.comparison === 'qualitative'
      ? ''
      : markSameValues(formatInterval(f.simulated.ci95), f.simulated),
    f.relError === null
      ? ''
      : `${formatPercent(f.relError)}${f.comparison === 'at-least' && f.relError >= 0 ? ' above' : ''}`,
    f.unit ?? '',
    f.kind,
    verdict(f),
  ]);
  process.stdout.write(
    `The paper's figures against simulation (${result.scenarios.length} scenarios, ${result.elapsedSeconds.toFixed(1)} s)\n\n`,
  );
  process.stdout.write(
    table(['figure', 'paper', 'simulated', '95% CI', 'error', 'unit', 'kind', 'verdict'], rows) +
      '\n\n',
  );
  process.stdout.write(renderLegend(result.figures));
  for (const f of result.figures.filter((x) => x.note))
    process.stdout.write(`  ${f.id}: ${f.note}\n`);
  const missing = Object.keys(ref.figures).filter((id) => !covered.has(id));
  if (missing.length) {
    process.stdout.write(
      `\nNot simulated (no service model covers them): ${missing.join(', ')}.\n`,
    );
  }
  if (result.findings?.length) process.stdout.write(renderFindings(result.findings));
  if (audit) process.stdout.write('\n' + renderAudit(audit) + '\n');
  process.stdout.write(
    `\n${failed === 0 ? 'All figures within tolerance.' : `${failed} figure(s) outside tolerance.`}\n`,
  );
  return failed ? 1 : 0;
}
