import { LOWER } from './bytes.js';
import { CLS, RUN } from './byte-classes.js';

/**
 * A file name ending at `e` matched the last component of a filepath indicator (`key`: lower case,
 * `/` separators): compares the bytes before it, right to left, reading any run of `/` or `\` (JSON-
 * escaped too) as one separator. Returns where the path starts in `b`, or -1 when it does not match
 * there or is part of a longer path (lines start at `ls`).
 */
export function pathStart(b: Buffer, ls: number, key: Uint8Array, e: number): number {
  let k = key.length - 1;
  let j = e - 1;
  while (k >= 0 && j >= ls) {
    const kc = key[k] as number;
    if (kc === 47) {
      if (b[j] !== 47 && b[j] !== 92) return -1;
      while (j >= ls && (b[j] === 47 || b[j] === 92)) j--;
    } else {
      if (LOWER[b[j] as number] !== kc) return -1;
      j--;
    }
    k--;
  }
  if (k >= 0) return -1;
  if (j >= ls) {
    const c = b[j] as number;
    const relative = key[0] !== 47 && key[1] !== 58;
    if (c === 47 || c === 92 ? !relative : (CLS[c] as number) & RUN || c === 58 || c === 126 || c === 36) return -1;
  }
  return j + 1;
}
