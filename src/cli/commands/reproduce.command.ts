import type { Command } from 'commander';
import {
  parseReplicationsOption,
  parseSeedOption,
  collectSet,
  parseThreadsOption,
} from '../errors';
import { lazyAction } from '../lazy-action';

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .summary("run the paper scenarios and set each of the paper's figures beside the simulation")
    .description(
      "Run every scenarios/paper-*.yaml on the embedded engine and print, figure by figure, the paper's " +
        'value, the simulated mean with its 95% confidence interval, the relative error, whether the figure ' +
        'is an input (calibrated from the paper), emergent (produced by simulated events) or measured (measured ' +
        'outside the simulation, such as the Hızır engine on its test questions), and a verdict. ' +
        'Exit code 0 when every figure is within its tolerance, 1 otherwise.',
    )
    .option(
      '--replications <r>',
      "replications per scenario (default: each scenario's own)",
      parseReplicationsOption(),
    )
    .option(
      '--seed <n>',
      "base seed for every scenario (default: each scenario's own)",
      parseSeedOption(),
    )
    .option(
      '--set <[scenario:]path=value>',
      "override a key in every paper scenario, or, prefixed by a scenario's file name without .yaml, in that one only, e.g. paper-evisa:params.manual.minutesFactor=1.2 (repeatable)",
      collectSet,
      [],
    )
    .option('--threads <n>', 'worker threads (0 = none; default one per core)', parseThreadsOption)
    .option(
      '--out <dir>',
      "write reproduce.json and report.html into this directory (made if missing), replacing an earlier reproduction's output there and leaving other files as they are; refused before anything runs if it holds another command's file (summary.json, sweep.json, audit.json, comparison.json) or a reproduce.json or report.html not from an earlier reproduction's output, which would be overwritten",
    )
    .option(
      '--json',
      'print {"figures":[...],"findings":[...],"audit":{...},"elapsedSeconds"} as JSON (audit: the savings audit the text prints)',
    )
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim reproduce --out out/reproduce   # not run: tens of seconds on 2 cores; the table, and out/reproduce/report.html\n' +
        '  consular-sim reproduce --replications 2 --json --quiet   # not run: fewer replications, as JSON\n' +
        '  consular-sim reproduce --set paper-evisa:params.manual.minutesFactor=0.8 --json --quiet   # not run: the e-visa desk 20% faster, every other scenario as written',
    )
    .action(lazyAction(async () => (await import('./reproduce.action')).reproduceAction));
}
