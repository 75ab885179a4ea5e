// The scan-time record of extraction: de-duplication by (type, value) into numbered indicators, and
// every occurrence as numbers in growable typed arrays. No output object is made while the document
// is scanned: the Indicator objects are built afterwards in one burst (build.ts).
// Why: objects kept alive during the scan sit on young-generation pages among the scanner's garbage,
// so every scavenge copied them (twice, until promoted); that copying was about a fifth of the time
// on IOC-dense text. Built in one burst, they fill whole pages that V8 promotes without copying.
// The parallel path sends a chunk's table between threads as it is (parallel/codec.ts).
import { releaseBuffers } from '../../util/release.js';
import type { IndicatorType } from '../../model/indicator.js';
import type { Match } from './types.js';
import { grown } from '../../util/grow.js';

/**
 * Starting capacity of every array. 16 int32s are 64 bytes, small enough for V8 to keep a typed array
 * on its heap; larger ones get a separate backing store, costing ~1 µs each: with 11 arrays per
 * document that was a third of the indicator time of a short report. They grow by doubling.
 */
const START = 16;

/** Random per process (and worker), so that no input can be crafted to collide in {@link keyHash}. */
const SEED = (Math.random() * 0x100000000) | 0;

/** FNV-1a over the type's first and last letters and length and the value, seeded, then murmur3's finaliser (slots use the low bits). */
function keyHash(type: string, value: string): number {
  let h = SEED ^ (type.charCodeAt(0) << 16) ^ (type.charCodeAt(type.length - 1) << 8) ^ type.length;
  for (let k = 0; k < value.length; k++) h = Math.imul(h ^ value.charCodeAt(k), 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Matches de-duplicated into indicators (numbered in creation order) with their occurrences. */
export class MatchTable {
  /** Per indicator: type, canonical value, and the Unicode form given by the match that created it. */
  readonly types: IndicatorType[] = [];
  readonly values: string[] = [];
  readonly unicode = new Map<number, string>();
  /** Per indicator: 1 when any occurrence was written defanged. */
  defanged: Uint8Array = new Uint8Array(START);
  /** Per indicator: first and last occurrence (a list through occNext, in emission order) and how many. */
  firstOcc: Int32Array = new Int32Array(START);
  lastOcc: Int32Array = new Int32Array(START);
  occCount: Int32Array = new Int32Array(START);
  /** Per occurrence: document span and the next occurrence of the same indicator (-1: none). */
  occStart: Int32Array = new Int32Array(START);
  occEnd: Int32Array = new Int32Array(START);
  occNext: Int32Array = new Int32Array(START);
  /** Per occurrence, filled after the scan (see recordRange): 1-based line, and 1 when its line holds foldable white space. */
  occLine: Int32Array = new Int32Array(START);
  occFold: Uint8Array = new Uint8Array(START);
  /** Number of occurrences recorded. */
  occurrences = 0;
  /** Open-addressing index of the indicators by (type, value) hash: slot holds indicator number + 1, 0 when empty. */
  private slots: Int32Array = new Int32Array(START);
  /** Per indicator: its hash (compared before the strings). */
  private hashes: Int32Array = new Int32Array(START);

  /** Number of indicators recorded. */
  get size(): number {
    return this.values.length;
  }

  /** Records one match: a new indicator, or one more occurrence of a known one. */
  add(m: Match): void {
    const i = this.intern(m.type, m.value, m.unicode);
    this.push(i, m.start, m.end);
    if (m.defanged) this.defanged[i] = 1;
  }

  /**
   * The number of indicator (type, value), created (with `unicode`, if any) when new. Hand-written
   * hash table instead of a Map per type: most values are new strings sliced or built by the
   * families, and hashing them here (seeded, mixed: as V8 seeds its own string hash, so crafted
   * input cannot aim at collisions) then probing an Int32Array took 7-12% less of the whole
   * extraction than Map.get and Map.set (measured on the bench corpus).
   */
  intern(type: IndicatorType, value: string, unicode: string | undefined): number {
    const h = keyHash(type, value);
    const slots = this.slots, mask = slots.length - 1;
    let p = h & mask;
    for (let s = slots[p]!; s !== 0; s = slots[p]!) {
      const j = s - 1;
      if (this.hashes[j] === h && this.values[j] === value && this.types[j] === type) return j;
      p = (p + 1) & mask;
    }
    const i = this.values.length;
    slots[p] = i + 1;
    this.values.push(value);
    this.types.push(type);
    if (unicode !== undefined) this.unicode.set(i, unicode);
    if (i === this.firstOcc.length) {
      this.firstOcc = grown(this.firstOcc, i + 1);
      this.lastOcc = grown(this.lastOcc, i + 1);
      this.occCount = grown(this.occCount, i + 1);
      this.hashes = grown(this.hashes, i + 1);
      this.defanged = grown(this.defanged, this.firstOcc.length);
    }
    this.hashes[i] = h;
    this.firstOcc[i] = -1;
    this.occCount[i] = 0;
    this.defanged[i] = 0;
    // At most half full, so probe runs stay short.
    if ((i + 1) * 2 > slots.length) this.rehash(slots.length * 2);
    return i;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size), mask = size - 1;
    for (let j = 0; j < this.values.length; j++) {
      let p = this.hashes[j]! & mask;
      while (slots[p] !== 0) p = (p + 1) & mask;
      slots[p] = j + 1;
    }
    this.slots = slots;
  }

  /** Frees the table's columns now (see releaseBuffers): call once its indicators are built; the table is empty afterwards. */
  release(): void {
    // A small text's table is a few KB: not worth the call.
    if (this.occStart.length < 16384 && this.slots.length < 16384) return;
    releaseBuffers([this.occStart, this.occEnd, this.occNext, this.occLine, this.occFold, this.firstOcc, this.lastOcc, this.occCount, this.defanged, this.slots, this.hashes]);
  }

  /**
   * Makes room for `n` occurrences at once, on a table that has none yet: for a big text, sized to what
   * it can plausibly hold, instead of growing by doubling. Growing copied every column and left the
   * old ones as garbage as big as the new (~35 MB for the 760k occurrences of a 10 MB line of
   * indicators); pages of the reserve that are never written are never touched.
   */
  reserve(n: number): void {
    if (this.occurrences !== 0 || n <= this.occStart.length) return;
    this.occStart = new Int32Array(n);
    this.occEnd = new Int32Array(n);
    this.occNext = new Int32Array(n);
    this.occLine = new Int32Array(n);
    this.occFold = new Uint8Array(n);
  }

  /** Appends an occurrence text[start, end) to indicator i; returns its number (line and fold still to set). */
  push(i: number, start: number, end: number): number {
    const k = this.occurrences++;
    if (k === this.occStart.length) {
      this.occStart = grown(this.occStart, k + 1);
      this.occEnd = grown(this.occEnd, k + 1);
      this.occNext = grown(this.occNext, k + 1);
      this.occLine = grown(this.occLine, k + 1);
      this.occFold = grown(this.occFold, this.occStart.length);
    }
    this.occStart[k] = start;
    this.occEnd[k] = end;
    this.occNext[k] = -1;
    if (this.firstOcc[i] === -1) this.firstOcc[i] = k;
    else this.occNext[this.lastOcc[i]!] = k;
    this.lastOcc[i] = k;
    this.occCount[i]!++;
    return k;
  }
}
