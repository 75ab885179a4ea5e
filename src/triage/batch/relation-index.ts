/**
 * The candidates that can be a record's relatives apart from ssdeep, found through an index instead
 * of testing every record of the batch: equal SHA-256, imphash or Rich hash through maps, and a TLSH
 * distance within the threshold through buckets by length code. The TLSH length term alone exceeds
 * the threshold past 8 length codes apart (12 per code), so only the 17 buckets around a record's
 * code are read; each bucket holds its digests side by side, read in order, tested on the quartile
 * ratios with one table lookup and then on checksum and body, stopping once past the threshold.
 *
 * Why: a batch's relatives were an all-pairs loop on the main thread after every file was triaged:
 * 22–26 s for 16,685 files of /usr/share (a quarter of the whole run), growing with the square of the
 * count. Headers alone still admit a fifth of all pairs there (similar sizes, similar ratios), so the
 * body test has to be cheap too: no object per pair, no random access. Exact: the same candidates as
 * the distance over all pairs (relation-index.test.ts), in index order so that ties keep their order.
 */
import type { TlshParts } from '../hash/tlsh-diff.js';
import { tlshPairTable } from '../hash/tlsh-diff.js';
import { TLSH_THRESHOLD, type RelationKeys } from './prefilter.js';

/** Length codes apart beyond which the length term alone (12 a code) exceeds the threshold. */
const L_REACH = Math.floor(TLSH_THRESHOLD / 12);
const CODE = 32;

/** The TLSH header terms of tlsh-diff.ts: a difference `d` on a circular range counts 0, 1, then 12 a step. */
const lengthTerm = (d: number): number => (d <= 1 ? d : d * 12);
const ratioTerm = (d: number): number => (d <= 1 ? d : (d - 1) * 12);
const circular = (x: number, y: number, range: number): number => Math.min(Math.abs(x - y), range - Math.abs(x - y));

/** The digests of one TLSH length code, side by side. */
interface Bucket {
  /** Record positions, ascending. */
  at: Int32Array;
  /** Quartile ratios (q1 << 4 | q2). */
  q: Uint8Array;
  checksum: Uint8Array;
  /** Bodies, CODE bytes each. */
  code: Uint8Array;
}

/** An index over a list of records (their positions in the list): relation keys and parsed TLSH digests. */
export class RelationIndex {
  private readonly buckets: Bucket[];
  /** Where each record's digest sits: bucket (its length code) and slot, or -1. */
  private readonly slot: Int32Array;
  private readonly lvalue: Int16Array;
  /** `s:`/`i:`/`r:` + lower-case SHA-256, imphash or Rich hash → records (ascending). */
  private readonly equal = new Map<string, number[]>();
  private readonly keys: readonly RelationKeys[];
  private readonly marks: Int32Array;
  private stamp = 0;
  private readonly found: Int32Array;
  /** Ratio cost of each ratio byte against the record being looked up (rebuilt per lookup). */
  private readonly ratioCost = new Uint16Array(256);
  private readonly pairs = tlshPairTable();

  /** @param digests parsed TLSH digests parallel to `keys` (null where there is none). */
  constructor(keys: readonly RelationKeys[], digests: readonly (TlshParts | null)[]) {
    const n = keys.length;
    this.keys = keys;
    this.marks = new Int32Array(n);
    this.found = new Int32Array(n);
    this.slot = new Int32Array(n).fill(-1);
    this.lvalue = new Int16Array(n).fill(-1);
    const counts = new Int32Array(256);
    for (let i = 0; i < n; i++) {
      const d = digests[i];
      if (d !== null && d !== undefined) counts[d.lvalue & 255]!++;
    }
    this.buckets = Array.from(counts, (c) => ({ at: new Int32Array(c), q: new Uint8Array(c), checksum: new Uint8Array(c), code: new Uint8Array(CODE * c) }));
    const fill = new Int32Array(256);
    for (let i = 0; i < n; i++) {
      const d = digests[i];
      if (d !== null && d !== undefined) {
        const l = d.lvalue & 255;
        const b = this.buckets[l]!;
        const j = fill[l]!++;
        b.at[j] = i;
        b.q[j] = ((d.q1 & 15) << 4) | (d.q2 & 15);
        b.checksum[j] = d.checksum;
        b.code.set(d.code.subarray(0, CODE), CODE * j);
        this.slot[i] = j;
        this.lvalue[i] = l;
      }
      const k = keys[i]!;
      this.add('s:', k.sha256, i);
      this.add('i:', k.imphash, i);
      this.add('r:', k.rich, i);
    }
  }

  private add(kind: string, value: string, i: number): void {
    if (value === '') return;
    const list = this.equal.get(kind + value);
    if (list === undefined) this.equal.set(kind + value, [i]);
    else list.push(i);
  }

  /**
   * The records that share record `i`'s SHA-256, imphash or Rich hash, or lie within the TLSH
   * threshold of it (itself included), together with `extra` (positions found another way, such as
   * ssdeep partners): ascending, without repeats; valid until the next call.
   * @example for (const k of index.candidates(0, [])) compare(0, k);
   */
  candidates(i: number, extra: readonly number[]): Int32Array {
    const s = ++this.stamp;
    const marks = this.marks;
    const found = this.found;
    let n = 0;
    for (const k of extra) {
      if (marks[k] !== s) {
        marks[k] = s;
        found[n++] = k;
      }
    }
    const mine = this.keys[i]!;
    for (const [kind, value] of [['s:', mine.sha256], ['i:', mine.imphash], ['r:', mine.rich]] as const) {
      if (value === '') continue;
      const list = this.equal.get(kind + value);
      if (list === undefined) continue;
      for (const k of list) {
        if (marks[k] !== s) {
          marks[k] = s;
          found[n++] = k;
        }
      }
    }
    if (this.slot[i]! >= 0) n = this.nearTlsh(i, s, n);
    return found.subarray(0, n).sort();
  }

  /** Marks the records within the TLSH threshold of record `i` (which has a digest); returns the new count. */
  private nearTlsh(i: number, s: number, n: number): number {
    const marks = this.marks;
    const found = this.found;
    const pairs = this.pairs;
    const l = this.lvalue[i]!;
    const own = this.buckets[l]!;
    const me = this.slot[i]!;
    const myQ = own.q[me]!;
    const myCheck = own.checksum[me]!;
    const mine = own.code.subarray(CODE * me, CODE * me + CODE);
    const cost = this.ratioCost;
    for (let b = 0; b < 256; b++) cost[b] = ratioTerm(circular(myQ >> 4, b >> 4, 16)) + ratioTerm(circular(myQ & 15, b & 15, 16));
    for (let dl = -L_REACH; dl <= L_REACH; dl++) {
      const lengthCost = lengthTerm(Math.abs(dl));
      const bucket = this.buckets[(l + dl) & 255]!;
      const { at, q, checksum, code } = bucket;
      for (let j = 0; j < at.length; j++) {
        let diff = lengthCost + cost[q[j]!]!;
        if (diff > TLSH_THRESHOLD) continue;
        if (checksum[j] !== myCheck) diff++;
        // The body, 8 bytes at a time, stopping once past the threshold (as tlshPartsDiff with a bound).
        const o = CODE * j;
        for (let x = 0; x < CODE && diff <= TLSH_THRESHOLD; x += 8) {
          diff += pairs[(mine[x]! << 8) | code[o + x]!]! + pairs[(mine[x + 1]! << 8) | code[o + x + 1]!]! +
            pairs[(mine[x + 2]! << 8) | code[o + x + 2]!]! + pairs[(mine[x + 3]! << 8) | code[o + x + 3]!]! +
            pairs[(mine[x + 4]! << 8) | code[o + x + 4]!]! + pairs[(mine[x + 5]! << 8) | code[o + x + 5]!]! +
            pairs[(mine[x + 6]! << 8) | code[o + x + 6]!]! + pairs[(mine[x + 7]! << 8) | code[o + x + 7]!]!;
        }
        if (diff > TLSH_THRESHOLD) continue;
        const k = at[j]!;
        if (marks[k] !== s) {
          marks[k] = s;
          found[n++] = k;
        }
      }
    }
    return n;
  }
}
