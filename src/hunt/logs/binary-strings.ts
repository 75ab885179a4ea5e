/**
 * The strings of a binary swept for network indicators: an implant's C2 domain, address or URL kept
 * in clear in its body, a visited URL in a browser's SQLite history, an address in a memory dump or
 * a capture. Printable ASCII runs and UTF-16LE runs (Windows strings) of at least MIN_RUN characters
 * are read as lines by the log reader, streamed chunk by chunk (a run cut by a chunk's end is joined
 * to its rest). A hit gives the string's file offset (`offset`), the string as its context and
 * `field` = `strings` or `strings (UTF-16)`.
 *
 * A string is whatever printable bytes surround it: in a database record a URL may run into the
 * next field's bytes (`…/x86-`), and is then no longer that URL; its host still gives a `url-host`
 * hit, with the string as context.
 *
 * Only domains, addresses, CIDRs, URLs, e-mail addresses and hashes are kept: file names, paths and
 * registry keys from reports (`svchost.exe`, `…\CurrentVersion\Run`) are named by countless benign
 * binaries, and would drown the hits that matter.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IndicatorMatcher } from '../match/matcher.js';
import type { HuntHit, HuntType, UnlistedHits } from '../types.js';
import { textFormat } from './detect.js';
import { LogState } from './reader.js';

/** Shortest run kept (a domain such as `a.io` has four characters). */
const MIN_RUN = 4;
/** Longer runs are cut into pieces of this many characters. */
const MAX_RUN = 1 << 16;

const KEEP: ReadonlySet<HuntType | 'yara'> = new Set<HuntType>(['domain', 'ipv4', 'ipv6', 'cidr', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512']);

/** Printable ASCII, without tab (in binaries a tab is as often a length byte as a separator). */
const PRINTABLE = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x20; c < 0x7f; c++) t[c] = 1;
  return t;
})();

export interface StringsScanResult {
  hits: HuntHit[];
  unlisted: UnlistedHits[];
  warnings: Diagnostic[];
  /** Always 0: a binary has no lines (the shape of a log scan's result, for merging). */
  lines: number;
}

/** One run of the text handed to the log reader: where its line starts there, and in the file. */
interface Run {
  text: number;
  file: number;
  wide: boolean;
}

/**
 * Sweeps the strings of a binary streamed as `chunks` (its bytes in order, from file offset 0).
 * Stops between chunks when `stopped` says so.
 */
export async function scanBinaryStrings(chunks: AsyncIterable<Buffer>, m: IndicatorMatcher, opts: { file: string; maxHits?: number; stopped?: () => boolean }): Promise<StringsScanResult> {
  const st = new LogState(m, { file: opts.file, format: textFormat(), ...(opts.maxHits !== undefined ? { maxHits: opts.maxHits } : {}) });
  const ex = new RunExtractor();
  let textAt = 0;
  const feed = (runs: { s: string; file: number; wide: boolean }[]): void => {
    if (runs.length === 0) return;
    const table: Run[] = [];
    let text = '';
    for (const r of runs) {
      table.push({ text: textAt + text.length, file: r.file, wide: r.wide });
      text += `${r.s}\n`;
    }
    const before = st.hits.length;
    st.push(Buffer.from(text, 'latin1'));
    for (let i = before; i < st.hits.length; i++) place(st.hits[i] as HuntHit, table);
    textAt += text.length;
  };
  for await (const c of chunks) {
    feed(ex.push(c, false));
    if (opts.stopped?.()) break;
  }
  feed(ex.push(Buffer.alloc(0), true));
  const r = st.finish();
  return { hits: r.hits.filter((h) => KEEP.has(h.type)), unlisted: r.unlisted.filter((u) => KEEP.has(u.type)), warnings: r.warnings, lines: 0 };
}

/** Gives a hit its file offset (from its offset in the text) and names where it was found. */
function place(h: HuntHit, table: Run[]): void {
  const at = h.offset ?? 0;
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((table[mid] as Run).text <= at) lo = mid;
    else hi = mid - 1;
  }
  const r = table[lo] as Run;
  h.offset = r.file + (at - r.text) * (r.wide ? 2 : 1);
  h.line = null;
  h.field = r.wide ? 'strings (UTF-16)' : 'strings';
}

/**
 * Printable runs of a byte stream, chunk by chunk: ASCII runs and UTF-16LE runs (a printable byte,
 * then a zero, at either alignment), each once, with its file offset. A run still open at a chunk's
 * end is held (up to MAX_RUN characters) and finished by the next chunk.
 */
export class RunExtractor {
  /** Bytes held from the previous chunk (the open runs' start to its end) and their file offset. */
  private carry = Buffer.alloc(0);
  private carryAt = 0;
  private pos = 0;
  /** Runs of each kind are emitted only from these file offsets on (each once). */
  private asciiDone = 0;
  private wideDone = [0, 0];

  push(chunk: Buffer, final: boolean): { s: string; file: number; wide: boolean }[] {
    const b = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.carry.length > 0 ? this.carryAt : this.pos;
    this.pos += chunk.length;
    const out: { s: string; file: number; wide: boolean }[] = [];
    const n = b.length;
    let keepFrom = n;
    // ASCII runs.
    for (let i = Math.max(0, this.asciiDone - base); i < n; ) {
      if (PRINTABLE[b[i] as number] !== 1) {
        i++;
        continue;
      }
      let e = i + 1;
      while (e < n && PRINTABLE[b[e] as number] === 1 && e - i < MAX_RUN) e++;
      if (e === n && !final && e - i < MAX_RUN) {
        keepFrom = Math.min(keepFrom, i);
        break;
      }
      if (e - i >= MIN_RUN) out.push({ s: b.toString('latin1', i, e), file: base + i, wide: false });
      this.asciiDone = base + e;
      i = e;
    }
    // UTF-16LE runs, at even and odd file offsets.
    for (const par of [0, 1]) {
      let i = Math.max(0, (this.wideDone[par] as number) - base);
      if (((base + i) & 1) !== par) i++;
      while (i + 1 < n) {
        if (PRINTABLE[b[i] as number] !== 1 || b[i + 1] !== 0) {
          i += 2;
          continue;
        }
        let e = i + 2;
        while (e + 1 < n && PRINTABLE[b[e] as number] === 1 && b[e + 1] === 0 && e - i < 2 * MAX_RUN) e += 2;
        if (e + 1 >= n && !final && e - i < 2 * MAX_RUN) {
          keepFrom = Math.min(keepFrom, i);
          break;
        }
        if ((e - i) / 2 >= MIN_RUN) {
          let s = '';
          for (let k = i; k < e; k += 2) s += String.fromCharCode(b[k] as number);
          out.push({ s, file: base + i, wide: true });
        }
        this.wideDone[par] = base + e;
        i = e;
      }
      // The last byte of a chunk may start a UTF-16 character.
      if (!final && i < n && keepFrom > i) keepFrom = Math.min(keepFrom, i);
    }
    // Emitted in file order (the two passes interleave).
    out.sort((x, y) => x.file - y.file);
    if (final || keepFrom >= n) {
      this.carry = Buffer.alloc(0);
      this.carryAt = this.pos;
    } else {
      this.carry = Buffer.from(b.subarray(keepFrom));
      this.carryAt = base + keepFrom;
    }
    return out;
  }
}
