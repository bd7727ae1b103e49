import type { Command } from 'commander';
import { parseNumberOption, parseSeedOption } from '../errors';
import { lazyAction } from '../lazy-action';

export function registerMmc(program: Command): void {
  program
    .command('mmc')
    .summary('simulate an M/M/c queue beside the Erlang-C formulas')
    .description(
      'Simulate an M/M/c queue in the kernel and compare it with Erlang C. Times are in the time unit of the rates (lambda 9 and mu 1 per hour: hours). The simulated Wq has a 95% confidence interval by batch means: the run after its warm-up is cut into 20 batches, whose spread gives a Student t interval; where no customer waited in any batch there is no spread to estimate it from, and none is given.',
    )
    .requiredOption('--lambda <L>', 'arrival rate', parseNumberOption('--lambda', 'positive'))
    .requiredOption('--mu <M>', 'service rate of one server', parseNumberOption('--mu', 'positive'))
    .requiredOption(
      '--servers <C>',
      'number of servers',
      parseNumberOption('--servers', 'positive-integer'),
    )
    .option(
      '--customers <N>',
      'customers to simulate after warm-up, on average (the run lasts N / lambda after it, so the count is random)',
      parseNumberOption('--customers', 'positive-integer'),
      1_000_000,
    )
    .option('--seed <S>', 'random seed', parseSeedOption(), 1)
    .option(
      '--json',
      'print {"analytic":{...},"simulated":{...,"WqHalfWidth","WqCi95"},"interval":{"method","batches","level"[,"note"]}} as JSON (WqCi95 null, with a note why, where the run is too short or nobody waited)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  consular-sim mmc --lambda 9 --mu 1 --servers 10 --customers 1000000',
    )
    .action(lazyAction(async () => (await import('./mmc.action')).mmcAction));
}
