/**
 * ssdeep digest comparison, giving the same 0–100 score as ssdeep 2.14.1's `fuzzy_compare`
 * (`ssdeep -d`, `-m`, `-x`). Hand-written with the fuzzy hash (see ssdeep.ts).
 */
import { boundedMemo } from '../../util/memo.js';

const ROLLING_WINDOW = 7;
const MIN_BLOCKSIZE = 3;
const SPAMSUM_LENGTH = 64;

interface ParsedDigest {
  blockSize: number;
  first: string;
  second: string;
  /** The ROLLING_WINDOW-grams of `first` and `second`, built on the first score that needs them. */
  grams1?: Set<string>;
  grams2?: Set<string>;
}

/**
 * Parsed digests by their text. A batch compares every digest with many others (relatives of n
 * files: up to n² pairs), and parsing plus building the 7-gram set was most of each comparison's
 * cost; bounded, and cleared when full, so a long-lived process never grows it without limit.
 */
const parsedDigest = boundedMemo(parseDigest, 8192);

/**
 * Score of two ssdeep digests: 0 (unrelated or incomparable block sizes) to 100 (identical);
 * -1 when either string is not a digest, as the reference does.
 * @example
 * ssdeepCompare('3:abcdefgh:abc', '3:abcdefgh:abc'); // 100
 */
export function ssdeepCompare(a: string, b: string): number {
  // As the reference: block sizes first (incomparable ones score 0 before the rest is read,
  // which also makes large all-pairs comparisons cheap), then the two parts.
  const m1 = /^\s*(\d{1,15})/.exec(a);
  const m2 = /^\s*(\d{1,15})/.exec(b);
  if (m1 === null || m2 === null) return -1;
  const q1 = Number(m1[1]);
  const q2 = Number(m2[1]);
  if (q1 !== q2 && q1 * 2 !== q2 && !(q1 % 2 === 0 && q1 / 2 === q2)) return 0;
  const d1 = parsedDigest(a);
  const d2 = parsedDigest(b);
  if (d1 === null || d2 === null) return -1;
  const bs1 = d1.blockSize;
  const bs2 = d2.blockSize;
  if (bs1 === bs2 && d1.first === d2.first && d1.second === d2.second) return 100;
  if (bs1 === bs2) {
    const s1 = hasCommonGram(grams(d1, 1), grams(d2, 1)) ? scoreStrings(d1.first, d2.first, bs1) : 0;
    const s2 = hasCommonGram(grams(d1, 2), grams(d2, 2)) ? scoreStrings(d1.second, d2.second, bs1 * 2) : 0;
    return Math.max(s1, s2);
  }
  if (bs1 * 2 === bs2) return hasCommonGram(grams(d2, 1), grams(d1, 2)) ? scoreStrings(d2.first, d1.second, bs2) : 0;
  return hasCommonGram(grams(d1, 1), grams(d2, 2)) ? scoreStrings(d1.first, d2.second, bs1) : 0;
}

/**
 * The parts of a digest exactly as {@link ssdeepCompare} reads them (runs of more than 3 equal
 * characters dropped), or null when it would score it -1; memoised with the comparisons' parses.
 * @example ssdeepParts('3:aaaaab:cd'); // { blockSize: 3, first: 'aaab', second: 'cd' }
 */
export function ssdeepParts(digest: string): { readonly blockSize: number; readonly first: string; readonly second: string } | null {
  return parsedDigest(digest);
}

/** The 7-gram set of a digest's first (1) or second (2) part, built once per parsed digest. */
function grams(d: ParsedDigest, part: 1 | 2): Set<string> {
  if (part === 1) return (d.grams1 ??= gramSet(d.first));
  return (d.grams2 ??= gramSet(d.second));
}

/** Splits `bs:first:second[,name]`, dropping runs of more than 3 equal characters as 2.14 does. */
function parseDigest(digest: string): ParsedDigest | null {
  const m = /^(\d{1,12}):([^:]*):([^,]*)/.exec(digest);
  if (m === null) return null;
  const first = eliminateSequences(m[2]!);
  const second = eliminateSequences(m[3]!);
  if (first.length > SPAMSUM_LENGTH || second.length > SPAMSUM_LENGTH) return null;
  return { blockSize: Number(m[1]), first, second };
}

/** Keeps at most 3 consecutive equal characters: they carry little information. */
export function eliminateSequences(s: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    run = i > 0 && s[i] === s[i - 1] ? run + 1 : 1;
    if (run <= 3) out += s[i];
  }
  return out;
}

/** Score of two digest parts that share a 7-gram (the caller checks, as the reference does first). */
function scoreStrings(s1: string, s2: string, blockSize: number): number {
  let score = editDistance(s1, s2);
  score = Math.floor((score * SPAMSUM_LENGTH) / (s1.length + s2.length));
  score = Math.floor((100 * score) / SPAMSUM_LENGTH);
  score = 100 - score;
  // Small block sizes: do not exaggerate the match of a short input.
  if (blockSize >= Math.floor((99 + ROLLING_WINDOW) / ROLLING_WINDOW) * MIN_BLOCKSIZE) return score;
  const cap = Math.floor(blockSize / MIN_BLOCKSIZE) * Math.min(s1.length, s2.length);
  return score > cap ? cap : score;
}

function gramSet(s: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + ROLLING_WINDOW <= s.length; i++) set.add(s.slice(i, i + ROLLING_WINDOW));
  return set;
}

/**
 * Do two digest parts share a substring of ROLLING_WINDOW characters (the reference's
 * precondition)? Both 7-gram sets are built once per digest; the smaller one is walked. A part
 * shorter than 7 characters has no grams, so shares none.
 */
function hasCommonGram(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) return true;
  return false;
}

/**
 * Edit distance with insert/delete cost 1 and substitution cost 2, as ssdeep's edit_distn. A
 * substitution costs as much as a deletion and an insertion, so the distance is the lengths' sum
 * less twice the longest common subsequence, which is computed 64 characters at a time (bit-parallel
 * LCS, Allison and Dix; Hyyrö): ssdeep parts are at most 64 characters, so one 64-bit word (two
 * 32-bit halves here) holds a whole part. Relatives of a batch score tens of thousands of pairs,
 * and the dynamic programme (64 × 64 cells) was most of that time. Parts with characters outside
 * ASCII (not digests ssdeep writes) or longer than 64 go through the dynamic programme.
 */
export function editDistance(s1: string, s2: string): number {
  const n = s2.length;
  if (n > 64 || s1.length > 64) return editDistanceTable(s1, s2);
  const lo = MASK_LO, hi = MASK_HI;
  let ok = true;
  for (let j = 0; j < n; j++) {
    const c = s2.charCodeAt(j);
    if (c >= 128) { ok = false; break; }
    if (j < 32) lo[c]! |= 1 << j;
    else hi[c]! |= 1 << (j - 32);
  }
  for (let i = 0; ok && i < s1.length; i++) if (s1.charCodeAt(i) >= 128) ok = false;
  let vlo = 0xffffffff, vhi = 0xffffffff;
  if (ok) {
    for (let i = 0; i < s1.length; i++) {
      const c = s1.charCodeAt(i);
      const ulo = (vlo & lo[c]!) >>> 0, uhi = (vhi & hi[c]!) >>> 0;
      // V = (V + U) | (V - U) on 64 bits; U is a subset of V, so V - U borrows nothing past the top.
      const sumLo = vlo + ulo;
      const sumHi = (vhi + uhi + (sumLo > 0xffffffff ? 1 : 0)) >>> 0;
      const difLo = vlo - ulo;
      const difHi = (vhi - uhi - (difLo < 0 ? 1 : 0)) >>> 0;
      vlo = ((sumLo >>> 0) | (difLo >>> 0)) >>> 0;
      vhi = (sumHi | difHi) >>> 0;
    }
  }
  for (let j = 0; j < n; j++) {
    const c = s2.charCodeAt(j);
    if (c < 128) lo[c] = hi[c] = 0;
  }
  if (!ok) return editDistanceTable(s1, s2);
  // The common subsequence's length is the number of zero bits among the first n.
  const zeros = n <= 32 ? n - popcount(vlo & (n === 32 ? 0xffffffff : (1 << n) - 1)) : 32 - popcount(vlo) + (n - 32) - popcount(vhi & (n === 64 ? 0xffffffff : (1 << (n - 32)) - 1));
  return s1.length + n - 2 * zeros;
}

/** Match masks of the second string's characters (low and high 32 positions), cleared after each use. */
const MASK_LO = new Int32Array(128);
const MASK_HI = new Int32Array(128);

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** editDistance by the dynamic programme of the reference (the fallback, and the tests' yardstick). */
export function editDistanceTable(s1: string, s2: string): number {
  let prev = new Int32Array(s2.length + 1);
  let cur = new Int32Array(s2.length + 1);
  for (let j = 0; j <= s2.length; j++) prev[j] = j;
  for (let i = 0; i < s1.length; i++) {
    cur[0] = i + 1;
    for (let j = 0; j < s2.length; j++) {
      const sub = prev[j]! + (s1.charCodeAt(i) === s2.charCodeAt(j) ? 0 : 2);
      cur[j + 1] = Math.min(prev[j + 1]! + 1, cur[j]! + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[s2.length]!;
}
