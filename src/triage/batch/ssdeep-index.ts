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

const GRAM = 7;

/** Index keys of one digest: its 7-grams per block size, and the whole digest (identical ones score 100). */
function digestKeys(digest: string | null | undefined): { grams: string[]; whole: string } | null {
  if (typeof digest !== 'string' || digest === '') return null;
  const d = ssdeepParts(digest);
  if (d === null) return null;
  const grams: string[] = [];
  const add = (part: string, blockSize: number): void => {
    for (let i = 0; i + GRAM <= part.length; i++) grams.push(`${blockSize}:${part.slice(i, i + GRAM)}`);
  };
  add(d.first, d.blockSize);
  add(d.second, d.blockSize * 2);
  // The first part's length keeps `first` + `second` unambiguous (a hostile part may hold anything).
  return { grams, whole: `${d.blockSize}:${d.first.length}:${d.first}${d.second}` };
}

/** An index over the ssdeep digests of a list of records (their positions in the list). */
export class SsdeepIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(digests: readonly (string | null | undefined)[]) {
    this.stamps = new Int32Array(digests.length);
    digests.forEach((digest, k) => {
      const keys = digestKeys(digest);
      if (keys === null) return;
      for (const key of [...keys.grams, keys.whole]) {
        const list = this.byKey.get(key);
        if (list === undefined) this.byKey.set(key, [k]);
        else if (list[list.length - 1] !== k) list.push(k);
      }
    });
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
      for (const key of [...keys.grams, keys.whole]) {
        const list = this.byKey.get(key);
        if (list === undefined) continue;
        for (const k of list) {
          if (marks[k] === s) continue;
          marks[k] = s;
          into?.push(k);
        }
      }
    }
    return (k: number): boolean => marks[k] === s;
  }
}
