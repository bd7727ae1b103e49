/**
 * Queueing theory for the M/M/c queue (Erlang C), the yardstick the kernel is
 * tested against. Times are in the unit of 1/lambda.
 */
export interface MmcAnalytic {
  /** Server utilisation lambda / (c mu). */
  rho: number;
  /** Probability an arrival waits (Erlang C). */
  Pwait: number;
  /** Mean wait in queue. */
  Wq: number;
  /** Mean number waiting. */
  Lq: number;
  /** Mean time in system. */
  W: number;
  L: number;
}

/** Erlang C probability of waiting, computed stably through the Erlang B recursion. */
export function erlangC(servers: number, offeredLoad: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  const rho = offeredLoad / servers;
  return b / (1 - rho + rho * b);
}

export function mmc(lambda: number, mu: number, servers: number): MmcAnalytic {
  if (!(lambda > 0 && mu > 0 && Number.isInteger(servers) && servers >= 1)) {
    throw new RangeError('lambda and mu must be > 0 and servers a whole number >= 1');
  }
  const a = lambda / mu;
  const rho = a / servers;
  if (rho >= 1)
    throw new RangeError(
      `unstable queue: rho = ${rho.toFixed(3)} >= 1 (need lambda < servers * mu)`,
    );
  const Pwait = erlangC(servers, a);
  const Wq = Pwait / (servers * mu - lambda);
  const Lq = lambda * Wq;
  return { rho, Pwait, Wq, Lq, W: Wq + 1 / mu, L: Lq + a };
}
