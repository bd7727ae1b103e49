import { describe, expect, it } from 'vitest';
import {
  OUTCOME_BALKED,
  OUTCOME_RENEGED,
  OUTCOME_TURNED_AWAY,
  type CompiledStation,
} from '../../../src/sim/compile';
import { Customers } from '../../../src/sim/customers';
import { Station, type StationHost } from '../../../src/sim/station';

/**
 * The station through a fake host: a clock, a list of pending events run in time order, service
 * times and patience set per customer by the test, and a log of what happened to whom.
 */
class FakeHost implements StationHost {
  readonly clock = new Float64Array(1);
  readonly events: { at: number; run: () => void }[] = [];
  readonly service = new Map<number, number>();
  readonly patienceOf = new Map<number, number>();
  readonly started: [number, number][] = [];
  readonly done: [number, number][] = [];
  readonly lostLog: [number, number, number][] = [];
  /** The balking uniform of each customer (0.5 unless set), and the customers who drew one. */
  readonly balkDraw = new Map<number, number>();
  readonly balkDrawn: number[] = [];
  /** Each customer's delays before it comes back when turned away, in turn (-1: gives up; none: gives up). */
  readonly retryDelays = new Map<number, number[]>();
  /** The (customer, attempt) of every retrial decision asked for, and the attempt of every balking draw. */
  readonly retryAsked: [number, number][] = [];
  readonly balkAttempts: number[] = [];
  /** Customers who come straight back after their service (arriving later, as through a queue). */
  readonly comesBack = new Set<number>();
  /** Customers sent on to an overflow station: [customer, its index, time]. */
  readonly overflowLog: [number, number, number][] = [];

  get now(): number {
    return this.clock[0];
  }
  /** Sets the clock to t and calls the station, as a host does. */
  at(t: number, call: () => void): void {
    this.clock[0] = t;
    call();
  }
  startService(station: Station, c: number): void {
    this.started.push([c, this.now]);
    const at = this.now + (this.service.get(c) ?? 10);
    this.events.push({ at, run: () => station.depart(c) });
  }
  queued(station: Station, c: number, token: number): void {
    const patience = this.patienceOf.get(c);
    if (patience === undefined) return;
    this.events.push({ at: this.now + patience, run: () => station.renege(c, token) });
  }
  departed(_station: Station, c: number): boolean {
    this.done.push([c, this.now]);
    return this.comesBack.delete(c);
  }
  lost(_station: Station, c: number, outcome: number): void {
    this.lostLog.push([c, outcome, this.now]);
  }
  balkUniform(_station: Station, c: number, attempt: number): number {
    this.balkDrawn.push(c);
    this.balkAttempts.push(attempt);
    return this.balkDraw.get(c) ?? 0.5;
  }
  retry(station: Station, c: number, attempt: number): boolean {
    this.retryAsked.push([c, attempt]);
    const delay = this.retryDelays.get(c)?.shift() ?? -1;
    if (delay < 0) return false;
    this.events.push({ at: this.now + delay, run: () => station.comeBack(c) });
    return true;
  }
  overflowed(_station: Station, c: number, to: number): void {
    this.overflowLog.push([c, to, this.now]);
  }
  /** Runs pending events up to `until` in time order (ties: in scheduling order). */
  runUntil(until: number): void {
    for (;;) {
      let best = -1;
      this.events.forEach((e, i) => {
        if (e.at <= until && (best < 0 || e.at < this.events[best].at)) best = i;
      });
      if (best < 0) return;
      const [e] = this.events.splice(best, 1);
      this.at(e.at, e.run);
    }
  }
}

function setup(
  servers: number,
  opts: Partial<
    Pick<CompiledStation, 'queueLimit' | 'turnAway' | 'levels' | 'balking' | 'retrial' | 'overflow'>
  > & {
    levelOfClass?: number[];
  } = {},
) {
  const spec: CompiledStation = {
    id: 'desk',
    index: 0,
    levels: opts.levels ?? 1,
    levelOfClass: Int32Array.from(opts.levelOfClass ?? [0]),
    queueLimit: opts.queueLimit ?? Infinity,
    balking: opts.balking ?? null,
    retrial: opts.retrial ?? null,
    overflow: opts.overflow ?? -1,
    turnAway: opts.turnAway ?? false,
    timeline: { times: [0], values: [servers] },
  };
  const customers = new Customers(4);
  const host = new FakeHost();
  const station = new Station(spec, customers, host, host.clock);
  /** Customer c arrives at time t. */
  const arrive = (c: number, t: number) => host.at(t, () => station.arrive(c));
  /** A new customer of class `cls`. */
  const customer = (cls = 0) => {
    const c = customers.allocate();
    customers.cls[c] = cls;
    customers.waited[c] = 0;
    return c;
  };
  return { station, host, customers, customer, arrive };
}

describe('Station (through a fake host)', () => {
  it('starts a customer at once while a server is free, queues the next first-in-first-out', () => {
    const { station, host, customer, customers, arrive } = setup(1);
    const [a, b, c] = [customer(), customer(), customer()];
    arrive(a, 0);
    arrive(b, 1);
    arrive(c, 2);
    expect(host.started).toEqual([[a, 0]]);
    expect(station.waiting).toBe(2);
    host.runUntil(100);
    expect(host.started).toEqual([
      [a, 0],
      [b, 10],
      [c, 20],
    ]);
    expect(customers.waited[c]).toBe(18);
    expect(station.served).toBe(3);
    expect(station.wait.mean).toBeCloseTo((0 + 9 + 18) / 3, 12);
    expect(station.busy).toBe(0);
  });

  it('balks a customer who finds the queue at its limit', () => {
    const { station, host, customer, arrive } = setup(1, { queueLimit: 1 });
    const [a, b, c] = [customer(), customer(), customer()];
    arrive(a, 0);
    arrive(b, 0);
    arrive(c, 0);
    expect(host.lostLog).toEqual([[c, OUTCOME_BALKED, 0]]);
    expect(station.balked).toBe(1);
    expect(station.waiting).toBe(1);
  });

  it('balks by choice with the probability for the queue a customer finds, the last beyond the list', () => {
    const balking = Float64Array.from([0, 0.3, 0.6]);
    const { station, host, customer, arrive } = setup(1, { balking });
    const cs = Array.from({ length: 7 }, () => customer());
    // Uniforms against the probability of the queue each finds: a (a free server: no draw),
    // b finds 0 waiting (p 0: no draw), c 1 (0.29 < 0.3: balks), d 1 (0.31: joins),
    // e 2 (0.59 < 0.6: balks), f 2 (0.61: joins), g 3, past the list (0.59 < 0.6: balks).
    [0.99, 0, 0.29, 0.31, 0.59, 0.61, 0.59].forEach((u, i) => host.balkDraw.set(cs[i], u));
    cs.forEach((c) => arrive(c, 0));
    const [, b, c, d, e, f, g] = cs;
    expect(host.balkDrawn).toEqual([c, d, e, f, g]);
    expect(host.lostLog).toEqual([
      [c, OUTCOME_BALKED, 0],
      [e, OUTCOME_BALKED, 0],
      [g, OUTCOME_BALKED, 0],
    ]);
    expect(station.waiting).toBe(3); // b, d, f
    expect(station.balked).toBe(3);
    expect(station.balkedByChoice).toBe(3);
    expect(station.summary(0, ['x']).balkedByChoice).toBe(3);
    host.runUntil(1000);
    expect(host.started.map(([x]) => x)).toEqual([cs[0], b, d, f]);
  });

  it('a queue limit sends away at the limit without a draw; balking by choice below it', () => {
    const rule = Float64Array.from([0, 1]);
    const below = setup(1, { queueLimit: 2, balking: rule });
    const [a, b, c] = [below.customer(), below.customer(), below.customer()];
    below.host.balkDraw.set(c, 0.999);
    [a, b, c].forEach((x) => below.arrive(x, 0));
    // b finds 0 waiting (p 0: queues); c finds 1, under the limit: p 1, balks whatever its draw.
    expect(below.host.balkDrawn).toEqual([c]);
    expect(below.station.balkedByChoice).toBe(1);
    expect(below.station.waiting).toBe(1);

    const at = setup(1, { queueLimit: 1, balking: rule });
    const xs = [at.customer(), at.customer(), at.customer()];
    xs.forEach((x) => at.arrive(x, 0));
    // The third finds the queue at its limit: balked, not by choice, and drew nothing.
    expect(at.host.balkDrawn).toEqual([]);
    expect(at.station.balked).toBe(1);
    expect(at.station.balkedByChoice).toBe(0);
    expect(at.host.lostLog).toEqual([[xs[2], OUTCOME_BALKED, 0]]);
    at.station.resetStatistics(0);
    below.station.resetStatistics(0);
    expect(below.station.balkedByChoice).toBe(0);
  });

  it('overflow: a customer who finds the queue at its limit is sent on, not balked; by choice or at a closed door it is lost', () => {
    const rule = Float64Array.from([0, 1]);
    const { station, host, customer, arrive } = setup(1, {
      queueLimit: 2,
      balking: rule,
      overflow: 3,
      turnAway: true,
    });
    const [a, b, c, d] = [customer(), customer(), customer(), customer()];
    // a is served, b queues (0 waiting: p 0), c finds 1 waiting and balks by choice (p 1).
    [a, b, c].forEach((x) => arrive(x, 0));
    expect(host.lostLog).toEqual([[c, OUTCOME_BALKED, 0]]);
    // With the balking rule at 1 nobody else queues: a station without one fills to its limit.
    const full = setup(1, { queueLimit: 1, overflow: 3 });
    const xs = [full.customer(), full.customer(), full.customer(), full.customer()];
    xs.forEach((x, i) => full.arrive(x, i));
    expect(full.host.overflowLog).toEqual([
      [xs[2], 3, 2],
      [xs[3], 3, 3],
    ]);
    expect(full.host.lostLog).toEqual([]);
    expect(full.station.arrivals).toBe(4);
    expect(full.station.overflowed).toBe(2);
    expect(full.station.balked).toBe(0);
    expect(full.station.waiting).toBe(1);
    const summary = full.station.summary(3, ['x']);
    expect(summary.overflowed).toBe(2);
    expect(summary.balked).toBe(0);
    full.station.resetStatistics(3);
    expect(full.station.overflowed).toBe(0);
    // A closed turn-away station turns d away: lost, not sent on.
    host.at(1, () => station.setCapacity(0));
    arrive(d, 2);
    expect(host.lostLog.at(-1)).toEqual([d, OUTCOME_TURNED_AWAY, 2]);
    expect(host.overflowLog).toEqual([]);
    expect(station.overflowed).toBe(0);
  });

  it('a station without an overflow reports no overflowed', () => {
    expect(setup(1, { queueLimit: 1 }).station.summary(0, ['x'])).not.toHaveProperty('overflowed');
  });

  it('a station without a balking rule reports no balkedByChoice', () => {
    const { station } = setup(1, { queueLimit: 1 });
    expect('balkedByChoice' in station.summary(0, ['x'])).toBe(false);
  });

  it('retrials: a customer turned away comes back as an arrival; balked counts only those who give up', () => {
    const retrial = { probability: 1, meanDelay: 1, maxRetries: Infinity };
    const { station, host, customer, customers, arrive } = setup(1, { queueLimit: 0, retrial });
    const [a, b, c] = [customer(), customer(), customer()];
    // a is served 0-10. b is turned away at 0, back at 4 (away again), back at 12: served.
    // c is turned away at 1 and gives up at once (no delays): a customer lost, never retried.
    host.retryDelays.set(b, [4, 8]);
    arrive(a, 0);
    arrive(b, 0);
    arrive(c, 1);
    host.runUntil(100);
    expect(host.started).toEqual([
      [a, 0],
      [b, 12],
    ]);
    expect(host.retryAsked).toEqual([
      [b, 0],
      [c, 0],
      [b, 1],
    ]);
    expect(host.lostLog).toEqual([[c, OUTCOME_BALKED, 1]]);
    expect(station.arrivals).toBe(5);
    expect(station.retrials).toBe(2);
    expect(station.balkedAttempts).toBe(3);
    expect(station.balked).toBe(1);
    expect(station.gaveUpAfterRetrial).toBe(0);
    expect(customers.retries[b]).toBe(2);
    const sum = station.summary(100, ['x']);
    expect(sum).toMatchObject({
      balked: 1,
      balkedAttempts: 3,
      retrials: 2,
      gaveUpAfterRetrial: 0,
      retryingAtEnd: 0,
    });
    // A fresh arrival starts its attempts again.
    host.retryDelays.set(b, [1]);
    arrive(a, 200);
    arrive(b, 200);
    expect(host.retryAsked.at(-1)).toEqual([b, 0]);
    expect(station.summary(200, ['x']).retryingAtEnd).toBe(1);

    // A station without the rule asks for no retrial and reports none.
    const plain = setup(1, { queueLimit: 0 });
    plain.arrive(plain.customer(), 0);
    plain.arrive(plain.customer(), 0);
    expect(plain.host.retryAsked).toEqual([]);
    expect(plain.station.balked).toBe(1);
    const summary = plain.station.summary(0, ['x']);
    for (const key of ['balkedAttempts', 'retrials', 'gaveUpAfterRetrial', 'retryingAtEnd'])
      expect(key in summary).toBe(false);
  });

  it('retrials: maxRetries, giving up after a return, and balking drawn afresh at each attempt', () => {
    const retrial = { probability: 1, meanDelay: 1, maxRetries: 2 };
    const balking = Float64Array.from([0, 1]);
    const { station, host, customer, arrive } = setup(1, { balking, retrial });
    const [a, b, c, d] = [customer(), customer(), customer(), customer()];
    host.service.set(a, 100);
    host.service.set(b, 100);
    // a serves, b waits; c finds 1 waiting and balks by choice (p 1) on every try: it comes
    // back twice (maxRetries 2) and is then lost without being asked a third time.
    host.retryDelays.set(c, [5, 5, 5]);
    // d comes back once and then decides not to: lost after one retrial.
    host.retryDelays.set(d, [3, -1]);
    arrive(a, 0);
    arrive(b, 0);
    arrive(c, 1);
    arrive(d, 2);
    host.runUntil(50);
    expect(host.retryAsked).toEqual([
      [c, 0],
      [d, 0],
      [d, 1],
      [c, 1],
    ]);
    expect(host.balkDrawn).toEqual([c, d, d, c, c]);
    expect(host.balkAttempts).toEqual([0, 0, 1, 1, 2]);
    expect(host.lostLog).toEqual([
      [d, OUTCOME_BALKED, 5],
      [c, OUTCOME_BALKED, 11],
    ]);
    expect(station.balked).toBe(2);
    expect(station.balkedByChoice).toBe(2);
    expect(station.gaveUpAfterRetrial).toBe(2);
    expect(station.balkedAttempts).toBe(5);
    expect(station.retrials).toBe(3);
    station.resetStatistics(50);
    expect(station.summary(50, ['x'])).toMatchObject({
      balked: 0,
      balkedAttempts: 0,
      retrials: 0,
      gaveUpAfterRetrial: 0,
    });
  });

  it('a queued customer reneges when patience ends; a served one ignores its stale patience', () => {
    const { station, host, customer, customers, arrive } = setup(1);
    const [a, b, c] = [customer(), customer(), customer()];
    host.patienceOf.set(b, 5);
    host.patienceOf.set(c, 15);
    arrive(a, 0);
    arrive(b, 0);
    arrive(c, 0);
    host.runUntil(100);
    expect(host.lostLog).toEqual([[b, OUTCOME_RENEGED, 5]]);
    expect(station.reneged).toBe(1);
    expect(customers.waited[b]).toBe(5);
    // c started at 10, before its patience (15) ran out, and was served.
    expect(host.started.map(([x]) => x)).toEqual([a, c]);
    expect(station.served).toBe(2);
  });

  it('turn-away: closing sends the queue home, turns arrivals away while closed, never cuts a service', () => {
    const { station, host, customer, arrive } = setup(1, { turnAway: true });
    const [a, b, c] = [customer(), customer(), customer()];
    arrive(a, 0);
    arrive(b, 1);
    host.at(4, () => station.setCapacity(0));
    arrive(c, 5);
    expect(host.lostLog).toEqual([
      [b, OUTCOME_TURNED_AWAY, 4],
      [c, OUTCOME_TURNED_AWAY, 5],
    ]);
    expect(station.turnedAway).toBe(2);
    host.runUntil(100);
    expect(host.done).toEqual([[a, 10]]);
  });

  it('carry-over: the queue waits through a closure and is served on reopening', () => {
    const { station, host, customer, arrive } = setup(1);
    const [a, b] = [customer(), customer()];
    arrive(a, 0);
    arrive(b, 1);
    host.at(4, () => station.setCapacity(0));
    host.runUntil(50);
    expect(host.started).toEqual([[a, 0]]);
    host.at(60, () => station.setCapacity(1));
    expect(host.started).toEqual([
      [a, 0],
      [b, 60],
    ]);
    expect(host.lostLog).toEqual([]);
  });

  it('priority: a free server takes the most urgent level first, first-in-first-out within it', () => {
    const { host, customer, arrive } = setup(1, { levels: 2, levelOfClass: [0, 1] });
    const busy = customer(0);
    const late = customer(1);
    const urgent1 = customer(0);
    const urgent2 = customer(0);
    arrive(busy, 0);
    arrive(late, 1);
    arrive(urgent1, 2);
    arrive(urgent2, 3);
    host.runUntil(100);
    expect(host.started.map(([c]) => c)).toEqual([busy, urgent1, urgent2, late]);
  });

  it('a customer coming straight back is queued before the freed server is filled', () => {
    const { station, host, customer, arrive } = setup(1, { levels: 2, levelOfClass: [0, 1] });
    const urgent = customer(0);
    const other = customer(1);
    host.comesBack.add(urgent);
    arrive(urgent, 0);
    arrive(other, 1);
    host.runUntil(10);
    // The server stays free until the returning customer arrives (later in real time, at the
    // same model time); then it goes to the more urgent of the two, as in the kernel.
    expect(host.started).toEqual([[urgent, 0]]);
    expect(station.busy).toBe(0);
    arrive(urgent, 10);
    expect(host.started).toEqual([
      [urgent, 0],
      [urgent, 10],
    ]);
    expect(station.waiting).toBe(1);
  });

  it('resetStatistics forgets the counts and areas but keeps the queue and servers', () => {
    const { station, host, customer, arrive } = setup(1);
    const [a, b] = [customer(), customer()];
    arrive(a, 0);
    arrive(b, 0);
    station.resetStatistics(5);
    expect(station.arrivals).toBe(0);
    expect(station.wait.count).toBe(0);
    expect(station.waiting).toBe(1);
    expect(station.busy).toBe(1);
    host.runUntil(100);
    expect(station.served).toBe(2);
    const s = station.summary(25, ['x']);
    // Busy from 5 to 20 of the 20 minutes observed since the reset.
    expect(s.utilisation).toBeCloseTo(15 / 20, 12);
    expect(s.servedByClass).toEqual({ x: 2 });
  });
});
