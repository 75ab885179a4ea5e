/**
 * A file's strings held compactly: all their characters in one text, newline-separated, plus typed
 * arrays of starts, file offsets and encodings. Built with one latin1 decode of a byte buffer the
 * characters were copied into, instead of one native decode call and one object per string (a
 * binary has hundreds of thousands of strings; most are only ever read as part of the joined text
 * that the indicator engine scans).
 */
import type { Diagnostic } from '../../model/diagnostic.js';

export type StringEncoding = 'ascii' | 'utf16le';

/** A string found in the bytes: `offset` is the file offset of its first byte. */
export interface FoundString {
  offset: number;
  encoding: StringEncoding;
  value: string;
}

/** Strings sorted by file offset (ASCII before UTF-16LE at the same offset). */
export interface StringTable {
  /** Number of strings. */
  readonly count: number;
  /** The strings' characters in order, each followed by `\n` except the last (no string holds one). */
  readonly text: string;
  /** Where string i starts in `text`. */
  readonly starts: Int32Array;
  /** Characters of string i. */
  readonly lengths: Int32Array;
  /** File offset of string i's first byte. */
  readonly offsets: Float64Array;
  /** 1 where string i is UTF-16LE (two bytes per character), else 0. */
  readonly wide: Uint8Array;
  /** `limit-strings` / `limit-string-chars` when a bound stopped the scan. */
  readonly warnings: Diagnostic[];
}

/** The strings a scan kept, in the order it found them (see {@link buildTable}). */
export interface FoundRuns {
  /** File offset, characters and encoding (1 = UTF-16LE) of each string. */
  starts: number[];
  lengths: number[];
  wide: number[];
  warnings: Diagnostic[];
}

/**
 * Sorts the found strings by offset and joins their characters. A scan finds ASCII runs in offset
 * order and UTF-16LE runs in offset order per byte alignment, so a merge of those three ordered
 * lists replaces a general sort (ties: ASCII first, as the old comparator did).
 */
export function buildTable(bytes: Uint8Array, runs: FoundRuns): StringTable {
  const order = mergeOrder(runs);
  const count = order.length;
  const starts = new Int32Array(count);
  const lengths = new Int32Array(count);
  const offsets = new Float64Array(count);
  const wide = new Uint8Array(count);
  let chars = 0;
  for (const k of order) chars += runs.lengths[k]!;
  const out = Buffer.allocUnsafe(Math.max(0, chars + count - 1));
  let at = 0;
  for (let i = 0; i < count; i++) {
    const k = order[i]!;
    const from = runs.starts[k]!;
    const len = runs.lengths[k]!;
    if (i > 0) out[at++] = 10;
    starts[i] = at;
    lengths[i] = len;
    offsets[i] = from;
    // Short strings (most of them) are copied in a plain loop, where a subarray + set per string
    // would cost more than the copy. A UTF-16LE character's low byte is its code (its high
    // byte is zero by construction).
    if (runs.wide[k] === 1) {
      wide[i] = 1;
      for (let j = 0; j < len; j++) out[at + j] = bytes[from + 2 * j]!;
    } else if (len > 48) out.set(bytes.subarray(from, from + len), at);
    else {
      for (let j = 0; j < len; j++) out[at + j] = bytes[from + j]!;
    }
    at += len;
  }
  return { count, text: out.toString('latin1', 0, at), starts, lengths, offsets, wide, warnings: runs.warnings };
}

/** Indices of `runs` in offset order: a three-way merge of the ASCII and the two UTF-16LE alignments. */
function mergeOrder(runs: FoundRuns): number[] {
  const lists: number[][] = [[], [], []];
  for (let k = 0; k < runs.starts.length; k++) lists[runs.wide[k] === 1 ? 1 + (runs.starts[k]! & 1) : 0]!.push(k);
  const [a, w0, w1] = lists as [number[], number[], number[]];
  const out = new Array<number>(runs.starts.length);
  let i = 0, j = 0, l = 0, o = 0;
  const s = runs.starts;
  const INF = Number.POSITIVE_INFINITY;
  while (o < out.length) {
    const sa = i < a.length ? s[a[i]!]! : INF;
    const s0 = j < w0.length ? s[w0[j]!]! : INF;
    const s1 = l < w1.length ? s[w1[l]!]! : INF;
    if (sa <= s0 && sa <= s1) out[o++] = a[i++]!;
    else if (s0 <= s1) out[o++] = w0[j++]!;
    else out[o++] = w1[l++]!;
  }
  return out;
}

/** String i of the table as an object (its value a slice of the joined text). */
export function stringAt(t: StringTable, i: number): FoundString {
  const start = t.starts[i]!;
  return { offset: t.offsets[i]!, encoding: t.wide[i] === 1 ? 'utf16le' : 'ascii', value: t.text.slice(start, start + t.lengths[i]!) };
}

/** The first `limit` strings of the table (all by default) as objects. */
export function foundStrings(t: StringTable, limit = t.count): FoundString[] {
  const n = Math.min(limit, t.count);
  const out = new Array<FoundString>(n);
  for (let i = 0; i < n; i++) out[i] = stringAt(t, i);
  return out;
}
