/**
 * The capability engine's input for one file: format features, crypto constants, the first strings
 * and a few characteristics, as a FeatureSet built directly (one object per feature, not two).
 */
import { toFeatureSet, type Feature, type FeatureSet } from '../../rules/index.js';
import type { StringTable } from '../strings/index.js';
import type { FormatFacts } from './formats.js';

/** Most strings turned into `string` features for capability rules (the rest still feed IOCs). */
export const MAX_STRING_FEATURES = 20_000;

/**
 * Features of one file, indexed by kind, in the order the engine reports evidence: format
 * features, crypto constants, strings (table order), overlay, embedded executable.
 */
export function fileFeatureSet(facts: FormatFacts, crypto: readonly { name: string; offset: number }[], strings: StringTable | null, embedded: boolean): FeatureSet {
  const fs = toFeatureSet([...facts.features, ...crypto.map((c): Feature => ({ kind: 'crypto', value: c.name, offset: c.offset }))]);
  if (strings !== null) addStrings(fs, strings);
  const tail: Feature[] = [];
  if (facts.overlay) tail.push({ kind: 'characteristic', value: 'overlay', offset: facts.overlay.offset });
  if (embedded) tail.push({ kind: 'characteristic', value: 'embedded-executable' });
  for (const [kind, list] of toFeatureSet(tail).byKind) fs.byKind.set(kind, [...(fs.byKind.get(kind) ?? []), ...list]);
  return fs;
}

/**
 * Appends the table's first strings. Their lower-case forms are slices of one lower-cased copy of
 * the table text instead of a toLowerCase call per string: table strings are printable ASCII, so
 * lower-casing keeps every character where it was.
 */
function addStrings(fs: FeatureSet, t: StringTable): void {
  const n = Math.min(t.count, MAX_STRING_FEATURES);
  if (n === 0) return;
  const end = t.starts[n - 1]! + t.lengths[n - 1]!;
  const text = t.text;
  const lower = text.slice(0, end).toLowerCase();
  let list = fs.byKind.get('string');
  if (list === undefined) fs.byKind.set('string', (list = []));
  for (let i = 0; i < n; i++) {
    const a = t.starts[i]!;
    const b = a + t.lengths[i]!;
    list.push({ value: text.slice(a, b), lower: lower.slice(a, b), offset: t.offsets[i]! });
  }
}
