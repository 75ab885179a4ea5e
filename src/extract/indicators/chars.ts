// Character-class tables for the hand-written scanner. Lookups on a Uint8Array by char code are the
// fastest way to classify characters in V8 (no regex state, no string allocation).

export const F_WS = 1;
export const F_DIGIT = 2;
export const F_ALPHA = 4;
export const F_DOT = 8;
/** `: @ / \ % * ~` — characters that start or defang structured indicators. */
export const F_PUNCT = 16;
/** `[ ( { \\ *` — characters of bracket/backslash/asterisk defanging. */
export const F_BRACKET = 32;
export const F_HIGH = 64;
/** Set on a segment built by joining ` dot ` / ` [.] ` connectors. */
export const F_JOINED = 128;

/** Per-ASCII-code class bits. */
export const CC = new Uint8Array(128);
(() => {
  for (const c of [9, 10, 11, 12, 13, 32]) CC[c] = F_WS;
  for (let c = 48; c <= 57; c++) CC[c] = F_DIGIT;
  for (let c = 65; c <= 90; c++) CC[c] = F_ALPHA;
  for (let c = 97; c <= 122; c++) CC[c] = F_ALPHA;
  CC[46] = F_DOT;
  for (const ch of ':@/\\%*~') CC[ch.charCodeAt(0)] = F_PUNCT;
  // Brackets alone do not make a token a candidate (prose is full of parentheses); they only ask for refanging.
  for (const ch of "[({\\*") CC[ch.charCodeAt(0)] = (CC[ch.charCodeAt(0)] ?? 0) | F_BRACKET;
})();

/** Unicode white space that splits tokens (NBSP, the U+2000 block, ideographic space, BOM). */
export function isWideSpace(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0x1680 || c === 0x85;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
export function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
/** Letters of internationalised domain labels: non-ASCII, excluding punctuation, symbols, spaces and surrogates (emoji). */
export function isIdnChar(c: number): boolean {
  if (c < 0xc0 || c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff20) return false;
  return c !== 0xfeff;
}
/**
 * Bidirectional controls (LRM, RLM, embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069):
 * the "right-to-left override" trick that shows `invoice\u202Egpj.exe` as `invoiceexe.jpg`.
 */
export function isBidiControl(c: number): boolean {
  return c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** True when `s` holds a bidirectional control character. */
export function hasBidiControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isBidiControl(s.charCodeAt(i))) return true;
  return false;
}

/**
 * Full stops IDNA reads as the label dot (ideographic U+3002, full-width U+FF0E, half-width U+FF61):
 * `evil。com` is how reports in Chinese and Japanese often write (or defang) `evil.com`.
 */
export function isIdeographicDot(c: number): boolean {
  return c === 0x3002 || c === 0xff0e || c === 0xff61;
}

/** Characters of a host-name label (letters, digits, hyphen, IDN letters). */
export function isLabelChar(c: number): boolean {
  return isAlnum(c) || c === 45 || isIdnChar(c);
}
/** Word characters for hash/base58/run boundaries: letters, digits, underscore. */
export function isWordChar(c: number): boolean {
  return isAlnum(c) || c === 95;
}
