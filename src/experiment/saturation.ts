import { armMetricKey } from '../scenario/service-model';
import { stationText, type StationLabels } from '../scenario/station-labels';

/**
 * Stations whose demand reached their capacity. Such a queue has no steady state: it grows
 * with the horizon, and its mean wait and mean queue describe the length of the run, not the
 * station. A run says so instead of printing those means as if they were settled figures.
 */
export interface SaturatedStation {
  arm: string;
  station: string;
  /**
   * Work that came to the station for service over the servers' on-duty time, the mean over
   * replications (Infinity when customers came but no server was ever on duty).
   */
  offeredLoad: number;
  /** Customers still waiting at the station at the end of replication 1. */
  waitingAtEnd: number;
  /**
   * True where `offeredLoad` is the model's own, λ × E[S] ÷ c from its parameters
   * (src/sim/offered-load.ts), not an estimate from the run: the station is unstable in theory.
   */
  inTheory?: boolean;
}

/** At or above 1 the servers cannot keep up over the observed period. */
const SATURATED_LOAD = 1;

/**
 * How far under 1 an offered load in theory may come out and still be 1: the arithmetic's
 * rounding, not the model (31 an hour is a rate of 31/60 a minute, and 31/60 × 60 ÷ 31 is
 * 1.0000000000000002 in binary; another rate could land as far under 1).
 */
const THEORY_ROUNDING = 1e-9;

/**
 * The saturated stations of a result. Where the model's parameters give a station's offered
 * load exactly (`exact`, by arm and station: exactOfferedLoadsOfArms in src/sim/offered-load.ts),
 * a load of 1 or more flags it as unstable in theory, whatever the run shows: at a load of
 * exactly 1 the estimate below often stays a little under 1 over a finite run (0.997 and 0.999
 * on seeds 1 and 3 of teaching-mmc with 9 servers, a year each), while the queue grows without
 * bound. Elsewhere, and where that
 * load is below 1, the estimate from the run's samples decides.
 *
 * The offered load of each station, replication by replication, from figures every run keeps:
 * utilisation × (arrivals − lost) / served. The servers' busy time over served customers
 * estimates the mean service time, so this is the service that the customers who stayed asked
 * for over the on-duty server time. In a stable queue it is the utilisation (as many are served
 * as come); in an overloaded one the backlog adds to it (M/M/c at lambda / (c mu) = 1.2
 * gives 1.2 where the utilisation stops at 1). At a station with a retrial rule an arrival
 * turned away who comes back later did not stay either (balkedAttempts − balked of them): its
 * work is asked for once, when it stays. At a station with an overflow those sent on to
 * another station (overflowed) did not stay either: their work is asked for there.
 */
export function saturatedStations(
  result: {
    arms: string[];
    metrics: Record<string, { samples: number[] }>;
    firstReplication: Record<string, { stations: Record<string, { waitingAtEnd: number }> }>;
  },
  exact: Record<string, Record<string, number>> = {},
): SaturatedStation[] {
  const out: SaturatedStation[] = [];
  for (const arm of result.arms) {
    const stations = result.firstReplication[arm]?.stations ?? {};
    for (const [station, first] of Object.entries(stations)) {
      const theory = exact[arm] && Object.hasOwn(exact[arm], station) ? exact[arm][station] : NaN;
      if (theory >= SATURATED_LOAD - THEORY_ROUNDING) {
        out.push({
          arm,
          station,
          offeredLoad: theory,
          waitingAtEnd: first.waitingAtEnd,
          inTheory: true,
        });
        continue;
      }
      const samples = (name: string) =>
        result.metrics[armMetricKey(arm, `stations.${station}.${name}`)]?.samples;
      const utilisation = samples('utilisation');
      const arrivals = samples('arrivals');
      const lost = samples('lost');
      const served = samples('served');
      if (!utilisation || !arrivals || !lost || !served) continue;
      const attempts = samples('balkedAttempts');
      const balked = samples('balked');
      const overflowed = samples('overflowed');
      let sum = 0;
      let n = 0;
      for (let r = 0; r < utilisation.length; r++) {
        const sentBack = attempts && balked ? attempts[r] - balked[r] : 0;
        const stayed = arrivals[r] - lost[r] - sentBack - (overflowed ? overflowed[r] : 0);
        if (served[r] > 0) sum += (utilisation[r] * stayed) / served[r];
        // Nobody served and nobody in service: they came to a station that never served.
        else if (stayed > 0 && utilisation[r] === 0) sum += Infinity;
        // Services longer than the run: no estimate of the service time.
        else continue;
        n++;
      }
      const offeredLoad = n ? sum / n : 0;
      if (offeredLoad >= SATURATED_LOAD)
        out.push({ arm, station, offeredLoad, waitingAtEnd: first.waitingAtEnd });
    }
  }
  return out;
}

/**
 * A sentence for people about a saturated station, named as the station tables name it: its
 * label with the id in brackets where it has one (`labels`, src/scenario/station-labels.ts).
 */
export function saturationText(
  s: SaturatedStation,
  arms: number,
  labels: StationLabels = {},
): string {
  const where = `${arms > 1 ? `arm ${s.arm}, ` : ''}station ${stationText(labels, s.station)}`;
  const load = s.inTheory
    ? `offered load ρ = λ × E[S] ÷ c = ${rhoText(s.offeredLoad)} ≥ 1 from the model's parameters: unstable in theory, the queue grows without bound`
    : Number.isFinite(s.offeredLoad)
      ? `the work that came to it is ${Math.round(s.offeredLoad * 100)}% of its servers' time on duty`
      : 'customers came to it but no server was on duty';
  return (
    `${where}: demand at or above capacity (${load}; ${s.waitingAtEnd.toLocaleString('en-US')} still waiting at the end of replication 1). ` +
    'Its queue has no steady state: the mean wait and queue grow with the horizon and describe this run, not the station.'
  );
}

/**
 * An offered load in theory that is flagged (1 or more, within THEORY_ROUNDING) for people, to
 * 2 decimals, cut, not rounded, so that it never reads more than it is: 1.004 reads 1.00, 1.999
 * reads 1.99, and 1 less a rounding error reads 1.00.
 */
export function rhoText(rho: number): string {
  // 1e-6: 1.15 × 100 is 114.99999999999999 in binary, which would cut to 1.14.
  return (Math.floor(Math.max(rho, 1) * 100 + 1e-6) / 100).toFixed(2);
}
