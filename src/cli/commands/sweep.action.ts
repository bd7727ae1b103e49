import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { progressBar, table } from '../../report/format';
import {
  formatBesideInterval,
  formatInterval,
  formatMean,
  formatSeconds,
  formatGiven,
  formatColumn,
  formatValue,
  markSameValues,
  SAME_VALUES_NOTE,
  NO_INTERVAL,
  quantityOf,
  unitOf,
} from '../../report/numbers';
import { writeReport } from '../../report/html-report';
import {
  parseParam,
  parseTarget,
  runSweep,
  saturationNotes,
  seedNote,
  sweptInputs,
  targetInputNote,
  type SweepResult,
} from '../../experiment/sweep';
import { derivedFigureOf, figureLabel, INPUT_FIGURES_HEADING } from '../../scenario/service-model';
import { localExecutor } from '../../experiment/experiment';
import { UsageError } from '../errors';
import { checkWorkerTimeout, executorFor } from './workers-option';
import { outputDir, refuseOtherCommandOutput, writeOutputs } from '../out-dir';

/** The terminal view of a sweep: every configuration and the cheapest that meets the target. */
/**
 * A target on a share is given as a share (utilisation<=0.9), but the table writes the share in
 * percent (78.9 under a % header): the target says its percent too, ' (90%)'.
 */
function targetInPercent(metric: string, value: number): string {
  return quantityOf(metric) === 'share' ? ` (${formatGiven(Math.round(value * 1e11) / 1e9)}%)` : '';
}

export function renderSweep(sw: SweepResult): string {
  const t = sw.target;
  const cfg = (v: Record<string, number>) =>
    Object.entries(v)
      .map(([k, x]) => `${k}=${x}`)
      .join(' ');
  const out: string[] = [];
  out.push(`${sw.scenario.title} (${sw.scenario.file})`);
  out.push(
    `${sw.points.length} configuration${sw.points.length === 1 ? '' : 's'} x ${sw.replications} replication${sw.replications === 1 ? '' : 's'}, ${seedNote(sw)}; ${formatSeconds(sw.elapsedSeconds)}`,
  );
  out.push(
    `target: ${t.metric} ${t.op} ${formatGiven(t.value)}${targetInPercent(t.metric, t.value)} on the ${t.useCi ? '95% CI bound' : 'mean'}; cost: ${sw.cost}`,
  );
  if (sw.costNote) out.push(`note: ${sw.costNote}`);
  const inputTarget = targetInputNote(sw);
  if (inputTarget) out.push(`note: ${inputTarget}`);
  out.push('');
  const costs = formatColumn(sw.points.map((p) => p.cost));
  out.push(
    table(
      [
        'configuration',
        'cost',
        `${t.metric}${unitOf(t.metric) ? ` (${unitOf(t.metric)})` : ''}`,
        '95% CI',
        'meets',
      ],
      sw.points.map((p, i) => [
        cfg(p.values),
        costs[i],
        formatBesideInterval(p.target, quantityOf(t.metric)),
        markSameValues(formatInterval(p.target.ci95, quantityOf(t.metric)), p.target),
        `${p.feasible ? 'yes' : 'no'}${p.saturated.length ? ' (saturated)' : ''}${i === sw.best ? ' <- cheapest' : ''}`,
      ]),
    ),
  );
  if (sw.points.some((p) => p.target.sameInEveryReplication))
    out.push(`95% CI: ${SAME_VALUES_NOTE}.`);
  out.push('');
  // A target that is not a number (no wait where nobody was served) is never met: say why.
  const unmeasured = sw.points.filter((p) => Number.isNaN(p.target.mean)).length;
  const why = unmeasured
    ? ` In ${unmeasured} of ${sw.points.length} configurations ${t.metric} is not a number (–): nobody was served, or no customer finished, in a replication there, and such a configuration does not meet the target.`
    : '';
  if (sw.best === null)
    out.push(`No configuration in the grid meets the target: widen the ranges.${why}`);
  else {
    const b = sw.points[sw.best];
    out.push(
      `Cheapest configuration that meets the target: ${cfg(b.values)} (cost ${formatValue(b.cost)}; ${t.metric} ${formatMean(b.target.mean, b.target.halfWidth, quantityOf(t.metric))}${unitOf(t.metric) ? ` ${unitOf(t.metric)}` : ''}, ${b.target.ci95 === null ? `no 95% CI: it ${NO_INTERVAL}` : `95% CI ${formatInterval(b.target.ci95, quantityOf(t.metric))}`}).${why}`,
    );
  }
  out.push(...saturationNotes(sw));
  // The figures that repeat an input: those that move follow the swept values as the
  // configurations set them, not as the simulation found them.
  const inputs = sweptInputs(sw);
  if (inputs.length) {
    out.push('', `${INPUT_FIGURES_HEADING}:`);
    out.push(
      table(
        ['figure', 'unit', 'across the configurations'],
        inputs.map((f) => {
          const q = quantityOf(f.metric);
          // The unit the model declares beside it, as run's table of inputs gives it.
          const name = derivedFigureOf(f.metric) ?? f.metric;
          return [
            f.metric,
            figureLabel(name, sw.figures, sw.breakdowns).unit,
            f.follows
              ? `${formatValue(f.min, q)} to ${formatValue(f.max, q)}: follows the swept values, set by them, not found`
              : `${formatValue(f.min, q)} in every configuration`,
          ];
        }),
      ),
    );
  }
  return out.join('\n');
}

/** What `consular-sim sweep` does; its options and help text are in sweep.command.ts. */
export async function sweepAction(
  file: string,
  opts: {
    param: string[];
    target?: string;
    targetCi?: boolean;
    cost?: string;
    set: string[];
    replications?: number;
    seed?: number;
    threads?: number;
    out?: string;
    json?: boolean;
    quiet?: boolean;
    workers?: string;
    workerTimeout?: number;
  },
) {
  if (!opts.param.length)
    throw new UsageError('--param: give at least one, e.g. --param stations.desk.servers=10..14');
  if (!opts.target)
    throw new UsageError("--target: required, e.g. --target 'stations.desk.wait.mean<=15'");
  const params = opts.param.map(parseParam);
  const target = parseTarget(opts.target, Boolean(opts.targetCi));
  checkWorkerTimeout(opts);
  const outDir = opts.out !== undefined ? outputDir(opts.out) : undefined;
  // Not into another command's output, whose report.html this would replace: before the grid.
  if (outDir) refuseOtherCommandOutput(outDir, opts.out as string, 'sweep.json');
  const bar = progressBar('sweeping', !opts.json && !opts.quiet, process.stderr, {
    timeLeft: true,
  });
  const executor =
    opts.workers !== undefined
      ? await executorFor(opts.workers, opts.workerTimeout)
      : localExecutor(opts.threads);
  let sweep: SweepResult;
  try {
    sweep = await runSweep(resolve(file), {
      params,
      target,
      cost: opts.cost,
      set: opts.set,
      replications: opts.replications,
      seed: opts.seed,
      executor,
      onProgress: (d, t) => bar.update(d, t),
    });
  } finally {
    bar.end();
    await executor.close();
  }
  const files: string[] = [];
  if (outDir) {
    const dir = outDir;
    writeOutputs(() => {
      files.push(writeReport(dir, { sweep }));
      const json = resolve(dir, 'sweep.json');
      writeFileSync(json, JSON.stringify(sweep, null, 2));
      files.push(json);
    });
  }
  if (opts.json) process.stdout.write(JSON.stringify(sweep) + '\n');
  else {
    process.stdout.write(renderSweep(sweep) + '\n');
    for (const f of files) process.stdout.write(`wrote ${f}\n`);
  }
  // As reproduce's figure out of tolerance: a script can tell "no staffing in the grid meets
  // the target" from success without reading the table.
  return sweep.best === null ? 1 : 0;
}
