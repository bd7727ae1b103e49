import { Option, type Command } from 'commander';
import { parseNumberOption, parseReplicationsOption, parseSeedOption } from '../errors';
import { lazyAction } from '../lazy-action';
import { MMC_MAX_RHO } from './mmc-limits';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .summary("measure the kernel's speed on M/M/10 at rho 0.9")
    .description(
      "Measure the kernel's speed on M/M/10 at rho 0.9: customers/s, events/s and peak memory " +
        'over one long run, plus the accuracy of the mean wait against Erlang C.',
    )
    .option(
      '--customers <N>',
      'customers in the timed run',
      parseNumberOption('--customers', 'positive-integer'),
      10_000_000,
    )
    .option(
      '--accuracy-customers <N>',
      'customers in the Erlang-C accuracy check',
      parseNumberOption('--accuracy-customers', 'positive-integer'),
      1_000_000,
    )
    .option(
      '--accuracy-replications <R>',
      'independent runs in the accuracy check',
      parseReplicationsOption('--accuracy-replications'),
      10,
    )
    // The default is shown as it is typed (0.5,0.8,0.9), not as the list it becomes.
    .addOption(
      new Option(
        '--accuracy-rhos <list>',
        `loads of the M/M/10 accuracy check, comma-separated, each at most ${MMC_MAX_RHO} (as for mmc)`,
      )
        .argParser((v: string) =>
          v.split(',').map((x) => parseNumberOption('--accuracy-rhos', 'positive')(x.trim())),
        )
        .default([0.5, 0.8, 0.9], '0.5,0.8,0.9'),
    )
    .option('--seed <S>', 'random seed', parseSeedOption(), 1)
    .option('--json', 'print {"customersPerSecond","eventsPerSecond","peakRssMb",...} as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  consular-sim bench --customers 1000000 --accuracy-customers 100000 --quiet   # a quick look: about 2 s\n' +
        '  consular-sim bench --json   # not run: the full bench, 10 M customers and 30 accuracy runs (README, Speed)',
    )
    .action(lazyAction(async () => (await import('./bench.action')).benchAction));
}
