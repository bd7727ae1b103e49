import type { Command } from 'commander';
import { runNetwork } from '../../sim/network';
import { confidenceInterval } from '../../sim/stats';
import { fmt } from '../../report/format';
import { action, parseNumberOption } from '../errors';
import { compareMmc, mmcNetwork } from './mmc.command';

/** The benchmark model: M/M/10 at rho 0.9 (lambda 9, mu 1). */
const BENCH = { lambda: 9, mu: 1, servers: 10 };

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
      parseNumberOption('--accuracy-replications', 'positive-integer'),
      10,
    )
    .option('--seed <S>', 'random seed', parseNumberOption('--seed', 'integer'), 1)
    .option('--json', 'print {"customersPerSecond","eventsPerSecond","peakRssMb",...} as JSON')
    .action(
      action(
        (opts: {
          customers: number;
          accuracyCustomers: number;
          accuracyReplications: number;
          seed: number;
          json?: boolean;
        }) => {
          // Warm the JIT on a short run first so the timed run measures steady state.
          runNetwork(mmcNetwork(BENCH.lambda, BENCH.mu, BENCH.servers), {
            seed: opts.seed + 1,
            until: 200_000 / BENCH.lambda,
          });
          const until = opts.customers / BENCH.lambda;
          const started = process.hrtime.bigint();
          const run = runNetwork(mmcNetwork(BENCH.lambda, BENCH.mu, BENCH.servers), {
            seed: opts.seed,
            until,
          });
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const customers = run.stations.server.served;
          // Accuracy: Wq against Erlang C in R independent runs of N customers. A single
          // 1M-customer run at rho 0.9 has a relative standard deviation of about 2.5%,
          // so the honest figure is the mean error with its confidence interval.
          const errors = Array.from({ length: opts.accuracyReplications }, (_, r) => {
            const c = compareMmc(
              BENCH.lambda,
              BENCH.mu,
              BENCH.servers,
              opts.accuracyCustomers,
              opts.seed + 1000 + r,
            );
            return (c.simulated.Wq - c.analytic.Wq) / c.analytic.Wq;
          });
          const accuracy = confidenceInterval(errors);
          const result = {
            model: 'M/M/10, rho 0.9',
            customers,
            events: run.events,
            seconds,
            customersPerSecond: customers / seconds,
            eventsPerSecond: run.events / seconds,
            peakRssMb: process.resourceUsage().maxRSS / 1024,
            wqRelativeError: accuracy.mean,
            wqRelativeErrorCi95: accuracy.ci95,
            wqRelativeErrorPerRun: errors,
            accuracyCustomersPerRun: opts.accuracyCustomers,
          };
          if (opts.json) {
            process.stdout.write(JSON.stringify(result) + '\n');
            return;
          }
          process.stdout.write(
            `${result.model}: ${fmt(customers, 0)} customers, ${fmt(run.events, 0)} events in ${seconds.toFixed(2)} s\n` +
              `  customers/s  ${fmt(Math.round(result.customersPerSecond), 0)}\n` +
              `  events/s     ${fmt(Math.round(result.eventsPerSecond), 0)}\n` +
              `  peak RSS     ${result.peakRssMb.toFixed(0)} MB\n` +
              `  Wq vs Erlang C, ${errors.length} runs of ${fmt(opts.accuracyCustomers, 0)} customers: mean error ${(accuracy.mean * 100).toFixed(2)}% ` +
              `(95% CI ${(accuracy.ci95[0] * 100).toFixed(2)}% to ${(accuracy.ci95[1] * 100).toFixed(2)}%; runs ${errors.map((e) => (e * 100).toFixed(1)).join(' ')}%)\n`,
          );
        },
      ),
    );
}
