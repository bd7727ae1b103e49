/**
 * The bare M/M/c kernel the real kernel's speed is measured against: FIFO, typed arrays, one
 * binary heap of departure times, an xorshift generator, the mean wait — nothing else (no
 * calendar, classes, routing, statistics beyond the mean, or time series). What a
 * hand-written simulation of this one queue costs; the kernel pays for its generality above it.
 */
export function bareMmc(lambda: number, mu: number, c: number, customers: number, seed = 1) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const heap = new Float64Array(c); // departure times of the busy servers (min-heap)
  let busy = 0;
  const queue = new Float64Array(1 << 20); // arrival times of waiting customers (ring)
  const mask = queue.length - 1;
  let head = 0;
  let tail = 0;
  let now = 0;
  let nextArrival = -Math.log(u()) / lambda;
  let served = 0;
  let waitSum = 0;
  const push = (t: number) => {
    let i = busy++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= t) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = t;
  };
  const pop = () => {
    const last = heap[--busy];
    let i = 0;
    for (;;) {
      let k = 2 * i + 1;
      if (k >= busy) break;
      if (k + 1 < busy && heap[k + 1] < heap[k]) k++;
      if (heap[k] >= last) break;
      heap[i] = heap[k];
      i = k;
    }
    heap[i] = last;
  };
  while (served < customers) {
    if (busy > 0 && heap[0] <= nextArrival) {
      now = heap[0];
      pop();
      served++;
      if (head !== tail) {
        waitSum += now - queue[head];
        head = (head + 1) & mask;
        push(now - Math.log(u()) / mu);
      }
    } else {
      now = nextArrival;
      nextArrival = now - Math.log(u()) / lambda;
      if (busy < c) push(now - Math.log(u()) / mu);
      else {
        queue[tail] = now;
        tail = (tail + 1) & mask;
      }
    }
  }
  return { served, meanWait: waitSum / served };
}

/** The event list the variant below runs on: the kernel's (src/sim/event-list.ts) fits. */
export interface EventQueue {
  push(time: number, priority: number, kind: number, a: number, b: number): void;
  pop(): boolean;
  poppedTime: number;
  poppedKind: number;
}

/**
 * The same bare M/M/c, but with every arrival and departure going through a general event list
 * (time, priority, insertion order) as the kernel's events do, instead of one heap of departure
 * times beside a scalar next arrival. The ratio of this to bareMmc is the share of the bare
 * speed left once events are general: the ceiling for any kernel built on such a list.
 */
export function bareMmcOnEventList(
  lambda: number,
  mu: number,
  c: number,
  customers: number,
  seed: number,
  events: EventQueue,
) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  const queue = new Float64Array(1 << 20);
  const mask = queue.length - 1;
  let head = 0;
  let tail = 0;
  let busy = 0;
  let served = 0;
  let waitSum = 0;
  events.push(-Math.log(u()) / lambda, 0, ARRIVAL, 0, 0);
  while (served < customers && events.pop()) {
    const now = events.poppedTime;
    if (events.poppedKind === ARRIVAL) {
      events.push(now - Math.log(u()) / lambda, 0, ARRIVAL, 0, 0);
      if (busy < c) {
        busy++;
        events.push(now - Math.log(u()) / mu, 0, DEPARTURE, 0, 0);
      } else {
        queue[tail] = now;
        tail = (tail + 1) & mask;
      }
    } else {
      served++;
      if (head !== tail) {
        waitSum += now - queue[head];
        head = (head + 1) & mask;
        events.push(now - Math.log(u()) / mu, 0, DEPARTURE, 0, 0);
      } else busy--;
    }
  }
  return { served, meanWait: waitSum / served };
}
