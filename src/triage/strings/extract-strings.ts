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

export type StringEncoding = 'ascii' | 'utf16le';

/** A string found in the bytes: `offset` is the file offset of its first byte. */
export interface FoundString {
  offset: number;
  encoding: StringEncoding;
  value: string;
}

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

class Collector {
  readonly strings: FoundString[] = [];
  readonly warnings: Diagnostic[] = [];
  private chars = 0;
  full = false;
  /** A Buffer view of the same memory (no copy), for its native latin1/ucs2 decoders. */
  private readonly text: Buffer;

  constructor(
    bytes: Uint8Array,
    private readonly o: Required<StringsOptions>,
  ) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  /** Keeps the run of `chars` characters at `start` when long enough and the limits allow. */
  add(start: number, chars: number, encoding: StringEncoding): void {
    if (this.full || chars < this.o.minLength) return;
    if (this.strings.length >= this.o.maxStrings) return this.stop('limit-strings', `kept the first ${this.o.maxStrings} strings`, start);
    if (this.chars + chars > this.o.maxTotalChars) return this.stop('limit-string-chars', `kept the first ${this.o.maxTotalChars} string characters`, start);
    const keep = Math.min(chars, this.o.maxStringLength);
    // Native decoding: every character is printable ASCII (a UTF-16LE one has a zero high byte).
    const value = encoding === 'ascii' ? this.text.toString('latin1', start, start + keep) : this.text.toString('utf16le', start, start + keep * 2);
    this.strings.push({ offset: start, encoding, value });
    this.chars += keep;
  }

  private stop(code: string, message: string, offset: number): void {
    this.full = true;
    this.warnings.push({ code, message: `strings: ${message}; the rest of the file was not scanned`, offset });
  }
}

/**
 * ASCII and UTF-16LE strings sorted by offset.
 * @example
 * extractStrings(bytes, { minLength: 6 }).strings; // [{ offset: 77, encoding: 'ascii', value: 'KERNEL32.dll' }]
 */
export function extractStrings(bytes: Uint8Array, opts: StringsOptions = {}): StringsResult {
  const o = sanitize(opts);
  const out = new Collector(bytes, o);
  const p = PRINTABLE;
  const n = bytes.length;
  const stride = o.minLength;
  let asciiDone = 0; // runs before these offsets were measured (ASCII; UTF-16LE per alignment)
  const wideDone = [0, 0];
  for (let at = 0; at < n && !out.full; at += stride) {
    const b = bytes[at]!;
    if (b === 0) {
      // The zero may end a UTF-16LE character starting at at - 1.
      if (at - 1 >= wideDone[(at - 1) & 1]! && at > 0 && p[bytes[at - 1]!] === 1) wideDone[(at - 1) & 1] = wideRun(bytes, at - 1, out);
      continue;
    }
    if (p[b] === 0) continue;
    if (at >= asciiDone) {
      let s = at;
      let e = at + 1;
      while (s > 0 && p[bytes[s - 1]!] === 1) s--;
      while (e < n && p[bytes[e]!] === 1) e++;
      asciiDone = e;
      out.add(s, e - s, 'ascii');
    }
    if (at + 1 < n && bytes[at + 1] === 0 && at >= wideDone[at & 1]!) wideDone[at & 1] = wideRun(bytes, at, out);
  }
  out.strings.sort((a, b) => a.offset - b.offset || (a.encoding < b.encoding ? -1 : 1));
  return { strings: out.strings, warnings: out.warnings };
}

/** Measures the UTF-16LE run through the character at `q`, keeps it, returns its end offset. */
function wideRun(bytes: Uint8Array, q: number, out: Collector): number {
  const p = PRINTABLE;
  const n = bytes.length;
  let s = q;
  let e = q + 2;
  while (s >= 2 && bytes[s - 1] === 0 && p[bytes[s - 2]!] === 1) s -= 2;
  while (e + 1 < n && bytes[e + 1] === 0 && p[bytes[e]!] === 1) e += 2;
  out.add(s, (e - s) / 2, 'utf16le');
  return e;
}
