import { runNetwork } from '../../sim/network';
import { estimateOf } from '../../sim/stats';
import { fmt, progressBar, table } from '../../report/format';
import { NO_INTERVAL } from '../../report/numbers';
import { UsageError } from '../errors';
import { checkMmcSpan, compareMmc } from './mmc.action';
import { MMC_MAX_RHO } from './mmc-limits';
import { mmcNetwork } from '../../sim/mmc-network';

/** The benchmark model: M/M/10 at rho 0.9 (lambda 9, mu 1). */
const BENCH = { lambda: 9, mu: 1, servers: 10 };

/** What `consular-sim bench` does; its options and help text are in bench.command.ts. */
export function benchAction(opts: {
  customers: number;
  accuracyCustomers: number;
  accuracyReplications: number;
  accuracyRhos: number[];
  seed: number;
  json?: boolean;
  quiet?: boolean;
}) {
  // Every load and every run's length is checked before the first run starts, not after
  // minutes of work (a load of 1 or more had been refused only when its turn came).
  // The highest load is mmc's, for its reason (MMC_MAX_RHO): nearer 1 no run is long enough to
  // forget its empty start, and the table's error against Erlang C was the start's, not the
  // kernel's (rho 0.99999 on 20,000 customers printed -99.92%, its interval far from 0).
  for (const rho of opts.accuracyRhos)
    if (!(rho <= MMC_MAX_RHO))
      throw new UsageError(
        `--accuracy-rhos: each load must be at most ${MMC_MAX_RHO}, as for mmc (got ${rho}): nearer 1 a run takes longer to forget its empty start than a run may last`,
      );
  checkMmcSpan('--customers', opts.customers, BENCH.lambda, BENCH.mu);
  for (const rho of opts.accuracyRhos)
    checkMmcSpan('--accuracy-customers', opts.accuracyCustomers, rho * BENCH.servers, BENCH.mu);
  // The runs are synchronous: progress is noted between them.
  const bar = progressBar('bench', !opts.json && !opts.quiet);
  bar.note('warming up');
  // Warm the JIT on a short run first so the timed run measures steady state.
  runNetwork(mmcNetwork(BENCH.lambda, BENCH.mu, BENCH.servers), {
    seed: opts.seed + 1,
    until: 200_000 / BENCH.lambda,
  });
  const until = opts.customers / BENCH.lambda;
  bar.note(`timing ${fmt(opts.customers, 0)} customers on M/M/${BENCH.servers}`);
  const started = process.hrtime.bigint();
  const run = runNetwork(mmcNetwork(BENCH.lambda, BENCH.mu, BENCH.servers), {
    seed: opts.seed,
    until,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const customers = run.stations.server.served;
  // Peak memory of the timed run (read before the accuracy runs add to it).
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // Accuracy: Wq against Erlang C in R independent runs of N customers at each load.
  // A single 1M-customer run at rho 0.9 has a relative standard deviation of about
  // 2.5%, so the honest figures are the mean error with its confidence interval and
  // how many single runs fall within 2%.
  const accuracy = opts.accuracyRhos.map((rho) => {
    const errors = Array.from({ length: opts.accuracyReplications }, (_, r) => {
      bar.note(`accuracy at rho ${rho}: run ${r + 1} of ${opts.accuracyReplications}`);
      const c = compareMmc(
        rho * BENCH.servers,
        BENCH.mu,
        BENCH.servers,
        opts.accuracyCustomers,
        opts.seed + 1000 + r,
      );
      return (c.simulated.Wq - c.analytic.Wq) / c.analytic.Wq;
    });
    // One run gives no interval (null), not a 0-wide one.
    const ci = estimateOf(errors);
    return {
      rho,
      meanError: ci.mean,
      ci95: ci.ci95,
      maxAbsError: Math.max(...errors.map(Math.abs)),
      runsWithinTwoPercent: errors.filter((e) => Math.abs(e) <= 0.02).length,
      runs: errors.length,
      errors,
    };
  });
  bar.end();
  const atBench = accuracy.find((a) => a.rho === 0.9) ?? accuracy[accuracy.length - 1];
  const result = {
    model: 'M/M/10, rho 0.9',
    customers,
    events: run.events,
    seconds,
    customersPerSecond: customers / seconds,
    eventsPerSecond: run.events / seconds,
    peakRssMb,
    wqRelativeError: atBench?.meanError,
    wqRelativeErrorCi95: atBench?.ci95,
    accuracyCustomersPerRun: opts.accuracyCustomers,
    accuracy,
  };
  if (opts.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  process.stdout.write(
    `${result.model}: ${fmt(customers, 0)} customers, ${fmt(run.events, 0)} events in ${seconds.toFixed(2)} s\n` +
      `  customers/s  ${fmt(Math.round(result.customersPerSecond), 0)}\n` +
      `  events/s     ${fmt(Math.round(result.eventsPerSecond), 0)}\n` +
      `  peak RSS     ${peakRssMb.toFixed(0)} MB\n\n` +
      `Wq against Erlang C on M/M/${BENCH.servers}, ${opts.accuracyReplications} runs of ${fmt(opts.accuracyCustomers, 0)} customers at each load:\n` +
      table(
        ['rho', 'mean error', '95% CI', 'largest single-run error', 'runs within 2%'],
        accuracy.map((a) => [
          String(a.rho),
          pct(a.meanError),
          a.ci95 ? `${pct(a.ci95[0])} .. ${pct(a.ci95[1])}` : NO_INTERVAL,
          pct(a.maxAbsError),
          `${a.runsWithinTwoPercent}/${a.runs}`,
        ]),
      ) +
      '\n',
  );
}
