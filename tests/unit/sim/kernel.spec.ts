import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../src/sim/kernel';

describe('Kernel', () => {
  it('runs events in time order and advances the clock to each event', () => {
    const k = new Kernel();
    const seen: [number, number][] = [];
    const kind = k.register((a) => seen.push([k.now, a]));
    k.at(30, kind, 3);
    k.at(10, kind, 1);
    k.schedule(20, kind, 2);
    k.run();
    expect(seen).toEqual([
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
    expect(k.eventsProcessed).toBe(3);
    expect(k.pending).toBe(0);
  });

  it('runs same-time events by priority, then in scheduling order', () => {
    const k = new Kernel();
    const order: string[] = [];
    const kind = k.register((a, b) => order.push(`${a}/${b}`));
    k.at(5, kind, 1, 0, 2);
    k.at(5, kind, 2, 0, 0);
    k.at(5, kind, 3, 0, 1);
    k.at(5, kind, 4, 0, 0);
    k.at(5, kind, 5, 0, 2);
    k.run();
    expect(order).toEqual(['2/0', '4/0', '3/0', '1/0', '5/0']);
  });

  it('schedule() is relative to the current time, from inside a handler', () => {
    const k = new Kernel();
    const times: number[] = [];
    const tick = k.register((n) => {
      times.push(k.now);
      if (n > 0) k.schedule(2.5, tick, n - 1);
    });
    k.at(1, tick, 3);
    k.run();
    expect(times).toEqual([1, 3.5, 6, 8.5]);
  });

  it('dispatches each event to the handler registered for its kind, with both payloads', () => {
    const k = new Kernel();
    const got: string[] = [];
    const a = k.register((x, y) => got.push(`a${x},${y}`));
    const b = k.register((x, y) => got.push(`b${x},${y}`));
    expect(a).not.toBe(b);
    k.at(1, b, 7, 8);
    k.at(2, a, 9, 10);
    k.run();
    expect(got).toEqual(['b7,8', 'a9,10']);
  });

  it('refuses to schedule in the past, and negative delays', () => {
    const k = new Kernel();
    const kind = k.register(() => undefined);
    k.at(10, kind);
    k.run();
    expect(k.now).toBe(10);
    expect(() => k.at(9.999, kind)).toThrow(RangeError);
    expect(() => k.schedule(-1, kind)).toThrow(RangeError);
    expect(() => k.at(Number.NaN, kind)).toThrow(RangeError);
    // Now itself is allowed.
    expect(() => k.at(10, kind)).not.toThrow();
  });

  it('refuses priorities that are not small non-negative integers', () => {
    const k = new Kernel();
    const kind = k.register(() => undefined);
    expect(() => k.at(1, kind, 0, 0, -1)).toThrow(RangeError);
    expect(() => k.at(1, kind, 0, 0, 1.5)).toThrow(RangeError);
    expect(() => k.at(1, kind, 0, 0, 4096)).toThrow(RangeError);
  });

  it('run(until) runs events at or before until, leaves later ones pending and the clock at until', () => {
    const k = new Kernel();
    const times: number[] = [];
    const kind = k.register(() => times.push(k.now));
    for (const t of [1, 5, 10, 10.5, 20]) k.at(t, kind);
    k.run(10);
    expect(times).toEqual([1, 5, 10]);
    expect(k.now).toBe(10);
    k.run(15);
    expect(times).toEqual([1, 5, 10, 10.5]);
    expect(k.now).toBe(15);
    expect(k.pending).toBe(1);
    expect(k.peek()).toBe(20);
    k.run();
    expect(times).toEqual([1, 5, 10, 10.5, 20]);
    expect(k.now).toBe(20);
  });

  it('run(until) with no events left moves the clock to until', () => {
    const k = new Kernel();
    k.run(42);
    expect(k.now).toBe(42);
  });

  it('stop() ends run() after the current event; a later run() resumes', () => {
    const k = new Kernel();
    const times: number[] = [];
    const kind = k.register((stop) => {
      times.push(k.now);
      if (stop) k.stop();
    });
    k.at(1, kind);
    k.at(2, kind, 1);
    k.at(3, kind);
    k.run(100);
    expect(times).toEqual([1, 2]);
    // Stopped: the clock stays at the stopping event, not at until.
    expect(k.now).toBe(2);
    k.run(100);
    expect(times).toEqual([1, 2, 3]);
    expect(k.now).toBe(100);
  });

  it('step() runs exactly one event and reports when none is left', () => {
    const k = new Kernel();
    const times: number[] = [];
    const kind = k.register(() => times.push(k.now));
    k.at(4, kind);
    k.at(2, kind);
    expect(k.step()).toBe(true);
    expect(times).toEqual([2]);
    expect(k.now).toBe(2);
    expect(k.step()).toBe(true);
    expect(k.step()).toBe(false);
    expect(times).toEqual([2, 4]);
  });
});
