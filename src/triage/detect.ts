import type { TriageFormat } from '../model/triage-result.js';
import { parseElf, isElf } from './formats/elf/index.js';
import { isMacho, parseMacho } from './formats/macho/index.js';
import { isPe } from './formats/pe/index.js';
import { tarChecksumOk } from './formats/archive/tar.js';
import { isIso } from './formats/archive/iso.js';
import { isOle, parseOle } from './formats/document/ole.js';
import { isPdf } from './formats/document/pdf.js';
import { classifyScript } from './formats/script/index.js';
import { isLnk, parseLnk } from './formats/lnk/index.js';
import { latin1 } from './formats/elf/reader.js';

export interface DetectedFormat {
  format: TriageFormat;
  /** Short human description, e.g. `ELF 64-bit LSB DYN x86-64`, `ZIP archive (OOXML docx)`. */
  description: string;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/**
 * Identify a file by magic and content (never by name). Order matters: executables first, then
 * containers, documents, and finally text and scripts. Cheap: parsers run only on files whose magic
 * already matched, and text checks read at most the first 64 KiB.
 * @example detectFormat(new TextEncoder().encode('#!/bin/sh\necho hi\n')) // { format: 'script', description: 'shell script' }
 */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) return { format: 'empty', description: 'empty file' };
  if (isPe(bytes)) return { format: 'pe', description: describePe(bytes) };
  if (isElf(bytes)) {
    const e = parseElf(bytes, { entropy: false, maxSymbols: 0 });
    return { format: 'elf', description: e ? `ELF ${e.bits}-bit ${e.endian === 'little' ? 'LSB' : 'MSB'} ${e.type} ${e.machine}` : 'ELF' };
  }
  if (isMacho(bytes)) {
    const m = parseMacho(bytes, { entropy: false, maxLoadCommands: 0 });
    const img = m?.images[0];
    const what = m?.fat ? `Mach-O universal binary (${m.archs.join(', ')})` : `Mach-O ${img?.bits ?? ''}-bit ${img?.file_type ?? ''} ${img?.cpu ?? ''}`;
    return { format: 'macho', description: what.replace(/\s+/g, ' ').trim() };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return describeZip(bytes);
  if (startsWith(bytes, [0x1f, 0x8b])) return { format: 'gzip', description: 'gzip compressed data' };
  if (isIso(bytes)) return { format: 'iso', description: 'ISO 9660 disc image' };
  if (isTar(bytes)) return { format: 'tar', description: 'POSIX tar archive' };
  if (isPdf(bytes)) return { format: 'pdf', description: `PDF document${pdfVersion(bytes)}` };
  if (isOle(bytes)) {
    const o = parseOle(bytes, 256);
    return { format: 'office', description: `OLE2 compound document (${o?.kind ?? 'ole'}${o?.vba ? ', VBA macros' : ''})` };
  }
  if (isLnk(bytes)) {
    const target = parseLnk(bytes)?.target;
    return { format: 'lnk', description: `Windows shortcut${target ? ` to ${target}` : ''}` };
  }
  return describeText(bytes);
}

const PE_MACHINES: Record<number, string> = { 0x14c: 'Intel 80386', 0x8664: 'x86-64', 0x1c0: 'ARM', 0xaa64: 'ARM64', 0x1c4: 'ARMv7 Thumb' };

/** `PE32+ executable (DLL) x86-64` from the COFF and optional headers only (isPe validated them). */
function describePe(b: Uint8Array): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const pe = v.getUint32(0x3c, true);
  const at = (o: number, n: number): number | undefined => (pe + o + n <= b.length ? (n === 2 ? v.getUint16(pe + o, true) : v.getUint32(pe + o, true)) : undefined);
  const machine = at(4, 2) ?? 0;
  const dll = ((at(22, 2) ?? 0) & 0x2000) !== 0;
  const kind = at(24, 2) === 0x20b ? 'PE32+' : 'PE32';
  return `${kind} ${dll ? 'DLL' : 'executable'} ${PE_MACHINES[machine] ?? `machine 0x${machine.toString(16)}`}`;
}

function isTar(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  if (startsWith(b, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return true;
  // Old (v7) tar has no magic: a valid header checksum over a plausible name is the tell.
  return b[0] !== 0 && tarChecksumOk(b.subarray(0, 512));
}

function pdfVersion(b: Uint8Array): string {
  const head = latin1(b.subarray(0, 1040));
  const m = /%PDF-(\d\.\d)/.exec(head);
  return m ? ` ${m[1]}` : '';
}

/** OOXML, JAR and APK are ZIPs told apart by member names (central directory at the end, local headers at the start). */
function describeZip(b: Uint8Array): DetectedFormat {
  const names = latin1(b.subarray(0, 65536)) + latin1(b.subarray(Math.max(0, b.length - 65536)));
  if (names.includes('[Content_Types].xml')) {
    const kind = names.includes('word/') ? 'docx' : names.includes('xl/') ? 'xlsx' : names.includes('ppt/') ? 'pptx' : 'ooxml';
    return { format: 'office', description: `Office Open XML (${kind})${names.includes('vbaProject.bin') ? ' with VBA project' : ''}` };
  }
  if (names.includes('AndroidManifest.xml') || names.includes('classes.dex')) return { format: 'zip', description: 'ZIP archive (Android APK)' };
  if (names.includes('META-INF/MANIFEST.MF')) return { format: 'zip', description: 'ZIP archive (Java JAR)' };
  const encrypted = b.length > 8 && ((b[6] ?? 0) & 1) === 1;
  return { format: 'zip', description: `ZIP archive${encrypted ? ' (encrypted members)' : ''}` };
}

function describeText(bytes: Uint8Array): DetectedFormat {
  const sample = bytes.subarray(0, 65536);
  let text: string | null = null;
  if (startsWith(sample, [0xff, 0xfe])) text = Buffer.from(sample.subarray(2, sample.length & ~1)).toString('utf16le');
  else if (isMostlyText(sample)) text = new TextDecoder('utf-8').decode(startsWith(sample, [0xef, 0xbb, 0xbf]) ? sample.subarray(3) : sample);
  if (text === null) return { format: 'data', description: binaryLogDescription(bytes) ?? 'data' };
  const script = classifyScript(text);
  if (script) return { format: 'script', description: `${script.language} script${script.flags.length ? ` (${script.flags.join(', ')})` : ''}` };
  return { format: 'text', description: 'text' };
}

/** No NUL bytes and at least 95% printable ASCII, whitespace or UTF-8 lead/continuation bytes. */
function isMostlyText(b: Uint8Array): boolean {
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) bad++;
  }
  return bad <= b.length * 0.05;
}

/**
 * Log files that are binary by design, named by their signature (data to triage; `pillbox hunt`
 * reads their records): a Windows event log, a registry hive or a systemd journal file.
 */
export function binaryLogDescription(b: Uint8Array): string | null {
  const sig = Buffer.from(b.subarray(0, 8)).toString('latin1');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (sig === 'ElfFile\0' && b.length >= 44) return `Windows event log (EVTX ${v.getUint16(38, true)}.${v.getUint16(36, true)}, ${v.getUint16(42, true)} chunks)`;
  if (sig.startsWith('regf') && b.length >= 112) {
    const name = Buffer.from(b.subarray(48, 112)).toString('utf16le').replace(/\0.*$/s, '');
    return `Windows registry hive${name ? ` (${name})` : ''}`;
  }
  if (sig === 'LPKSHHRH' && b.length >= 17) return `systemd journal file (${['offline', 'online', 'archived'][b[16] as number] ?? 'state unknown'})`;
  return null;
}
