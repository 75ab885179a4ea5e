/**
 * `a`, or a copy at least twice as long when it cannot hold `need` elements: the growth step of the
 * typed-array tables that replace object lists on hot paths.
 * @example occStart = grown(occStart, k + 1)
 */
export function grown<T extends Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
