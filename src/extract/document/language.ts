import { franc } from 'franc';

/** ISO 639-3 codes franc returns → ISO 639-1, for the languages threat reports are written in. */
const ISO639_1: Record<string, string> = {
  eng: 'en', ita: 'it', deu: 'de', fra: 'fr', spa: 'es', por: 'pt', nld: 'nl', rus: 'ru', ukr: 'uk',
  pol: 'pl', ces: 'cs', slk: 'sk', ron: 'ro', hun: 'hu', swe: 'sv', dan: 'da', nob: 'nb', fin: 'fi',
  tur: 'tr', ell: 'el', bul: 'bg', hrv: 'hr', srp: 'sr', slv: 'sl', cmn: 'zh', jpn: 'ja', kor: 'ko',
  arb: 'ar', pes: 'fa', heb: 'he', hin: 'hi', ind: 'id', vie: 'vi', tha: 'th', cat: 'ca', lit: 'lt', lav: 'lv', est: 'et',
};
const ONLY = Object.keys(ISO639_1);

/** Below this many letters of prose a trigram guess is noise, so the answer is null. */
const MIN_LETTERS = 200;
/** Trigram statistics settle long before this; the rest of a huge report adds time, not accuracy. */
const SAMPLE = 20_000;

/**
 * Keeps the prose: drops tokens with digits, dots, slashes, `@`, `_` or `\` (indicators, paths, code)
 * and Markdown markup, which would otherwise pull the trigram profile towards no language at all.
 */
function proseWords(text: string): string[] {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  return sample.split(/\s+/).filter((w) => w !== '' && !/[\d./@_\\:=<>{}[\]|#`]/.test(w));
}

const LETTER = /\p{L}/u;

function letterCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // ASCII decided by range (the per-character regex cost as much as franc itself); surrogate
    // pairs are counted once, at their high half.
    if (c < 128) n += (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
    else if (c < 0xdc00 || c > 0xdfff) n += LETTER.test(s.slice(i, c >= 0xd800 && c < 0xdc00 ? i + 2 : i + 1)) ? 1 : 0;
  }
  return n;
}

/** English function words: together about a fifth of the words of English prose, rare in any other language. */
const ENGLISH = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'that', 'with', 'for', 'by', 'was', 'are', 'its', 'this', 'from', 'which', 'were', 'has']);
/** Share of those words above which the text is English without asking franc (a trigram run costs ~2 ms). */
const ENGLISH_SHARE = 0.14;
const ENGLISH_MIN_WORDS = 60;
/** Characters read for the English check. */
const ENGLISH_SAMPLE = 4000;

/** Words as base-27 numbers (a = 1 … z = 26), compared without slicing the text. */
const keysOf = (words: Iterable<string>): Set<number> => new Set([...words].map((w) => [...w].reduce((k, ch) => k * 27 + ch.charCodeAt(0) - 96, 0)));
const ENGLISH_KEYS = keysOf(ENGLISH);
/**
 * Italian function words that Spanish, Portuguese, French and Catalan do not share (no `de`, `del`,
 * `la`, `que`, `per`): with the English check, the second fast path (Italian CERTs and press are this
 * project's second language; franc costs ~1.5 ms a document). All ASCII, 2–6 letters.
 */
const ITALIAN_KEYS = keysOf(['il', 'di', 'che', 'della', 'delle', 'degli', 'dei', 'nel', 'nella', 'sono', 'gli', 'alla', 'anche', 'questo', 'questa', 'viene', 'vengono', 'dalla']);
/** Share of those words above which the text is Italian without asking franc (Italian prose: ~0.2). */
const ITALIAN_SHARE = 0.1;

/** `\s` of a JavaScript regex (what `split(/\s+/)` splits on). */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** 1 for the ASCII code units that make proseWords drop a word: digits and `./@_\:=<>{}[]|#\``. */
const NOT_PROSE = Uint8Array.from({ length: 128 }, (_, c) => (/[\d./@_\\:=<>{}[\]|#`]/.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * Fast path for the common case, plain English prose: at least ENGLISH_MIN_WORDS prose words (as
 * proseWords keeps them) with at least ENGLISH_SHARE of them English function words, and MIN_LETTERS
 * letters in them. Other languages borrow an English word now and then (Italian reports quote "the
 * loader"), far below this share; mixed texts fall through to franc. One pass over `s` without a
 * string per word (only short all-ASCII words are sliced, to look them up): this runs on every
 * document, and the split-filter-join version cost more than the rest of the stage.
 * @example isPlainEnglishText('The loader was …') // true for a paragraph or more of English prose
 */
export function isPlainEnglishText(s: string): boolean {
  const c = countFunctionWords(s);
  return c.words >= ENGLISH_MIN_WORDS && c.english / c.words >= ENGLISH_SHARE && c.letters >= MIN_LETTERS;
}

/** The same for Italian prose: ITALIAN_SHARE of Italian function words and few English ones (Italian has `in` too). */
export function isPlainItalianText(s: string): boolean {
  const c = countFunctionWords(s);
  return c.words >= ENGLISH_MIN_WORDS && c.italian / c.words >= ITALIAN_SHARE && c.english / c.words < 0.06 && c.letters >= MIN_LETTERS;
}

/** Prose words (as proseWords keeps them), their letters, and the English and Italian function words among them. */
function countFunctionWords(s: string): { words: number; letters: number; english: number; italian: number } {
  let words = 0;
  let hits = 0;
  let italian = 0;
  let letters = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (isJsSpace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let bad = false;
    let ascii = true;
    let wordLetters = 0;
    // The word's letters lower-cased, base 27, while it is all ASCII letters (enough for 5).
    let key = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (c === 32 || (c >= 9 && c <= 13)) break;
        if (NOT_PROSE[c] === 1) bad = true;
        else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
          wordLetters++;
          key = key * 27 + (c | 32) - 96;
        } else key = -1e9;
      } else {
        if (isJsSpace(c)) break;
        ascii = false;
      }
    }
    if (bad) continue;
    words++;
    // Non-ASCII letters are counted as letterCount does (rare in English prose).
    letters += ascii ? wordLetters : letterCount(s.slice(start, i));
    // The function words are 2–7 ASCII letters; no other word lower-cases to one of them.
    if (ascii && i - start <= 7 && key > 0) {
      if (ENGLISH_KEYS.has(key)) hits++;
      else if (ITALIAN_KEYS.has(key)) italian++;
    }
  }
  return { words, letters, english: hits, italian };
}

/**
 * ISO 639-1 code of the text's language, or null when the text is too short or undetermined.
 * @example detectLanguage(longItalianReport) // 'it'; detectLanguage('short note') // null
 */
export function detectLanguage(text: string): string | null {
  // The English check reads only the start: a few hundred words settle it, and most reports are English.
  const sample = text.length > ENGLISH_SAMPLE ? text.slice(0, ENGLISH_SAMPLE) : text;
  if (isPlainEnglishText(sample)) return 'en';
  if (isPlainItalianText(sample)) return 'it';
  const head = proseWords(sample);
  const words = text.length > ENGLISH_SAMPLE ? proseWords(text) : head;
  const p = words.join(' ');
  if (letterCount(p) < MIN_LETTERS) return null;
  const code = franc(p, { only: ONLY, minLength: MIN_LETTERS });
  return ISO639_1[code] ?? null;
}
