/**
 * Printable ASCII and UTF-16LE strings of a binary with their file offsets, like `strings -a` and
 * `strings -el` together, in one pass with bounded output. Hand-written: a regex over a binary
 * would need a latin1 copy of the whole input and gives no cheap control of the limits.
 *
 * Sampled: a run of at least `minLength` characters covers a multiple of `minLength` (a UTF-16LE
 * run, twice as many bytes, too), so only those positions are tested and only the runs through
 * them are measured, each once. Most bytes of a binary are never read (bench/triage-bytes.ts).
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import { buildTable, foundStrings, type FoundRuns, type FoundString, type StringTable } from './string-table.js';

export type { FoundString, StringEncoding, StringTable } from './string-table.js';

export interface StringsOptions {
  /** Shortest string kept, in characters (default 5). */
  minLength?: number;
  /** Most strings kept (default 100,000). */
  maxStrings?: number;
  /** Most characters kept over all strings (default 4,000,000). */
  maxTotalChars?: number;
  /** Longer strings are cut to this many characters (default 4096). */
  maxStringLength?: number;
}

export interface StringsResult {
  strings: FoundString[];
  /** `limit-strings` / `limit-string-chars` when a bound stopped the scan. */
  warnings: Diagnostic[];
}

const DEFAULTS = {
  minLength: 5,
  maxStrings: 100_000,
  maxTotalChars: 4_000_000,
  maxStringLength: 4096,
} satisfies Required<StringsOptions>;

/** Options with defaults; unusable values (NaN, below 1) fall back to the default. */
function sanitize(opts: StringsOptions): Required<StringsOptions> {
  const o = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof StringsOptions)[]) {
    const v = opts[key];
    if (v !== undefined && Number.isFinite(v) && v >= 1) o[key] = Math.floor(v);
  }
  return o;
}

/** Printable ASCII plus tab: what `strings` keeps. */
const PRINTABLE = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x20; c <= 0x7e; c++) t[c] = 1;
  t[0x09] = 1;
  return t;
})();

/** Keeps runs in the order the scan finds them, within the limits; characters are copied later. */
class Collector {
  readonly runs: FoundRuns = { starts: [], lengths: [], wide: [], warnings: [] };
  private chars = 0;
  full = false;

  constructor(private readonly o: Required<StringsOptions>) {}

  /** Keeps the run of `chars` characters at `start` when long enough and the limits allow. */
  add(start: number, chars: number, wide: 0 | 1): void {
    if (this.full || chars < this.o.minLength) return;
    if (this.runs.starts.length >= this.o.maxStrings) return this.stop('limit-strings', `kept the first ${this.o.maxStrings} strings`, start);
    if (this.chars + chars > this.o.maxTotalChars) return this.stop('limit-string-chars', `kept the first ${this.o.maxTotalChars} string characters`, start);
    const keep = Math.min(chars, this.o.maxStringLength);
    this.runs.starts.push(start);
    this.runs.lengths.push(keep);
    this.runs.wide.push(wide);
    this.chars += keep;
  }

  private stop(code: string, message: string, offset: number): void {
    this.full = true;
    this.runs.warnings.push({ code, message: `strings: ${message}; the rest of the file was not scanned`, offset });
  }
}

/**
 * ASCII and UTF-16LE strings sorted by offset.
 * @example
 * extractStrings(bytes, { minLength: 6 }).strings; // [{ offset: 77, encoding: 'ascii', value: 'KERNEL32.dll' }]
 */
export function extractStrings(bytes: Uint8Array, opts: StringsOptions = {}): StringsResult {
  const t = scanStrings(bytes, opts);
  return { strings: foundStrings(t), warnings: t.warnings };
}

/**
 * The same strings as {@link extractStrings}, as a compact {@link StringTable} (one joined text, no
 * object per string): what triage uses, materialising only the strings it needs as objects.
 * @example
 * const t = scanStrings(bytes); t.count; t.text.split('\n')[0]; // 'KERNEL32.dll'
 */
export function scanStrings(bytes: Uint8Array, opts: StringsOptions = {}): StringTable {
  const o = sanitize(opts);
  const out = new Collector(o);
  const p = PRINTABLE;
  const n = bytes.length;
  const stride = o.minLength;
  let asciiDone = 0; // runs before these offsets were measured (ASCII; UTF-16LE per alignment)
  let wideDone0 = 0;
  let wideDone1 = 0;
  // Locals rather than an array and a property read on every step: this loop visits a fifth of
  // the file's bytes.
  for (let at = 0; at < n; at += stride) {
    const b = bytes[at]!;
    if (b === 0) {
      // The zero may end a UTF-16LE character starting at at - 1.
      const q = at - 1;
      if (q >= 0 && p[bytes[q]!] === 1 && q >= ((q & 1) === 0 ? wideDone0 : wideDone1)) {
        const e = wideRun(bytes, q, out);
        if ((q & 1) === 0) wideDone0 = e;
        else wideDone1 = e;
        if (out.full) break;
      }
      continue;
    }
    if (p[b] === 0) continue;
    if (at >= asciiDone) {
      let s = at;
      let e = at + 1;
      while (s > 0 && p[bytes[s - 1]!] === 1) s--;
      while (e < n && p[bytes[e]!] === 1) e++;
      asciiDone = e;
      out.add(s, e - s, 0);
      if (out.full) break;
    }
    if (at + 1 < n && bytes[at + 1] === 0 && at >= ((at & 1) === 0 ? wideDone0 : wideDone1)) {
      const e = wideRun(bytes, at, out);
      if ((at & 1) === 0) wideDone0 = e;
      else wideDone1 = e;
      if (out.full) break;
    }
  }
  return buildTable(bytes, out.runs);
}

/** Measures the UTF-16LE run through the character at `q`, keeps it, returns its end offset. */
function wideRun(bytes: Uint8Array, q: number, out: Collector): number {
  const p = PRINTABLE;
  const n = bytes.length;
  let s = q;
  let e = q + 2;
  while (s >= 2 && bytes[s - 1] === 0 && p[bytes[s - 2]!] === 1) s -= 2;
  while (e + 1 < n && bytes[e + 1] === 0 && p[bytes[e]!] === 1) e += 2;
  out.add(s, (e - s) / 2, 1);
  return e;
}
