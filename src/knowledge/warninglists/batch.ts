// Checking many values at once by streaming the lists. Compiling the lookup structures (a merged
// range table of 62k resolver entries, maps of ~100k host names) costs ~100 ms of CPU before the
// first answer, and far more in a freshly started worker; a feed of a few thousand values needs only
// the list lines that name one of its values. So the lists are read as bytes, each line hashed without
// making a string, and only lines whose hash matches a wanted key are decoded and compared.
import type { Benign, IndicatorType } from '../../model/indicator.js';
import { LOWER_ASCII, forEachLine, keyHash, sourceBytes, v4KeyAt } from './bytes.js';
import { benignOf, checkHostIn, isCompiled, resolveRoute, routeOf, v4Span, type Route, type Warninglists } from './lookup.js';

/** One value to check: its type and canonical value, as extractIndicators returns them. */
export interface BenignQuery {
  readonly type: IndicatorType;
  readonly value: string;
}

/**
 * For each query, why a list marks it benign, or undefined: the same answers as checkBenign, one
 * query at a time, but without compiling the lists (unless they already are: then it uses them).
 * @example checkBenignMany([{ type: 'ipv4', value: '8.8.8.8' }], loadWarninglists())[0]?.list // 'public-dns-v4'
 */
export function checkBenignMany(queries: readonly BenignQuery[], wl: Warninglists): (Benign | undefined)[] {
  const out: (Benign | undefined)[] = new Array<Benign | undefined>(queries.length).fill(undefined);
  const v4: number[] = [];
  const hosts: number[] = [];
  const routes = queries.map((q) => routeOf(q.type, q.value));
  const streamV4 = !isCompiled('v4', wl);
  const streamHosts = !isCompiled('host', wl);
  routes.forEach((r, i) => {
    if (r.k === 'v4' && streamV4) v4.push(i);
    else if (r.k === 'host' && streamHosts) hosts.push(i);
    else out[i] = resolveRoute(r, wl);
  });
  if (v4.length > 0) streamV4Spans(routes, v4, wl, out);
  if (hosts.length > 0) streamHostNames(routes, hosts, wl, out);
  return out;
}

/** First index of `sorted` whose value is ≥ x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * IPv4 spans: a span is benign under the first cidr list that holds both its first and its last
 * address (as checkV4 asks of the list's merged ranges). Each list line marks the wanted addresses
 * it covers (a binary search over the sorted distinct addresses), so nothing is merged or sorted.
 */
function streamV4Spans(routes: readonly Route[], idx: readonly number[], wl: Warninglists, out: (Benign | undefined)[]): void {
  const spans = idx.map((i) => routes[i] as Extract<Route, { k: 'v4' }>);
  const points = Float64Array.from(new Set(spans.flatMap((r) => [r.first, r.last]))).sort();
  const firstAt = spans.map((r) => lowerBound(points, r.first));
  const lastAt = spans.map((r) => lowerBound(points, r.last));
  let open = idx.length;
  const mark = new Uint8Array(points.length);
  for (const src of wl.sources) {
    if (src.kind !== 'cidr' || open === 0) continue;
    mark.fill(0);
    const bytes = sourceBytes(src);
    forEachLine(bytes, (s, e) => {
      const k = v4KeyAt(bytes, s, e);
      if (k < 0) return;
      const [start, end] = v4Span(k);
      for (let p = lowerBound(points, start); p < points.length && points[p]! <= end; p++) mark[p] = 1;
    });
    const benign = benignOf(src);
    idx.forEach((q, j) => {
      if (out[q] === undefined && mark[firstAt[j]!] === 1 && mark[lastAt[j]!] === 1) {
        out[q] = benign;
        open--;
      }
    });
  }
}

/**
 * Host names: the entries that matter are the hosts themselves and their parent domains. The first
 * list of each kind (host, popular) naming a key wins, as when the maps are compiled; then
 * checkHostIn answers from those entries alone.
 */
function streamHostNames(routes: readonly Route[], idx: readonly number[], wl: Warninglists, out: (Benign | undefined)[]): void {
  const keys = new Set<string>();
  for (const i of idx) {
    const host = (routes[i] as Extract<Route, { k: 'host' }>).host;
    keys.add(host);
    for (let d = host.indexOf('.'); d !== -1; d = host.indexOf('.', d + 1)) keys.add(host.slice(d + 1));
  }
  const hashes = new Set<number>();
  for (const k of keys) hashes.add(keyHash(Buffer.from(k), 0, Buffer.byteLength(k)));
  const found = { host: new Map<string, Benign>(), popular: new Map<string, Benign>() };
  for (const src of wl.sources) {
    if (src.kind !== 'host' && src.kind !== 'popular') continue;
    const map = found[src.kind];
    const benign = benignOf(src);
    const bytes = sourceBytes(src);
    forEachLine(bytes, (s, e) => {
      let h = 0;
      let high = 0;
      for (let j = s; j < e; j++) {
        const c = bytes[j]!;
        high |= c;
        h = (Math.imul(h, 31) + LOWER_ASCII[c]!) | 0;
      }
      // Non-ASCII lines go the string way: toLowerCase may change their length.
      if (high < 128 && !hashes.has(h)) return;
      const v = bytes.toString(high < 128 ? 'latin1' : 'utf8', s, e).toLowerCase();
      if (keys.has(v) && !map.has(v)) map.set(v, benign);
    });
  }
  for (const i of idx) out[i] = checkHostIn((routes[i] as Extract<Route, { k: 'host' }>).host, found.host, found.popular);
}
