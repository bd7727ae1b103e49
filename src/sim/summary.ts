import { isLost, OUTCOME_BALKED, OUTCOME_RENEGED, OUTCOME_TURNED_AWAY } from './compile';
import {
  QuantileSketch,
  Tally,
  type Percentiles,
  type SketchCounts,
  type TallySummary,
} from './stats';

/** What one run of a network reports: per station, per class, totals, an optional time series. */
export interface WaitSummary extends TallySummary, Percentiles {}

export interface StationSummary {
  arrivals: number;
  served: number;
  /** Jobs done in those services (equal to served unless steps bring several jobs). */
  jobs: number;
  /**
   * Customers who balked: found the queue at its limit, or chose to leave (balkedByChoice), and
   * left unserved. At a station with a retrial rule, one turned away who comes back is not
   * balked (unless it is turned away again and then gives up): balked are the customers lost,
   * balkedAttempts the arrivals turned away.
   */
  balked: number;
  /**
   * Of the balked, those who left by the station's balking rule (a probability by the queue they
   * found) rather than at its queueLimit. Only at a station with a balking rule.
   */
  balkedByChoice?: number;
  /**
   * Only at a station with a retrial rule (StationModel.retrial), as the next three: arrivals
   * turned away here (at the queueLimit or by choice), those who came back later included
   * (balked + those sent back, over the same time).
   */
  balkedAttempts?: number;
  /** Returns of customers turned away here before; each is an arrival too (in `arrivals`). */
  retrials?: number;
  /** Of the balked, those who had come back at least once before they gave up. */
  gaveUpAfterRetrial?: number;
  /** Customers turned away here and due back after the horizon (counted in totals.inSystem). */
  retryingAtEnd?: number;
  /**
   * Only at a station with an overflow (StationModel.overflow): arrivals turned away here at the
   * queue limit and sent on to the overflow station, which serves them (counted there as
   * arrivals). Not balked: they are not lost.
   */
  overflowed?: number;
  /**
   * false where the station's servers are not people (StationModel.staff: a delay, a resource such
   * as seats, a chatbot): its busyTime is not officer time. Absent at a staffed station.
   */
  staff?: false;
  reneged: number;
  turnedAway: number;
  /** Waits of the customers who started service here (not of those lost: see lostWait). */
  wait: WaitSummary;
  /**
   * Time in the queue of the customers lost here: until they reneged or were sent home at
   * closing, 0 for those who balked or were turned away at the door. With `wait` it accounts
   * for everyone who left the queue, so Little's law closes on meanQueue where customers give up.
   */
  lostWait: TallySummary;
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
  /** Time from arrival to leaving, of the customers who finished (not the lost: see lostTime). */
  systemTime: WaitSummary;
  waitTime: TallySummary;
  /**
   * Time from arrival to leaving unserved of the customers lost (balked, reneged, turned away).
   * With systemTime it accounts for everyone who left, so Little's law closes on the whole system.
   */
  lostTime: TallySummary;
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

/**
 * Customers lost, by why they left unserved (the built-in outcomes balked, reneged and
 * turned-away): the queue was at its limit when they came or they chose not to join it (a
 * station's balking rule), they gave up waiting (patience), or
 * the station was closed or closing (closePolicy: turn-away).
 */
export interface LostByCause {
  balked: number;
  reneged: number;
  turnedAway: number;
}

export interface RunSummary {
  model: string;
  seed: number;
  until: number;
  warmup: number;
  observed: number;
  events: number;
  wallSeconds: number;
  totals: {
    arrivals: number;
    completed: number;
    /** Customers who left unserved: the sum of lostBy. */
    lost: number;
    lostBy: LostByCause;
    inSystemAtEnd: number;
  };
  stations: Record<string, StationSummary>;
  classes: Record<string, ClassSummary>;
  timeseries?: TimeSeries;
  /**
   * Only when the run was asked for them (RunOptions.sketches): the quantile sketches the
   * percentiles were read from, by what they measure (`stations.<id>.wait`,
   * `classes.<id>.systemTime`), so that the runner can read each percentile of all replications'
   * observations together (sectioning: src/experiment/estimate.ts). Never in a report.
   */
  sketches?: Record<string, SketchCounts>;
}

/** The collectors of a customer class; both engines keep them. */
export class ClassStats {
  arrivals = 0;
  jobs = 0;
  /** Customers who left, by outcome (compile.ts outcomes). */
  readonly outcomes: Float64Array;
  readonly systemTime = new Tally();
  readonly systemSketch = new QuantileSketch();
  readonly waitTime = new Tally();
  readonly lostTime = new Tally();

  constructor(
    readonly id: string,
    outcomeCount: number,
  ) {
    this.outcomes = new Float64Array(outcomeCount);
  }

  /** A customer left with `outcome`: its time in the system counts as a finished or lost one's. */
  left(outcome: number, systemTime: number, waited: number): void {
    this.outcomes[outcome]++;
    if (isLost(outcome)) {
      this.lostTime.add(systemTime);
      return;
    }
    this.systemTime.add(systemTime);
    this.systemSketch.add(systemTime);
    this.waitTime.add(waited);
  }

  reset(): void {
    this.arrivals = 0;
    this.jobs = 0;
    this.outcomes.fill(0);
    this.systemTime.reset();
    this.systemSketch.reset();
    this.waitTime.reset();
    this.lostTime.reset();
  }

  summary(outcomeNames: string[]): ClassSummary {
    const o = this.outcomes;
    const lost = o[OUTCOME_BALKED] + o[OUTCOME_RENEGED] + o[OUTCOME_TURNED_AWAY];
    return {
      arrivals: this.arrivals,
      completed: o.reduce((s, x) => s + x, 0) - lost,
      jobs: this.jobs,
      outcomes: Object.fromEntries(outcomeNames.map((name, i) => [name, o[i]])),
      lost,
      systemTime: { ...this.systemTime.toJSON(), ...this.systemSketch.percentiles() },
      waitTime: this.waitTime.toJSON(),
      lostTime: this.lostTime.toJSON(),
    };
  }
}

/** Class summaries of a run and the totals over its classes. */
export function summariseClasses(
  classes: ClassStats[],
  outcomeNames: string[],
  arrivals: number,
  inSystemAtEnd: number,
): Pick<RunSummary, 'totals' | 'classes'> {
  const byClass: Record<string, ClassSummary> = {};
  let completed = 0;
  let lost = 0;
  const lostBy: LostByCause = { balked: 0, reneged: 0, turnedAway: 0 };
  for (const c of classes) {
    const s = (byClass[c.id] = c.summary(outcomeNames));
    completed += s.completed;
    lost += s.lost;
    lostBy.balked += c.outcomes[OUTCOME_BALKED];
    lostBy.reneged += c.outcomes[OUTCOME_RENEGED];
    lostBy.turnedAway += c.outcomes[OUTCOME_TURNED_AWAY];
  }
  return { totals: { arrivals, completed, lost, lostBy, inSystemAtEnd }, classes: byClass };
}
