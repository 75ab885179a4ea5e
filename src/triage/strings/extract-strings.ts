/**
 * Printable ASCII and UTF-16LE strings of a binary with their file offsets, like `strings -a` and
 * `strings -el` together, in one pass with bounded output. Hand-written: a regex over a binary
 * would need a latin1 copy of the whole input and gives no cheap control of the limits.
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

  constructor(
    private readonly bytes: Uint8Array,
    private readonly o: Required<StringsOptions>,
  ) {}

  /** Keeps the run of `chars` characters at `start` when long enough and the limits allow. */
  add(start: number, chars: number, encoding: StringEncoding): void {
    if (this.full || chars < this.o.minLength) return;
    if (this.strings.length >= this.o.maxStrings) return this.stop('limit-strings', `kept the first ${this.o.maxStrings} strings`, start);
    if (this.chars + chars > this.o.maxTotalChars) return this.stop('limit-string-chars', `kept the first ${this.o.maxTotalChars} string characters`, start);
    const keep = Math.min(chars, this.o.maxStringLength);
    const width = encoding === 'ascii' ? 1 : 2;
    let value = '';
    for (let i = 0; i < keep; i++) value += String.fromCharCode(this.bytes[start + i * width]!);
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
  let asciiStart = 0;
  // UTF-16LE runs for even and odd alignment: start offset and length in characters.
  const wideStart = [0, 0];
  const wideLen = [0, 0];
  const n = bytes.length;
  for (let i = 0; i < n && !out.full; i++) {
    const b = bytes[i]!;
    if (p[b] === 0) {
      out.add(asciiStart, i - asciiStart, 'ascii');
      asciiStart = i + 1;
    }
    // The byte pair (i-1, i) belongs to alignment lane (i-1) & 1; a printable byte then a zero
    // is one UTF-16LE character, anything else ends that lane's run.
    if (i === 0) continue;
    const lane = (i - 1) & 1;
    if (b === 0 && p[bytes[i - 1]!] === 1) {
      if (wideLen[lane] === 0) wideStart[lane] = i - 1;
      wideLen[lane]!++;
    } else if (wideLen[lane]! > 0) {
      out.add(wideStart[lane]!, wideLen[lane]!, 'utf16le');
      wideLen[lane] = 0;
    }
  }
  if (!out.full) {
    out.add(asciiStart, n - asciiStart, 'ascii');
    for (const lane of [0, 1]) out.add(wideStart[lane]!, wideLen[lane]!, 'utf16le');
  }
  out.strings.sort((a, b) => a.offset - b.offset || (a.encoding < b.encoding ? -1 : 1));
  return { strings: out.strings, warnings: out.warnings };
}
