import { ALNUM, CLS, NOTHEX } from './byte-classes.js';

function isHex(c: number): boolean {
  return ((CLS[c] as number) & (ALNUM | NOTHEX)) === ALNUM;
}

/**
 * Calls `found(s, e)` for each alphanumeric token of b[ls, le) that is all hex digits and as long as
 * some hash indicator (`hashLen[n] === 1`), so a hash inside a longer hex or alphanumeric string never
 * matches. Only every `step`-th byte is probed (`step`: the shortest hash length): a token that long
 * covers one of them. Hand-written by policy (the scanner's hot path); the loop ends the function
 * (see LineScanner.scanBlock on why).
 */
export function hexRuns(b: Buffer, ls: number, le: number, step: number, hashLen: Uint8Array, found: (s: number, e: number) => void): void {
  const half = step >> 1;
  const quarter = step >> 2;
  let done = ls;
  for (let q = ls + step - 1; q < le; q += step) {
    if (q < done || ((CLS[b[q] as number] as number) & (ALNUM | NOTHEX)) !== ALNUM) continue;
    // A hex run of `step` or more bytes through q also covers q - half and q - quarter, or q + quarter
    // and q + half: when neither pair is all hex digits (a short word, a time), there is nothing to expand.
    const lo = q - half >= ls && isHex(b[q - half] as number) && isHex(b[q - quarter] as number);
    if (!lo && !(q + half < le && isHex(b[q + half] as number) && isHex(b[q + quarter] as number))) continue;
    let s = q;
    while (s > ls && ((CLS[b[s - 1] as number] as number) & ALNUM) !== 0) s--;
    let e = q + 1;
    let acc = 0;
    for (; e < le; e++) {
      const k = CLS[b[e] as number] as number;
      if ((k & ALNUM) === 0) break;
      acc |= k;
    }
    for (let j = s; j < q; j++) acc |= CLS[b[j] as number] as number;
    const n = e - s;
    if ((acc & NOTHEX) === 0 && n <= 128 && hashLen[n] === 1) found(s, e);
    done = e;
  }
}
