import type { Evidence, Relationship } from '../../model/entity.js';
import type { Sentence } from '../../text/sentences.js';

type RelType = Relationship['type'];

const MAX_EVIDENCE = 3;

/** Merges candidate links: one relationship per (type, source, target), best confidence, a few evidence sentences. */
export class RelationshipCollector {
  private readonly byKey = new Map<string, Relationship>();

  add(type: RelType, source: string, target: string, confidence: number, evidence: readonly Sentence[], rule: string): void {
    if (source === target) return;
    const key = `${type}\u0000${source}\u0000${target}`;
    let r = this.byKey.get(key);
    if (!r) {
      r = { type, source, target, evidence: [], confidence: 0 };
      this.byKey.set(key, r);
    }
    const better = confidence > r.confidence;
    r.confidence = Math.max(r.confidence, Math.round(confidence * 100) / 100);
    // A link repeated all over a long report: with the evidence full, a weaker candidate adds nothing.
    if (!better && r.evidence.length >= MAX_EVIDENCE) return;
    const had = r.evidence;
    const fresh: Evidence[] = [];
    for (const s of evidence) if (!had.some((e) => e.start === s.start)) fresh.push({ text: s.text, start: s.start, end: s.end, rule });
    if (fresh.length === 0) return;
    // Evidence of the strongest candidate comes first, so the cap never drops the best sentence.
    r.evidence = (better ? fresh.concat(had) : had.concat(fresh)).slice(0, MAX_EVIDENCE);
  }

  /** Relationships sorted by type, source, target (deterministic output). */
  result(): Relationship[] {
    const out = [...this.byKey.values()];
    return out.sort((a, b) => cmp(a.type, b.type) || cmp(a.source, b.source) || cmp(a.target, b.target));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
