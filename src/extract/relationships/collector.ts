import type { Evidence, Relationship } from '../../model/entity.js';
import type { Sentence } from '../../text/sentences.js';

type RelType = Relationship['type'];

const MAX_EVIDENCE = 3;

/** Merges candidate links: one relationship per (type, source, target), best confidence, a few evidence sentences. */
export class RelationshipCollector {
  // A report yields a few dozen links: they are found by a linear scan (mostly pointer-equal refs),
  // which costs far less than building Maps for every report. Past SMALL links an index by source then
  // target takes over (the refs are strings each mention shares, so no key string is built per call),
  // so a long or hostile text with thousands of links stays linear.
  private readonly links: Relationship[] = [];
  private index: Map<string, Map<string, Relationship[]>> | undefined;

  add(type: RelType, source: string, target: string, confidence: number, evidence: readonly Sentence[], rule: string): void {
    if (source === target) return;
    let r = this.find(type, source, target);
    if (r === undefined) {
      r = { type, source, target, evidence: [], confidence: 0 };
      this.links.push(r);
      if (this.index !== undefined) indexLink(this.index, r);
      else if (this.links.length > SMALL) {
        this.index = new Map();
        for (const x of this.links) indexLink(this.index, x);
      }
    }
    const better = confidence > r.confidence;
    r.confidence = Math.max(r.confidence, Math.round(confidence * 100) / 100);
    // A link repeated all over a long report: with the evidence full, a weaker candidate adds nothing.
    if (!better && r.evidence.length >= MAX_EVIDENCE) return;
    // Evidence of the strongest candidate comes first, so the cap never drops the best sentence. New
    // sentences are those not already held (compared with the evidence held before this call).
    const had = r.evidence;
    const held = had.length;
    if (better) {
      const merged: Evidence[] = [];
      for (const s of evidence) if (!hasStart(had, held, s.start)) merged.push({ text: s.text, start: s.start, end: s.end, rule });
      if (merged.length === 0) return;
      for (let k = 0; k < held && merged.length < MAX_EVIDENCE; k++) merged.push(had[k]!);
      if (merged.length > MAX_EVIDENCE) merged.length = MAX_EVIDENCE;
      r.evidence = merged;
    } else {
      // Appended in place: the array belongs to this relationship alone.
      for (const s of evidence) if (had.length < MAX_EVIDENCE && !hasStart(had, held, s.start)) had.push({ text: s.text, start: s.start, end: s.end, rule });
    }
  }

  private find(type: RelType, source: string, target: string): Relationship | undefined {
    if (this.index !== undefined) {
      const list = this.index.get(source)?.get(target);
      if (list !== undefined) for (const r of list) if (r.type === type) return r;
      return undefined;
    }
    for (const r of this.links) if (r.target === target && r.source === source && r.type === type) return r;
    return undefined;
  }

  /** Relationships sorted by type, source, target (deterministic output). */
  result(): Relationship[] {
    return [...this.links].sort((a, b) => cmp(a.type, b.type) || cmp(a.source, b.source) || cmp(a.target, b.target));
  }
}

/** Links held before the collector switches from a linear scan to a keyed index. */
const SMALL = 32;

/** Adds a link to the source → target → links index. */
function indexLink(index: Map<string, Map<string, Relationship[]>>, r: Relationship): void {
  let byTarget = index.get(r.source);
  if (byTarget === undefined) index.set(r.source, (byTarget = new Map()));
  const list = byTarget.get(r.target);
  if (list === undefined) byTarget.set(r.target, [r]);
  else list.push(r);
}

/** Whether one of the first `count` items of `list` starts at `start`. */
function hasStart(list: readonly Evidence[], count: number, start: number): boolean {
  for (let k = 0; k < count; k++) if (list[k]!.start === start) return true;
  return false;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
