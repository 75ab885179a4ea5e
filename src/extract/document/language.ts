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

/**
 * Fast path for the common case: plain English prose. Other languages borrow an English word now and
 * then (Italian reports quote "the loader"), far below this share; mixed texts fall through to franc.
 */
function isPlainEnglish(words: readonly string[]): boolean {
  if (words.length < ENGLISH_MIN_WORDS) return false;
  let hits = 0;
  for (const w of words) if (ENGLISH.has(w.toLowerCase())) hits++;
  return hits / words.length >= ENGLISH_SHARE;
}

/**
 * ISO 639-1 code of the text's language, or null when the text is too short or undetermined.
 * @example detectLanguage(longItalianReport) // 'it'; detectLanguage('short note') // null
 */
export function detectLanguage(text: string): string | null {
  // The English check reads only the start: a few hundred words settle it, and most reports are English.
  const head = proseWords(text.length > ENGLISH_SAMPLE ? text.slice(0, ENGLISH_SAMPLE) : text);
  if (isPlainEnglish(head) && letterCount(head.join(' ')) >= MIN_LETTERS) return 'en';
  const words = text.length > ENGLISH_SAMPLE ? proseWords(text) : head;
  const p = words.join(' ');
  if (letterCount(p) < MIN_LETTERS) return null;
  const code = franc(p, { only: ONLY, minLength: MIN_LETTERS });
  return ISO639_1[code] ?? null;
}
