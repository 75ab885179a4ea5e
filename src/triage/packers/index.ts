import type { PackerHit } from '../../model/triage-result.js';
import { shannonEntropy } from '../entropy/index.js';
import { parseElf } from '../formats/elf/index.js';
import { parseMacho } from '../formats/macho/index.js';
import { parsePe } from '../formats/pe/index.js';
import { genericPacked } from './generic.js';
import { combine, gatherFacts, matchRule, type Facts } from './signatures.js';
import { bundledPackerTable } from './table.js';
import type { Clue, PackerInput, PackerRule } from './types.js';
import { upxElfLayout, upxPeLayout } from './upx.js';

export type * from './types.js';
export { bundledPackerTable } from './table.js';
// parsePackerTable (zod) lives in './parse-table.js' and is deliberately not re-exported here: the
// triage pipeline imports this module, and a re-export would evaluate zod in every worker.

/**
 * Packers, protectors and .NET obfuscators, each with evidence and a confidence in 0–1. Signatures
 * come from a data table (`rules/packers/packers.yaml` unless `input.table` is given); UPX's
 * structural layout and a generic packed score are checked in code. Names that are easy to forge
 * (a lone `.vmp0` on a low-entropy file) give low confidence. Sorted by confidence, highest first.
 * @example
 * const hits = detectPackers({ bytes, format: 'pe', pe: parsePe(bytes) });
 * // [{ name: 'upx', confidence: 0.99, evidence: ['section UPX0', 'entry-point stub upx-pe64-stub at 0x14f00', …] }]
 */
export function detectPackers(input: PackerInput): PackerHit[] {
  const full = withParsed(input);
  const entropy = full.entropy ?? shannonEntropy(full.bytes);
  const facts = gatherFacts(full, entropy);
  const hits: PackerHit[] = [];
  for (const rule of (full.table ?? bundledPackerTable()).packers) {
    if (!rule.formats.includes(full.format)) continue;
    const clues = matchRule(rule, facts);
    if (rule.name === 'upx') {
      if (full.pe) clues.push(...upxPeLayout(full.pe));
      if (full.elf) clues.push(...upxElfLayout(full.elf));
    }
    const hit = verdict(rule, clues, facts);
    if (hit) hits.push(hit);
  }
  // The generic score is about executables: archives, gzip, PDF and Office files are compressed by
  // design, so their entropy says nothing about packing (their payloads are triaged as members).
  if (EXECUTABLE_FORMATS.has(full.format)) {
    const ov = full.pe?.overlay;
    const imageEntropy = ov && ov.offset > 0 ? shannonEntropy(full.bytes, 0, Math.min(ov.offset, full.bytes.length)) : entropy;
    const generic = genericPacked(imageEntropy, full.pe, full.elf);
    if (generic) hits.push(generic);
  }
  return hits.sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

const EXECUTABLE_FORMATS: ReadonlySet<string> = new Set(['pe', 'elf', 'macho']);

function withParsed(input: PackerInput): PackerInput {
  const out = { ...input };
  if (input.format === 'pe' && input.pe === undefined) out.pe = parsePe(input.bytes);
  if (input.format === 'elf' && input.elf === undefined) out.elf = parseElf(input.bytes);
  if (input.format === 'macho' && input.macho === undefined) out.macho = parseMacho(input.bytes);
  return out;
}

/**
 * Combine clues. A rule whose only evidence is renamable section names (`weak_alone`) is capped at
 * `weak_max` unless those sections (or the file) are high-entropy, which is added as a clue.
 */
function verdict(rule: PackerRule, clues: Clue[], facts: Facts): PackerHit | null {
  if (clues.length === 0) return null;
  const onlySections = clues.every((c) => c.text.startsWith('section '));
  let cap = 1;
  if (onlySections && rule.sections?.weak_alone) {
    const named = facts.sections.filter((s) => rule.sections!.names.includes(s.name));
    const hot = named.some((s) => (s.entropy ?? 0) >= 7.0) || facts.entropy >= 7.2;
    if (hot) clues.push({ text: `high entropy (file ${facts.entropy.toFixed(2)}, max section ${Math.max(...named.map((s) => s.entropy ?? 0)).toFixed(2)})`, weight: 0.5, structural: true });
    else cap = rule.sections.weak_max ?? 0.3;
  }
  const confidence = Math.round(Math.min(cap, 0.99, combine(clues)) * 1000) / 1000;
  const evidence = clues.map((c) => c.text);
  if (cap < 1) evidence.push(`only renamable section names on a low-entropy file: weak evidence`);
  return { name: rule.name, confidence, evidence };
}
