/** Byte-class tables of the scanner (one lookup per byte). */

// Byte classes. NOTHEX/NOTDIG are OR-ed over a token so one test at its end says "all hex" or "all digits".
export const RUN = 1; // [A-Za-z0-9._-] and non-ASCII: the bytes of a host/hash/IP/file-name token
export const SEP = 2; // . - _ and non-ASCII: separators inside a token
export const NOTHEX = 4; // alphanumeric but not a hex digit
export const NOTDIG = 8; // alphanumeric but not a decimal digit
export const ALNUM = 16;
export const V6 = 32; // hex digits, ':' and '.'
export const LOCAL = 64; // email local-part bytes
export const CLS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  let k = 0;
  if (alnum || ch === '.' || ch === '-' || ch === '_' || c >= 0x80) k |= RUN;
  if (!alnum && k & RUN) k |= SEP;
  if (alnum) k |= ALNUM;
  if (alnum && !/[0-9A-Fa-f]/.test(ch)) k |= NOTHEX;
  if (alnum && !/[0-9]/.test(ch)) k |= NOTDIG;
  if (/[0-9A-Fa-f:.]/.test(ch)) k |= V6;
  if (alnum || '._%+-'.includes(ch)) k |= LOCAL;
  CLS[c] = k;
}

/** 1 for a hex digit (either case): one lookup where a class mask test would take two operations. */
export const HEX = new Uint8Array(256);
for (let c = 0; c < 256; c++) HEX[c] = ((CLS[c] as number) & (ALNUM | NOTHEX)) === ALNUM ? 1 : 0;

/**
 * The scanner's run-extent table: 0 for bytes that end a run, RUN alone for `.`, CLS for other run
 * bytes. OR-ed over a run it says whether the run is only digits and dots without counting the dots.
 */
export const RUN_ACC = new Uint8Array(256);
for (let c = 0; c < 256; c++) RUN_ACC[c] = (CLS[c] as number) & RUN ? (c === 46 ? RUN : (CLS[c] as number)) : 0;

/** Bytes that end a URL in a log line (whitespace, quotes, brackets that never occur unescaped in one). */
export const URL_END = new Uint8Array(256);
for (let c = 0; c <= 0x20; c++) URL_END[c] = 1;
for (const ch of '"\'<>`{}|^\\') URL_END[ch.charCodeAt(0)] = 1;
URL_END[0x7f] = 1;
/** Trailing bytes trimmed from a URL: `.,;:!?)]` (a `)` stays when the URL has a `(`). */
export const TRAIL = new Uint8Array(256);
for (const ch of '.,;:!?)]') TRAIL[ch.charCodeAt(0)] = 1;

