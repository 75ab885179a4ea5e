import { elementMatches, type CompiledPattern } from './pattern.js';
import type { Tokens } from './tokenize.js';

/** A pattern match inside one sentence, in token indexes (end exclusive). */
export interface PhraseMatch {
  pattern: number;
  first: number;
  end: number;
}

/**
 * Matches many compiled phrase patterns over a token sequence in one pass. Each pattern is indexed by
 * its first element (exact words in a map, prefixes by their first three characters), so a token
 * costs one or two map look-ups; a candidate then runs a small bounded NFA forward (gaps are capped),
 * so matching is linear in the number of tokens. Hand-written: this is the hot path.
 */
export class PhraseIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly prefix = new Map<number, number[]>();
  // Reused NFA state buffers (states are element index * 16 + gap used).
  private cur: number[] = [];
  private next: number[] = [];

  constructor(private readonly patterns: readonly CompiledPattern[]) {
    patterns.forEach((p, id) => {
      const first = p[0]!;
      for (const w of first.exact) push(this.exact, w, id);
      for (const pre of first.prefixes) push(this.prefix, key3(pre), id);
    });
  }

  /** Calls `onMatch` for the first (shortest) match of each pattern starting at each token. */
  match(tokens: Tokens, onMatch: (m: PhraseMatch) => void): void {
    const words = tokens.words;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const ex = this.exact.get(w);
      if (ex !== undefined) for (const id of ex) this.run(id, words, i, onMatch);
      if (w.length >= 3) {
        const pre = this.prefix.get(key3(w));
        if (pre !== undefined) for (const id of pre) if (elementMatches(this.patterns[id]![0]!, w)) this.run(id, words, i, onMatch);
      }
    }
  }

  private run(id: number, words: string[], i: number, onMatch: (m: PhraseMatch) => void): void {
    const p = this.patterns[id]!;
    if (p.length === 1) {
      onMatch({ pattern: id, first: i, end: i + 1 });
      return;
    }
    let cur = this.cur;
    let next = this.next;
    cur.length = 0;
    addState(cur, p, 1);
    for (let t = i + 1; t < words.length && cur.length > 0; t++) {
      next.length = 0;
      const w = words[t]!;
      for (const s of cur) {
        const j = s >> 4;
        const used = s & 15;
        const el = p[j]!;
        if (elementMatches(el, w)) {
          if (j + 1 === p.length || allOptional(p, j + 1)) {
            onMatch({ pattern: id, first: i, end: t + 1 });
            return;
          }
          addState(next, p, j + 1);
        }
        if (used < el.gap && !next.includes(s + 1)) next.push(s + 1);
      }
      const tmp = cur;
      cur = next;
      next = tmp;
    }
  }
}

function addState(states: number[], p: CompiledPattern, j: number): void {
  // Epsilon closure over optional elements.
  for (let k = j; k < p.length; k++) {
    const s = k << 4;
    if (!states.includes(s)) states.push(s);
    if (!p[k]!.optional) break;
  }
}

function allOptional(p: CompiledPattern, from: number): boolean {
  for (let k = from; k < p.length; k++) if (!p[k]!.optional) return false;
  return true;
}

function key3(w: string): number {
  return (w.charCodeAt(0) << 21) ^ (w.charCodeAt(1) << 10) ^ w.charCodeAt(2);
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else if (!a.includes(v)) a.push(v);
}
