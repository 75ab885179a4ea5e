/**
 * Format step: sniff, then run the matching parser (PE, ELF, Mach-O) and turn its output into the
 * record's format fields, the capability features and the description line. Parsers never throw by
 * contract; a throw is still caught here and reported, so one parser bug costs one file's details.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Region, TriageFormat } from '../../model/triage-result.js';
import type { Feature } from '../../rules/features.js';
import type { ArchiveEntry, ArchiveOptions } from '../formats/archive/index.js';
import { parseElf, type ElfInfo } from '../formats/elf/index.js';
import { parseMacho, type MachoInfo } from '../formats/macho/index.js';
import { parsePe, type PeInfo } from '../formats/pe/index.js';
import { detectFormat } from '../detect.js';
import type { RangeEntropy } from '../entropy/index.js';
import { documentFacts } from './documents.js';

/** What the format step learned about one file. */
export interface FormatFacts {
  format: TriageFormat;
  description: string;
  arch: string | null;
  bits: number | null;
  dotnet: boolean;
  details: Record<string, unknown>;
  warnings: Diagnostic[];
  features: Feature[];
  overlay: Region | null;
  imphash?: string;
  rich?: string;
  /** Parsed PE, for the packer step. */
  pe?: PeInfo;
  elf?: ElfInfo;
  /** Archive members with bytes, for member triage. */
  members?: ArchiveEntry[];
}

const empty = (format: TriageFormat, description: string): FormatFacts => ({
  format, description, arch: null, bits: null, dotnet: false, details: {}, warnings: [], features: [{ kind: 'format', value: format }], overlay: null,
});

/**
 * Detects and parses `bytes`; `now` feeds PE timestamp anomalies; `rangeEntropy`, when given, answers
 * section entropies over `bytes` (ELF) without another pass over them.
 */
export function formatFacts(bytes: Uint8Array, now: number | undefined, archive: ArchiveOptions = {}, rangeEntropy?: RangeEntropy): FormatFacts {
  let format: TriageFormat = 'data';
  try {
    const detected = detectFormat(bytes);
    format = detected.format;
    if (format === 'pe') {
      const pe = parsePe(bytes, now === undefined ? {} : { now });
      return pe ? peFacts(pe) : { ...empty('data', 'data (MZ header without a valid PE header)') };
    }
    if (format === 'elf') {
      const elf = parseElf(bytes, rangeEntropy === undefined ? {} : { rangeEntropy });
      return elf ? elfFacts(elf) : empty('data', 'data (ELF magic, unreadable header)');
    }
    if (format === 'macho') {
      const m = parseMacho(bytes);
      return m ? machoFacts(m) : empty('data', 'data (Mach-O magic, unreadable header)');
    }
    const f = empty(format, detected.description);
    const doc = documentFacts(bytes, format, archive);
    if (doc) {
      f.details = doc.details;
      const msg = doc.details['msg'] as { subject: string | null; attachments: unknown[] } | undefined;
      if (msg !== undefined) f.description = `Outlook message${msg.subject ? ` "${msg.subject.slice(0, 80)}"` : ''}, ${msg.attachments.length} attachment(s)`;
      for (const w of doc.warnings) f.warnings.push(w);
      if (doc.members) f.members = doc.members;
    }
    return f;
  } catch (e) {
    const f = empty('data', 'data (parser failed)');
    f.warnings.push({ code: 'internal-error', message: `${format} parser: ${e instanceof Error ? e.message : String(e)}` });
    return f;
  }
}

/** PE machine names as the record's `arch` (ELF's spelling, so one filter works for both). */
const ARCH: Record<string, string> = { x64: 'x86-64', armnt: 'arm' };

function peFacts(pe: PeInfo): FormatFacts {
  const { warnings, ...details } = pe;
  const kind = pe.driver ? 'driver' : pe.dll ? 'DLL' : 'executable';
  const arch = ARCH[pe.machine] ?? pe.machine.toLowerCase();
  const dotnet = pe.dotnet !== null;
  const description = `${pe.format === 'pe32+' ? 'PE32+' : 'PE32'} ${kind} (${pe.subsystem}) ${arch}${dotnet ? ', .NET assembly' : ''}, ${pe.sections.length} sections`;
  const features: Feature[] = [{ kind: 'format', value: 'pe' }];
  for (const imp of pe.imports) {
    for (const fn of imp.functions) {
      features.push({ kind: 'import', value: `${imp.dll}!${fn.name ?? `#${fn.ordinal ?? 0}`}` });
    }
  }
  for (const e of pe.exports?.functions ?? []) if (e.name) features.push({ kind: 'export', value: e.name });
  for (const s of pe.sections) features.push({ kind: 'section', value: s.name });
  if (pe.dotnet) {
    features.push({ kind: 'format', value: 'dotnet' });
    for (const v of [...pe.dotnet.member_refs, ...pe.dotnet.type_refs, ...pe.dotnet.pinvoke]) features.push({ kind: 'dotnet-member', value: v });
    for (const v of pe.dotnet.user_strings) features.push({ kind: 'string', value: v });
  }
  for (const a of pe.anomalies) features.push({ kind: 'characteristic', value: a });
  if (pe.tls?.callbacks.length) features.push({ kind: 'characteristic', value: 'tls-callbacks' });
  const overlay = pe.overlay ? { offset: pe.overlay.offset, size: pe.overlay.size, entropy: pe.overlay.entropy ?? 0 } : null;
  const facts: FormatFacts = { format: 'pe', description, arch, bits: pe.bits, dotnet, details: { pe: details }, warnings, features, overlay, imphash: pe.imphash, pe };
  if (pe.rich) facts.rich = pe.rich.hash;
  return facts;
}

function elfFacts(elf: ElfInfo): FormatFacts {
  const { warnings, ...details } = elf;
  const description = `ELF ${elf.bits}-bit ${elf.endian === 'little' ? 'LSB' : 'MSB'} ${elf.type} ${elf.machine}${elf.interpreter ? `, interpreter ${elf.interpreter}` : ''}${elf.needed.length ? `, ${elf.needed.length} libraries` : ''}`;
  const features: Feature[] = [{ kind: 'format', value: 'elf' }];
  for (const s of elf.symbols) features.push({ kind: 'import', value: s });
  for (const n of elf.needed) features.push({ kind: 'import', value: `${n}!` });
  for (const s of elf.sections) features.push({ kind: 'section', value: s.name });
  for (const a of elf.anomalies) features.push({ kind: 'characteristic', value: a });
  return { format: 'elf', description, arch: elf.machine.toLowerCase(), bits: elf.bits, dotnet: false, details: { elf: details }, warnings, features, overlay: null, elf };
}

function machoFacts(m: MachoInfo): FormatFacts {
  const { warnings, ...details } = m;
  const first = m.images[0];
  const description = `Mach-O ${m.fat ? 'universal binary' : `${first?.bits ?? '?'}-bit ${first?.file_type ?? ''}`} ${m.archs.join(', ')}`.trim();
  const features: Feature[] = [{ kind: 'format', value: 'macho' }];
  for (const img of m.images) {
    for (const d of img.dylibs) features.push({ kind: 'import', value: `${d}!` });
    for (const s of img.segments) features.push({ kind: 'section', value: s.name });
  }
  return { format: 'macho', description, arch: m.archs.length === 1 ? m.archs[0]! : m.fat ? 'universal' : null, bits: first?.bits ?? null, dotnet: false, details: { macho: details }, warnings, features, overlay: null };
}
