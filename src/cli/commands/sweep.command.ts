import type { Command } from 'commander';
import {
  collectParam,
  onlyOnce,
  collectSet,
  parseNumberOption,
  parseReplicationsOption,
  parseSeedOption,
  parseThreadsOption,
} from '../errors';
import { lazyAction } from '../lazy-action';
import { MAX_SWEEP_RUNS } from '../../experiment/sweep-limits';
import { WORKER_TIMEOUT_HELP, WORKERS_HELP } from './workers-option';

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .summary('run a grid of staffing levels and find the cheapest that meets a target')
    .description(
      'Run a scenario over the cartesian product of --param ranges (each applied as a --set override), ' +
        'every configuration with the same seed (common random numbers), and find the cheapest one whose ' +
        'metric meets --target. Cost defaults to the sum of the swept values (e.g. officers). ' +
        'A configuration that saturates a station (demand at or above capacity, as run warns) is marked ' +
        '(saturated): its waits grow with the horizon, and where the cheapest pick is one, a warning names ' +
        'the cheapest that meets the target unsaturated. ' +
        'The model\'s inputs (figures that only repeat what the scenario gives it) are listed apart under "Inputs (set by the scenario, not simulated)", one that follows the swept values marked as set by them, not found; a target on an input is said to be met by what the configurations set. ' +
        'Exit code 0 when a configuration meets the target, 1 when none in the grid does (the table is printed either way).',
    )
    .argument('<scenario>', 'scenario YAML file (see scenarios/)')
    .option(
      '--param <key=a..b[:step]>',
      'a scenario key and its values: a..b, a..b:step or v1,v2,... (repeatable)',
      collectParam,
      [],
    )
    .option(
      '--target <metric<=value>',
      "the service target on a metric's mean, e.g. 'stations.desk.wait.mean<=15' (<=, >=, <, >); a time in minutes, or with its unit ('<=15min', '<=0.25h'); a share from 0 to 1, or in percent: 'stations.desk.utilisation<=0.85' or '<=85%'",
      onlyOnce('a sweep meets one target; run it once per target, or give the stricter one'),
    )
    .option(
      '--target-ci',
      'judge the target on the 95% CI bound (upper for <=, lower for >=) instead of the mean; needs 2 replications or more',
    )
    .option(
      '--cost <expr>',
      "cost to minimise: a metric or an expression of swept keys and metrics, e.g. '30*stations.desk.servers'",
      onlyOnce('a sweep ranks by one cost; add terms in one expression, e.g. a+b'),
    )
    .option(
      '--set <path=value>',
      'override applied to every configuration, of a key --param does not sweep (repeatable)',
      collectSet,
      [],
    )
    .option(
      '--replications <r>',
      `replications per configuration (default the scenario's replications:, else 5; at most ${withThousands(MAX_SWEEP_RUNS)} model runs, configurations × replications, in all)`,
      parseReplicationsOption(),
    )
    .option(
      '--seed <n>',
      "base random seed (default the scenario's seed:, else 1)",
      parseSeedOption(),
    )
    .option(
      '--threads <n>',
      'local worker threads for the configurations and their replications, all run in parallel (0 = none; default one per core)',
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
      "write sweep.json and report.html into this directory (made if missing), replacing an earlier sweep's output there and leaving other files as they are; refused before anything runs if it holds another command's file (summary.json, audit.json, reproduce.json, comparison.json) or a sweep.json or report.html not from an earlier sweep's output, which would be overwritten",
    )
    .option('--json', 'print the sweep as JSON instead of the table')
    .option(
      '--quiet',
      'no progress on stderr (a count, the time so far and, after 3 runs, about how long is left)',
    )
    .addHelpText(
      'after',
      "\nExamples:\n  consular-sim sweep scenarios/teaching-mmc.yaml --param stations.desk.servers=10..14 --target 'stations.desk.wait.mean<=15' --replications 5\n" +
        "  consular-sim sweep scenarios/teaching-mmc.yaml --param stations.desk.servers=10..16:2 --target 'stations.desk.wait.p90<=30' --target-ci --out out/sweep",
    )
    .action(lazyAction(async () => (await import('./sweep.action')).sweepAction));
}

/** 100000 → '100,000', without toLocaleString, whose first call loads ICU data that --help would pay. */
function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
