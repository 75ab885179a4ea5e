import { shannonEntropy } from '../../entropy/index.js';
import { Reader, hex } from '../elf/reader.js';
import { FILE_TYPES, LC, LC_NAMES, MH_CIGAM, MH_CIGAM_64, MH_MAGIC, MH_MAGIC_64, cpuName, prot } from './constants.js';
import type { MachoImage, MachoOptions, MachoSection, MachoSegment } from './types.js';

type Warn = (code: string, message: string, offset?: number) => void;
const DYLIB_CMDS = new Set<number>([LC.LOAD_DYLIB, LC.LOAD_WEAK_DYLIB, LC.REEXPORT_DYLIB, LC.LAZY_LOAD_DYLIB, LC.LOAD_UPWARD_DYLIB]);

/** Parse one thin image; `base` is its offset in the outer file (for warnings and reporting). */
export function parseImage(bytes: Uint8Array, base: number, limits: Required<MachoOptions>, warn: Warn): MachoImage | null {
  const magic = new Reader(bytes, false).u32(0);
  if (magic !== MH_MAGIC && magic !== MH_MAGIC_64 && magic !== MH_CIGAM && magic !== MH_CIGAM_64) return null;
  const is64 = magic === MH_MAGIC_64 || magic === MH_CIGAM_64;
  // Big-endian magic read matching MH_CIGAM* means the file itself is little-endian.
  const r = new Reader(bytes, magic === MH_CIGAM || magic === MH_CIGAM_64);
  const cpuType = r.u32(4) ?? 0;
  const img: MachoImage = {
    offset: base, bits: is64 ? 64 : 32, endian: r.le ? 'little' : 'big', cpu: cpuName(cpuType), cpu_type: cpuType,
    file_type: FILE_TYPES[r.u32(12) ?? 0] ?? `0x${(r.u32(12) ?? 0).toString(16)}`, flags: r.u32(24) ?? 0,
    load_commands: [], segments: [], dylibs: [], id_dylib: null, rpaths: [], entry_offset: null, uuid: null,
    code_signature: null, encrypted: false, anomalies: [],
  };
  const ncmds = r.u32(16) ?? 0;
  const sizeofcmds = r.u32(20) ?? 0;
  let p = is64 ? 32 : 28;
  const end = Math.min(bytes.length, p + sizeofcmds);
  if (p + sizeofcmds > bytes.length) warn('truncated', 'load commands run past the end of the image', base + p);
  if (ncmds > limits.maxLoadCommands) warn('limit-load-commands', `${ncmds} load commands, reading ${limits.maxLoadCommands}`, base);
  let sectionBudget = limits.maxSections;
  for (let i = 0; i < Math.min(ncmds, limits.maxLoadCommands); i++) {
    const cmd = r.u32(p);
    const size = r.u32(p + 4);
    if (cmd === undefined || size === undefined || p + 8 > end) {
      warn('truncated', `load command ${i} lies outside the load-command area`, base + p);
      break;
    }
    if (size < 8 || p + size > end) {
      warn('bad-cmdsize', `load command ${i} has size ${size}`, base + p);
      break;
    }
    img.load_commands.push(LC_NAMES[cmd] ?? `0x${cmd.toString(16)}`);
    if (cmd === LC.SEGMENT || cmd === LC.SEGMENT_64) {
      const seg = readSegment(r, p, size, cmd === LC.SEGMENT_64, sectionBudget, limits.entropy);
      sectionBudget -= seg.sections.length;
      img.segments.push(seg);
    } else if (DYLIB_CMDS.has(cmd)) img.dylibs.push(lcStr(r, p, size));
    else if (cmd === LC.ID_DYLIB) img.id_dylib = lcStr(r, p, size);
    else if (cmd === LC.RPATH) img.rpaths.push(lcStr(r, p, size));
    else if (cmd === LC.MAIN) img.entry_offset = r.u64(p + 8) ?? null;
    else if (cmd === LC.UUID && size >= 24) img.uuid = formatUuid(hex(bytes.subarray(p + 8, p + 24)));
    else if (cmd === LC.CODE_SIGNATURE) img.code_signature = { offset: r.u32(p + 8) ?? 0, size: r.u32(p + 12) ?? 0 };
    else if ((cmd === LC.ENCRYPTION_INFO || cmd === LC.ENCRYPTION_INFO_64) && (r.u32(p + 16) ?? 0) !== 0) img.encrypted = true;
    p += size;
  }
  img.anomalies = anomalies(img, bytes.length);
  return img;
}

function readSegment(r: Reader, p: number, size: number, is64: boolean, budget: number, entropy: boolean): MachoSegment {
  const w = (o: number): number => (is64 ? r.u64(p + o) : r.u32(p + o)) ?? 0;
  const seg: MachoSegment = is64
    ? { name: r.fixed(p + 8, 16) ?? '', vmaddr: w(24), vmsize: w(32), fileoff: w(40), filesize: w(48), max_prot: prot(r.u32(p + 56) ?? 0), prot: prot(r.u32(p + 60) ?? 0), sections: [] }
    : { name: r.fixed(p + 8, 16) ?? '', vmaddr: w(24), vmsize: w(28), fileoff: w(32), filesize: w(36), max_prot: prot(r.u32(p + 40) ?? 0), prot: prot(r.u32(p + 44) ?? 0), sections: [] };
  const nsects = r.u32(p + (is64 ? 64 : 48)) ?? 0;
  const head = is64 ? 72 : 56;
  const ent = is64 ? 80 : 68;
  const fit = Math.max(0, Math.floor((size - head) / ent));
  for (let i = 0; i < Math.min(nsects, fit, Math.max(0, budget)); i++) {
    const s = p + head + i * ent;
    const sz = (is64 ? r.u64(s + 40) : r.u32(s + 36)) ?? 0;
    const off = r.u32(s + (is64 ? 48 : 40)) ?? 0;
    const sec: MachoSection = {
      name: r.fixed(s, 16) ?? '', segment: r.fixed(s + 16, 16) ?? '', addr: (is64 ? r.u64(s + 32) : r.u32(s + 32)) ?? 0,
      size: sz, offset: off, entropy: entropy && off > 0 && r.has(off, sz) ? Math.round(shannonEntropy(r.buf, off, off + sz) * 1000) / 1000 : null,
    };
    seg.sections.push(sec);
  }
  return seg;
}

function lcStr(r: Reader, p: number, size: number): string {
  const off = r.u32(p + 8) ?? 0;
  return off >= size ? '' : (r.cstr(p + off, size - off) ?? '');
}

const formatUuid = (h: string): string => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`.toUpperCase();

function anomalies(img: MachoImage, size: number): string[] {
  const out: string[] = [];
  if (img.segments.some((s) => s.prot.includes('w') && s.prot.includes('x'))) out.push('wx-segment');
  if (img.segments.some((s) => s.fileoff + s.filesize > size)) out.push('segment-beyond-eof');
  if (img.file_type === 'execute' && img.entry_offset === null && !img.load_commands.includes('LC_UNIXTHREAD')) out.push('no-entry-point');
  if (img.file_type === 'execute' && !img.segments.some((s) => s.name === '__TEXT')) out.push('no-text-segment');
  return out;
}
