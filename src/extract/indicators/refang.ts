// Refanging with an offset map, so every indicator found in the refanged text can point back at the
// characters it was written with (`raw`, `offset`). Hand-written (no regex) because it runs inside the
// scanner's hot path and must stay linear on hostile input such as megabytes of `[.]`.
import { isAlnum, isAlpha, isIdeographicDot, isLabelChar, isWideSpace } from './chars.js';

/** A refanged span: `r` is the refanged text; `map[k]` is the offset (relative to the span start) of the raw character that produced `r[k]`; `map[r.length]` is the span length. `map` is null when nothing changed. */
export interface Refanged {
  r: string;
  map: Int32Array | null;
}

const BRACKET_INNER: Record<string, string> = {
  '.': '.', dot: '.', ':': ':', '://': '://', '/': '/', '//': '//', '@': '@', at: '@', ':/': ':/',
};

function isOpen(c: number): boolean {
  return c === 91 || c === 40 || c === 123; // [ ( {
}
function isClose(c: number): boolean {
  return c === 93 || c === 41 || c === 125; // ] ) }
}
function isAsciiLabel(c: number): boolean {
  return isAlnum(c) || c === 45;
}
function isSpaceLike(c: number): boolean {
  return c === 32 || c === 9 || isWideSpace(c);
}

/** `[.]`, `(dot)`, `{at}`, `[://]` … at i: returns [replacement, raw length] or null. */
function bracketAt(text: string, i: number, e: number): [string, number] | null {
  const limit = Math.min(e, i + 6);
  for (let j = i + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (isClose(c)) {
      const rep = BRACKET_INNER[text.slice(i + 1, j).toLowerCase()];
      return rep === undefined || j === i + 1 ? null : [rep, j - i + 1];
    }
    if (isOpen(c)) return null;
  }
  return null;
}

/** `hxxp`, `hXXp`, `h**p`, `hxtp`, `fxp` at i (not inside a word): the replacement is the same length. */
function schemeAt(text: string, i: number, e: number): string | null {
  if (i > 0 && isAlpha(text.charCodeAt(i - 1))) return null;
  const c0 = text.charCodeAt(i) | 32;
  if (c0 === 104 && i + 4 <= e) {
    const a = text.charCodeAt(i + 1), b = text.charCodeAt(i + 2), p = text.charCodeAt(i + 3) | 32;
    const ax = (a | 32) === 120 || a === 42, bx = (b | 32) === 120 || b === 42 || (b | 32) === 116;
    if (p === 112 && ax && bx && !((a | 32) === 116)) return 'http';
  } else if (c0 === 102 && i + 3 <= e) {
    const a = text.charCodeAt(i + 1) | 32, p = text.charCodeAt(i + 2) | 32;
    if (a === 120 && p === 112 && (text.charCodeAt(i + 3) === 58 || text.charCodeAt(i + 3) === 91)) return 'ftp';
  }
  return null;
}

/** Spaces + `dot`/`[.]`/`(dot)` + spaces at i (a joined ` dot ` connector): raw length, or 0. */
function spacedDotAt(text: string, i: number, e: number): number {
  let j = i;
  while (j < e && isSpaceLike(text.charCodeAt(j))) j++;
  let k = j;
  if (k < e && isOpen(text.charCodeAt(k))) {
    const b = bracketAt(text, k, e);
    if (b === null || b[0] !== '.') return 0;
    k += b[1];
  } else if (k + 3 <= e && text.slice(k, k + 3).toLowerCase() === 'dot') k += 3;
  else return 0;
  if (k === j) return 0;
  const m = k;
  while (k < e && isSpaceLike(text.charCodeAt(k))) k++;
  if (k === m || k >= e || !isLabelChar(text.charCodeAt(k))) return 0;
  return k - i;
}

/** True when backslashes in the span look like path separators (so `\.` must not be refanged). */
function hasPathBackslash(text: string, s: number, e: number): boolean {
  // A bounded loop, not indexOf: indexOf would scan past e and make the scanner quadratic.
  for (let i = s; i < e - 1; i++) {
    if (text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) !== 46) return true;
  }
  return false;
}

/** Refangs text[s, e) keeping an offset map (see {@link Refanged}). */
export function refangSpan(text: string, s: number, e: number): Refanged {
  let parts: string[] | null = null;
  // Every replacement is no longer than what it replaces, so the map (refanged length + 1 entries)
  // fits in e - s + 1: written in place into one typed array, no growing number[] to copy.
  let map: Int32Array | null = null;
  let mk = 0;
  let runStart = s;
  let pathish: boolean | null = null;
  for (let i = s; i < e; ) {
    const c = text.charCodeAt(i);
    let rep: string | null = null;
    let len = 0;
    let sameLength = false;
    if (isOpen(c)) {
      const b = bracketAt(text, i, e);
      if (b !== null) [rep, len] = b;
    } else if (c === 92 && i + 1 < e && text.charCodeAt(i + 1) === 46 && i > s && isLabelChar(text.charCodeAt(i - 1))) {
      pathish ??= hasPathBackslash(text, s, e);
      if (!pathish) { rep = '.'; len = 2; }
    } else if (c === 104 || c === 72 || c === 102 || c === 70) {
      rep = schemeAt(text, i, e);
      if (rep !== null) { len = rep.length; sameLength = true; }
    } else if (isSpaceLike(c) && i > s) {
      len = spacedDotAt(text, i, e);
      if (len > 0) rep = '.';
    } else if (isIdeographicDot(c) && i > s && i + 1 < e && isAsciiLabel(text.charCodeAt(i - 1)) && isAsciiLabel(text.charCodeAt(i + 1))) {
      // `evil。com`: between two ASCII label characters only (in Chinese or Japanese prose it ends a sentence).
      rep = '.';
      len = 1;
    }
    if (rep === null) { i++; continue; }
    if (parts === null || map === null) { parts = []; map = new Int32Array(e - s + 1); for (let k = s; k < i; k++) map[mk++] = k - s; }
    else for (let k = runStart; k < i; k++) map[mk++] = k - s;
    parts.push(text.slice(runStart, i), rep);
    for (let k = 0; k < rep.length; k++) map[mk++] = i - s + (sameLength ? k : Math.min(k, len - 1));
    i += len;
    runStart = i;
  }
  if (parts === null || map === null) return { r: text.slice(s, e), map: null };
  for (let k = runStart; k < e; k++) map[mk++] = k - s;
  map[mk++] = e - s;
  parts.push(text.slice(runStart, e));
  return { r: parts.join(''), map: mk === map.length ? map : map.subarray(0, mk) };
}

/**
 * Refangs every defanging style: `hxxp`/`hXXps`/`h**p`, `[.]` `(.)` `{.}` `[dot]` `(dot)` ` dot `, `[:]`,
 * `[://]`, `[@]` `[at]` `(at)`, `\.`, ideographic full stops (`evil。com`), and mixes.
 * @example refang('hxxps://evil[.]com') // 'https://evil.com'
 */
export function refang(raw: string): string {
  return refangSpan(raw, 0, raw.length).r;
}
