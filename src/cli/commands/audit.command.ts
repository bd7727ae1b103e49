import type { Command } from 'commander';
import {
  AUDIT_METHODS,
  DEFAULT_AUDIT_SAMPLES,
  MAX_AUDIT_RUNS,
} from '../../experiment/audit-limits';
import {
  collectSet,
  parseNumberOption,
  parseOneOf,
  parseReplicationsOption,
  parseSeedOption,
  parseThreadsOption,
  UsageError,
} from '../errors';
import { decimalInteger } from '../../common/decimal-text';
import { lazyAction } from '../lazy-action';
import { WORKERS_HELP, WORKER_TIMEOUT_HELP } from './workers-option';

/**
 * 100000 → '100,000', as toLocaleString('en-US') writes it; not toLocaleString itself, whose first
 * call loads the ICU locale data (about 50 ms), which `--help` would otherwise pay every time.
 */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * --samples: a whole number, 2 or more (every method needs two draws to spread). The rule is said
 * once, here: `--samples 0` had been told "1 or more", and `--samples 1` then "2 or more".
 */
export function parseAuditSamples(value: string): number {
  const n = decimalInteger(value);
  if (!(Number.isInteger(n) && n >= 2))
    throw new UsageError(
      `--samples: must be a whole number, 2 or more, written in decimal (got '${value}')`,
    );
  return n;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .summary("how sure is a figure? propagate a scenario's declared uncertainty")
    .description(
      "Sample the assumptions a scenario declares under uncertain: and run the model at every sample, all with the scenario's seed (common random numbers, so the spread is the assumptions', not the noise's): with 2 replications or more the simulation noise at the samples (the median of each sample's 95% CI half-width) is printed beside the spread, and where it is more than a quarter of p95 - p5 a warning says so and P(paper holds) is not stated, only its bounds counting each sample's 95% interval; with 1 the noise is said to be unknown. " +
        "For each figure the scenario reproduces: p5/p50/p95, each with its distribution-free 95% interval from the order statistics of the draws, the probability that the paper's value holds (P(value >= paper) for 'more than' figures, P(within the tolerance) for point figures) and the assumptions ranked by influence; a figure no sampled assumption moves is said to be untested, with no probability; a claim checked against an input (a figure that only repeats what the scenario gives the model) is listed apart under \"Inputs (set by the scenario, not simulated)\" as no evidence from the simulation. " +
        'sobol (default): Saltelli design, N(k+2) runs, first- (Saltelli 2010) and total-order (Jansen) Sobol indices with bootstrap 95% CIs, cut to 0-1 (an index is a share); ' +
        'lhs: N Latin-hypercube runs, quantiles and first-order indices from the sample (correlation ratio); ' +
        'morris: N trajectories, N(k+1) runs, elementary effects (mu*, sigma) for screening many parameters. ' +
        "It lists every override its runs had (the scenario's audit.set and --set) and the consular-sim run command that reruns design point 1 with them and its draws (also in audit.json: overrides, rerun).",
    )
    .argument(
      '<scenario>',
      'scenario YAML file with an uncertain: block (see scenarios/paper-*.yaml)',
    )
    .option(
      '--samples <n>',
      `base samples N, 2 or more (default ${DEFAULT_AUDIT_SAMPLES}; at most ${withThousands(MAX_AUDIT_RUNS)} model runs in all)`,
      parseAuditSamples,
    )
    .option(
      '--method <m>',
      `${AUDIT_METHODS.join(', ')} (default sobol)`,
      parseOneOf('--method', AUDIT_METHODS),
    )
    .option(
      '--seed <n>',
      "seed of every run and of the design (default the scenario's)",
      parseSeedOption(),
    )
    .option(
      '--replications <r>',
      "replications per sample (default the scenario's audit.replications, else 1)",
      parseReplicationsOption(),
    )
    .option(
      '--set <path=value>',
      'override a scenario key (repeatable); an assumption declared uncertain that it sets is held at that value, not sampled',
      collectSet,
      [],
    )
    .option(
      '--threads <n>',
      'local worker threads (0 = none; default one per core)',
      parseThreadsOption,
    )
    .option('--workers <redis-url>', WORKERS_HELP)
    .option(
      '--worker-timeout <s>',
      WORKER_TIMEOUT_HELP,
      parseNumberOption('--worker-timeout', 'positive'),
    )
    .option(
      '--out <dir>',
      "write audit.json and report.html into this directory (made if missing), replacing an earlier audit's output there and leaving other files as they are; refused before anything runs if it holds another command's file (summary.json, sweep.json, reproduce.json, comparison.json) or a audit.json or report.html not from an earlier audit's output, which would be overwritten",
    )
    .option('--json', 'print the figures as JSON (see README)')
    .option(
      '--quiet',
      'no progress on stderr (a count, the time so far and, after 3 runs, about how long is left)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  consular-sim audit scenarios/paper-evisa.yaml --samples 64 --json   # not run: minutes of runs\n' +
        '  consular-sim audit scenarios/paper-evisa.yaml --method lhs --samples 200 --out out/audit   # not run: takes minutes\n' +
        '  consular-sim audit scenarios/paper-evisa.yaml --workers redis://queue-host:6379   # with consular-sim worker --queues experiments on each machine; not run: needs those machines',
    )
    .action(lazyAction(async () => (await import('./audit.action')).auditAction));
}
