import type { Percentiles, QuantileSketch, Tally, TallySummary, TimeWeighted } from './stats';

/** What one run of a network reports: per station, per class, totals, an optional time series. */
export interface WaitSummary extends TallySummary, Percentiles {}

export interface StationSummary {
  arrivals: number;
  served: number;
  /** Jobs done in those services (equal to served unless steps bring several jobs). */
  jobs: number;
  balked: number;
  reneged: number;
  turnedAway: number;
  wait: WaitSummary;
  /** Share of customers served here who waited at all. */
  waitedShare: number;
  /** Time from arrival at the station to the end of service. */
  sojourn: TallySummary;
  /** Time-averaged number waiting, in service, and both. */
  meanQueue: number;
  maxQueue: number;
  meanBusy: number;
  meanInStation: number;
  meanCapacity: number;
  /** Busy server time over available server time. */
  utilisation: number;
  /** Server time spent serving, in total and by class. */
  busyTime: number;
  busyTimeByClass: Record<string, number>;
  /** Services completed here, by class. */
  servedByClass: Record<string, number>;
  capacityTime: number;
  waitingAtEnd: number;
  inServiceAtEnd: number;
  /** Histogram of waits: bin lower edges and counts. */
  waitHistogram: { edges: number[]; counts: number[] };
}

export interface ClassSummary {
  arrivals: number;
  completed: number;
  /** Jobs served for this class, over all steps. */
  jobs: number;
  outcomes: Record<string, number>;
  lost: number;
  systemTime: WaitSummary;
  waitTime: TallySummary;
}

export interface TimeSeries {
  interval: number;
  t: number[];
  arrivals: number[];
  completions: number[];
  /**
   * Per station and interval: time-averaged number waiting, busy servers and servers
   * on duty over the interval (not the value at its end: a station on shifts would
   * show an empty queue at every midnight).
   */
  stations: Record<string, { queue: number[]; busy: number[]; capacity: number[] }>;
}

export interface RunSummary {
  model: string;
  seed: number;
  until: number;
  warmup: number;
  observed: number;
  events: number;
  wallSeconds: number;
  totals: { arrivals: number; completed: number; lost: number; inSystemAtEnd: number };
  stations: Record<string, StationSummary>;
  classes: Record<string, ClassSummary>;
  timeseries?: TimeSeries;
}

/** The collectors a station keeps; both engines' stations have them. */
export interface StationStats {
  arrivals: number;
  served: number;
  jobs: number;
  balked: number;
  reneged: number;
  turnedAway: number;
  waiting: number;
  busy: number;
  wait: Tally;
  waitSketch: QuantileSketch;
  sojourn: Tally;
  queueTw: TimeWeighted;
  busyTw: TimeWeighted;
  capacityTw: TimeWeighted;
  /** Per class, in the order of classIds. */
  busyByClass: Float64Array;
  servedByClass: Float64Array;
}

/** A station's summary at time `now` (used by the kernel and the live replay alike). */
export function summariseStation(
  st: StationStats,
  now: number,
  classIds: string[],
): StationSummary {
  const capacityTime = st.capacityTw.areaAt(now);
  const busyTime = st.busyTw.areaAt(now);
  const p99 = st.waitSketch.quantile(0.99);
  const edges = histogramEdges(p99 > 0 ? p99 * 1.25 : 1, 30);
  return {
    arrivals: st.arrivals,
    served: st.served,
    jobs: st.jobs,
    balked: st.balked,
    reneged: st.reneged,
    turnedAway: st.turnedAway,
    wait: { ...st.wait.toJSON(), ...st.waitSketch.percentiles() },
    waitedShare: st.waitSketch.count ? 1 - st.waitSketch.zeros / st.waitSketch.count : 0,
    sojourn: st.sojourn.toJSON(),
    meanQueue: st.queueTw.mean(now),
    maxQueue: st.queueTw.max,
    meanBusy: st.busyTw.mean(now),
    meanInStation: st.queueTw.mean(now) + st.busyTw.mean(now),
    meanCapacity: st.capacityTw.mean(now),
    utilisation: capacityTime > 0 ? busyTime / capacityTime : 0,
    busyTime,
    busyTimeByClass: Object.fromEntries(classIds.map((id, i) => [id, st.busyByClass[i]])),
    servedByClass: Object.fromEntries(classIds.map((id, i) => [id, st.servedByClass[i]])),
    capacityTime,
    waitingAtEnd: st.waiting,
    inServiceAtEnd: st.busy,
    waitHistogram: { edges, counts: st.waitSketch.histogram(edges) },
  };
}

function histogramEdges(max: number, bins: number): number[] {
  const raw = max / bins;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const width = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((w) => w >= raw) ?? raw;
  return Array.from({ length: bins }, (_, i) => i * width);
}
