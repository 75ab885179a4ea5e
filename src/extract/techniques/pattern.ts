import { tokenize } from './tokenize.js';

/** One position of a phrase pattern. */
export interface PatternElement {
  /** Exact token forms (lower case). */
  exact: Set<string>;
  /** Token prefixes (`word*`), at least three characters each. */
  prefixes: string[];
  /** May be skipped (kept for hand-built patterns; the compiler expands optional parts instead). */
  optional: boolean;
  /** How many arbitrary tokens may precede this element (`~N` before it; `...` means ~3). */
  gap: number;
}

export type CompiledPattern = PatternElement[];

const MAX_GAP = 12;
const DEFAULT_GAP = 3;

/**
 * Inflected forms of a word for `word+`: plural, third person, past, gerund, agent noun, with the usual
 * English spelling changes (drop final e, y → ies/ied, doubled final consonant). Authors may also give a
 * truncated stem (`modif+`, `creat+`, `escalat+`), so stem + e/y/ies/ied/ion forms are included too.
 */
export function inflections(word: string): string[] {
  const forms = new Set([word]);
  for (const s of ['s', 'es', 'ed', 'd', 'ing', 'er', 'ers', 'e', 'y', 'ies', 'ied', 'ion', 'ions']) forms.add(word + s);
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    for (const s of ['ing', 'ed', 'er', 'ers', 'ion', 'ions']) forms.add(stem + s);
  }
  if (/[^aeiou]y$/.test(word)) {
    const stem = word.slice(0, -1);
    forms.add(`${stem}ies`).add(`${stem}ied`);
  }
  if (/[^aeiou][aeiou][bdgklmnprt]$/.test(word)) {
    const d = word + word.at(-1)!;
    forms.add(`${d}ed`).add(`${d}ing`).add(`${d}er`);
  }
  return [...forms];
}

/** Error thrown by compilePattern; the rule loader wraps it with the file name. */
export class PatternSyntaxError extends Error {}

/** One word of a pattern source: exact, inflected (`+`) or prefix (`*`). */
function atomElement(raw: string, pattern: string): PatternElement {
  const el: PatternElement = { exact: new Set(), prefixes: [], optional: false, gap: 0 };
  addAtom(raw, el, pattern);
  return el;
}

function addAtom(raw: string, el: PatternElement, pattern: string): void {
  if (raw.endsWith('*')) {
    const p = raw.slice(0, -1).toLowerCase();
    if (p.length < 3 || tokenize(p).words.length !== 1) throw new PatternSyntaxError(`prefix "${raw}" must be one word of 3+ characters in: ${pattern}`);
    el.prefixes.push(p);
    return;
  }
  if (raw.length > 2 && raw.endsWith('?')) {
    // `accounts?`: the last character is optional (account|accounts), as in a regex.
    addAtom(raw.slice(0, -2), el, pattern);
    addAtom(raw.slice(0, -1), el, pattern);
    return;
  }
  const plus = raw.endsWith('+');
  const w = tokenize(plus ? raw.slice(0, -1) : raw).words;
  if (w.length !== 1) throw new PatternSyntaxError(`"${raw}" must be one word in: ${pattern}`);
  for (const f of plus ? inflections(w[0]!) : [w[0]!]) el.exact.add(f);
}

/** An expansion under construction: elements and gaps in order (gaps fold into the next element). */
type Piece = PatternElement | number;

const MAX_EXPANSIONS = 64;

/**
 * Recursive-descent parser over the pattern source that returns every expansion of a sequence.
 * Grammar: seq := item* ; item := `~N` | `...` | group [`?`] | word ; group := `(` seq (`|` seq)* `)`.
 */
class PatternParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Piece[][] {
    const out = this.seq();
    if (this.i < this.src.length) throw this.error(`unexpected "${this.src[this.i]}"`);
    return out;
  }

  private error(msg: string): PatternSyntaxError {
    return new PatternSyntaxError(`${msg} in: ${this.src}`);
  }

  private seq(): Piece[][] {
    let acc: Piece[][] = [[]];
    for (;;) {
      while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
      const c = this.src[this.i];
      if (c === undefined || c === '|' || c === ')') return acc;
      const item = c === '(' ? this.group() : this.word();
      const next: Piece[][] = [];
      for (const a of acc) for (const b of item) next.push([...a, ...b]);
      if (next.length > MAX_EXPANSIONS) throw this.error(`more than ${MAX_EXPANSIONS} expansions`);
      acc = next;
    }
  }

  private group(): Piece[][] {
    this.i++; // (
    const alts: Piece[][] = [];
    for (;;) {
      alts.push(...this.seq());
      const c = this.src[this.i];
      if (c === ')') break;
      if (c !== '|') throw this.error('unclosed "("');
      this.i++;
    }
    this.i++; // )
    if (this.src[this.i] === '?') {
      this.i++;
      alts.push([]);
    }
    return mergeSingles(alts);
  }

  private word(): Piece[][] {
    const s = this.i;
    while (this.i < this.src.length && !/[\s()|]/.test(this.src[this.i]!)) this.i++;
    const w = this.src.slice(s, this.i);
    if (w === '...') return [[DEFAULT_GAP]];
    if (/^~\d+$/.test(w)) return [[Number(w.slice(1))]];
    if (w.endsWith('*') || w.endsWith('+') || w.endsWith('?')) return [[atomElement(w, this.src)]];
    const words = tokenize(w).words;
    if (words.length === 0) throw this.error(`empty word "${w}"`);
    return [words.map((x) => atomElement(x, this.src))];
  }
}

/** Alternatives that are one element each collapse into a single element (fewer expansions). */
function mergeSingles(alts: Piece[][]): Piece[][] {
  const single: PatternElement = { exact: new Set(), prefixes: [], optional: false, gap: 0 };
  const rest: Piece[][] = [];
  for (const a of alts) {
    const only = a.length === 1 ? a[0] : undefined;
    if (only !== undefined && typeof only !== 'number') {
      for (const w of only.exact) single.exact.add(w);
      single.prefixes.push(...only.prefixes);
    } else rest.push(a);
  }
  return single.exact.size > 0 || single.prefixes.length > 0 ? [[single], ...rest] : rest;
}

/** Folds gaps into the following element; leading and trailing gaps are dropped. */
function finish(pieces: Piece[], src: string): CompiledPattern {
  const out: CompiledPattern = [];
  let gap = 0;
  for (const p of pieces) {
    if (typeof p === 'number') gap += p;
    else {
      if (gap > MAX_GAP) throw new PatternSyntaxError(`gap over ${MAX_GAP} in: ${src}`);
      out.push({ ...p, gap: out.length === 0 ? 0 : gap });
      gap = 0;
    }
  }
  if (out.length === 0) throw new PatternSyntaxError(`pattern can match nothing in: ${src}`);
  return out;
}

/**
 * Compiles a phrase pattern: space-separated words matched case-insensitively over word tokens.
 * `word+` matches inflections, `pre*` a prefix, `docx?` an optional last character, `(a|b c|d ~2 e)`
 * alternatives (nestable; `(…)?` optional), `~N` up to N arbitrary tokens (N ≤ 12), `...` up to 3.
 * A word with inner punctuation (`cmd.exe`) becomes consecutive tokens. Alternatives expand into
 * several compiled patterns (at most 64).
 * @example
 * compilePattern('decrypt+ ~4 (payload|config file)').length; // 2
 */
export function compilePattern(pattern: string): CompiledPattern[] {
  return new PatternParser(pattern).parse().map((p) => finish(p, pattern));
}

/** Whether a token matches one pattern element. */
export function elementMatches(el: PatternElement, word: string): boolean {
  if (el.exact.has(word)) return true;
  for (const p of el.prefixes) if (word.startsWith(p)) return true;
  return false;
}
