import { describe, expect, it } from 'vitest';
import { EventList, MAX_PRIORITY } from '../../../src/sim/event-list';
import { Rng } from '../../../src/sim/rng';

/** Pops everything, returning [time, kind, a, b] per event in pop order. */
function drain(list: EventList): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  while (list.pop()) out.push([list.poppedTime, list.poppedKind, list.poppedA, list.poppedB]);
  return out;
}

describe('EventList', () => {
  it('is empty at first: pop() is false and peekTime() is Infinity', () => {
    const list = new EventList();
    expect(list.size).toBe(0);
    expect(list.peekTime()).toBe(Infinity);
    expect(list.pop()).toBe(false);
  });

  it('pops in order of time', () => {
    const list = new EventList();
    [5, 1, 4, 2, 3].forEach((t, i) => list.push(t, 0, i, 0, 0));
    expect(drain(list).map((e) => e[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('breaks time ties by priority (lower first), whatever the insertion order', () => {
    const list = new EventList();
    list.push(10, 3, 3, 0, 0);
    list.push(10, 0, 0, 0, 0);
    list.push(10, 2, 2, 0, 0);
    list.push(10, 1, 1, 0, 0);
    list.push(9, MAX_PRIORITY, 99, 0, 0);
    expect(drain(list).map((e) => e[1])).toEqual([99, 0, 1, 2, 3]);
  });

  it('breaks (time, priority) ties first-in-first-out', () => {
    const list = new EventList();
    for (let i = 0; i < 50; i++) list.push(7, 1, i, i * 2, -i);
    const popped = drain(list);
    expect(popped.map((e) => e[1])).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The payloads travel with their event.
    expect(popped.every(([, kind, a, b]) => a === kind * 2 && b === -kind)).toBe(true);
  });

  it('grows past its initial capacity and still pops in (time, priority, insertion) order', () => {
    // Capacity 4 forces many doublings; coarse times make plenty of ties.
    const list = new EventList(4);
    const rng = new Rng(42, 'event-list');
    const reference: { time: number; priority: number; seq: number }[] = [];
    for (let seq = 0; seq < 5000; seq++) {
      const time = Math.floor(rng.next() * 200);
      const priority = rng.nextInt(3);
      list.push(time, priority, seq, seq, 0);
      reference.push({ time, priority, seq });
    }
    // Interleave some pops and pushes to exercise sift-down on a partly drained heap.
    reference.sort((x, y) => x.time - y.time || x.priority - y.priority || x.seq - y.seq);
    const first = reference.splice(0, 1000);
    for (const want of first) {
      expect(list.pop()).toBe(true);
      expect([list.poppedTime, list.poppedKind]).toEqual([want.time, want.seq]);
    }
    const floor = first[first.length - 1].time;
    for (let seq = 5000; seq < 7000; seq++) {
      const time = floor + Math.floor(rng.next() * 200);
      const priority = rng.nextInt(3);
      list.push(time, priority, seq, seq, 0);
      reference.push({ time, priority, seq });
    }
    reference.sort((x, y) => x.time - y.time || x.priority - y.priority || x.seq - y.seq);
    expect(list.size).toBe(reference.length);
    expect(drain(list).map((e) => [e[0], e[1]])).toEqual(reference.map((r) => [r.time, r.seq]));
  });

  it('orders random real-valued times like a sorted reference', () => {
    const list = new EventList(16);
    const rng = new Rng(7, 'times');
    const times = Array.from({ length: 3000 }, () => rng.next() * 1e6);
    times.forEach((t, i) => list.push(t, 0, i, 0, 0));
    expect(list.peekTime()).toBe(Math.min(...times));
    expect(drain(list).map((e) => e[0])).toEqual([...times].sort((x, y) => x - y));
  });

  it("keeps every event's fields with it when pops and pushes interleave as in a simulation", () => {
    // Each pop is followed by 0-2 pushes (the popped event's place is reused by the first),
    // from capacity 2 so that the list grows while freed places are being reused.
    const list = new EventList(2);
    const rng = new Rng(11, 'interleave');
    type Ev = { time: number; priority: number; seq: number; kind: number; a: number; b: number };
    let reference: Ev[] = [];
    let seq = 0;
    let now = 0;
    const push = () => {
      const ev = {
        time: now + Math.floor(rng.next() * 50),
        priority: rng.nextInt(2),
        seq: seq++,
        kind: rng.nextInt(6),
        a: rng.nextInt(1e6) - 5e5,
        b: rng.nextInt(1e6),
      };
      list.push(ev.time, ev.priority, ev.kind, ev.a, ev.b);
      reference.push(ev);
    };
    for (let i = 0; i < 20; i++) push();
    for (let step = 0; step < 20_000 && reference.length > 0; step++) {
      reference.sort((x, y) => x.time - y.time || x.priority - y.priority || x.seq - y.seq);
      const want = reference[0];
      reference = reference.slice(1);
      expect(list.pop()).toBe(true);
      expect([list.poppedTime, list.poppedKind, list.poppedA, list.poppedB]).toEqual([
        want.time,
        want.kind,
        want.a,
        want.b,
      ]);
      now = want.time;
      const pushes = step < 10_000 ? rng.nextInt(3) + (step % 7 === 0 ? 1 : 0) : rng.nextInt(2);
      for (let j = 0; j < pushes; j++) push();
      expect(list.size).toBe(reference.length);
    }
    expect(seq).toBeGreaterThan(10_000);
  });

  it('hasOtherBy() looks past the event being run; peekKind() and peekA() read the next', () => {
    const list = new EventList();
    expect(list.hasOtherBy(Infinity)).toBe(false);
    expect(list.peekKind()).toBe(-1);
    list.push(5, 1, 7, 70, 0);
    list.push(5, 2, 8, 80, 0);
    list.push(9, 0, 9, 90, 0);
    expect(list.hasOtherBy(4)).toBe(false);
    expect(list.hasOtherBy(5)).toBe(true);
    expect([list.peekKind(), list.peekA()]).toEqual([7, 70]);
    // The first event at 5 is being run: the other one at 5 still counts, the run one does not.
    list.pop();
    expect(list.hasOtherBy(5)).toBe(true);
    list.pop();
    expect(list.hasOtherBy(5)).toBe(false);
    expect(list.hasOtherBy(9)).toBe(true);
    expect([list.peekKind(), list.peekA()]).toEqual([9, 90]);
    list.pop();
    expect(list.hasOtherBy(Infinity)).toBe(false);
    expect(list.peekKind()).toBe(-1);
  });

  it('pushOrdered() runs one priority by the order given, not by insertion', () => {
    const list = new EventList();
    list.pushOrdered(3, 1, 30, 2, 0, 0);
    list.pushOrdered(3, 1, 10, 0, 0, 0);
    list.push(3, 0, 9, 0, 0);
    list.pushOrdered(3, 1, 20, 1, 0, 0);
    expect(drain(list).map((e) => e[1])).toEqual([9, 0, 1, 2]);
  });

  it('clear() empties the list', () => {
    const list = new EventList();
    list.push(1, 0, 0, 0, 0);
    list.clear();
    expect(list.size).toBe(0);
    expect(list.pop()).toBe(false);
  });
});
