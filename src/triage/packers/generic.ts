import type { PackerHit } from '../../model/triage-result.js';
import type { ElfInfo } from '../formats/elf/types.js';
import type { PeInfo } from '../formats/pe/types.js';
import { combine } from './signatures.js';
import type { Clue } from './types.js';

/**
 * Packer-agnostic "packed or encrypted" score from structure: high entropy (file or executable
 * sections), a tiny import table, writable-and-executable memory, an entry point outside the first
 * code section, sections with no file data but a large virtual size. For a PE with an overlay,
 * `entropy` should cover the image only (an appended blob is reported as the overlay instead).
 * Returns null below 0.3.
 */
export function genericPacked(entropy: number, pe?: PeInfo | null, elf?: ElfInfo | null): PackerHit | null {
  const clues: Clue[] = [];
  if (entropy >= 7.2) clues.push({ text: `${pe?.overlay ? 'image (without overlay)' : 'file'} entropy ${entropy.toFixed(2)} bits/byte`, weight: 0.45, structural: true });
  if (pe) peClues(pe, clues);
  if (elf) elfClues(elf, clues);
  const confidence = round(Math.min(0.95, combine(clues)));
  if (confidence < 0.3) return null;
  return { name: 'generic-packed', confidence, evidence: clues.map((c) => c.text) };
}

function peClues(pe: PeInfo, clues: Clue[]): void {
  const exec = pe.sections.filter((s) => s.perms.includes('x'));
  const hot = exec.filter((s) => (s.entropy ?? 0) >= 7.0 && s.raw_size >= 512);
  if (hot.length > 0) clues.push({ text: `high-entropy executable section ${hot.map((s) => `${s.name} (${(s.entropy ?? 0).toFixed(2)})`).join(', ')}`, weight: 0.4, structural: true });
  const fns = pe.imports.filter((i) => !i.delayed).reduce((n, i) => n + i.functions.length, 0);
  if (!pe.dotnet && fns <= 8) clues.push({ text: `only ${fns} imported functions`, weight: fns === 0 ? 0.2 : 0.25, structural: true });
  const wx = pe.sections.filter((s) => s.perms.includes('w') && s.perms.includes('x'));
  if (wx.length > 0) clues.push({ text: `writable and executable section ${wx.map((s) => s.name).join(', ')}`, weight: 0.3, structural: true });
  if (pe.anomalies.includes('entry-not-in-first-code-section')) clues.push({ text: `entry point in ${pe.entry_point.section ?? 'no section'}, not the first code section`, weight: 0.25, structural: true });
  const virt = pe.sections.filter((s) => s.raw_size === 0 && s.virtual_size >= 0x10000);
  if (virt.length > 0) clues.push({ text: `section with no file data but virtual size ≥ 64 KiB: ${virt.map((s) => s.name).join(', ')}`, weight: 0.25, structural: true });
}

function elfClues(elf: ElfInfo, clues: Clue[]): void {
  if (elf.anomalies.includes('no-section-headers')) clues.push({ text: 'no section headers', weight: 0.25, structural: true });
  if (elf.anomalies.includes('wx-segment')) clues.push({ text: 'writable and executable PT_LOAD', weight: 0.3, structural: true });
  if (elf.anomalies.includes('entry-outside-load')) clues.push({ text: 'entry point outside every PT_LOAD', weight: 0.3, structural: true });
  if ((elf.type === 'EXEC' || elf.type === 'DYN') && elf.interpreter === null && elf.needed.length === 0 && elf.section_header_count === 0 && elf.segments.length > 0) {
    clues.push({ text: 'no interpreter, no needed libraries and no sections', weight: 0.15, structural: true });
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
