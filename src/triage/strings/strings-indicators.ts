/**
 * Indicators in a binary's strings, found by the `extract` engine itself (same types, same rules)
 * and mapped back to file offsets.
 */
import type { Indicator } from '../../model/indicator.js';
import type { FoundString, StringTable } from './string-table.js';
import { lastAtOrBefore } from '../../util/search.js';
import { findEncodedCommands } from '../../extract/indicators/encoded-commands.js';

/** The text engine: `extractIndicators` from src/extract/indicators, or a wrapper fixing its options. */
export type IndicatorExtractor = (text: string) => Indicator[];

/** An indicator of a file (the model's `FileIocSchema`): occurrences and `file_offsets` in bytes. */
export type FileIndicator = Indicator & { file_offsets: number[] };

/**
 * Runs `extract` once over the strings joined by newlines (no string holds one, so an indicator
 * never spans two strings), then rewrites every occurrence: `offset` becomes the file offset of
 * its first byte and `line` the 1-based number of the string it was found in; `file_offsets`
 * lists the same offsets.
 * @example
 * const { strings } = extractStrings(bytes);
 * stringsIndicators(strings, (t) => extractIndicators(t)); // [{ type: 'url', occurrences: [{ offset: 8120, ... }] }]
 */
export function stringsIndicators(strings: readonly FoundString[], extract: IndicatorExtractor): FileIndicator[] {
  const starts = new Int32Array(strings.length);
  const offsets = new Float64Array(strings.length);
  const wide = new Uint8Array(strings.length);
  let at = 0;
  strings.forEach((s, i) => {
    starts[i] = at;
    offsets[i] = s.offset;
    wide[i] = s.encoding === 'utf16le' ? 1 : 0;
    at += s.value.length + 1;
  });
  return mapIndicators(extract(strings.map((s) => s.value).join('\n')), starts, offsets, wide);
}

/**
 * {@link stringsIndicators} over a {@link StringTable}: the engine runs on the table's joined text
 * as it is (no per-string objects, no join).
 * @example tableIndicators(scanStrings(bytes), (t) => extractIndicators(t));
 */
export function tableIndicators(t: StringTable, extract: IndicatorExtractor): FileIndicator[] {
  return t.count === 0 ? [] : mapIndicators(extract(t.text), t.starts, t.offsets, t.wide);
}

/** The engine with a limit: the first `max` indicators extractIndicators gives, and how many it gives (`extractIndicatorsUpTo`). */
export type LimitedIndicatorExtractor = (text: string, max: number) => { indicators: Indicator[]; total: number };

/**
 * {@link tableIndicators} keeping the first `max` indicators (by first offset); `found` counts them all.
 * @example const { iocs, found } = tableIndicatorsUpTo(scanStrings(bytes), (t, n) => extractIndicatorsUpTo(t, n), 10_000);
 */
export function tableIndicatorsUpTo(t: StringTable, extract: LimitedIndicatorExtractor, max: number): { iocs: FileIndicator[]; found: number } {
  if (t.count === 0) return { iocs: [], found: 0 };
  const r = extract(t.text, max);
  return { iocs: mapIndicators(r.indicators, t.starts, t.offsets, t.wide), found: r.total };
}

/** Rewrites occurrences found in the joined text to file offsets and 1-based string numbers. */
function mapIndicators(found: Indicator[], starts: Int32Array, offsets: Float64Array, wide: Uint8Array): FileIndicator[] {
  return found.map((ind) => {
    const occurrences = ind.occurrences.map((occ) => {
      const i = lastAtOrBefore(starts, occ.offset);
      return { ...occ, offset: offsets[i]! + (occ.offset - starts[i]!) * (wide[i] === 1 ? 2 : 1), line: i + 1 };
    });
    return { ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) };
  });
}

/** ASCII strings shorter than this may be chance text (see withoutChanceText). */
export const CHANCE_STRING_LENGTH = 16;
/** Bytes read on each side of a string to see whether it sits among binary bytes. */
const SIDE = 32;

/**
 * The indicators without their occurrences in chance text, and how many indicators were left with
 * none (dropped). Encrypted or compressed bytes are printable here and there by chance, and the
 * engine reads some of those runs as indicators: 10 MB of random bytes gave 44 (`4o.lu`, `O:\V`,
 * `c::8`), and an AES-encrypted payload, the commonest thing triaged, is such bytes. An occurrence
 * is chance text when its string is ASCII, shorter than 16 characters (a printable run that long turns
 * up about once in 8 MB of random bytes), inside a high-entropy region, and has binary bytes (neither
 * printable nor NUL) making up a third or more of the 32 bytes on each side. The last test keeps
 * real strings at a region's edge (a region is whole 1 KiB windows, so it can reach into the
 * strings next to a table of constants: `/proc/%ld/fd` in ssh-add).
 * @example const { iocs, dropped } = withoutChanceText(found.iocs, table, bytes, entropy.regions);
 */
export function withoutChanceText(iocs: readonly FileIndicator[], t: StringTable, bytes: Uint8Array, regions: readonly { offset: number; size: number }[]): { iocs: FileIndicator[]; dropped: number } {
  if (regions.length === 0) return { iocs: [...iocs], dropped: 0 };
  const inRegion = (offset: number): boolean => {
    // Regions are sorted and apart: the last one starting at or before `offset`.
    let lo = 0, hi = regions.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid]!.offset <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at >= 0 && offset < regions[at]!.offset + regions[at]!.size;
  };
  const binarySide = (from: number, to: number): boolean => {
    from = Math.max(0, from);
    to = Math.min(bytes.length, to);
    if (to - from < 8) return true;
    let binary = 0;
    for (let i = from; i < to; i++) {
      const c = bytes[i]!;
      if (c !== 0 && (c < 0x20 || c > 0x7e) && c !== 9 && c !== 10 && c !== 13) binary++;
    }
    return 3 * binary >= to - from;
  };
  const chance = (line: number | undefined, offset: number): boolean => {
    if (line === undefined || line < 1 || line > t.count) return false;
    const i = line - 1;
    if (t.wide[i] !== 0 || t.lengths[i]! >= CHANCE_STRING_LENGTH || !inRegion(offset)) return false;
    const start = t.offsets[i]!, end = start + t.lengths[i]!;
    return binarySide(start - SIDE, start) && binarySide(end, end + SIDE);
  };
  const out: FileIndicator[] = [];
  let dropped = 0;
  for (const ind of iocs) {
    const occurrences = ind.occurrences.filter((o) => !chance(o.line, o.offset));
    if (occurrences.length === ind.occurrences.length) out.push(ind);
    else if (occurrences.length === 0) dropped++;
    else out.push({ ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) });
  }
  return { iocs: out, dropped };
}

/**
 * The indicators without their occurrences inside the given byte ranges (file structure that holds
 * names, not text: an ELF's section-name table, where `.note.gnu.property` and `.plt.got` read as
 * domains in every modern ELF); an indicator left with none is dropped.
 * @example withoutRanges(iocs, [{ offset: 278668, size: 276 }]);
 */
export function withoutRanges(iocs: readonly FileIndicator[], ranges: readonly { offset: number; size: number }[]): FileIndicator[] {
  if (ranges.length === 0) return [...iocs];
  const inside = (o: number): boolean => ranges.some((r) => o >= r.offset && o < r.offset + r.size);
  const out: FileIndicator[] = [];
  for (const ind of iocs) {
    const occurrences = ind.occurrences.filter((o) => !inside(o.offset));
    if (occurrences.length === ind.occurrences.length) out.push(ind);
    else if (occurrences.length > 0) out.push({ ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) });
  }
  return out;
}

/** The words ELF section names are made of (`.rela.data.rel.ro`, `.gnu.linkonce.lb`, `.note.gnu.property`). */
const SECTION_WORDS = new Set([
  'rela', 'rel', 'data', 'ro', 'gnu', 'linkonce', 'lb', 'lr', 'lt', 'td', 'tb', 'wi', 'sb', 's', 's2', 'sb2', 'p', 'e', 't', 'r', 'b', 'd', 'note', 'property', 'build-id', 'abi-tag', 'plt', 'got', 'sec',
  'init_array', 'fini_array', 'preinit_array', 'debug_info', 'eh_frame', 'eh_frame_hdr', 'text', 'bss', 'rodata', 'tdata', 'tbss', 'ctors', 'dtors',
  'version', 'version_r', 'version_d', 'hash', 'dynsym', 'dynstr', 'symtab', 'strtab', 'comment', 'stab', 'stabstr', 'sdata', 'sbss', 'lbss', 'ldata',
  'lrodata', 'attributes', 'warning', 'stapsdt', 'base', 'probes', 'package', 'go', 'buildid', 'llvm', 'addrsig',
]);

/**
 * The indicators without their occurrences in strings that are an ELF section name (a dot, then
 * only section words: `.rela.data.rel.ro`, `.plt.got`), wherever they are written: the linkers,
 * debuggers and object archives on every Linux system name sections in their text, and each read
 * as a domain (`rela.data.rel.ro` in 45 of 1,505 system files). An indicator left with none is dropped.
 * @example withoutSectionNames(iocs, scanStrings(bytes));
 */
export function withoutSectionNames(iocs: readonly FileIndicator[], t: StringTable): FileIndicator[] {
  const sectionName = (line: number | undefined, value: string): boolean => {
    if (line === undefined || line < 1 || line > t.count) return false;
    const i = line - 1;
    const s = t.text.slice(t.starts[i]!, t.starts[i]! + t.lengths[i]!);
    return s.length === value.length + 1 && s[0] === '.' && s.slice(1).toLowerCase() === value.toLowerCase() && value.toLowerCase().split('.').every((w) => SECTION_WORDS.has(w));
  };
  const out: FileIndicator[] = [];
  for (const ind of iocs) {
    if (ind.type !== 'domain') {
      out.push(ind);
      continue;
    }
    const occurrences = ind.occurrences.filter((o) => !sectionName(o.line, ind.value));
    if (occurrences.length === ind.occurrences.length) out.push(ind);
    else if (occurrences.length > 0) out.push({ ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset) });
  }
  return out;
}

/** A PowerShell encoded command of a file's strings, decoded: its base64's file offset and the command. */
export interface DecodedCommand {
  kind: 'powershell-encoded-command';
  offset: number;
  command: string;
}

/** Characters of a decoded command kept in the record (its indicators come from all of it). */
const COMMAND_SHOWN = 2000;

/**
 * The PowerShell encoded commands of a string table, decoded (encoded-commands.ts), and the
 * indicators the engine finds in them: each occurrence at the file offset of the base64 it was
 * decoded from, tagged `decoded`. A sample that runs `powershell -w hidden -enc SQBFAFgA…` keeps
 * the URL it fetches out of every plain string search.
 * @example const { commands, iocs } = decodedCommandIndicators(scanStrings(bytes), (t) => extractIndicators(t));
 */
export function decodedCommandIndicators(t: StringTable, extract: IndicatorExtractor): { commands: DecodedCommand[]; iocs: FileIndicator[] } {
  const commands: DecodedCommand[] = [];
  const iocs: FileIndicator[] = [];
  if (t.count === 0) return { commands, iocs };
  for (const c of findEncodedCommands(t.text)) {
    const i = lastAtOrBefore(t.starts, c.start);
    const offset = t.offsets[i]! + (c.start - t.starts[i]!) * (t.wide[i] === 1 ? 2 : 1);
    commands.push({ kind: 'powershell-encoded-command', offset, command: c.text.length > COMMAND_SHOWN ? `${c.text.slice(0, COMMAND_SHOWN)}…` : c.text });
    for (const ind of extract(c.text)) {
      const occurrences = ind.occurrences.map((o) => ({ ...o, offset, line: i + 1 }));
      iocs.push({ ...ind, occurrences, file_offsets: occurrences.map((o) => o.offset), tags: [...ind.tags, 'decoded'] });
    }
  }
  return { commands, iocs };
}
