import {
  arrivalsFactory,
  arrivalsUpperBound,
  expectedArrivals,
  type ArrivalProcess,
  type ArrivalSpec,
} from './arrivals';
import {
  Calendar,
  capacityTimeline,
  daysWithServers,
  MAX_HORIZON_MINUTES,
  MAX_HORIZON_RULE,
  MINUTES_PER_DAY,
} from './calendar';
import {
  createSampler,
  MAX_PARAMETER,
  WeightedChoice,
  type DistributionSpec,
  type Sampler,
} from './distributions';
import { ModelError, type NetworkModel, type SourceModel, type StationModel } from './model';
import { isBoundStation, patienceSalt, stepSalt } from './routing';

/**
 * A network model compiled once for a horizon: every station, class, step and source
 * checked, indexed and resolved (samplers built, `@name` stations bound per source,
 * capacity timelines laid out). The kernel and the live replay both run from it, and both
 * make their per-customer draws through decisions.ts over it.
 */

/** Outcomes every model has, in this order; a step's `exit` may add more after them. */
export const OUTCOME_COMPLETED = 0;
export const OUTCOME_BALKED = 1;
export const OUTCOME_RENEGED = 2;
export const OUTCOME_TURNED_AWAY = 3;
const BUILT_IN_OUTCOMES = ['completed', 'balked', 'reneged', 'turned-away'];

/** Whether an outcome is a customer lost unserved (balked, reneged or turned away). */
export function isLost(outcome: number): boolean {
  return outcome >= OUTCOME_BALKED && outcome <= OUTCOME_TURNED_AWAY;
}

/** Change points of a station's capacity: from times[i] on, values[i] servers. */
export interface CapacityTimeline {
  times: number[];
  values: number[];
}

export interface CompiledStation {
  id: string;
  index: number;
  /** Priority levels of its queue (1 for FIFO). */
  levels: number;
  /** Queue level of each class (all 0 for FIFO). */
  levelOfClass: Int32Array;
  queueLimit: number;
  /**
   * Balking by choice (StationModel.balking): balking[n] is the probability that an arrival who
   * finds every server busy and n waiting leaves at once, the last entry for n beyond; null
   * when nobody balks by choice here.
   */
  balking: Float64Array | null;
  /** Retrials of the customers who balk here (StationModel.retrial), or null: they leave. */
  retrial: CompiledRetrial | null;
  /**
   * Index of the station to which customers turned away here at the queue limit are sent on
   * (StationModel.overflow), or -1: they balk.
   */
  overflow: number;
  turnAway: boolean;
  /** StationModel.staff: false where the servers are not people (its summary says so). */
  staff?: boolean;
  timeline: CapacityTimeline;
}

/** Longest list of balking probabilities: the last holds beyond, so a longer list adds nothing a queue of that length would show. */
export const MAX_BALKING_PROBABILITIES = 1000;
export const BALKING_PROBABILITIES_RULE = `must be a list of 1 to ${MAX_BALKING_PROBABILITIES.toLocaleString('en-US')} probabilities: the chance that an arrival who finds every server busy balks when 0, 1, 2, ... are waiting (the last holds beyond), e.g. [0, 0.1, 0.3]`;
export const BALKING_PROBABILITY_RULE = 'must be a number between 0 and 1';
export const BALKING_RULE =
  'must be a mapping such as {probabilities: [0, 0.1, 0.3]}: the chance of balking by the number waiting';

/**
 * A station's balking probabilities, checked (a model built in code meets the same rules as a
 * scenario file); null when it has none.
 */
function balkingOf(spec: StationModel, path: string): Float64Array | null {
  if (spec.balking === undefined) return null;
  if (typeof spec.balking !== 'object' || spec.balking === null || Array.isArray(spec.balking))
    throw new ModelError(`${path}.balking`, BALKING_RULE);
  const ps = spec.balking.probabilities;
  if (!Array.isArray(ps) || ps.length < 1 || ps.length > MAX_BALKING_PROBABILITIES)
    throw new ModelError(`${path}.balking.probabilities`, BALKING_PROBABILITIES_RULE);
  ps.forEach((p, i) => {
    if (!(typeof p === 'number' && p >= 0 && p <= 1))
      throw new ModelError(`${path}.balking.probabilities[${i}]`, BALKING_PROBABILITY_RULE);
  });
  return Float64Array.from(ps);
}

/** A station's retrial rule, checked: see RetrialModel. */
export interface CompiledRetrial {
  probability: number;
  meanDelay: number;
  /** Infinity without a limit. */
  maxRetries: number;
}

export const RETRIAL_RULE =
  'must be a mapping such as {probability: 0.7, meanDelayMinutes: 30}: the chance that a customer who balks here comes back, and the mean of the exponential time before it does (maxRetries optional)';
export const RETRIAL_PROBABILITY_RULE =
  'must be a number between 0 and 1: the chance that a customer who balks here comes back';
/**
 * The shortest mean delay before a customer turned away comes back: a second. An assumption of
 * this program, not a figure from the paper: a person turned away at a hall, a desk or a booking
 * system does not come back faster than that on average (redialling a busy line takes seconds).
 * Each return is an event of the kernel, so the delay also bounds how fast returns come: a mean
 * of 1e-300 minutes added nothing to the clock (t + 1e-300 is t), and a customer with no limit
 * on retries came back at the same instant for ever while the hall stayed full, a run that
 * never ended; 1e-9 minutes took a billion events a minute.
 */
export const MIN_RETRIAL_DELAY_MINUTES = 1 / 60;
export const RETRIAL_DELAY_RULE =
  'must be a number of minutes from 1/60 (a second) to 1e15: the mean of the exponential time before a customer turned away comes back';
export const RETRIAL_MAX_RETRIES_RULE =
  'must be a whole number, 0 or more: the most times a customer comes back to this station for one visit (leave it out for no limit)';
/** Keys of a retrial rule (a model built in code meets the same rules as a scenario file). */
const RETRIAL_KEYS = new Set(['probability', 'meanDelayMinutes', 'maxRetries']);

/** A station's retrial rule, checked; null when it has none. */
function retrialOf(spec: StationModel, path: string): CompiledRetrial | null {
  const r = spec.retrial;
  if (r === undefined) return null;
  if (typeof r !== 'object' || r === null || Array.isArray(r))
    throw new ModelError(`${path}.retrial`, RETRIAL_RULE);
  for (const key of Object.keys(r))
    if (!RETRIAL_KEYS.has(key))
      throw new ModelError(`${path}.retrial.${key}`, 'is not a known key');
  const { probability, meanDelayMinutes, maxRetries } = r;
  if (!(typeof probability === 'number' && probability >= 0 && probability <= 1))
    throw new ModelError(`${path}.retrial.probability`, RETRIAL_PROBABILITY_RULE);
  if (!(
    typeof meanDelayMinutes === 'number' &&
    meanDelayMinutes >= MIN_RETRIAL_DELAY_MINUTES &&
    meanDelayMinutes <= MAX_PARAMETER
  ))
    throw new ModelError(`${path}.retrial.meanDelayMinutes`, RETRIAL_DELAY_RULE);
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0))
    throw new ModelError(`${path}.retrial.maxRetries`, RETRIAL_MAX_RETRIES_RULE);
  return { probability, meanDelay: meanDelayMinutes, maxRetries: maxRetries ?? Infinity };
}

export const OVERFLOW_STATION_RULE =
  'must name another station defined under stations: the one that serves, in place of this one, the customers this station turns away when its queue is full';
export const OVERFLOW_SELF_RULE =
  'must name another station: a station cannot take the customers it turns away because it is full';
export const OVERFLOW_CYCLE_RULE =
  'makes an overflow cycle: each station of it would send on a customer it cannot hold to the next, round the cycle for ever when all are full; end the chain at a station without overflow';
export const OVERFLOW_RETRIAL_RULE =
  'cannot be given together with retrial: a customer turned away here at the queue limit is sent on to the overflow station, not asked to come back; give one of them';

/**
 * Each station's overflow station index (-1: none), checked: it names another station, with no
 * retrial rule beside it, and no chain of overflows comes back to a station in it.
 */
function overflowsOf(m: NetworkModel, stationIndex: Map<string, number>): number[] {
  const to = m.stations.map((spec, index) => {
    const path = `stations[${index}].overflow`;
    if (spec.overflow === undefined) return -1;
    const target = typeof spec.overflow === 'string' ? stationIndex.get(spec.overflow) : undefined;
    if (target === undefined) throw new ModelError(path, OVERFLOW_STATION_RULE);
    if (target === index) throw new ModelError(path, OVERFLOW_SELF_RULE);
    if (spec.retrial !== undefined) throw new ModelError(path, OVERFLOW_RETRIAL_RULE);
    return target;
  });
  const cycle = overflowCycle(to);
  if (cycle >= 0) throw new ModelError(`stations[${cycle}].overflow`, OVERFLOW_CYCLE_RULE);
  return to;
}

/**
 * The first station (by index) on an overflow cycle, or -1: following each station's overflow
 * (`to[i]`, -1 for none) from every station ends at a station without one.
 */
export function overflowCycle(to: readonly number[]): number {
  for (let i = 0; i < to.length; i++) {
    // A chain longer than the stations has visited one of them twice.
    let at = i;
    for (let hops = 0; at >= 0 && hops <= to.length; hops++) at = to[at];
    if (at >= 0) {
      // `at` is on the cycle: its smallest index names it.
      let first = at;
      for (let v = to[at]; v !== at; v = to[v]) first = Math.min(first, v);
      return first;
    }
  }
  return -1;
}

export interface CompiledStep {
  id: string;
  /** Station index, or -1 when bound per source (`@name`). */
  station: number;
  /** The name after `@` of a bound step ('' otherwise). */
  bindName: string;
  service: Sampler;
  jobs: Sampler | null;
  probability: number;
  exitProbability: number;
  /** Index into CompiledNetwork.outcomes. */
  exitOutcome: number;
  salt: number;
  /** Patience in this step's queue: the step's own, else its class's; null: it never reneges here. */
  patience: Sampler | null;
}

export interface CompiledClass {
  id: string;
  index: number;
  priority: number;
  patience: Sampler | null;
  patienceSalt: number;
  steps: CompiledStep[];
}

export interface CompiledSource {
  id: string;
  index: number;
  spec: SourceModel;
  /** Class indices of its arrivals, with their weights when there are several. */
  classes: number[];
  classChoice: WeightedChoice | null;
  /** routes[classIndex][step]: the station of each step for this source's customers. */
  routes: Int32Array[];
  /** A day its arrivals skip: a holiday, or a day its first stations are all closed. */
  closedDay: (day: number) => boolean;
  /** A fresh arrival process for one run (what every run shares is worked out at the first). */
  arrivals: () => ArrivalProcess;
}

export interface CompiledNetwork {
  model: NetworkModel;
  until: number;
  calendar: Calendar;
  stations: CompiledStation[];
  classes: CompiledClass[];
  sources: CompiledSource[];
  outcomes: string[];
  stationIndex: Map<string, number>;
  classIndex: Map<string, number>;
  sourceIndex: Map<string, number>;
  /**
   * Every source's routes laid end to end in one array, for the kernel's hot path: the
   * stations of class `cls`'s steps for a customer of source `src` start at
   * routeStart[src * classes.length + cls] (-1 when the source sends no such class). One
   * load per step from one compact array, instead of four through per-source objects.
   */
  routeTable: Int32Array;
  routeStart: Int32Array;
  /**
   * Every source's class choice laid end to end (decisions.ts draws from it): source s's
   * entries are classStart[s] .. classStart[s + 1] - 1, each a class index (classOwn) with
   * its alias-method threshold (classProb) and alias entry (classAlias, an index within the
   * source's entries). A source with one entry sends that class without a draw.
   */
  classStart: Int32Array;
  classOwn: Int32Array;
  classProb: Float64Array;
  classAlias: Int32Array;
}

/** Models that can no longer change (see freezeModel), and what they compiled to per horizon. */
const frozenModels = new WeakMap<NetworkModel, Map<number, CompiledNetwork>>();

/**
 * Freezes a model, deeply, so that it compiles once per horizon however many runs use it (a
 * replication thread runs one scenario's model many times). A model that is not frozen is
 * compiled at every run: whoever built it may still change it. Returns the model.
 */
export function freezeModel<M extends NetworkModel>(model: M): M {
  if (!frozenModels.has(model)) {
    deepFreeze(model);
    frozenModels.set(model, new Map());
  }
  return model;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  // A typed array cannot be frozen (a model from a file has none; one built in code might).
  if (ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * A source's arrival numbers, checked where a model built in code meets the kernel (a scenario
 * file's are checked by the loader first, with the same rules): a missing or negative rate
 * would otherwise give a source with no arrivals and no word, an unknown kind a crash later.
 */
function checkArrivals(a: ArrivalSpec | undefined, path: string): void {
  const count = (value: unknown, key: string, required: boolean): void => {
    if (value === undefined && !required) return;
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0))
      throw new ModelError(`${path}.${key}`, 'must be a number, 0 or more');
  };
  switch (a?.kind) {
    case 'poisson':
      return count(a.rate, 'rate', true);
    case 'profile':
      return count(a.perDay, 'perDay', true);
    case 'daily':
      count(a.perDay, 'perDay', false);
      count(a.total, 'total', false);
      for (const [year, n] of Object.entries(a.byYear ?? {})) count(n, `byYear.${year}`, true);
      if (a.perDay === undefined && a.total === undefined && a.byYear === undefined)
        throw new ModelError(path, 'daily arrivals need perDay, total or byYear');
      if (a.byYear !== undefined && !Object.keys(a.byYear).length)
        throw new ModelError(
          `${path}.byYear`,
          'must give at least one year: with none, nobody arrives',
        );
      return;
    case 'trace':
      if (!Array.isArray(a.times) || a.times.some((t, i) => !(t >= (i ? a.times[i - 1] : 0))))
        throw new ModelError(`${path}.times`, 'must be times from 0 on, in ascending order');
      if (!a.times.length)
        throw new ModelError(
          `${path}.times`,
          'must give at least one time: with none, nobody arrives',
        );
      return;
    default:
      throw new ModelError(`${path}.kind`, 'must be poisson, profile, daily or trace');
  }
}

/**
 * Compiles a model for a run up to `until` model minutes; throws ModelError naming the path of
 * a fault. A frozen model (freezeModel) compiles once per horizon: the compiled network is
 * only read by the runs, so they share it.
 */
export function compileNetwork(model: NetworkModel, until: number): CompiledNetwork {
  const compiled = frozenModels.get(model);
  let net = compiled?.get(until);
  if (!net) {
    net = compile(model, until);
    compiled?.set(until, net);
  }
  return net;
}

function compile(model: NetworkModel, until: number): CompiledNetwork {
  const m = model;
  // Before the calendar, which would try to lay out every day of a longer run.
  if (!(until <= MAX_HORIZON_MINUTES)) throw new ModelError('until', MAX_HORIZON_RULE);
  const calendar = new Calendar(m.calendar, until);
  if (!m.stations.length) throw new ModelError('stations', 'must list at least one station');
  if (!m.classes.length) throw new ModelError('classes', 'must list at least one class');
  if (!m.sources.length) throw new ModelError('sources', 'must list at least one source');
  const outcomes = [...BUILT_IN_OUTCOMES];
  const stationIndex = new Map<string, number>();
  const priorities = [...new Set(m.classes.map((c) => c.priority ?? 0))].sort((a, b) => a - b);
  const stations = m.stations.map((spec, index): CompiledStation => {
    const path = `stations[${index}]`;
    if (stationIndex.has(spec.id))
      throw new ModelError(`${path}.id`, `duplicate station id '${spec.id}'`);
    stationIndex.set(spec.id, index);
    const priority = spec.discipline === 'priority';
    return {
      id: spec.id,
      index,
      levels: priority ? priorities.length : 1,
      levelOfClass: Int32Array.from(m.classes, (c) =>
        priority ? priorities.indexOf(c.priority ?? 0) : 0,
      ),
      queueLimit: spec.queueLimit ?? Infinity,
      balking: balkingOf(spec, path),
      retrial: retrialOf(spec, path),
      overflow: -1,
      turnAway: spec.closePolicy === 'turn-away',
      staff: spec.staff !== false,
      timeline: stationTimeline(spec, path, calendar, until),
    };
  });
  // Once every station has its index: an overflow may name a station listed after it.
  overflowsOf(m, stationIndex).forEach((to, i) => (stations[i].overflow = to));
  const classIndex = new Map<string, number>();
  const classes = m.classes.map((spec, index): CompiledClass => {
    const path = `classes[${index}]`;
    if (classIndex.has(spec.id))
      throw new ModelError(`${path}.id`, `duplicate class id '${spec.id}'`);
    if (!spec.route?.length) throw new ModelError(`${path}.route`, 'must list at least one step');
    const patience = spec.patience ? samplerAt(spec.patience, `${path}.patience`) : null;
    const stepIds = new Set<string>();
    const steps = spec.route.map((step, si): CompiledStep => {
      const stepPath = `${path}.route[${si}]`;
      // A step's draws come from a stream named by its class and step ids (stepSalt): two steps
      // of one id would draw the same service times for a customer, perfectly correlated.
      if (stepIds.has(step.id))
        throw new ModelError(
          `${stepPath}.id`,
          `duplicate step id '${step.id}' in class '${spec.id}': each step draws its own numbers, named by its id`,
        );
      stepIds.add(step.id);
      const bound = isBoundStation(step.station);
      const station = bound ? -1 : (stationIndex.get(step.station) ?? -2);
      if (station === -2)
        throw new ModelError(`${stepPath}.station`, `unknown station '${step.station}'`);
      const probability = step.probability ?? 1;
      if (!(probability >= 0 && probability <= 1))
        throw new ModelError(`${stepPath}.probability`, 'must be between 0 and 1');
      const exitProbability = step.exit?.probability ?? 0;
      if (!(exitProbability >= 0 && exitProbability <= 1))
        throw new ModelError(`${stepPath}.exit.probability`, 'must be between 0 and 1');
      let exitOutcome = OUTCOME_COMPLETED;
      if (step.exit) {
        // A served customer is never lost: counted under balked, reneged or turned away it
        // would swell the lost and shrink the completed (totals.lostBy, the class outcomes).
        if (isLost(BUILT_IN_OUTCOMES.indexOf(step.exit.outcome)))
          throw new ModelError(
            `${stepPath}.exit.outcome`,
            `'${step.exit.outcome}' is kept for customers lost unserved (balked, reneged, turned-away); one who leaves after a service here is completed, or leaves by an outcome of your own (e.g. refused)`,
          );
        exitOutcome = outcomes.indexOf(step.exit.outcome);
        if (exitOutcome < 0) exitOutcome = outcomes.push(step.exit.outcome) - 1;
      }
      return {
        id: step.id,
        station,
        bindName: bound ? step.station.slice(1) : '',
        service: samplerAt(step.service, `${stepPath}.service`),
        jobs: step.jobs ? samplerAt(step.jobs, `${stepPath}.jobs`) : null,
        probability,
        exitProbability,
        exitOutcome,
        salt: stepSalt(spec.id, step.id),
        patience: step.patience ? samplerAt(step.patience, `${stepPath}.patience`) : patience,
      };
    });
    classIndex.set(spec.id, index);
    return {
      id: spec.id,
      index,
      priority: spec.priority ?? 0,
      patience,
      patienceSalt: patienceSalt(spec.id),
      steps,
    };
  });
  const sourceIndex = new Map<string, number>();
  const sources = m.sources.map((spec, index): CompiledSource => {
    const path = `sources[${index}]`;
    const mix = typeof spec.class === 'string' ? { [spec.class]: 1 } : spec.class;
    const ids = Object.keys(mix ?? {});
    if (!ids.length)
      throw new ModelError(`${path}.class`, 'must name a class or give class weights');
    const own = ids.map((id) => {
      const c = classIndex.get(id);
      if (c === undefined) throw new ModelError(`${path}.class`, `unknown class '${id}'`);
      return c;
    });
    checkArrivals(spec.arrivals, `${path}.arrivals`);
    const stationOf = (step: CompiledStep, stepPath: string): number => {
      if (step.station >= 0) return step.station;
      const st = stationIndex.get(spec.bind?.[step.bindName] ?? '');
      if (st === undefined)
        throw new ModelError(
          `${path}.bind.${step.bindName}`,
          `must name a station for the class steps at @${step.bindName} (${stepPath})`,
        );
      return st;
    };
    const routes: Int32Array[] = [];
    for (const c of own)
      routes[c] = Int32Array.from(classes[c].steps, (s, si) =>
        stationOf(s, `classes.${classes[c].id}.route[${si}]`),
      );
    // A source whose arrivals follow opening days sees a day closed when its first station is.
    const firstStations = own.map((c) => stations[routes[c][0]].id);
    sourceIndex.set(spec.id, index);
    const closedDay = sourceClosedDay(calendar, firstStations);
    let factory: (() => ArrivalProcess) | null = null;
    return {
      id: spec.id,
      index,
      spec,
      classes: own,
      classChoice: own.length > 1 ? new WeightedChoice(ids.map((id) => mix[id])) : null,
      routes,
      closedDay,
      // Worked out at the first run, not here: the live flows compile models they never run.
      arrivals: () => {
        factory = factory ?? arrivalsFactory(spec.arrivals, calendar, until, closedDay);
        return factory();
      },
    };
  });
  const { routeTable, routeStart } = layRoutes(sources, classes.length);
  const classChoices = layClassChoices(sources);
  return {
    model,
    until,
    calendar,
    stations,
    classes,
    sources,
    outcomes,
    stationIndex,
    classIndex,
    sourceIndex,
    routeTable,
    routeStart,
    ...classChoices,
  };
}

/**
 * The days a source whose arrivals follow opening days (`closedOnHolidays`) sends nobody: a
 * holiday, or a day a closure shuts all stations or one of the first stations of its classes.
 */
function sourceClosedDay(calendar: Calendar, firstStations: string[]): (day: number) => boolean {
  return (d) => calendar.holiday[d] === 1 || calendar.isClosedForAny(d, firstStations);
}

/**
 * A setting idleClosingSettings finds idle: its path, which it is, and for a closePolicy the kind
 * of station (servers or a schedule of shifts).
 */
export interface IdleSetting {
  path: string;
  setting: 'closePolicy' | 'honoursHolidays' | 'closedOnHolidays';
  station?: 'servers' | 'schedule';
  /**
   * For a honoursHolidays where the calendar has holidays from its start on, but every one falls
   * on a day the station's shifts do not run: those holidays, as the calendar writes them.
   */
  offDayHolidays?: string[];
}

/**
 * The settings of `model` that can change no run of it, however long, by path
 * (`stations.<id>.closePolicy`, `stations.<id>.honoursHolidays`,
 * `sources.<id>.arrivals.closedOnHolidays`), with the kind of station for a closePolicy:
 * - a station's `closePolicy` is read only when the station has no server on duty. One never
 *   has none when its servers (at least 1), or its shifts without dates, cover every hour of the
 *   week, and no closure of it or of every station, nor a holiday it honours (shifts only), falls
 *   on or after the calendar's start. Shifts with dates end, so a station with only those closes
 *   after them (past the horizon, perhaps: a longer run would reach it).
 * - a station's `honoursHolidays` (shifts only) decides whether its shifts close on holidays:
 *   that decides nothing when no holiday falls on or after the start, or when every one that
 *   does falls on a day the station's shifts (with dates or without) give no server at any
 *   hour (offDayHolidays names them).
 * - a source's `closedOnHolidays` keeps arrivals away on the days sourceClosedDay names: none
 *   when no holiday, and no closure of every station or of the first station of one of its
 *   classes, falls on or after the start.
 * Holidays and closures after a horizon count: a run is often shortened for a quick look
 * (`--set horizon=3d`), and the setting is still the scenario's.
 */
export function idleClosingSettings(model: NetworkModel): IdleSetting[] {
  const out: IdleSetting[] = [];
  const spec = model.calendar;
  const start = spec?.start ?? '2020-01-01';
  const week = new Calendar({ start }, 7 * MINUTES_PER_DAY);
  const fromStart = (spec?.holidays ?? []).filter((h) => week.dayOf(h) >= 0);
  const holidays = fromStart.length > 0;
  const closures = (spec?.closures ?? []).filter((c) => week.dayOf(c.to) >= 0);
  const closes = (ids: string[]) =>
    closures.some((c) => !c.stations || ids.some((id) => c.stations!.includes(id)));
  for (const st of model.stations) {
    if (st.schedule !== undefined && st.honoursHolidays !== undefined) {
      if (!holidays)
        out.push({ path: `stations.${st.id}.honoursHolidays`, setting: 'honoursHolidays' });
      else if (
        daysWithServers(st.schedule, st.id, fromStart).every(
          (staffed, i) =>
            !staffed ||
            // A closure of this station (or of all) shuts it that day anyway.
            closures.some(
              (c) =>
                (!c.stations || c.stations.includes(st.id)) &&
                c.from <= fromStart[i] &&
                fromStart[i] <= c.to,
            ),
        )
      )
        out.push({
          path: `stations.${st.id}.honoursHolidays`,
          setting: 'honoursHolidays',
          offDayHolidays: [...new Set(fromStart)],
        });
    }
    if (st.closePolicy === undefined) continue;
    const undated = st.schedule?.filter((shift) => !shift.dates);
    const allWeek = undated
      ? undated.length > 0 &&
        !capacityTimeline(undated, week, st.id, false, 7 * MINUTES_PER_DAY).values.includes(0)
      : (st.servers ?? 1) > 0;
    const holiday = st.schedule !== undefined && (st.honoursHolidays ?? true) && holidays;
    if (allWeek && !holiday && !closes([st.id]))
      out.push({
        path: `stations.${st.id}.closePolicy`,
        setting: 'closePolicy',
        station: st.schedule ? 'schedule' : 'servers',
      });
  }
  const classes = new Map(model.classes.map((c) => [c.id, c]));
  for (const src of model.sources) {
    const a = src.arrivals;
    if ((a.kind !== 'profile' && a.kind !== 'daily') || a.closedOnHolidays === undefined) continue;
    const ids = typeof src.class === 'string' ? [src.class] : Object.keys(src.class);
    const firstStations = ids.map((id) => {
      const first = classes.get(id)?.route[0]?.station ?? '';
      return isBoundStation(first) ? (src.bind?.[first.slice(1)] ?? '') : first;
    });
    if (!holidays && !closes(firstStations))
      out.push({
        path: `sources.${src.id}.arrivals.closedOnHolidays`,
        setting: 'closedOnHolidays',
      });
  }
  return out;
}

/** The sources' class choices end to end (see CompiledNetwork.classStart). */
function layClassChoices(
  sources: CompiledSource[],
): Pick<CompiledNetwork, 'classStart' | 'classOwn' | 'classProb' | 'classAlias'> {
  const classStart = new Int32Array(sources.length + 1);
  for (const src of sources) classStart[src.index + 1] = classStart[src.index] + src.classes.length;
  const n = classStart[sources.length];
  const classOwn = new Int32Array(n);
  const classProb = new Float64Array(n).fill(1);
  const classAlias = new Int32Array(n);
  for (const src of sources) {
    const at = classStart[src.index];
    classOwn.set(src.classes, at);
    if (!src.classChoice) continue;
    const { prob, alias } = src.classChoice.tables();
    classProb.set(prob, at);
    classAlias.set(alias, at);
  }
  return { classStart, classOwn, classProb, classAlias };
}

/** The sources' routes end to end (see CompiledNetwork.routeTable). */
function layRoutes(
  sources: CompiledSource[],
  classCount: number,
): { routeTable: Int32Array; routeStart: Int32Array } {
  const routeStart = new Int32Array(sources.length * classCount).fill(-1);
  let length = 0;
  for (const src of sources) for (const c of src.classes) length += src.routes[c].length;
  const routeTable = new Int32Array(length);
  let at = 0;
  for (const src of sources)
    for (const c of src.classes) {
      routeStart[src.index * classCount + c] = at;
      routeTable.set(src.routes[c], at);
      at += src.routes[c].length;
    }
  return { routeTable, routeStart };
}

/** A fresh arrival process of a source (processes keep state: one per run). */
export function sourceArrivals(_net: CompiledNetwork, source: CompiledSource): ArrivalProcess {
  return source.arrivals();
}

/**
 * Station of step `step` of class `cls` for a customer of `source`, resolving `@name`;
 * throws when the source does not bind the name.
 */
export function stationOfStep(
  net: CompiledNetwork,
  source: number,
  cls: number,
  step: number,
): number {
  const route = net.sources[source].routes[cls];
  if (route) return route[step];
  const s = net.classes[cls].steps[step];
  if (s.station >= 0) return s.station;
  const src = net.sources[source];
  const st = net.stationIndex.get(src.spec.bind?.[s.bindName] ?? '');
  if (st === undefined) throw new Error(`source '${src.id}' does not bind @${s.bindName}`);
  return st;
}

/**
 * A station's capacity over the horizon. Closures apply to stations with a fixed number of
 * servers too, so those get a timeline of their open hours; one with no change is one entry.
 */
function stationTimeline(
  spec: StationModel,
  path: string,
  calendar: Calendar,
  until: number,
): CapacityTimeline {
  if (spec.schedule)
    return capacityTimeline(spec.schedule, calendar, spec.id, spec.honoursHolidays ?? true, until);
  const servers = spec.servers ?? 1;
  if (!(Number.isInteger(servers) && servers >= 0))
    throw new ModelError(`${path}.servers`, 'must be a whole number, 0 or more');
  const everyDay = { from: '00:00', to: '24:00', servers };
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const tl = capacityTimeline([{ days: [...days], ...everyDay }], calendar, spec.id, false, until);
  return tl.values.length <= 1 ? { times: [0], values: [servers] } : tl;
}

function samplerAt(spec: DistributionSpec, path: string): Sampler {
  try {
    return createSampler(spec);
  } catch (err) {
    const e = err as { path?: string; rule?: string; message: string };
    throw new ModelError(e.path ? `${path}.${e.path}` : path, e.rule ?? e.message);
  }
}

/**
 * Customers a run of `model` until `until` is expected to bring, over all its sources (each
 * capped by its limit): the size of a run, before it is run.
 */
export function expectedCustomers(model: NetworkModel, until: number): number {
  return expectedBySource(model, until).reduce((sum, n) => sum + n, 0);
}

/** Arrivals each source of `model` (in its order) is expected to bring by `until`, capped by its limit. */
export function expectedBySource(model: NetworkModel, until: number): number[] {
  const net = compileNetwork(model, until);
  return net.sources.map((src) =>
    Math.min(
      src.spec.limit ?? Infinity,
      expectedArrivals(src.spec.arrivals, net.calendar, until, src.closedDay),
    ),
  );
}

/**
 * Arrivals one replication may be expected to bring, over all its arms and sources, before it
 * is refused unrun. The kernel simulates 2.6-3.8 million customers a second on one core at best
 * (an M/M/10 queue: docs/performance.md), so this is 2-3 minutes of a replication, more on a
 * longer route: about 100 times the largest scenario of the paper
 * (scenarios/paper-payments.yaml, 5.2 million customers in its year), room for a what-if of ten
 * times its demand over several years. Past it, a demand typed a few digits too long (`perHour: 1e12`)
 * ran for hours with no word, whenever the servers kept up and nobody queued (the kernel stops
 * a run only at MAX_IN_SYSTEM customers in the system at once).
 */
export const MAX_ARRIVALS_PER_REPLICATION = 500_000_000;

/** One source's share of a replication's expected arrivals. */
export interface SourceDemand {
  arm: string;
  /** The source's index in its arm's model, and its id. */
  index: number;
  id: string;
  expected: number;
}

/**
 * The arrivals a replication of `arms` until `until` is expected to bring, source by source
 * (largest first), when their total passes `ceiling`; null when it does not. Most runs are
 * cleared by a bound from the sources' numbers alone; only a run the bound does not clear is
 * compiled and its sources' expected arrivals worked out (expectedArrivals).
 */
export function demandOverCeiling(
  arms: Record<string, NetworkModel>,
  until: number,
  ceiling = MAX_ARRIVALS_PER_REPLICATION,
): { total: number; sources: SourceDemand[] } | null {
  let bound = 0;
  for (const model of Object.values(arms))
    for (const src of model.sources)
      bound += Math.min(src.limit ?? Infinity, arrivalsUpperBound(src.arrivals, until));
  if (bound <= ceiling) return null;
  const sources = Object.entries(arms).flatMap(([arm, model]) =>
    expectedBySource(model, until).map((expected, index): SourceDemand => ({
      arm,
      index,
      id: model.sources[index].id,
      expected,
    })),
  );
  const total = sources.reduce((sum, s) => sum + s.expected, 0);
  if (total <= ceiling) return null;
  return { total, sources: sources.sort((a, b) => b.expected - a.expected) };
}
