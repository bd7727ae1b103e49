import type { ArrivalSpec } from './arrivals';
import type { CalendarSpec, ShiftSpec } from './calendar';
import type { DistributionSpec } from './distributions';
import { UserError } from '../common/user-error';
import { isBoundStation } from './routing';

/**
 * A queueing network as plain data: stations (pools of servers), customer classes
 * that follow a route of steps through the stations, and sources of arrivals.
 * Service models build one of these; the kernel runs it here, and the BullMQ
 * workers run the same steps live.
 */
export interface NetworkModel {
  name: string;
  calendar?: CalendarSpec;
  stations: StationModel[];
  classes: ClassModel[];
  sources: SourceModel[];
}

export interface StationModel {
  id: string;
  /** A fixed number of servers, or... */
  servers?: number;
  /** ...weekly shifts (overlapping shifts add up; holidays and closures close the station). */
  schedule?: ShiftSpec[];
  /** `fifo` (default) or `priority`: lower class priority numbers are served first, non-preemptively. */
  discipline?: 'fifo' | 'priority';
  /** Arrivals that find this many waiting balk (leave at once). */
  queueLimit?: number;
  /**
   * Balking by choice: an arrival who finds every server busy and n waiting leaves at once
   * with probability `probabilities[n]` (the last value beyond the list), one keyed uniform per
   * customer and step (decisions.ts). Counted as balked, and apart as balkedByChoice. A
   * queueLimit still sends everyone away at the limit, without a draw.
   */
  balking?: BalkingModel;
  /**
   * Retrials: a customer who balks here (at the queueLimit or by choice) comes back to the same
   * station after an exponential delay with `probability`, as a fresh arrival that may balk
   * again, at most `maxRetries` times; otherwise it leaves balked. See RetrialModel.
   */
  retrial?: RetrialModel;
  /**
   * Overflow: the id of another station to which a customer turned away here at the queueLimit
   * (the station full) is sent on, at the same instant, instead of being lost, as a call centre
   * or a consulate sends callers it cannot hold to a back-office desk or another mission. The
   * overflow station serves the customer's current step in place of this one (the step's service
   * time and patience), and the customer then goes on with its route. Counted here as
   * overflowed, not balked; at the overflow station as an arrival. If that station is full too,
   * its own overflow sends the customer further on (an overflow chain may not come back to a
   * station already in it), else its own rules apply (balking, retrials there). Those who balk
   * by choice (balking) and those turned away while the station is closed (closePolicy:
   * turn-away) are not sent on. Not with a retrial rule at the same station.
   */
  overflow?: string;
  /**
   * When capacity drops to zero (closing time): `carry-over` keeps the queue for the
   * next opening; `turn-away` sends the waiting customers home, and turns away anyone
   * who comes while it is closed (counted as lost).
   * Either way servers finish the customer in hand: work in progress is never cut.
   */
  closePolicy?: 'carry-over' | 'turn-away';
  /** Whether holidays close a scheduled station (default true). */
  honoursHolidays?: boolean;
  /**
   * Whether the station's servers are staff, people on duty whose busy time is officer time
   * (default true, as a counter's servers are its officers). false for a station whose servers
   * are not people: a delay (a courier's days in transit, a mission's days correcting a request,
   * modelled as unlimited servers), a resource (seats on a flight) or automation (a chatbot).
   * Its busy time is then not counted in the officer hours (totals.officerHours), the report's
   * "Officer hours" or a model's per-application officer time. The kernel runs it as any other.
   */
  staff?: boolean;
}

/** State-dependent balking: see StationModel.balking. */
export interface BalkingModel {
  probabilities: number[];
}

/**
 * Retrials (StationModel.retrial), the classical policy: each customer turned away decides
 * afresh, with one keyed uniform per customer, step and attempt (decisions.ts), whether it comes
 * back, and if so after an exponential delay of its own (a constant retry rate per customer
 * waiting to come back, the "orbit").
 */
export interface RetrialModel {
  /** Chance that a customer turned away comes back (each time it is turned away). */
  probability: number;
  /** Mean of the exponential time before it comes back, minutes (above 0). */
  meanDelayMinutes: number;
  /** Most returns to the station per visit of a step (default: no limit). */
  maxRetries?: number;
}

export interface StepModel {
  id: string;
  /** A station id, or `@name` for the station each source binds `name` to. */
  station: string;
  service: DistributionSpec;
  /**
   * Jobs the customer brings to this step (default 1), served back to back by one
   * server: the service time is the sum of one draw of `service` per job.
   */
  jobs?: DistributionSpec;
  /** Probability that a customer visits this step at all (default 1). */
  probability?: number;
  /** After this step, the customer leaves with this outcome with this probability. */
  exit?: { probability: number; outcome: string };
  /**
   * How long a customer waits in this step's queue before reneging, in place of the class's
   * patience here (a citizen who waits an hour at the counter may wait days for a seat).
   */
  patience?: DistributionSpec;
}

export interface ClassModel {
  id: string;
  /** 0 is the most urgent; used by `priority` stations. */
  priority?: number;
  /**
   * How long a customer waits in a queue before reneging (leaving unserved), at every step
   * that does not give its own `patience`.
   */
  patience?: DistributionSpec;
  route: StepModel[];
}

export interface SourceModel {
  id: string;
  /** The class of every arrival, or class ids with weights. */
  class: string | Record<string, number>;
  arrivals: ArrivalSpec;
  /** Stop after this many arrivals. */
  limit?: number;
  /** Stations for `@name` steps of this source's customers: name → station id. */
  bind?: Record<string, string>;
}

/** An invalid network: `path` locates the problem inside the model. */
export class ModelError extends UserError {
  constructor(path: string, rule: string) {
    super(undefined, path, rule);
  }
}

/**
 * The classes that give a `priority` no station of theirs reads: only a station with
 * `discipline: priority` serves its queue by class priority, and none that a customer of the
 * class can visit has it. The stations are the route's, with an `@name` step resolved to the
 * station each source that sends the class binds `name` to. Ids in the model's order.
 */
export function classesWithIdlePriority(model: NetworkModel): string[] {
  const priorityStations = new Set(
    model.stations.filter((s) => s.discipline === 'priority').map((s) => s.id),
  );
  const sends = (source: SourceModel, cls: string) =>
    typeof source.class === 'string' ? source.class === cls : Object.hasOwn(source.class, cls);
  return model.classes
    .filter((c) => c.priority !== undefined)
    .filter((c) => {
      const bindings = model.sources.filter((src) => sends(src, c.id)).map((src) => src.bind);
      const visited = c.route.flatMap((step) =>
        isBoundStation(step.station)
          ? bindings.map((bind) => bind?.[step.station.slice(1)] ?? '')
          : [step.station],
      );
      return !visited.some((id) => priorityStations.has(id));
    })
    .map((c) => c.id);
}
