/**
 * Name folding shared by the knowledge build and the matcher: "APT 41", "APT-41", "apt41" and
 * "Apt_41" all fold to `apt41`. Letters are lower-cased and stripped of diacritics; separators
 * (space, tab, hyphen, underscore, dot, no-break space) vanish; a few joining marks (`/ ' ’ & + :`)
 * fold to `|` and must be present in the text too; anything else folds to `#`, which the matcher
 * treats as a hard break, so a name containing `#` can never match and the build drops it.
 */

/** Code units skipped inside a name (they join tokens: "Cobalt Strike" ≡ "CobaltStrike"). */
export function isNameSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 45 || c === 95 || c === 46 || c === 0xa0 || c === 0x2010 || c === 0x2011;
}

/** Joining marks kept (as `|`) inside names: "JPCERT/CC", "Côte d'Ivoire". */
export function isNameJoiner(c: number): boolean {
  return c === 47 || c === 39 || c === 0x2019 || c === 38 || c === 43 || c === 58;
}

/** ASCII letter or digit. */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

const COMBINING = /[\u0300-\u036f]/g;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Folds one character (already lower-cased, no combining marks) to its key character. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (isNameSeparator(c)) return '';
  if (isAsciiAlnum(c)) return ch;
  if (isNameJoiner(c)) return '|';
  return LETTER_OR_DIGIT.test(ch) ? ch : '#';
}

/**
 * Folds a name to its matching key.
 * @example foldName('APT-41') === foldName('apt 41') // 'apt41'
 */
export function foldName(name: string): string {
  if (isAscii(name)) return foldAscii(name);
  // NFKD then NFC: strips Latin diacritics yet recomposes Hangul syllables, which NFKD splits into jamo.
  const s = name.normalize('NFKD').replace(COMBINING, '').normalize('NFC').toLowerCase();
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * foldName of an ASCII name: normalisation leaves ASCII unchanged, so it is skipped (it cost more than
 * the rest of the fold, and names checked against the knowledge are nearly all ASCII).
 */
function foldAscii(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (isNameSeparator(c)) continue;
    if (c >= 65 && c <= 90) c += 32;
    out += isAsciiAlnum(c) ? String.fromCharCode(c) : isNameJoiner(c) ? '|' : '#';
  }
  return out;
}
