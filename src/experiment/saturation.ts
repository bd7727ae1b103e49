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
}

/** At or above 1 the servers cannot keep up over the observed period. */
const SATURATED_LOAD = 1;

/**
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
export function saturatedStations(result: {
  arms: string[];
  metrics: Record<string, { samples: number[] }>;
  firstReplication: Record<string, { stations: Record<string, { waitingAtEnd: number }> }>;
}): SaturatedStation[] {
  const out: SaturatedStation[] = [];
  for (const arm of result.arms) {
    const stations = result.firstReplication[arm]?.stations ?? {};
    for (const [station, first] of Object.entries(stations)) {
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
  const load = Number.isFinite(s.offeredLoad)
    ? `the work that came to it is ${Math.round(s.offeredLoad * 100)}% of its servers' time on duty`
    : 'customers came to it but no server was on duty';
  return (
    `${where}: demand at or above capacity (${load}; ${s.waitingAtEnd.toLocaleString('en-US')} still waiting at the end of replication 1). ` +
    'Its queue has no steady state: the mean wait and queue grow with the horizon and describe this run, not the station.'
  );
}
