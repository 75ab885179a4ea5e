/**
 * `fn` memoised by its string argument in a bounded map: cleared when it reaches `max` entries, so a
 * long-lived process never grows it without limit. For parses repeated many times over a batch (each
 * fuzzy digest is compared with many others).
 * @example const parse = boundedMemo((s: string) => s.split(':'), 1024)
 */
export function boundedMemo<T>(fn: (key: string) => T, max: number): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string): T => {
    if (cache.has(key)) return cache.get(key) as T;
    if (cache.size >= max) cache.clear();
    const v = fn(key);
    cache.set(key, v);
    return v;
  };
}
