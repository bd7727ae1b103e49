import type { Command } from 'commander';
import { lazyAction } from '../lazy-action';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .summary('compare two runs metric by metric (B − A with 95% CIs)')
    .description(
      'Compare two `run --out` directories metric by metric: B − A with a 95% Student-t interval. ' +
        'When both runs used the same seed and replications, replication r of each saw the same ' +
        "customers (common random numbers), so differences are paired; otherwise Welch's unpaired " +
        'interval is used (and said so). A run of one replication gives B − A no interval, and no difference is then called significant. ' +
        'An input (a figure that only repeats what the scenario gives the model, such as the requests a demand brings) is listed apart under "Inputs (set by the scenario, not simulated)" and never called significant: a difference in it is one the scenarios set, not one the simulation found.',
    )
    .argument('<dirA>', 'the baseline: a directory written by `run --out` (or its summary.json)')
    .argument('<dirB>', 'the alternative')
    .option(
      '--out <dir>',
      "write comparison.json and report.html into this directory (made if missing), replacing an earlier comparison's output there and leaving other files as they are; refused before anything runs if it holds another command's file (summary.json, sweep.json, audit.json, reproduce.json) or a comparison.json or report.html not from an earlier comparison's output, which would be overwritten",
    )
    .option('--json', 'print the comparison as JSON instead of the table')
    .addHelpText(
      'after',
      '\nExample:\n  consular-sim run scenarios/teaching-mmc.yaml --out out/a\n  consular-sim run scenarios/teaching-mmc.yaml --set stations.desk.servers=11 --out out/b\n  consular-sim compare out/a out/b --out out/a-vs-b',
    )
    .action(lazyAction(async () => (await import('./compare.action')).compareAction));
}
