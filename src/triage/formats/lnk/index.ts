// Windows shortcuts (.lnk, MS-SHLLINK): the first stage of many phishing chains (an ISO or ZIP
// holding `Invoice.pdf.lnk` that runs `cmd.exe /c powershell …`). What an analyst needs is what the
// shortcut runs: its target, arguments, working directory and icon, how its window shows, when and
// on which machine it was made. Hand-written by policy (a parser that must survive hostile input):
// every size and offset is checked against the file, strings are bounded, and extra-data blocks are
// walked with a step cap.
import type { Diagnostic } from '../../../model/diagnostic.js';
import { Reader } from '../elf/reader.js';

/** Header size and the shell-link CLSID 00021401-0000-0000-C000-000000000046, as stored. */
const MAGIC = [0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46];

const F = { idList: 0x1, linkInfo: 0x2, name: 0x4, relPath: 0x8, workDir: 0x10, args: 0x20, icon: 0x40, unicode: 0x80 } as const;
const SHOW: Record<number, string> = { 1: 'normal', 3: 'maximized', 7: 'minimized' };
/** Longest string field read (characters); longer ones are cut with a warning. */
const MAX_CHARS = 32_768;
/** Programs that run what their arguments say: a shortcut to one of them with arguments is how these chains start. */
const RUNNERS = /(?:^|[\\/])(?:cmd|powershell|pwsh|mshta|wscript|cscript|rundll32|regsvr32|msiexec|certutil|bitsadmin|curl|conhost|forfiles|explorer|schtasks|wmic|hh|msbuild|installutil|regasm|regsvcs|cmstp|odbcconf|pcalua|scriptrunner|ssh|ftp|finger)\.exe$/i;

export interface LnkInfo {
  /** The target path (LinkInfo's local or network path, else the environment-variable form). */
  target: string | null;
  /** The target as written with environment variables (`%windir%\system32\cmd.exe`), when stored. */
  target_env: string | null;
  arguments: string | null;
  working_dir: string | null;
  relative_path: string | null;
  description: string | null;
  icon_location: string | null;
  icon_index: number;
  show_command: string;
  /** FILETIMEs of the target as ISO 8601 (null when zero). */
  created: string | null;
  accessed: string | null;
  modified: string | null;
  target_size: number;
  /** NetBIOS name of the machine the shortcut was made on (TrackerDataBlock). */
  machine_id: string | null;
  /** Why the shortcut looks like the start of an attack chain (empty when nothing stands out). */
  suspicious: string[];
  warnings: Diagnostic[];
}

/** True for the shell-link header. */
export function isLnk(b: Uint8Array): boolean {
  return b.length >= 0x4c && MAGIC.every((v, i) => b[i] === v);
}

/** Parses a shortcut; null when the header is not a shell link. */
export function parseLnk(bytes: Uint8Array): LnkInfo | null {
  if (!isLnk(bytes)) return null;
  const r = new Reader(bytes);
  const warnings: Diagnostic[] = [];
  const flags = r.u32(0x14)!;
  const unicode = (flags & F.unicode) !== 0;
  const show = r.u32(0x3c)!;
  const info: LnkInfo = {
    target: null, target_env: null, arguments: null, working_dir: null, relative_path: null, description: null, icon_location: null,
    icon_index: r.i32(0x38)!, show_command: SHOW[show] ?? `0x${show.toString(16)}`,
    created: filetime(r, 0x1c), accessed: filetime(r, 0x24), modified: filetime(r, 0x2c), target_size: r.u32(0x34)!,
    machine_id: null, suspicious: [], warnings,
  };
  let at = 0x4c;
  if (flags & F.idList) {
    const n = r.u16(at);
    if (n === undefined || !r.has(at + 2, n)) return truncated(info, 'the target ID list runs past the end of the file');
    at += 2 + n;
  }
  if (flags & F.linkInfo) {
    const size = r.u32(at);
    if (size === undefined || size < 0x1c || !r.has(at, size)) return truncated(info, 'the LinkInfo structure runs past the end of the file');
    info.target = linkInfoPath(bytes, r, at, size);
    at += size;
  }
  const fields: [number, keyof LnkInfo][] = [[F.name, 'description'], [F.relPath, 'relative_path'], [F.workDir, 'working_dir'], [F.args, 'arguments'], [F.icon, 'icon_location']];
  for (const [bit, key] of fields) {
    if ((flags & bit) === 0) continue;
    const chars = r.u16(at);
    if (chars === undefined) return truncated(info, `the ${key.replace('_', ' ')} string is missing`);
    const len = chars * (unicode ? 2 : 1);
    if (!r.has(at + 2, len)) return truncated(info, `the ${key.replace('_', ' ')} string runs past the end of the file`);
    (info[key] as string | null) = decode(bytes.subarray(at + 2, at + 2 + Math.min(len, MAX_CHARS * 2)), unicode);
    at += 2 + len;
  }
  extraData(bytes, r, at, info);
  info.target ??= info.target_env;
  info.suspicious = suspicious(info);
  return info;
}

function truncated(info: LnkInfo, why: string): LnkInfo {
  info.warnings.push({ code: 'lnk-truncated', message: `shortcut cut short: ${why}` });
  info.target ??= info.target_env;
  info.suspicious = suspicious(info);
  return info;
}

/** LinkInfo (§2.3): the local base path (+ common path suffix), or the network share name. */
function linkInfoPath(bytes: Uint8Array, r: Reader, at: number, size: number): string | null {
  const headerSize = r.u32(at + 4)!;
  const flags = r.u32(at + 8)!;
  const str = (off: number | undefined, wide: boolean): string | null => (off !== undefined && off > 0 && off < size ? cstr(bytes.subarray(at + off, at + size), wide) : null);
  const suffix = (headerSize >= 0x24 ? str(r.u32(at + 0x20), true) : null) ?? str(r.u32(at + 0x18), false) ?? '';
  if (flags & 1) {
    const base = (headerSize >= 0x24 ? str(r.u32(at + 0x1c), true) : null) ?? str(r.u32(at + 0x10), false);
    if (base !== null) return base + suffix;
  }
  if (flags & 2) {
    const net = r.u32(at + 0x14);
    if (net !== undefined && net > 0 && net + 0x14 <= size) {
      const nameOff = r.u32(at + net + 8);
      const name = nameOff !== undefined ? str(net + nameOff, false) : null;
      if (name !== null) return suffix ? `${name}\\${suffix}` : name;
    }
  }
  return null;
}

/** Extra data blocks (§2.5): the environment-variable target and the tracker's machine name. */
function extraData(bytes: Uint8Array, r: Reader, at: number, info: LnkInfo): void {
  for (let steps = 0; steps < 64; steps++) {
    const size = r.u32(at);
    if (size === undefined || size < 4) return; // the terminal block (size < 4) or the end of the file
    if (!r.has(at, size) || size < 8) {
      info.warnings.push({ code: 'lnk-truncated', message: 'an extra data block runs past the end of the file' });
      return;
    }
    const sig = r.u32(at + 4)!;
    if (sig === 0xa0000001 && size >= 0x314) {
      info.target_env = cstr(bytes.subarray(at + 0x10c, at + 0x314), true) || cstr(bytes.subarray(at + 8, at + 0x10c), false);
    } else if (sig === 0xa0000003 && size >= 0x60) {
      info.machine_id = cstr(bytes.subarray(at + 0x10, at + 0x20), false);
    }
    at += size;
  }
}

function suspicious(info: LnkInfo): string[] {
  const out: string[] = [];
  const target = info.target ?? info.relative_path ?? '';
  const args = info.arguments ?? '';
  if (RUNNERS.test(target.trim()) && args.trim() !== '') out.push(`runs ${target.split(/[\\/]/).pop()} with arguments`);
  if (/^\s{16,}/.test(args) || /\s{64,}\S/.test(args)) out.push('arguments padded with whitespace (hidden from the Properties dialog)');
  if (args.length > 1024) out.push(`arguments ${args.length} characters long`);
  if (/(?:https?|ftp):\/\/|\\\\[\w.-]+\\/i.test(args)) out.push('arguments name a remote URL or share');
  if (info.show_command === 'minimized' && out.length > 0) out.push('window starts minimized');
  if (info.icon_location !== null && /\.(?:pdf|docx?|xlsx?|txt|jpe?g|png)$|shell32\.dll|imageres\.dll/i.test(info.icon_location) && RUNNERS.test(target.trim())) out.push(`icon borrowed from ${info.icon_location.split(/[\\/]/).pop()}`);
  return out;
}

function decode(b: Uint8Array, wide: boolean): string {
  return wide ? Buffer.from(b.buffer, b.byteOffset, b.length & ~1).toString('utf16le') : Buffer.from(b).toString('latin1');
}

/** A NUL-terminated string at the start of `b`, bounded by it. */
function cstr(b: Uint8Array, wide: boolean): string {
  if (wide) {
    let e = 0;
    while (e + 1 < b.length && (b[e] !== 0 || b[e + 1] !== 0)) e += 2;
    return decode(b.subarray(0, Math.min(e, MAX_CHARS * 2)), true);
  }
  const e = b.indexOf(0);
  return decode(b.subarray(0, Math.min(e === -1 ? b.length : e, MAX_CHARS)), false);
}

function filetime(r: Reader, off: number): string | null {
  const lo = r.u32(off);
  const hi = r.u32(off + 4);
  if (lo === undefined || hi === undefined || (lo === 0 && hi === 0)) return null;
  const ms = (hi * 4294967296 + lo) / 10_000 - 11_644_473_600_000;
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) && ms > -62135596800000 && ms < 253402300800000 ? d.toISOString() : null;
}
