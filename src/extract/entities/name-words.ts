/**
 * The words names are matched over: the document's shared tokens, except that a token holding a code
 * unit above U+00BF that is neither a letter nor a digit (‘, ™, box-drawing lines, the Unicode hyphens:
 * word characters to the tokenizer, hard breaks or separators to name folding) is cut there, as the
 * character scan (scanNames) sees a word edge there.
 * Most texts have no such token: then the token arrays are used as they are.
 */
import { foldName, isAsciiAlnum, isNameJoiner, isNameSeparator } from '../../knowledge/fold.js';
import { LONG, NON_ASCII, type TextTokens } from '../../text/tokens.js';
import { grown } from '../../util/grow.js';

/**
 * Word spans and ids: `id[k]` is the token's intern id (see TextTokens.id), or -(j + 1) for a piece of a
 * cut token whose folded form is `folds[j]`.
 */
export interface NameWords {
  tokens: TextTokens;
  count: number;
  start: Int32Array;
  /** Word lengths as TextTokens keeps them: LONG for 255 code units or more, whose ends are in `longEnds`. */
  len: Uint8Array;
  longEnds: ReadonlyMap<number, number>;
  id: Int32Array;
  folds: string[];
}

/** End (exclusive) of word k. */
export function wordEnd(w: NameWords, k: number): number {
  const l = w.len[k]!;
  return l !== LONG ? w.start[k]! + l : w.longEnds.get(k)!;
}

/** Per code unit: 0 not yet decided, 1 not a break, 2 a break (a table: the scan asks for every non-ASCII unit). */
const breaks = new Uint8Array(65536);

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * Whether a non-ASCII code unit ends a name word, as the character scan decides it: a separator
 * (U+2010, U+2011: the next word may continue the name), or a hard break: not a joining mark, not
 * folding to one ASCII letter or digit, not a letter or digit itself ("™" folds to "tm" but breaks).
 */
function isBreak(c: number): boolean {
  let b = breaks[c]!;
  if (b === 0) {
    const ch = String.fromCharCode(c);
    const f = foldName(ch);
    b = isNameSeparator(c) || (!isNameJoiner(c) && !(f.length === 1 && isAsciiAlnum(f.charCodeAt(0))) && !LETTER_OR_DIGIT.test(ch)) ? 2 : 1;
    breaks[c] = b;
  }
  return b === 2;
}

/** Whether non-ASCII token k has a code unit that breaks names. */
function hasBreak(t: TextTokens, k: number): boolean {
  const text = t.text;
  for (let i = t.start[k]!, e = t.endOf(k); i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xc0 && isBreak(c)) return true;
  }
  return false;
}

/**
 * The name words of a text's tokens.
 * @example nameWords(tokenizeText('‘Cobalt Strike’')) // words 'Cobalt', 'Strike'
 */
export function nameWords(t: TextTokens): NameWords {
  let cut = -1;
  for (let k = 0; k < t.count && cut < 0; k++) if ((t.flags[k]! & NON_ASCII) !== 0 && hasBreak(t, k)) cut = k;
  if (cut < 0) return { tokens: t, count: t.count, start: t.start, len: t.len, longEnds: t.longEnds, id: t.id, folds: [] };
  // Growable typed arrays, and each distinct piece folded once: text where every word holds a break
  // (‘word’ throughout) must not cost a string and three boxed numbers per piece.
  let start = new Int32Array(t.count + 16);
  let len = new Uint8Array(t.count + 16);
  let id = new Int32Array(t.count + 16);
  const longEnds = new Map<number, number>();
  let n = 0;
  const folds: string[] = [];
  const foldIndex = new Map<string, number>();
  const push = (a: number, e: number, i: number): void => {
    if (n === start.length) {
      start = grown(start, n + 1);
      len = grown(len, start.length);
      id = grown(id, n + 1);
    }
    start[n] = a;
    if (e - a < LONG) len[n] = e - a;
    else {
      len[n] = LONG;
      longEnds.set(n, e);
    }
    id[n++] = i;
  };
  const text = t.text;
  for (let k = 0; k < t.count; k++) {
    if (k < cut || (t.flags[k]! & NON_ASCII) === 0 || !hasBreak(t, k)) {
      push(t.start[k]!, t.endOf(k), t.id[k]!);
      continue;
    }
    // Pieces between break code units (the gap scan of token-names.ts reads those as separators or breaks).
    let a = t.start[k]!;
    const e = t.endOf(k);
    for (let i = a; i <= e; i++) {
      if (i < e && !(text.charCodeAt(i) >= 0xc0 && isBreak(text.charCodeAt(i)))) continue;
      if (i > a) {
        const piece = text.slice(a, i);
        let j = foldIndex.get(piece);
        if (j === undefined) {
          j = folds.push(foldName(piece)) - 1;
          foldIndex.set(piece, j);
        }
        push(a, i, -(j + 1));
      }
      a = i + 1;
    }
  }
  return { tokens: t, count: n, start, len, longEnds, id, folds };
}
