/** Month names (full and common abbreviations, lower-case, accents kept) in the languages reports come in. */
const MONTHS: Record<string, readonly string[]> = {
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  de: ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
};

const EXTRA: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  gen: 1, mag: 5, giu: 6, lug: 7, ago: 8, set: 9, ott: 10, dic: 12, maerz: 3, mär: 3, okt: 10, dez: 12,
  janv: 1, févr: 2, fevr: 2, avr: 4, juil: 7, aout: 8, déc: 12, fevrier: 2, decembre: 12,
};

function build(): Map<string, number> {
  const m = new Map<string, number>();
  for (const names of Object.values(MONTHS)) names.forEach((n, i) => m.set(n, i + 1));
  for (const [k, v] of Object.entries(EXTRA)) m.set(k, v);
  return m;
}

/** Lower-case month word (full or abbreviated, trailing `.` removed) → 1–12. */
export const MONTH_NUMBER: ReadonlyMap<string, number> = build();

/** Alternation of every month word, longest first, for the date scanners (a fixed list: linear). */
export const MONTH_ALTERNATION = [...MONTH_NUMBER.keys()].sort((a, b) => b.length - a.length).join('|');
