import { compilePattern, matchAt } from './pattern.js';
import type { Clue, PackerInput, PackerRule } from './types.js';

const STRING_SCAN = 32 * 1024 * 1024;

/** Facts the table rules are checked against, gathered once per file. */
export interface Facts {
  /** Section (and Mach-O segment) names with their entropy when known. */
  sections: { name: string; entropy: number | null }[];
  entryOffset: number | null;
  dotnetNames: Set<string>;
  haystack: Buffer;
  entropy: number;
}

export function gatherFacts(input: PackerInput, entropy: number): Facts {
  const { pe, elf, macho, bytes } = input;
  const sections = pe ? pe.sections.map((s) => ({ name: s.name, entropy: s.entropy }))
    : elf ? elf.sections.map((s) => ({ name: s.name, entropy: s.entropy }))
    : macho ? macho.images.flatMap((i) => [...i.segments.map((g) => ({ name: g.name, entropy: null })), ...i.segments.flatMap((g) => g.sections.map((s) => ({ name: s.name, entropy: s.entropy })))])
    : [];
  const img = macho?.images[0];
  const entryOffset = pe ? pe.entry_point.offset : elf ? elf.entry_offset : img && img.entry_offset !== null ? img.offset + img.entry_offset : null;
  const dn = pe?.dotnet;
  const dotnetNames = new Set<string>();
  for (const n of [...(dn?.custom_attributes ?? []), ...(dn?.type_defs ?? []), ...(dn?.type_refs ?? [])]) dotnetNames.add(lastComponent(n));
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, STRING_SCAN));
  return { sections, entryOffset, dotnetNames, haystack, entropy };
}

const lastComponent = (n: string): string => n.slice(Math.max(n.lastIndexOf('.'), n.lastIndexOf('/')) + 1);

/** Evidence for one table rule. `structural` marks clues that survive renaming (stub bytes, attributes). */
export function matchRule(rule: PackerRule, f: Facts): Clue[] {
  const clues: Clue[] = [];
  if (rule.sections) {
    for (const s of f.sections) {
      if (!rule.sections.names.includes(s.name)) continue;
      clues.push({ text: `section ${s.name}${s.entropy !== null ? ` (entropy ${s.entropy.toFixed(2)})` : ''}`, weight: rule.sections.weight, structural: false });
    }
  }
  for (const s of rule.strings ?? []) {
    const at = f.haystack.indexOf(s.text, 0, 'latin1');
    if (at >= 0) clues.push({ text: `string "${s.text}" at 0x${at.toString(16)}`, weight: s.weight, structural: false });
  }
  if (f.entryOffset !== null) {
    for (const e of rule.entry ?? []) {
      const d = matchAt(f.haystack, f.entryOffset, compilePattern(e.hex), e.window ?? 0);
      if (d >= 0) clues.push({ text: `entry-point stub ${e.id} at 0x${(f.entryOffset + d).toString(16)}`, weight: e.weight, structural: true });
    }
  }
  if (rule.dotnet) {
    for (const n of rule.dotnet.names) {
      if (f.dotnetNames.has(n)) clues.push({ text: `.NET attribute/type ${n}`, weight: rule.dotnet.weight, structural: true });
    }
  }
  return clues;
}

/** 1 - Π(1 - w): independent clues reinforce each other without exceeding 1. */
export function combine(clues: Clue[]): number {
  return 1 - clues.reduce((acc, c) => acc * (1 - c.weight), 1);
}
