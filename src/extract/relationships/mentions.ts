import type { Entity, EntityKind, TechniqueHit } from '../../model/entity.js';
import type { Indicator } from '../../model/indicator.js';
import type { Sentence } from '../../text/sentences.js';

export type MentionKind = EntityKind | 'technique' | 'indicator';

/** One place a finding is named, bucketed by sentence. */
export interface Located {
  ref: string;
  kind: MentionKind;
  start: number;
  end: number;
  /** Index of the sentence the mention is in (set when bucketed). */
  sentence: number;
  /** For entities: the entity (role, country attributes). */
  entity?: Entity;
}

/** Mentions per sentence, plus each sentence's paragraph and governing Markdown heading. */
export interface MentionIndex {
  sentences: readonly Sentence[];
  bySentence: Located[][];
  paragraphOf: Int32Array;
  /** Index of the heading sentence a sentence sits under, or -1. */
  headingOf: Int32Array;
}

/** A hostile sentence (one 2,000-character line of hashes) still yields at most this many mentions. */
const MAX_PER_SENTENCE = 300;
/** Distinct names of one kind paired per sentence (bounds the per-sentence pairing to a constant). */
const MAX_NAMES_PER_KIND = 24;
/** Indicator types that are not observables of a family (they have their own relationships or none). */
const SKIP_INDICATORS = new Set(['cve', 'attack_technique']);

export function entityRef(e: Entity): string {
  return `${e.kind}:${e.name}`;
}

export function indicatorRef(i: Indicator): string {
  return `indicator:${i.type}:${i.value}`;
}

/** The bucket of every sentence without mentions (most of them): shared and frozen, replaced on first push. */
const EMPTY: Located[] = Object.freeze([]) as unknown as Located[];

/**
 * Sentence starts and ends as typed arrays: the binary search of every mention reads them instead of
 * one sentence object per step (a cache miss each on a long report). Scratch reused from call to call
 * (indexMentions is synchronous and keeps nothing of it): a typed array of its own per document costs an
 * allocation outside the heap, more than the search saves on a short report.
 */
interface SentenceSpans {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
}

const scratch: SentenceSpans = { count: 0, starts: new Int32Array(256), ends: new Int32Array(256) };

function spansOf(sentences: readonly Sentence[]): SentenceSpans {
  const n = sentences.length;
  if (scratch.starts.length < n) {
    scratch.starts = new Int32Array(Math.max(n, scratch.starts.length * 2));
    scratch.ends = new Int32Array(scratch.starts.length);
  }
  for (let i = 0; i < n; i++) {
    scratch.starts[i] = sentences[i]!.start;
    scratch.ends[i] = sentences[i]!.end;
  }
  scratch.count = n;
  return scratch;
}

/** sentenceAt over SentenceSpans: the sentence holding `offset`, or -1 (binary search over the starts). */
function sentenceHolding(spans: SentenceSpans, offset: number): number {
  const { starts, ends } = spans;
  let lo = 0;
  let hi = spans.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return spans.count > 0 && starts[lo]! <= offset && offset < ends[lo]! ? lo : -1;
}

/** Sentences of the documents whose Placer counts live in acceptedScratch. */
const KEEP_ACCEPTED = 1 << 14;
const acceptedScratch = new Int32Array(KEEP_ACCEPTED);

/**
 * Puts the mentions of one finding into their sentences' buckets (mentions outside any sentence are
 * dropped). Every reader of a bucket takes the first mention of each ref (by start), so a mention of
 * the finding whose sentence already holds an earlier-or-equal one of it is counted (the per-sentence
 * cap counts it, as before) but not stored: an indicator seen 100,000 times in one 10 MB line made as
 * many objects, and now makes one per sentence.
 */
class Placer {
  /** Mentions accepted per sentence, repeats not stored included (MAX_PER_SENTENCE bounds it). */
  private readonly accepted: Int32Array;
  private lastSentence = -1;
  private lastStart = 0;
  /** Sentences (1) where mentions go; others are skipped (not counted either). Unset: every sentence. */
  only: Uint8Array | undefined = undefined;

  constructor(private readonly index: MentionIndex, private readonly spans: SentenceSpans) {
    const n = index.sentences.length;
    // Reused while small (a typed array per short report costs more than its use), and not kept after a big document.
    this.accepted = n > KEEP_ACCEPTED ? new Int32Array(n) : acceptedScratch.fill(0, 0, n);
  }

  /** Starts the mentions of another finding. */
  next(): void {
    this.lastSentence = -1;
  }

  /** Whether a mention starting at `start` is to be stored; its sentence, or -1 when it is not. */
  private admit(start: number): number {
    const s = sentenceHolding(this.spans, start);
    if (s === -1 || this.accepted[s]! >= MAX_PER_SENTENCE || (this.only !== undefined && this.only[s] === 0)) return -1;
    this.accepted[s]!++;
    // A repeat sorting after the finding's mention already stored there (stable sort: equal starts keep placing order).
    if (s === this.lastSentence && start >= this.lastStart) return -1;
    this.lastSentence = s;
    this.lastStart = start;
    return s;
  }

  place(ref: string, kind: MentionKind, start: number, end: number, entity?: Entity): void {
    const s = this.admit(start);
    if (s === -1) return;
    let bucket = this.index.bySentence[s]!;
    if (bucket === EMPTY) this.index.bySentence[s] = bucket = [];
    bucket.push(entity === undefined ? { ref, kind, start, end, sentence: s } : { ref, kind, start, end, sentence: s, entity });
  }
}

/** Paragraph number per sentence: a blank line between two sentences starts a new paragraph. */
function paragraphs(text: string, sentences: readonly Sentence[]): Int32Array {
  const out = new Int32Array(sentences.length);
  let p = 0;
  for (let i = 1; i < sentences.length; i++) {
    if (hasBlankLine(text, sentences[i - 1]!.end, sentences[i]!.start)) p++;
    out[i] = p;
  }
  return out;
}

/** `/\n[ \t\r]*\n/.test(text.slice(from, to))` without the slice (run for every sentence gap). */
function hasBlankLine(text: string, from: number, to: number): boolean {
  let afterNewline = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (afterNewline) return true;
      afterNewline = true;
    } else if (c !== 32 && c !== 9 && c !== 13) afterNewline = false;
  }
  return false;
}

function headings(sentences: readonly Sentence[]): Int32Array {
  const out = new Int32Array(sentences.length);
  let current = -1;
  for (let i = 0; i < sentences.length; i++) {
    if (sentences[i]!.text.startsWith('#')) current = i;
    out[i] = current;
  }
  return out;
}

const byStart = (a: Located, b: Located): number => a.start - b.start;

/** Buckets every mention of every finding into its sentence (one binary search per mention). */
export function indexMentions(text: string, sentences: readonly Sentence[], found: { indicators: Indicator[]; entities: Entity[]; techniques: TechniqueHit[] }): MentionIndex {
  const index: MentionIndex = {
    sentences,
    bySentence: new Array<Located[]>(sentences.length).fill(EMPTY),
    paragraphOf: paragraphs(text, sentences),
    headingOf: headings(sentences),
  };
  const placer = new Placer(index, spansOf(sentences));
  for (const e of found.entities) {
    const ref = entityRef(e);
    placer.next();
    for (const m of e.mentions) placer.place(ref, e.kind, m.offset, m.offset + m.text.length, e);
  }
  for (const t of found.techniques) {
    const ref = `technique:${t.id}`;
    placer.next();
    for (const ev of t.evidence) placer.place(ref, 'technique', ev.start, ev.end);
  }
  // Indicators are placed last, so the sentences where one could be linked are known from the names.
  placer.only = indicatorSentences(index);
  for (const i of found.indicators) {
    if (i.benign || SKIP_INDICATORS.has(i.type)) continue;
    const ref = indicatorRef(i);
    placer.next();
    for (const o of i.occurrences) placer.place(ref, 'indicator', o.offset, o.offset + o.raw.length);
  }
  for (const bucket of index.bySentence) if (bucket.length > 1) bucket.sort(byStart);
  return index;
}

/**
 * Per sentence, 1 where an indicator mention could be linked (linkIndicators, index.ts): the sentence
 * names a malware, tool or actor, or its paragraph or governing heading names a malware. Read from the
 * buckets of names and techniques, before any indicator is placed. An indicator mention elsewhere
 * links to nothing and no other reader takes indicators, so it is not stored: a 10 MB line of
 * indicators without a family name made 240,000 mentions (~20 MB) that were never read.
 * @example indicatorSentences(index)[k] === 1 // sentence k names a family, or its paragraph or heading does
 */
export function indicatorSentences(index: MentionIndex): Uint8Array {
  const n = index.bySentence.length;
  const out = new Uint8Array(n);
  const malware = new Uint8Array(n);
  // Paragraph numbers are sentence indexes at most (one per sentence gap).
  const paragraphMalware = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (const m of index.bySentence[i]!) {
      if (m.kind === 'malware') malware[i] = paragraphMalware[index.paragraphOf[i]!] = 1;
      if (m.kind === 'malware' || m.kind === 'tool' || m.kind === 'threat-actor') out[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) {
    const h = index.headingOf[i]!;
    if (paragraphMalware[index.paragraphOf[i]!] === 1 || (h >= 0 && malware[h] === 1)) out[i] = 1;
  }
  return out;
}

/** A sentence's mentions grouped by kind, first mention of each distinct ref only (computed once per sentence). */
export type Groups = Record<MentionKind, Located[]>;

export function groupByKind(bucket: readonly Located[]): Groups {
  // Kinds the sentence does not name share the frozen EMPTY list (a sentence names two or three kinds).
  const g: Groups = { 'threat-actor': EMPTY, malware: EMPTY, tool: EMPTY, vulnerability: EMPTY, location: EMPTY, sector: EMPTY, identity: EMPTY, technique: EMPTY, indicator: EMPTY };
  const seen = bucket.length > SMALL ? new Set<string>() : undefined;
  for (let k = 0; k < bucket.length; k++) {
    const m = bucket[k]!;
    if (seen === undefined ? seenBefore(bucket, k) : seen.has(m.ref)) continue;
    seen?.add(m.ref);
    let list = g[m.kind];
    if (list === EMPTY) g[m.kind] = list = [];
    // Names are paired inside a sentence; a list of dozens of families in one line is a table, not a claim.
    if (m.kind === 'indicator' || list.length < MAX_NAMES_PER_KIND) list.push(m);
  }
  return g;
}

/** Buckets up to this size are de-duplicated by scanning (no Set per sentence); larger ones with a Set. */
const SMALL = 16;

/** Whether bucket[k]'s ref occurs earlier in the bucket. */
function seenBefore(bucket: readonly Located[], k: number): boolean {
  const ref = bucket[k]!.ref;
  for (let j = 0; j < k; j++) if (bucket[j]!.ref === ref) return true;
  return false;
}

/** The first mention of each distinct ref of the given kinds in a bucket. */
export function distinct(bucket: readonly Located[], kinds: readonly MentionKind[]): Located[] {
  const out: Located[] = [];
  if (bucket.length === 0) return out;
  const seen = bucket.length > SMALL ? new Set<string>() : undefined;
  for (const m of bucket) {
    if (!kinds.includes(m.kind)) continue;
    if (seen !== undefined) {
      if (seen.has(m.ref)) continue;
      seen.add(m.ref);
    } else if (out.some((x) => x.ref === m.ref)) continue;
    out.push(m);
  }
  return out;
}
