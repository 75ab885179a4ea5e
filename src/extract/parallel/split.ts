// Where a document may be cut for parallel extraction. A cut is a line start such that the
// sequential scanner (indicators/scanner.ts) carries no state across it: tokens end at the newline,
// paths and keys stop at line ends, and the only cross-line state, a ` dot ` / `[.]` connector joining
// a pending token with the next one, is ruled out by refusing cuts next to a connector-shaped token.
// Look-arounds (version words, context cues, snippets) read the whole text in every chunk.
import { CC, F_WS, isWideSpace } from '../indicators/chars.js';
import { MAX_SEGMENT, isConnector } from '../indicators/scanner.js';

/** How far a cut may search for the tokens around it before giving up on that newline. */
const LOOK = 4096;

function isWs(c: number): boolean {
  return c < 128 ? (CC[c]! & F_WS) !== 0 : isWideSpace(c);
}

/** Whether the whitespace-delimited token text[s, e) could act as (or be cut into) a connector. */
function risky(text: string, s: number, e: number): boolean {
  return e - s > MAX_SEGMENT || ((e - s === 3 || e - s === 5) && isConnector(text, s, e));
}

/** Whether `b` (a line start: text[b - 1] is `\n`) is a safe cut; null when undecided within LOOK chars. */
function safeCut(text: string, b: number): boolean | null {
  // The token before the cut.
  let i = b - 1;
  while (i >= 0 && isWs(text.charCodeAt(i))) { if (b - i > LOOK) return null; i--; }
  if (i >= 0) {
    let s = i;
    while (s > 0 && !isWs(text.charCodeAt(s - 1))) { if (i - s > MAX_SEGMENT) return false; s--; }
    if (risky(text, s, i + 1)) return false;
  }
  // The token after it.
  let j = b;
  while (j < text.length && isWs(text.charCodeAt(j))) { if (j - b > LOOK) return null; j++; }
  if (j < text.length) {
    let e = j;
    while (e < text.length && !isWs(text.charCodeAt(e))) { if (e - j > MAX_SEGMENT) return false; e++; }
    if (risky(text, j, e)) return false;
  }
  return true;
}

/**
 * Cuts `text` into at most `parts` ranges of about equal length at safe line starts. Returns the
 * boundaries [0, b1, …, text.length] (strictly increasing); fewer parts when the text has too few
 * lines (one 10 MB line stays one range).
 * @example splitRanges('a\nb\nc\nd\n', 2) // [0, 4, 8]
 */
export function splitRanges(text: string, parts: number): number[] {
  const n = text.length;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    let p = Math.max(cuts[cuts.length - 1]! + 1, Math.floor((n * k) / parts));
    let cut = -1;
    // Try newlines from the target on, at most a few hundred kilobytes' worth (linear overall).
    while (p < n && p - Math.floor((n * k) / parts) < n / parts / 2) {
      const nl = text.indexOf('\n', p - 1);
      if (nl < 0 || nl + 1 >= n) break;
      if (safeCut(text, nl + 1) === true) { cut = nl + 1; break; }
      p = nl + 2;
    }
    if (cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  cuts.push(n);
  return cuts;
}
