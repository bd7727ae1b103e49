import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { table } from '../../report/format';
import {
  comparisonCells,
  formatInterval,
  formatPercent,
  quantityOf,
  unitOf,
} from '../../report/numbers';
import { writeReport } from '../../report/html-report';
import {
  compareRuns,
  oneReplicationNote,
  readRunDir,
  type ComparisonResult,
  type MetricDifference,
} from '../../experiment/compare';
import { DERIVED_FIGURES_HEADING, INPUT_FIGURES_HEADING } from '../../scenario/service-model';
import { outputDir, refuseOtherCommandOutput, writeOutputs } from '../out-dir';

/** Rows in the terminal table: the most important differences. */
const TERMINAL_ROWS = 25;

/** `1 replication`, `3 replications`. */
function replicationsText(n: number): string {
  return `${n} replication${n === 1 ? '' : 's'}`;
}

/** The terminal view of a comparison: what differs, significant first. */
export function renderComparison(c: ComparisonResult): string {
  const out: string[] = [];
  out.push(`A: ${c.a.title} (${c.a.dir}; seed ${c.a.seed}, ${replicationsText(c.a.replications)})`);
  out.push(`B: ${c.b.title} (${c.b.dir}; seed ${c.b.seed}, ${replicationsText(c.b.replications)})`);
  out.push(c.methodNote);
  if (c.lostNote) out.push(c.lostNote);
  if (c.unrelated) {
    out.push('');
    out.push(`Warning: ${c.unrelated}`);
  }
  if (c.scenarioChanges.length || c.otherChanges.length) out.push('');
  if (c.otherChanges.length)
    out.push(
      `The scenarios' ${c.otherChanges.join(', ')} differ too; ${c.otherChanges.length === 1 ? 'it describes' : 'they describe'} a scenario or how it is run, not the model's inputs.`,
    );
  if (!c.scenarioChanges.length && c.otherChanges.length)
    out.push("Scenario changes (the model's inputs): none.");
  if (c.scenarioChanges.length) {
    out.push(
      `Scenario changes (the model's inputs): ${c.scenarioChanges
        .slice(0, 8)
        .map((ch) => `${ch.path}: ${changedValue(ch.a)} -> ${changedValue(ch.b)}`)
        .join(
          '; ',
        )}${c.scenarioChanges.length > 8 ? `; ... ${c.scenarioChanges.length - 8} more` : ''}`,
    );
  }
  // The inputs the runs repeat (set by the scenarios, never significant: compareRuns) apart from
  // the figures derived from the runs, under run's headings.
  const isInput = (d: MetricDifference) => d.kind === 'input';
  const derived = c.differences.filter((d) => !isInput(d));
  const inputs = c.differences.filter(isInput);
  const differs = (d: MetricDifference) => d.diff !== 0 || (d.halfWidth ?? 0) !== 0;
  const sig = derived.filter((d) => d.significant);
  const shown = derived.filter(differs).slice(0, TERMINAL_ROWS);
  const inputsShown = inputs.filter(differs);
  out.push('');
  out.push(
    inputs.length
      ? `${sig.length} of ${derived.length} shared metrics derived from the runs differ significantly (95% CI of B − A excludes 0); ${inputs.length === 1 ? 'the 1 input' : `the ${inputs.length} inputs`} (set by the scenario, not simulated) ${inputs.length === 1 ? 'is' : 'are'} not judged: a difference in ${inputs.length === 1 ? 'it' : 'them'} is set by the scenarios, not found by the simulation.`
      : `${sig.length} of ${c.differences.length} shared metrics differ significantly (95% CI of B − A excludes 0).`,
  );
  if (c.chanceNote) out.push(c.chanceNote);
  const one = oneReplicationNote(c);
  if (one) out.push(one);
  const differing = derived.filter(differs).length;
  if (differing > shown.length)
    out.push(
      `The ${shown.length} most important of the ${differing} that differ are shown; --json or --out (comparison.json, report.html) give them all.`,
    );
  // The table leaves out the metrics equal in both runs; the count above includes them.
  const same = derived.length - differing;
  if (same > 0 && differing > 0)
    out.push(
      `${same} ${same === 1 ? 'is' : 'are'} the same in both runs (${derived
        .filter((d) => !differs(d))
        .slice(0, 3)
        .map((d) => d.metric)
        .join(', ')}${same > 3 ? ', ...' : ''}) and not shown.`,
    );
  if (inputsShown.length) {
    out.push('', `${INPUT_FIGURES_HEADING}:`);
    out.push(differenceTable(inputsShown, false));
  }
  if (shown.length) {
    out.push('');
    if (inputs.length) out.push(`${DERIVED_FIGURES_HEADING}:`);
    out.push(differenceTable(shown, true));
  } else {
    out.push(
      inputsShown.length
        ? 'No figure derived from the runs differs between them.'
        : 'No metric differs between the two runs.',
    );
  }
  if (c.onlyInA.length || c.onlyInB.length)
    out.push(
      `\n${c.onlyInA.length} metrics only in A and ${c.onlyInB.length} only in B are left out.`,
    );
  return out.join('\n');
}

/**
 * The table of differences B − A; `judged`: with the column that marks a significant one (the
 * inputs are never judged: a difference in them is set, not simulated).
 */
function differenceTable(rows: MetricDifference[], judged: boolean): string {
  return table(
    [
      'metric',
      'unit',
      'A',
      'B',
      'B − A',
      '95% CI of B − A',
      'relative',
      ...(judged ? ['sig'] : []),
    ],
    rows.map((d) => {
      // One number format (src/report/numbers.ts), the Lab's comparison table's too.
      const q = quantityOf(d.metric);
      const [a, b, diff] = comparisonCells(d.a, d.b, { mean: d.diff, halfWidth: d.halfWidth }, q);
      return [
        d.metric,
        unitOf(d.metric),
        a,
        b,
        diff,
        formatInterval(d.ci95, q),
        d.relative === null ? '–' : formatPercent(d.relative, 1),
        ...(judged ? [d.significant ? '*' : ''] : []),
      ];
    }),
  );
}

/** Longest value of a scenario change the terminal prints; a list of assumptions runs to pages. */
const CHANGE_CHARS = 60;

/** A changed scenario value for the terminal: a long list by its length, a long value cut. */
function changedValue(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  if (s.length <= CHANGE_CHARS) return s;
  if (Array.isArray(v)) return `(a list of ${v.length} item${v.length === 1 ? '' : 's'})`;
  return `${s.slice(0, CHANGE_CHARS - 3)}...`;
}

/** What `consular-sim compare` does; its options and help text are in compare.command.ts. */
export function compareAction(dirA: string, dirB: string, opts: { out?: string; json?: boolean }) {
  const outDir = opts.out !== undefined ? outputDir(opts.out) : undefined;
  // Not into a run's folder (A's or B's own, whose report.html this would replace) nor another
  // command's: checked before the runs are read, so nothing is written.
  if (outDir) refuseOtherCommandOutput(outDir, opts.out as string, 'comparison.json');
  const a = readRunDir(resolve(dirA));
  const b = readRunDir(resolve(dirB));
  const comparison = compareRuns(a, b, [dirA, dirB]);
  const files: string[] = [];
  if (outDir) {
    const dir = outDir;
    writeOutputs(() => {
      files.push(writeReport(dir, { comparison }));
      const json = resolve(dir, 'comparison.json');
      writeFileSync(json, JSON.stringify(comparison, null, 2));
      files.push(json);
    });
  }
  if (opts.json) process.stdout.write(JSON.stringify(comparison) + '\n');
  else {
    process.stdout.write(renderComparison(comparison) + '\n');
    for (const f of files) process.stdout.write(`wrote ${f}\n`);
  }
}
