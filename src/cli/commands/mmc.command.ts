import type { Command } from 'commander';
import { parseNumberOption, parseSeedOption, UsageError } from '../errors';
import { lazyAction } from '../lazy-action';
import { decimalInteger } from '../../common/decimal-text';
import { MAX_SERVERS } from '../../scenario/limits';
import { MMC_MAX_RHO } from './mmc-limits';

/**
 * Most servers `mmc` takes: a station's most (scenario/limits.ts says why). Erlang C's recursion
 * walks every server (src/sim/erlang.ts): 10^9 took 7 s and 10^12 never ended.
 */
export const MMC_MAX_SERVERS = MAX_SERVERS;

export function parseMmcServers(value: string): number {
  const n = decimalInteger(value);
  if (!(Number.isInteger(n) && n >= 1 && n <= MMC_MAX_SERVERS))
    throw new UsageError(
      `--servers: must be a whole number from 1 to ${MMC_MAX_SERVERS.toLocaleString('en-US')}, written in decimal (got '${value}')`,
    );
  return n;
}

/**
 * Highest rate `mmc` takes, per time unit. The kernel's wait sketches resolve durations from
 * 1e-9 of a time unit (MIN_VALUE in src/sim/stats.ts, minutes in a scenario); at rates of 1e7 a
 * share of the waits falls below that and counts as none (M/M/2 at lambda = mu = 1e7: P(wait)
 * 0.3306 against Erlang C's 0.3333; at 1e15, 0), while 1e6 gave 0.3335. A faster queue is
 * the same queue in a longer time unit (per second: per minute, 60 times smaller).
 */
export const MMC_MAX_RATE = 1_000_000;

/** --lambda or --mu: a number greater than 0, at most MMC_MAX_RATE. */
export function parseMmcRate(name: string) {
  const positive = parseNumberOption(name, 'positive');
  return (value: string): number => {
    const n = positive(value);
    if (n > MMC_MAX_RATE)
      throw new UsageError(
        `${name}: must be at most ${MMC_MAX_RATE.toLocaleString('en-US')} a time unit (got '${value}'): the simulated waits would be too short to measure; give the rates in a longer time unit`,
      );
    return n;
  };
}

export function registerMmc(program: Command): void {
  program
    .command('mmc')
    .summary('simulate an M/M/c queue beside the Erlang-C formulas')
    .description(
      `Simulate an M/M/c queue in the kernel and compare it with Erlang C. Times are in the time unit of the rates (lambda 9 and mu 1 per hour: hours). The simulated Wq has a 95% confidence interval by batch means: the run after its warm-up is cut into batches whose spread gives a Student t interval. The batch size is chosen from the run (as in Fishman's LBATCH): starting from 10,240 short batches it doubles while von Neumann's test finds neighbouring batch means correlated, down to 10 batches, and at most 20 are used. Where they are still correlated at 10, the half-width is widened by the AR(1) factor sqrt((1 + r1) / (1 - r1)) and a note says the run is too short. Short runs at high load still give too narrow an interval (it held Erlang C's Wq about 75 to 85 times in 100 at 20,000 customers and rho 0.9 to 0.95): use more customers. Where no customer waited there is no spread to estimate it from, and none is given. The load rho = lambda / (servers × mu) must be at most ${MMC_MAX_RHO}: nearer 1 the queue takes longer to forget its empty start than a run may last (ten relaxation times hold more than 500,000,000 customers), and the refusal gives Erlang C's Wq. The warm-up lasts at least ten mean service times: on many servers its arrivals (about 10 × lambda / mu) outnumber --customers and make the run long (M/M/1,000,000 at rho 0.99: 10 million, tens of seconds).`,
    )
    .requiredOption(
      '--lambda <L>',
      `arrival rate; rho = lambda / (servers × mu) at most ${MMC_MAX_RHO}`,
      parseMmcRate('--lambda'),
    )
    .requiredOption('--mu <M>', 'service rate of one server', parseMmcRate('--mu'))
    .requiredOption(
      '--servers <C>',
      `number of servers, 1 to ${MMC_MAX_SERVERS.toLocaleString('en-US')}`,
      parseMmcServers,
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
      'print {"analytic":{...},"simulated":{...,"WqHalfWidth","WqCi95"},"interval":{"method","batches","level"[,"note"]}} as JSON (interval.batches the batches used; WqCi95 null, with a note why, where the run is too short or nobody waited; a note also where the batches stayed correlated, or the run spans fewer than 10 relaxation times of the queue)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  consular-sim mmc --lambda 9 --mu 1 --servers 10 --customers 1000000',
    )
    .action(lazyAction(async () => (await import('./mmc.action')).mmcAction));
}
