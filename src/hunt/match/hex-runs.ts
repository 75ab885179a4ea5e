import { ALNUM, CLS, HEX, NOTHEX } from './byte-classes.js';

/**
 * Calls `found(s, e)` for each alphanumeric token of b[ls, le) that is all hex digits and as long as
 * some hash indicator (`hashLen[n] === 1`), so a hash inside a longer hex or alphanumeric string never
 * matches. Only every `step`-th byte is probed (`step`: the shortest hash length, a multiple of 8): a
 * token that long covers one of them. Hand-written by policy (the scanner's hot path); the loop ends
 * the function (see LineScanner.scanBlock on why).
 */
export function hexRuns(b: Buffer, ls: number, le: number, step: number, hashLen: Uint8Array, found: (s: number, e: number) => void): void {
  const hex = HEX;
  const cls = CLS;
  const half = step >> 1;
  const quarter = step >> 2;
  const eighth = step >> 3;
  let done = ls;
  for (let q = ls + step - 1; q < le; q += step) {
    if (q < done || hex[b[q] as number] === 0) continue;
    // A hex token of `step` or more bytes through q holds all of [q - half, q] or all of [q, q + half]
    // (it reaches at least half a step to one side): when neither side is hex at its eighths (a short
    // word, a time, an IP address), there is nothing to expand. Four samples a side, not two: half as
    // many expansions on logs full of short hex-ish tokens.
    const lo = q - half >= ls && hex[b[q - eighth] as number] === 1 && hex[b[q - quarter] as number] === 1 && hex[b[q - quarter - eighth] as number] === 1 && hex[b[q - half] as number] === 1;
    if (!lo && !(q + half < le && hex[b[q + eighth] as number] === 1 && hex[b[q + quarter] as number] === 1 && hex[b[q + quarter + eighth] as number] === 1 && hex[b[q + half] as number] === 1)) continue;
    let s = q;
    while (s > ls && ((cls[b[s - 1] as number] as number) & ALNUM) !== 0) s--;
    let e = q + 1;
    let acc = 0;
    for (; e < le; e++) {
      const k = cls[b[e] as number] as number;
      if ((k & ALNUM) === 0) break;
      acc |= k;
    }
    for (let j = s; j < q; j++) acc |= cls[b[j] as number] as number;
    const n = e - s;
    if ((acc & NOTHEX) === 0 && n <= 128 && hashLen[n] === 1) found(s, e);
    done = e;
  }
}
