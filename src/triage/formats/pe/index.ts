import type { Diagnostic } from '../../../model/diagnostic.js';
import { Bytes } from './bytes.js';
import { DIRECTORY_NAMES, DIR, DLL_FLAGS, FILE_FLAGS, MACHINES, SUBSYSTEMS, decodeFlags } from './constants.js';
import { parseDotnet } from './dotnet/index.js';
import { parseExports } from './exports.js';
import { computeChecksum, parseAuthenticode, parseDebug, parseRelocations, parseTls } from './extras.js';
import { describeEntry, describeSection, describeTimestamp } from './facts.js';
import { parseHeaders, parseSectionTable, peHeaderOffset } from './headers.js';
import { PeImage } from './image.js';
import { computeImphash, parseDelayImports, parseImports } from './imports.js';
import { parseOverlay } from './overlay.js';
import { parseResources } from './resources.js';
import { parseRich } from './rich.js';
import { findAnomalies } from './anomalies.js';
import { PE_DEFAULTS, type PeInfo, type PeLimits, type PeOptions } from './types.js';

export type * from './types.js';
export type * from './dotnet/types.js';
export { PE_DEFAULTS } from './types.js';
export { computeImphash } from './imports.js';
// The zod schemas (DotnetInfoSchema, PeInfoSchema) are imported from './schema.js' directly: a
// re-export here would evaluate zod in every triage worker, which only needs the parser.

/**
 * True when the bytes start with an MZ header whose e_lfanew points at a `PE\0\0` signature.
 * @example isPe(await readFile('notepad.exe')) // true
 */
export function isPe(bytes: Uint8Array): boolean {
  return peHeaderOffset(new Bytes(bytes)) !== undefined;
}

/**
 * Parse a PE32/PE32+ image (EXE, DLL, driver, .NET assembly) without ever throwing on malformed
 * input: damaged parts are left empty and explained in `warnings`. Returns null when the bytes are
 * not MZ/PE at all. Every file-controlled count is capped by `opts` (defaults in `PE_DEFAULTS`).
 * @example
 * const pe = parsePe(bytes, { now: Date.now() });
 * if (pe) console.log(pe.machine, pe.imphash, pe.sections.map((s) => s.name));
 */
export function parsePe(bytes: Uint8Array, opts: PeOptions = {}): PeInfo | null {
  const b = new Bytes(bytes);
  const peOffset = peHeaderOffset(b);
  if (peOffset === undefined) return null;
  const limits: PeLimits = { ...PE_DEFAULTS, ...opts };
  const early: Diagnostic[] = [];
  const img = new PeImage(b, parseHeaders(b, peOffset, (c, m, o) => pushWarning(early, c, m, o)), limits);
  for (const w of early) img.warnings.push(w);
  img.setSections(parseSectionTable(b, img.h, limits.maxSections, (c, m, o) => img.warn(c, m, o)));
  for (const s of img.sections) {
    if (s.rawSize > 0 && s.rawPtr + s.rawSize > b.length) img.warn('truncated', `section ${s.name} runs past the end of the file`, s.headerOffset);
  }
  return assemble(img);
}

function pushWarning(list: Diagnostic[], code: string, message: string, offset?: number): void {
  list.push(offset === undefined ? { code, message } : { code, message, offset });
}

function assemble(img: PeImage): PeInfo {
  const h = img.h;
  const dll = (h.characteristics & 0x2000) !== 0;
  const g = <T>(what: string, fn: (img: PeImage) => T, fallback: T): T => guard(img, what, fn, fallback);
  const imports = [...g('imports', parseImports, []), ...g('delay imports', parseDelayImports, [])];
  const entry = describeEntry(img);
  const computed = img.limits.checksum ? computeChecksum(img.b.buf, h.checksumOffset) : null;
  const v = (p: [number, number]): string => `${p[0]}.${p[1]}`;
  return {
    format: h.is64 ? 'pe32+' : 'pe32',
    machine: MACHINES[h.machine] ?? `0x${h.machine.toString(16)}`,
    machine_id: h.machine,
    bits: h.is64 ? 64 : 32,
    characteristics: { value: h.characteristics, flags: decodeFlags(h.characteristics, FILE_FLAGS) },
    dll,
    driver: isDriver(img, imports.map((i) => i.dll)),
    subsystem: SUBSYSTEMS[h.subsystem] ?? `#${h.subsystem}`,
    subsystem_id: h.subsystem,
    dll_characteristics: { value: h.dllCharacteristics, flags: decodeFlags(h.dllCharacteristics, DLL_FLAGS) },
    entry_point: entry,
    image_base: h.imageBase,
    timestamp: describeTimestamp(h.timestamp, img.limits.now),
    linker_version: v(h.linker),
    os_version: v(h.osVersion),
    subsystem_version: v(h.subsystemVersion),
    image_version: v(h.imageVersion),
    size_of_image: h.sizeOfImage,
    size_of_headers: h.sizeOfHeaders,
    file_alignment: h.fileAlignment,
    section_alignment: h.sectionAlignment,
    checksum: { stored: h.checksum, computed },
    sections: img.sections.map((s) => describeSection(img, s)),
    data_directories: h.directories.map((d, index) => ({ index, name: DIRECTORY_NAMES[index] ?? `#${index}`, rva: d.rva, size: d.size })),
    imports,
    imphash: computeImphash(imports),
    exports: g('exports', parseExports, null),
    resources: g('resources', parseResources, []),
    overlay: g('overlay', parseOverlay, null),
    rich: g('rich header', (i) => parseRich(i.b, h.optOffset), null),
    tls: g('tls', parseTls, null),
    relocations: g('relocations', parseRelocations, null),
    authenticode: g('certificates', parseAuthenticode, null),
    debug: g('debug directory', parseDebug, []),
    dotnet: img.dir(DIR.COM_DESCRIPTOR) ? g('.NET metadata', parseDotnet, null) : null,
    anomalies: g('anomalies', (i) => findAnomalies(i, entry, dll, computed), []),
    warnings: img.warnings,
  };
}

/**
 * Last line of defence: a directory parser that throws (a bug, since they are written not to) costs
 * that directory only, and the failure is reported as a warning rather than lost.
 */
function guard<T>(img: PeImage, what: string, fn: (img: PeImage) => T, fallback: T): T {
  try {
    return fn(img);
  } catch (e) {
    img.warn('internal-error', `${what}: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}

/** Kernel drivers: native subsystem or WDM flag, or imports of the kernel (as pefile is_driver). */
function isDriver(img: PeImage, dlls: string[]): boolean {
  if ((img.h.dllCharacteristics & 0x2000) !== 0) return true;
  const kernel = new Set(['ntoskrnl.exe', 'hal.dll', 'ndis.sys', 'bootvid.dll', 'kdcom.dll']);
  if (dlls.some((d) => kernel.has(d.toLowerCase()))) return true;
  return img.h.subsystem === 1 && img.sections.some((s) => ['page', 'paged'].includes(s.name.toLowerCase()));
}
