/**
 * Decides what each candidate mention is. Plain-word aliases count only with a cue of their kind
 * nearby or another alias of the same entity elsewhere in the text; a name shared by a group and a
 * malware family ("Winnti") goes to the kind its context points at.
 */
import type { IndexedKind, NameEntry } from '../../knowledge/name-index.js';
import type { Candidate } from './candidates.js';
import { cuesAround, nextWordKind, supports, wordsAfter, type CueKind } from './cues.js';

/** A candidate with its decided entry and its cue context. */
export interface Decided {
  start: number;
  end: number;
  entry: NameEntry;
  cues: ReadonlySet<CueKind>;
}

const NO_CUES: ReadonlySet<CueKind> = new Set();

const KIND_ORDER: IndexedKind[] = ['threat-actor', 'malware', 'tool', 'identity', 'location', 'sector'];

/** Record refs stay far below this (they index the knowledge arrays). */
const REF_SPAN = 1 << 24;

/**
 * One number per (kind, record): a Map key with no string built per mention.
 * @example entityKey('malware', 12) !== entityKey('tool', 12)
 */
export const entityKey = (kind: IndexedKind, ref: number): number => KIND_ORDER.indexOf(kind) * REF_SPAN + ref;

/** Bounds [lo, hi) of the sentence (or line) around an offset. */
export type BoundsOf = (offset: number) => [number, number];

const isAllCaps = (s: string): boolean => /[A-Z]/.test(s) && !/[a-z]/.test(s);

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

const SENTENCE_MARKS = '.!?\n#*|:>-\u2022"\u201c(';

/**
 * A capital in mid-sentence after a lower-case word ("deployed Chisel", "the Clop brand") marks a
 * proper name; a capital at a sentence start or inside a Title Case heading proves nothing.
 */
function isCapitalisedMidSentence(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (!(c >= 65 && c <= 90)) return false;
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0 || SENTENCE_MARKS.includes(text[i]!)) return false;
  let j = i;
  while (j > 0 && isAsciiLetter(text.charCodeAt(j - 1))) j--;
  const p = text.charCodeAt(j);
  return p >= 97 && p <= 122;
}

/** Entities named by an unambiguous, non-common alias, with the automaton keys (folded names) that named them. */
function strongPresence(cands: readonly Candidate[]): Map<number, Set<number>> {
  const seen = new Map<number, Set<number>>();
  for (const c of cands) {
    let plain: NameEntry | undefined;
    let count = 0;
    for (const e of c.entries) {
      if (e.policy.common) continue;
      plain = e;
      count++;
    }
    if (count !== 1 || plain === undefined) continue;
    const k = entityKey(plain.kind, plain.ref);
    const set = seen.get(k) ?? new Set<number>();
    set.add(c.key);
    seen.set(k, set);
  }
  return seen;
}

/** Whether the entity of `e` is also named, unambiguously, by another folded name than `key`. */
function elsewhere(strong: ReadonlyMap<number, ReadonlySet<number>>, e: NameEntry, key: number): boolean {
  const keys = strong.get(entityKey(e.kind, e.ref));
  if (keys === undefined) return false;
  for (const k of keys) if (k !== key) return true;
  return false;
}

/** The word right after a name decides most ("Winnti group", "Carbanak backdoor"); then nearby cues, other aliases, canonical names. */
function score(e: NameEntry, cues: ReadonlySet<CueKind>, next: CueKind | undefined, elsewhere: boolean): number {
  return (next === e.kind ? 5 : 0) + (supports(cues, e.kind) ? 3 : 0) + (elsewhere ? 2 : 0) + (e.canonical ? 1 : 0);
}

/**
 * Picks at most one entry per candidate.
 * @example decideCandidates(findCandidates(text, kb.names), text, boundsOf)
 */
export function decideCandidates(cands: readonly Candidate[], text: string, boundsOf: BoundsOf): Decided[] {
  const strong = strongPresence(cands);
  const out: Decided[] = [];
  for (const c of cands) {
    const only = c.entries.length === 1 ? c.entries[0]! : undefined;
    // Fast path: one plain entry needs no context (most mentions).
    if (only !== undefined && !only.policy.common) {
      out.push({ start: c.start, end: c.end, entry: only, cues: NO_CUES });
      continue;
    }
    const [lo, hi] = boundsOf(c.start);
    const cues = cuesAround(text, c.start, c.end, lo, hi);
    const proper = isCapitalisedMidSentence(text, c.start);
    // Capitalisation counts only in the alias's own shape: "ZINC" for ZINC (not the browser "Chromium"
    // for CHROMIUM), "Page" for Page (not a "PAGE" constant or an all-caps heading).
    const viable = c.entries.filter((e) => !e.policy.common || (proper && isAllCaps(e.alias) === isAllCaps(text.slice(c.start, c.end))) || supports(cues, e.kind) || elsewhere(strong, e, c.key));
    if (viable.length === 0) continue;
    let best = viable[0]!;
    if (viable.length > 1) {
      const next = nextWordKind(wordsAfter(text, c.end, hi, 1)[0] ?? '');
      const ranked = [...viable].sort(
        (a, b) => score(b, cues, next, elsewhere(strong, b, c.key)) - score(a, cues, next, elsewhere(strong, a, c.key)) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.ref - b.ref,
      );
      best = ranked[0]!;
    }
    out.push({ start: c.start, end: c.end, entry: best, cues });
  }
  return out;
}
