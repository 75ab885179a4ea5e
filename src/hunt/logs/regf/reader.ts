/**
 * Windows registry hive files (`NTUSER.DAT`, `SOFTWARE`, `SYSTEM`, `UsrClass.dat`… as a collection
 * copies them) read as JSON lines: one line per key (`path`, `modified`) and one per value (`path` =
 * the key's path and the value's name, `type`, `data`), so the log reader sweeps them as any JSON-lines
 * log: a persistence key from a report (`HKCU\…\Run\Updater`) is a registry hit, and a C2 address or a
 * dropped file's path in a value's data is one too. Paths start with the hive's mount point (HKCU for
 * a user's NTUSER.DAT, HKLM\SOFTWARE, HKLM\SYSTEM…), told from the name the hive records for its file.
 *
 * Layout (the regf format): a 4 KiB base block (`regf`, the root key's cell), then hive bins (`hbin`)
 * of cells; a cell's offset counts from the first bin. Keys (`nk`) point at subkey lists (`lf`, `lh`,
 * `li`, `ri`) and value lists; values (`vk`) at their data (inline when 4 bytes or fewer, in a cell,
 * or in `db` segments past 16344 bytes). The hive is held whole (up to HIVE_MAX_SIZE). Hand-written
 * for hostile input: every cell offset and size is checked, keys are visited once each (no loops),
 * and nesting and counts are bounded.
 */
import type { Diagnostic } from '../../../model/diagnostic.js';
import { filetime } from '../evtx/values.js';
import { holdWhole } from '../hold.js';

export const HIVE_MAX_SIZE = 1 << 30;
const BINS = 4096;
/** Keys nested deeper than this are not followed (real hives stay under 30). */
const MAX_DEPTH = 512;
/** A value's data past this is cut (its head is swept). */
const DATA_MAX = 1 << 20;
const BATCH = 1 << 20;
/** Lines past this many times the hive's size (plus a floor) stop the read (values all naming one huge datum). */
const OUTPUT_RATIO = 64;
const OUTPUT_FLOOR = 64 << 20;

/** Whether bytes start like a registry hive. */
export function isRegf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x72 && head[1] === 0x65 && head[2] === 0x67 && head[3] === 0x66;
}

const TYPES: Record<number, string> = {
  0: 'REG_NONE', 1: 'REG_SZ', 2: 'REG_EXPAND_SZ', 3: 'REG_BINARY', 4: 'REG_DWORD', 5: 'REG_DWORD_BIG_ENDIAN', 6: 'REG_LINK',
  7: 'REG_MULTI_SZ', 8: 'REG_RESOURCE_LIST', 9: 'REG_FULL_RESOURCE_DESCRIPTOR', 10: 'REG_RESOURCE_REQUIREMENTS_LIST', 11: 'REG_QWORD',
};

class HiveError extends Error {}

/**
 * The mount point of a hive, from the file name it records (`\??\C:\Users\ops\ntuser.dat`,
 * `\SystemRoot\System32\Config\SOFTWARE`) or else the name it is read under.
 */
export function mountPoint(recorded: string, file: string): string {
  const base = (s: string): string => s.replace(/\0.*$/s, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  for (const name of [base(recorded), base(file).replace(/\.(gz|\d+)$/, '')]) {
    switch (name) {
      case 'ntuser.dat': return 'HKCU';
      case 'usrclass.dat': return 'HKCU\\Software\\Classes';
      case 'software': return 'HKLM\\SOFTWARE';
      case 'system': return 'HKLM\\SYSTEM';
      case 'sam': return 'HKLM\\SAM';
      case 'security': return 'HKLM\\SECURITY';
      case 'default': return 'HKU\\.DEFAULT';
      default:
    }
  }
  return '';
}

/** A hive's keys and values as JSON lines, in batches; damage is counted in one warning. */
export function* hiveLines(b: Buffer, file: string, warn: (d: Diagnostic) => void): Generator<string> {
  if (b.length < BINS + 32) {
    warn({ code: 'regf-damaged', message: `${file}: a registry hive cut before its first bin (${b.length} bytes); nothing read` });
    return;
  }
  const recorded = b.toString('utf16le', 48, 48 + 64);
  const mount = mountPoint(recorded, file);
  const h = new Hive(b);
  const root = b.readUInt32LE(36);
  let lines = '';
  // Depth-first, children in list order: a stack of (cell, path, depth).
  const stack: [number, string, number][] = [[root, '', 0]];
  const seen = new Set<number>();
  let written = 0;
  const budget = b.length * OUTPUT_RATIO + OUTPUT_FLOOR;
  let damaged = 0;
  let first: string | null = null;
  const note = (e: unknown): void => {
    if (!(e instanceof HiveError || e instanceof RangeError)) throw e;
    damaged++;
    first ??= (e as Error).message;
  };
  while (stack.length > 0) {
    const [cell, parent, depth] = stack.pop()!;
    if (seen.has(cell)) continue;
    seen.add(cell);
    let key: ReturnType<Hive['key']>;
    try {
      key = h.key(cell);
    } catch (e) {
      note(e);
      continue;
    }
    // The root key's own name (`ROOT`, `CMI-CreateHive{…}`) is the mount point's, not a path component.
    const path = depth === 0 ? mount || key.name : `${parent}\\${key.name}`;
    lines += `${JSON.stringify({ path, modified: key.modified })}\n`;
    try {
      for (const v of h.values(key, note)) lines += `${JSON.stringify({ path: `${path}\\${v.name || '(Default)'}`, type: v.type, data: v.data })}\n`;
    } catch (e) {
      note(e);
    }
    if (depth < MAX_DEPTH) {
      try {
        const subs = h.subkeys(key);
        for (let i = subs.length - 1; i >= 0; i--) stack.push([subs[i] as number, path, depth + 1]);
      } catch (e) {
        note(e);
      }
    }
    if (lines.length >= BATCH) {
      written += lines.length;
      yield lines;
      lines = '';
      if (written > budget) {
        warn({ code: 'regf-partial', message: `${file}: its keys render to over ${OUTPUT_RATIO} times its size (values repeating huge data); reading stopped` });
        return;
      }
    }
  }
  if (lines !== '') yield lines;
  if (damaged > 0) warn({ code: 'regf-damaged', message: `${file}: ${damaged} damaged key${damaged === 1 ? '' : 's'}, value${damaged === 1 ? '' : 's'} or list${damaged === 1 ? '' : 's'} of the registry hive could not be read (first: ${first})` });
}

/** Cells of one hive. */
class Hive {
  constructor(private readonly b: Buffer) {}

  /** The data of the allocated cell at `off` (relative to the first bin). */
  cell(off: number): { at: number; size: number } {
    const b = this.b;
    const at = BINS + off;
    if (off < 32 || off % 8 !== 0 || at + 4 > b.length) throw new HiveError(`cell offset ${off} outside the hive`);
    const size = -b.readInt32LE(at);
    if (size < 8 || at + size > b.length) throw new HiveError(`cell at ${off} with size ${size}`);
    return { at: at + 4, size: size - 4 };
  }

  key(off: number): { name: string; modified: string; subkeys: number; subList: number; values: number; valueList: number } {
    const b = this.b;
    const { at, size } = this.cell(off);
    if (size < 76 || b[at] !== 0x6e || b[at + 1] !== 0x6b) throw new HiveError(`no key at cell ${off}`);
    const flags = b.readUInt16LE(at + 2);
    const n = b.readUInt16LE(at + 72);
    if (76 + n > size) throw new HiveError(`key name past its cell at ${off}`);
    const name = flags & 0x20 ? b.toString('latin1', at + 76, at + 76 + n) : b.toString('utf16le', at + 76, at + 76 + (n & ~1));
    return { name, modified: filetime(b.readBigUInt64LE(at + 4)), subkeys: b.readUInt32LE(at + 20), subList: b.readUInt32LE(at + 28), values: b.readUInt32LE(at + 36), valueList: b.readUInt32LE(at + 40) };
  }

  /** The subkeys' cells of a key, through its list (and `ri` lists of lists, one level). */
  subkeys(k: { subkeys: number; subList: number }): number[] {
    if (k.subkeys === 0 || k.subList === 0xffffffff) return [];
    const out: number[] = [];
    this.list(k.subList, out, 0);
    return out;
  }

  private list(off: number, out: number[], depth: number): void {
    const b = this.b;
    const { at, size } = this.cell(off);
    const sig = b.toString('latin1', at, at + 2);
    const n = b.readUInt16LE(at + 2);
    const step = sig === 'lf' || sig === 'lh' ? 8 : sig === 'li' || sig === 'ri' ? 4 : 0;
    if (step === 0) throw new HiveError(`no subkey list at cell ${off}`);
    if (4 + n * step > size) throw new HiveError(`subkey list past its cell at ${off}`);
    for (let i = 0; i < n; i++) {
      const x = b.readUInt32LE(at + 4 + i * step);
      if (sig === 'ri') {
        if (depth > 0) throw new HiveError(`nested index lists at cell ${off}`);
        this.list(x, out, depth + 1);
      } else out.push(x);
    }
  }

  /** The values of a key: name, type and data shown as text. */
  /** The values of a key: name, type and data shown as text; a damaged one is passed to `damaged` and skipped. */
  *values(k: { values: number; valueList: number }, damaged: (e: unknown) => void): Generator<{ name: string; type: string; data: string | string[] | number }> {
    if (k.values === 0 || k.valueList === 0xffffffff) return;
    const b = this.b;
    const { at, size } = this.cell(k.valueList);
    if (k.values * 4 > size) throw new HiveError(`value list past its cell at ${k.valueList}`);
    for (let i = 0; i < k.values; i++) {
      const off = b.readUInt32LE(at + i * 4);
      let value: { name: string; type: string; data: string | string[] | number };
      try {
        const v = this.cell(off);
        if (v.size < 20 || b[v.at] !== 0x76 || b[v.at + 1] !== 0x6b) throw new HiveError(`no value at cell ${off}`);
        const n = b.readUInt16LE(v.at + 2);
        if (20 + n > v.size) throw new HiveError(`value name past its cell at ${off}`);
        const flags = b.readUInt16LE(v.at + 16);
        const name = flags & 1 ? b.toString('latin1', v.at + 20, v.at + 20 + n) : b.toString('utf16le', v.at + 20, v.at + 20 + (n & ~1));
        const type = b.readUInt32LE(v.at + 12);
        value = { name, type: TYPES[type] ?? `0x${type.toString(16)}`, data: show(this.data(v.at), type) };
      } catch (e) {
        damaged(e);
        continue;
      }
      yield value;
    }
  }

  /** A value's data bytes (inline, in a cell, or in big-data segments), cut at DATA_MAX. */
  private data(vk: number): Buffer {
    const b = this.b;
    const raw = b.readUInt32LE(vk + 4);
    const off = b.readUInt32LE(vk + 8);
    if (raw & 0x80000000) return b.subarray(vk + 8, vk + 8 + Math.min(4, raw & 0x7fffffff));
    const len = Math.min(raw, DATA_MAX);
    if (len === 0) return b.subarray(0, 0);
    const c = this.cell(off);
    if (raw > 16344 && c.size >= 8 && b[c.at] === 0x64 && b[c.at + 1] === 0x62) {
      // Big data: a list of segments, 16344 bytes each.
      const segs = this.cell(b.readUInt32LE(c.at + 4));
      const count = b.readUInt16LE(c.at + 2);
      const parts: Buffer[] = [];
      let got = 0;
      for (let i = 0; i < count && got < len && (i + 1) * 4 <= segs.size; i++) {
        const s = this.cell(b.readUInt32LE(segs.at + i * 4));
        const take = Math.min(s.size, 16344, len - got);
        parts.push(b.subarray(s.at, s.at + take));
        got += take;
      }
      return Buffer.concat(parts);
    }
    return b.subarray(c.at, c.at + Math.min(len, c.size));
  }
}

/** Data as text: strings as strings, numbers as numbers, anything else as upper-case hex. */
function show(d: Buffer, type: number): string | string[] | number {
  const str = (x: Buffer): string => x.toString('utf16le', 0, x.length & ~1).replace(/\0+$/, '');
  switch (type) {
    case 1: case 2: case 6: return str(d);
    case 7: return str(d).split('\0').filter((s) => s !== '');
    case 4: return d.length >= 4 ? d.readUInt32LE(0) : d.toString('hex').toUpperCase();
    case 5: return d.length >= 4 ? d.readUInt32BE(0) : d.toString('hex').toUpperCase();
    case 11: return d.length >= 8 ? String(d.readBigUInt64LE(0)) : d.toString('hex').toUpperCase();
    default: return d.toString('hex').toUpperCase();
  }
}

/** A hive file's bytes as they arrive, held whole (up to HIVE_MAX_SIZE), then its lines. */
export async function* fromRegf(head: Buffer[], rest: AsyncIterator<Buffer>, file: string, warn: (d: Diagnostic) => void): AsyncGenerator<Buffer> {
  const { bytes, cut } = await holdWhole(head, rest, HIVE_MAX_SIZE);
  if (cut) warn({ code: 'regf-partial', message: `${file}: a registry hive over ${HIVE_MAX_SIZE / 1048576} MiB; only its first ${HIVE_MAX_SIZE / 1048576} MiB were read` });
  for (const lines of hiveLines(bytes, file, warn)) yield Buffer.from(lines, 'utf8');
}
