/**
 * `triageBytes`: every analysis of one in-memory file, in a fixed order, each step bounded and
 * guarded, so hostile bytes give a result with warnings and never an exception.
 */
import { extractIndicatorsUpTo } from '../../extract/indicators/index.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageResult } from '../../model/triage-result.js';
import { RECORD_SCHEMA_VERSION } from './schema-version.js';
import { matchCapabilities } from '../../rules/index.js';
import { findCryptoConstants } from '../crypto/index.js';
import { analyzeEntropy } from '../entropy/index.js';
import { hashBytes, type FileHashes } from '../hash/index.js';
import { decodedCommandIndicators, scanStrings, tableIndicatorsUpTo, withoutChanceText, withoutRanges, withoutSectionNames } from '../strings/index.js';
import { detectPackers } from '../packers/index.js';
import { fileFeatureSet } from './features.js';
import { formatFacts, type FormatFacts } from './formats.js';
import { triageMembers } from './members.js';
import { withDefaults, type TriageOptions } from './options.js';
import { carveEmbedded } from './payload.js';

/**
 * Triage of bytes already in memory; pure (no I/O, no clock: pass `now`). `hashes` may be given when
 * the caller computed them while reading (one pass over the file).
 * @example
 * const r = triageBytes(bytes, { path: 'sample.exe' });
 * r.format; // 'pe'
 */
export function triageBytes(bytes: Uint8Array, opts: TriageOptions & { path: string; hashes?: FileHashes | undefined; size?: number | undefined }): TriageResult {
  const o = withDefaults(opts);
  const warnings: Diagnostic[] = [];
  const guarded = <T>(into: Diagnostic[], what: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      into.push({ code: 'internal-error', message: `${what}: ${e instanceof Error ? e.message : String(e)}` });
      return fallback;
    }
  };
  const step = <T>(what: string, fn: () => T, fallback: T): T => guarded(warnings, what, fn, fallback);
  const hashes = opts.hashes ?? hashBytes(bytes);
  const archive = { maxDepth: o.maxDepth, maxEntries: o.maxEntries, maxTotalSize: o.maxDecompressed, name: opts.path };
  // Entropy runs before the format step so that the parsers' section entropies come from its pass
  // (rangeEntropy); its warnings still follow the format's, as when it ran second.
  const entWarnings: Diagnostic[] = [];
  const ent = guarded(entWarnings, 'entropy', () => analyzeEntropy(bytes, { ranges: true }), { entropy: 0, regions: [], regionsTruncated: false, profile: { window: 0, step: 0, points: [] } });
  const facts = step('format', () => formatFacts(bytes, o.now, archive, ent.rangeEntropy), null) ?? formatFacts(new Uint8Array(0), undefined);
  if (opts.mail !== undefined) {
    const m = opts.mail;
    facts.format = 'email';
    facts.description = `e-mail message${m.details.subject ? ` "${m.details.subject.slice(0, 80)}"` : ''}, ${m.members.length} attachment(s)`;
    facts.details['email'] = m.details;
    facts.members = [...(facts.members ?? []), ...m.members];
  }
  for (const w of facts.warnings) warnings.push(w);
  for (const w of entWarnings) warnings.push(w);
  if (ent.regionsTruncated) warnings.push({ code: 'limit-regions', message: 'too many high-entropy regions; the first ones are listed' });
  const embedded = step('carving', () => carveEmbedded(bytes, o.maxEmbedded, warnings), []);
  const crypto = step('crypto', () => findCryptoConstants(bytes), []);
  const strs = opts.strings === false ? null : step('strings', () => scanStrings(bytes), null);
  if (strs) for (const w of strs.warnings) warnings.push(w);
  const found = strs ? step('indicators', () => tableIndicatorsUpTo(strs, (t, max) => extractIndicatorsUpTo(t, max), o.maxIocs === 0 ? Infinity : o.maxIocs), { iocs: [], found: 0 }) : { iocs: [], found: 0 };
  if (found.found > found.iocs.length) warnings.push({ code: 'limit-iocs', message: `iocs: ${found.found} indicators in the strings; the first ${found.iocs.length} (by offset) are listed` });
  const kept = strs ? withoutChanceText(withoutSectionNames(withoutRanges(found.iocs, nameTables(facts)), strs), strs, bytes, ent.regions) : { iocs: found.iocs, dropped: 0 };
  // PowerShell encoded commands, decoded: what they run, and the indicators in it.
  const decoded = strs ? step('decoded commands', () => decodedCommandIndicators(strs, (t) => extractIndicatorsUpTo(t, 1000).indicators), { commands: [], iocs: [] }) : { commands: [], iocs: [] };
  const seen = new Set(kept.iocs.map((i) => `${i.type}\n${i.value}`));
  const iocs = [...kept.iocs, ...decoded.iocs.filter((i) => !seen.has(`${i.type}\n${i.value}`))];
  if (decoded.commands.length > 0) facts.details['decoded_commands'] = decoded.commands;
  if (kept.dropped > 0) warnings.push({ code: 'iocs-chance-text', message: `iocs: ${kept.dropped} indicator(s) found only in short strings inside high-entropy regions were left out (chance text of encrypted or compressed bytes)` });
  const capabilities = o.capabilities ? step('capabilities', () => matchCapabilities(o.capabilities!, fileFeatureSet(facts, crypto, strs, embedded.length > 0)), []) : [];
  const yara = o.yara ? step('yara', () => o.yara!.scan(bytes), []) : [];
  const packers = step('packers', () => detectPackers({ bytes, format: facts.format, pe: facts.pe ?? null, elf: facts.elf ?? null, entropy: ent.entropy }), []);
  if (facts.members?.length) facts.details['members'] = step('archive members', () => triageMembers(facts.members!, opts.path, (b, p) => triageBytes(b, { ...opts, path: p, hashes: undefined, size: b.length, mail: undefined }), warnings), []);
  return {
    schema_version: RECORD_SCHEMA_VERSION,
    path: opts.path,
    size: opts.size ?? bytes.length,
    format: facts.format,
    description: facts.description,
    arch: facts.arch,
    bits: facts.bits,
    dotnet: facts.dotnet,
    hashes: withPeHashes(hashes, facts),
    entropy: ent.entropy,
    packers,
    overlay: facts.overlay,
    high_entropy_regions: ent.regions,
    embedded,
    crypto,
    iocs,
    capabilities,
    yara,
    relatives: [],
    details: facts.details,
    warnings,
  };
}

/** Byte ranges of the file that hold structure names, not text (an ELF's section-name table). */
function nameTables(facts: FormatFacts): { offset: number; size: number }[] {
  const sections = (facts.elf as { sections?: { name: string; type: string; offset: number; size: number }[] } | null | undefined)?.sections ?? [];
  return sections.filter((s) => s.name === '.shstrtab' && s.type === 'STRTAB').map((s) => ({ offset: s.offset, size: s.size }));
}

function withPeHashes(h: FileHashes, facts: FormatFacts): TriageResult['hashes'] {
  const out: TriageResult['hashes'] = { ...h };
  if (facts.imphash !== undefined && facts.imphash !== '') out.imphash = facts.imphash;
  if (facts.rich !== undefined) out.rich = facts.rich;
  return out;
}
