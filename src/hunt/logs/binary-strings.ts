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
 * Only domains, addresses, CIDRs, URLs and e-mail addresses are kept: file names, paths and registry
 * keys from reports (`svchost.exe`, `…\CurrentVersion\Run`) are named by countless benign binaries,
 * and would drown the hits that matter; a hash written inside a binary is rare and weak evidence (the
 * binary's own hashes are matched), and finding one would mean probing every byte run.
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

/** The start of a command-line switch, for an encoded PowerShell command's (`-e`, `-enc`…; worth() checks the letter). */
const SWITCH = ' -';

const KEEP: ReadonlySet<HuntType | 'yara'> = new Set<HuntType>(['domain', 'ipv4', 'ipv6', 'cidr', 'url', 'email']);

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
  const ex = new RunExtractor({ colon: m.ipv6.size > 0, hashes: false });
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
 * then a zero, at either alignment), each once, with its file offset, keeping only those that can
 * hold a wanted indicator (a `.`; a `:` when IPv6 addresses are hunted; 32 characters or more when
 * hashes are). A run still open
 * at a chunk's end is held (up to MAX_RUN characters) and finished by the next chunk.
 *
 * Found from their anchors, as the log scanner finds tokens: native searches jump to each `.` (and
 * `:`), as a byte and as a UTF-16 character, and the run around it is measured; a run of 32
 * characters or more (a hash) covers a multiple of 32 bytes, so only those are probed for anchorless
 * runs. Most bytes of a binary are read only by the native searches.
 */
export class RunExtractor {
  private readonly anchors: number[];
  private readonly wideAnchors: Buffer[];

  /**
   * `colon`: runs with a `:` but no `.` are wanted (IPv6 indicators); `hashes`: anchorless runs of 32
   * characters or more are wanted (hash indicators). A `.` is in every domain, IPv4 address, e-mail
   * address and URL with such a host.
   */
  constructor(private readonly want: { colon: boolean; hashes: boolean } = { colon: true, hashes: true }) {
    const bytes = want.colon ? [0x2e, 0x3a] : [0x2e];
    this.anchors = bytes;
    // ` -`: a shortcut's arguments (UTF-16) may hold an encoded PowerShell command with no dot before
    // its base64 (see worth). Not searched in ASCII: binaries are full of ` -` (their usage texts), and
    // an ASCII command there names `powershell.exe`, whose dot anchors it.
    this.wideAnchors = [...bytes.map((a) => Buffer.from([a, 0])), Buffer.from(SWITCH, 'utf16le')];
  }

  /** Bytes held from the previous chunk (its open runs) and their file offset. */
  private carry = Buffer.alloc(0);
  private carryAt = 0;
  private pos = 0;
  /** Runs of each kind starting before these file offsets were given already. */
  private asciiFrom = 0;
  private wideFrom = [0, 0];

  push(chunk: Buffer, final: boolean): { s: string; file: number; wide: boolean }[] {
    const b = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.carry.length > 0 ? this.carryAt : this.pos;
    this.pos += chunk.length;
    const n = b.length;
    // The runs open at the end (found again, whole, with the next chunk), by kind.
    let asciiTail = n;
    const wideTail = [n, n];
    if (!final) {
      while (asciiTail > 0 && PRINTABLE[b[asciiTail - 1] as number] === 1 && n - asciiTail < MAX_RUN) asciiTail--;
      for (const end of [n, n - 1]) {
        // A run ending at `end` (its last character at end - 2); `n - 1`: the last byte may start one.
        let t = end;
        while (t >= 2 && b[t - 1] === 0 && PRINTABLE[b[t - 2] as number] === 1 && end - t < 2 * MAX_RUN) t -= 2;
        if (end === n - 1 && PRINTABLE[b[n - 1] as number] === 1) t = Math.min(t, n - 1);
        const par = (base + t) & 1;
        wideTail[par] = Math.min(wideTail[par] as number, t);
      }
    }
    const out: { s: string; file: number; wide: boolean }[] = [];
    // Runs measured in this push: start -> end.
    const seenA = new Map<number, number>();
    const seenW = new Map<number, number>();
    const asciiFrom = this.asciiFrom - base;
    // Each measures the run through `p` (once: a run met again is skipped) and returns its end, where
    // the search for the next anchor resumes (so a long run with many dots is read once per pass).
    const want = this.want;
    const ascii = (p: number): number => {
      if (PRINTABLE[b[p] as number] !== 1) return p + 1;
      // Most anchors in machine code sit in short runs: those cost two byte tests.
      if (PRINTABLE[b[p - 1] as number] !== 1 && PRINTABLE[b[p + 1] as number] !== 1) return p + 1;
      let st = p;
      while (st > 0 && PRINTABLE[b[st - 1] as number] === 1 && p - st < MAX_RUN) st--;
      let e = p + 1;
      while (e < n && PRINTABLE[b[e] as number] === 1 && e - st < MAX_RUN) e++;
      if (e - st < MIN_RUN) return e;
      if (seenA.has(st)) return e;
      seenA.set(st, e);
      if (st >= asciiFrom && st < asciiTail && worth(b, st, e, 1, want)) out.push({ s: b.toString('latin1', st, e), file: base + st, wide: false });
      return e;
    };
    const wide = (q: number): number => {
      let st = q;
      while (st >= 2 && b[st - 1] === 0 && PRINTABLE[b[st - 2] as number] === 1 && q - st < 2 * MAX_RUN) st -= 2;
      let e = q + 2;
      while (e + 1 < n && PRINTABLE[b[e] as number] === 1 && b[e + 1] === 0 && e - st < 2 * MAX_RUN) e += 2;
      if ((e - st) / 2 < MIN_RUN || seenW.has(st)) return e;
      seenW.set(st, e);
      const par = (base + st) & 1;
      if (st >= (this.wideFrom[par] as number) - base && st < (wideTail[par] as number) && worth(b, st, e, 2, want)) {
        let str = '';
        for (let k = st; k < e; k += 2) str += String.fromCharCode(b[k] as number);
        out.push({ s: str, file: base + st, wide: true });
      }
      return e;
    };
    for (const a of this.anchors) for (let p = b.indexOf(a); p !== -1; p = b.indexOf(a, Math.max(p + 1, ascii(p)))) {}
    for (const a of this.wideAnchors) for (let p = b.indexOf(a); p !== -1; p = b.indexOf(a, Math.max(p + 1, wide(p)))) {}
    // Runs of 32 characters or more without an anchor (hashes): one probe every 32 bytes.
    for (let p = 0; want.hashes && p < n; p += 32) {
      const c = b[p] as number;
      if (PRINTABLE[c] === 1) {
        if (b[p + 1] === 0) wide(p);
        else p = Math.max(p, ascii(p) - 32);
      } else if (c === 0 && p > 0 && PRINTABLE[b[p - 1] as number] === 1) wide(p - 1);
    }
    out.sort((x, y) => x.file - y.file);
    this.asciiFrom = base + asciiTail;
    this.wideFrom = [base + (wideTail[0] as number), base + (wideTail[1] as number)];
    const keepFrom = Math.min(asciiTail, wideTail[0] as number, wideTail[1] as number);
    if (keepFrom >= n) {
      this.carry = Buffer.alloc(0);
      this.carryAt = this.pos;
    } else {
      this.carry = Buffer.from(b.subarray(keepFrom));
      this.carryAt = base + keepFrom;
    }
    return out;
  }
}

/**
 * Whether a run (characters every `step` bytes in b[s, e)) may hold a wanted indicator: a dot (or a
 * colon), or a ` -e`/` -E` switch before a long run of base64, the encoded PowerShell command of a
 * shortcut's arguments (`-w hidden -enc SQBFAFgA…`), which the log reader decodes.
 */
function worth(b: Buffer, s: number, e: number, step: number, want: { colon: boolean; hashes: boolean }): boolean {
  if (want.hashes && (e - s) / step >= 32) return true;
  let dash = false;
  for (let i = s; i < e; i += step) {
    const c = b[i];
    if (c === 0x2e || (c === 0x3a && want.colon)) return true;
    if (c === 0x2d && i - step >= s && b[i - step] === 0x20 && (b[i + step] === 0x65 || b[i + step] === 0x45)) dash = true;
  }
  // Long enough for a switch and 16 characters of base64.
  return dash && (e - s) / step >= 24;
}
