import { MAX_HORIZON_MINUTES } from '../../sim/calendar';
import { mmc, mmcRunWindow, type MmcAnalytic } from '../../sim/erlang';
import { runNetwork } from '../../sim/network';
import { fmt, pct, table } from '../../report/format';
import { UsageError } from '../errors';
import { mmcNetwork } from '../../sim/mmc-network';

export interface MmcComparison {
  analytic: Pick<MmcAnalytic, 'rho' | 'Pwait' | 'Wq' | 'Lq'>;
  simulated: { rho: number; Pwait: number; Wq: number; Lq: number; customers: number };
}

/**
 * Throws a usage error naming `option` when `customers` at `rate` (servers at `mu`) would take
 * longer than the kernel's longest run (MAX_HORIZON_MINUTES time units, warm-up included).
 */
export function checkMmcSpan(option: string, customers: number, rate: number, mu: number): void {
  const span = mmcRunWindow(rate, mu, customers).until;
  if (!(span <= MAX_HORIZON_MINUTES))
    throw new UsageError(
      `${option}: ${customers} customers at an arrival rate of ${rate} take ${span.toPrecision(3)} time units, longer than the kernel's longest run (${MAX_HORIZON_MINUTES} time units): use fewer customers or a higher rate`,
    );
}

/** Simulates about `customers` customers (after warm-up) and sets them beside Erlang C. */
export function compareMmc(
  lambda: number,
  mu: number,
  servers: number,
  customers: number,
  seed: number,
): MmcComparison {
  const analytic = mmc(lambda, mu, servers);
  const run = runNetwork(mmcNetwork(lambda, mu, servers), {
    seed,
    ...mmcRunWindow(lambda, mu, customers),
  });
  const st = run.stations.server;
  return {
    analytic: { rho: analytic.rho, Pwait: analytic.Pwait, Wq: analytic.Wq, Lq: analytic.Lq },
    simulated: {
      rho: st.utilisation,
      Pwait: st.waitedShare,
      Wq: st.wait.mean,
      Lq: st.meanQueue,
      customers: st.served,
    },
  };
}

/** What `consular-sim mmc` does; its options and help text are in mmc.command.ts. */
export function mmcAction(opts: {
  lambda: number;
  mu: number;
  servers: number;
  customers: number;
  seed: number;
  json?: boolean;
}) {
  if (opts.lambda >= opts.servers * opts.mu) {
    throw new UsageError(
      `--lambda: must be less than servers × mu = ${opts.servers * opts.mu} for a stable queue (rho < 1)`,
    );
  }
  checkMmcSpan('--customers', opts.customers, opts.lambda, opts.mu);
  const r = compareMmc(opts.lambda, opts.mu, opts.servers, opts.customers, opts.seed);
  if (opts.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const rel = (s: number, a: number) => (a === 0 ? '–' : pct((s - a) / a, 2));
  process.stdout.write(
    `M/M/${opts.servers}: lambda ${opts.lambda}, mu ${opts.mu}; ${fmt(r.simulated.customers, 0)} customers simulated (seed ${opts.seed})\n\n` +
      table(
        ['measure', 'unit', 'Erlang C', 'simulated', 'difference'],
        [
          [
            'rho (utilisation)',
            'share of servers busy',
            fmt(r.analytic.rho, 4),
            fmt(r.simulated.rho, 4),
            rel(r.simulated.rho, r.analytic.rho),
          ],
          [
            'P(wait)',
            'probability',
            fmt(r.analytic.Pwait, 4),
            fmt(r.simulated.Pwait, 4),
            rel(r.simulated.Pwait, r.analytic.Pwait),
          ],
          [
            'Wq (mean wait)',
            'time unit of the rates',
            fmt(r.analytic.Wq, 4),
            fmt(r.simulated.Wq, 4),
            rel(r.simulated.Wq, r.analytic.Wq),
          ],
          [
            'Lq (mean queue)',
            'customers',
            fmt(r.analytic.Lq, 4),
            fmt(r.simulated.Lq, 4),
            rel(r.simulated.Lq, r.analytic.Lq),
          ],
        ],
      ) +
      '\n',
  );
}
