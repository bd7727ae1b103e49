/**
 * Growing typed arrays: the kernel keeps its events, customers and queues in typed arrays
 * (no object per event or customer), and doubles them when they fill.
 */
type Typed = Float64Array | Int32Array | Int8Array;

/** A copy of `a` with room for `size` elements (the new tail is zero). */
export function grown<T extends Typed>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
