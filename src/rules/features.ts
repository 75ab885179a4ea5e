/**
 * The feature vocabulary capability rules match on. Extractors (the triage pipeline) produce
 * features; the engine knows nothing about PE, ELF or strings beyond these kinds.
 */

export const FEATURE_KINDS = ['import', 'string', 'crypto', 'section', 'dotnet-member', 'format', 'export', 'characteristic'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** One fact about a file, e.g. `{ kind: 'import', value: 'kernel32.dll!VirtualAllocEx' }`. */
export interface Feature {
  kind: FeatureKind;
  value: string;
  /** File offset where the fact was seen, when there is one. */
  offset?: number;
}

/** Features grouped by kind, values lower-cased once for case-insensitive matching. */
export interface FeatureSet {
  byKind: Map<FeatureKind, { value: string; lower: string; offset?: number }[]>;
}

/** Indexes features by kind (the engine's input). */
export function toFeatureSet(features: Iterable<Feature>): FeatureSet {
  const byKind: FeatureSet['byKind'] = new Map();
  for (const f of features) {
    let list = byKind.get(f.kind);
    if (!list) byKind.set(f.kind, (list = []));
    list.push(f.offset === undefined ? { value: f.value, lower: f.value.toLowerCase() } : { value: f.value, lower: f.value.toLowerCase(), offset: f.offset });
  }
  return { byKind };
}
