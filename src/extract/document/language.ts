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
function prose(text: string): string {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  return sample
    .split(/\s+/)
    .filter((w) => w !== '' && !/[\d./@_\\:=<>{}[\]|#`]/.test(w))
    .join(' ');
}

function letterCount(s: string): number {
  let n = 0;
  for (const ch of s) if (/\p{L}/u.test(ch)) n++;
  return n;
}

/**
 * ISO 639-1 code of the text's language, or null when the text is too short or undetermined.
 * @example detectLanguage(longItalianReport) // 'it'; detectLanguage('short note') // null
 */
export function detectLanguage(text: string): string | null {
  const p = prose(text);
  if (letterCount(p) < MIN_LETTERS) return null;
  const code = franc(p, { only: ONLY, minLength: MIN_LETTERS });
  return ISO639_1[code] ?? null;
}
