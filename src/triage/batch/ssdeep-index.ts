/**
 * Which records' ssdeep digests could score above 0 against a given one, found through an index
 * instead of comparing every pair. ssdeep scores two digests only when their block sizes are equal
 * or double, and then only if the parts it compares share a substring of 7 characters (or the
 * digests are identical); otherwise the score is 0. A part of a digest with block size B stands
 * for block size B (first part) or 2B (second part), and ssdeep compares exactly the parts that
 * stand for the same block size. So an index from (block size, 7-character substring) to records
 * finds every pair with a possible score, and no pairwise test is needed for the others.
 *
 * Why: relatives of a batch of n files compare up to n² pairs, and with many small files (ssdeep
 * block sizes 3 and 6 for all of them) most pairs passed the block-size test; testing their
 * 7-gram sets was ~45% of the CPU of a 1,500-file run of small files (node --cpu-prof), all on
 * the main thread.
 */
import { ssdeepParts } from '../hash/ssdeep-compare.js';
import { grown } from '../../util/grow.js';

const GRAM = 7;

/**
 * Index keys of one digest, as 32-bit hashes: its 7-grams per block size, and the whole digest
 * (identical ones score 100). Numbers rather than strings: a batch builds and looks up about 120 keys
 * per record, and the strings were most of the index's cost (16,685 files: 1.3 s of 5). Two grams
 * that hash alike only mark a record that scores 0, which the comparison then finds: never a miss.
 */
function digestKeys(digest: string | null | undefined): number[] | null {
  if (typeof digest !== 'string' || digest === '') return null;
  const d = ssdeepParts(digest);
  if (d === null) return null;
  const keys: number[] = [];
  const add = (part: string, blockSize: number): void => {
    const seed = Math.imul(blockSize ^ 0x9e3779b9, 0x85ebca6b);
    for (let i = 0; i + GRAM <= part.length; i++) {
      let h = seed;
      for (let j = i; j < i + GRAM; j++) h = Math.imul(h ^ part.charCodeAt(j), 16777619);
      keys.push(h & 0x3fffffff); // a small integer: faster as a Map key
    }
  };
  add(d.first, d.blockSize);
  add(d.second, d.blockSize * 2);
  // The whole digest, the first part's length keeping `first` + `second` unambiguous.
  let h = Math.imul(Math.imul(d.blockSize ^ 0x7f4a7c15, 0x85ebca6b) ^ d.first.length, 16777619);
  const whole = d.first + d.second;
  for (let j = 0; j < whole.length; j++) h = Math.imul(h ^ whole.charCodeAt(j), 16777619);
  keys.push((h ^ 0x5bd1e995) & 0x3fffffff);
  return keys;
}

/**
 * An index over the ssdeep digests of a list of records (their positions in the list): a hash table
 * of postings in typed arrays, chained per bucket. A Map of lists held ~85 keys a record and stopped
 * at V8's 16.7 million entries: `triage --against` 250,000 earlier records ended in an internal error
 * after 1.8 GB. Here a posting costs 12 bytes and the count is bounded by memory alone.
 */
export class SsdeepIndex {
  /** Per posting: its key, its record, the next posting of its bucket (-1 ends). */
  private keys = new Int32Array(1024);
  private recs = new Int32Array(1024);
  private readonly next: Int32Array;
  /** First posting of each bucket (-1: none); length a power of two. */
  private readonly heads: Int32Array;
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(digests: readonly (string | null | undefined)[]) {
    this.stamps = new Int32Array(digests.length);
    let n = 0;
    for (let k = 0; k < digests.length; k++) {
      const keys = digestKeys(digests[k]);
      if (keys === null) continue;
      this.keys = grown(this.keys, n + keys.length);
      this.recs = grown(this.recs, n + keys.length);
      for (const key of keys) {
        this.keys[n] = key;
        this.recs[n++] = k;
      }
    }
    let size = 1024;
    while (size < n) size *= 2;
    this.heads = new Int32Array(size).fill(-1);
    this.next = new Int32Array(n);
    // Postings are chained newest first; inserted from the last, each chain runs in record order.
    for (let p = n - 1; p >= 0; p--) {
      const b = bucket(this.keys[p]!, size);
      this.next[p] = this.heads[b]!;
      this.heads[b] = p;
    }
  }

  /**
   * Marks the records whose digests could score above 0 against `digest` (every one that does,
   * maybe some that do not) and returns a test for a record's position; valid until the next call.
   * With `into`, also appends each marked position to it once.
   * @example const near = index.partners(r.hashes.ssdeep); near(3); // true or false
   */
  partners(digest: string | null | undefined, into?: number[]): (k: number) => boolean {
    const s = ++this.stamp;
    const marks = this.stamps;
    const keys = digestKeys(digest);
    if (keys !== null) {
      const size = this.heads.length;
      for (const key of keys) {
        for (let p = this.heads[bucket(key, size)]!; p !== -1; p = this.next[p]!) {
          if (this.keys[p] !== key) continue;
          const k = this.recs[p]!;
          if (marks[k] === s) continue;
          marks[k] = s;
          into?.push(k);
        }
      }
    }
    return (k: number): boolean => marks[k] === s;
  }
}

/** A key's bucket (keys are already hashes; the multiply spreads their low bits). */
const bucket = (key: number, size: number): number => (Math.imul(key, 0x9e3779b1) >>> 0) % size;
