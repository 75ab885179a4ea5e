import type { Evidence, Relationship } from '../../model/entity.js';
import type { Sentence } from '../../text/sentences.js';

type RelType = Relationship['type'];

const MAX_EVIDENCE = 3;

/** Merges candidate links: one relationship per (type, source, target), best confidence, a few evidence sentences. */
export class RelationshipCollector {
  // type → source → target: three look-ups of existing strings (their hashes are cached) instead of a
  // concatenated key string per candidate, which had to be built, flattened and hashed every time.
  private readonly byKey = new Map<RelType, Map<string, Map<string, Relationship>>>();

  add(type: RelType, source: string, target: string, confidence: number, evidence: readonly Sentence[], rule: string): void {
    if (source === target) return;
    let bySource = this.byKey.get(type);
    if (bySource === undefined) this.byKey.set(type, (bySource = new Map()));
    let byTarget = bySource.get(source);
    if (byTarget === undefined) bySource.set(source, (byTarget = new Map()));
    let r = byTarget.get(target);
    if (!r) {
      r = { type, source, target, evidence: [], confidence: 0 };
      byTarget.set(target, r);
    }
    const better = confidence > r.confidence;
    r.confidence = Math.max(r.confidence, Math.round(confidence * 100) / 100);
    // A link repeated all over a long report: with the evidence full, a weaker candidate adds nothing.
    if (!better && r.evidence.length >= MAX_EVIDENCE) return;
    const had = r.evidence;
    const fresh: Evidence[] = [];
    for (const s of evidence) if (!hasStart(had, s.start)) fresh.push({ text: s.text, start: s.start, end: s.end, rule });
    if (fresh.length === 0) return;
    // Evidence of the strongest candidate comes first, so the cap never drops the best sentence.
    r.evidence = (better ? fresh.concat(had) : had.concat(fresh)).slice(0, MAX_EVIDENCE);
  }

  /** Relationships sorted by type, source, target (deterministic output). */
  result(): Relationship[] {
    const out: Relationship[] = [];
    for (const bySource of this.byKey.values()) for (const byTarget of bySource.values()) for (const r of byTarget.values()) out.push(r);
    return out.sort((a, b) => cmp(a.type, b.type) || cmp(a.source, b.source) || cmp(a.target, b.target));
  }
}

function hasStart(list: readonly Evidence[], start: number): boolean {
  for (const e of list) if (e.start === start) return true;
  return false;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
