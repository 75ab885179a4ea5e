// The single pass over the document. Tokens are maximal runs of non-space characters, classified by
// a lookup table as they are read; only tokens whose character classes could hold an indicator
// (digits, dots, `: @ / \ % [ ( { * ~`, length ≥ 25, or an `AS`/`ASN` prefix) are sliced and handed to
// the family scanners. Prose words cost one table lookup per character and allocate nothing.
// ` dot ` / ` [.] ` connectors join their neighbours into one segment; over-long tokens are cut at
// MAX_SEGMENT so hostile input stays linear and bounded in memory.
import { CC, F_DIGIT, F_DOT, F_HIGH, F_JOINED, F_PUNCT, F_WS, isLabelChar, isWideSpace } from './chars.js';
import { FAMILIES, extractPaths } from './families/index.js';
import { refangSpan } from './refang.js';
import { resolveOverlaps } from './resolve.js';
import type { Match, Segment } from './types.js';

const MAX_SEGMENT = 16384;
const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'on', 'with', 'by', 'at', 'is', 'was', 'for']);

function isConnector(text: string, s: number, e: number): boolean {
  const len = e - s;
  if (len === 3) {
    const t = text.slice(s, e);
    return t === 'dot' || t === 'DOT' || t === '[.]' || t === '(.)' || t === '{.}';
  }
  if (len === 5) {
    const c = text.charCodeAt(s);
    if (c !== 91 && c !== 40 && c !== 123) return false;
    const t = text.slice(s + 1, e - 1).toLowerCase();
    return t === 'dot';
  }
  return false;
}

function isCandidate(text: string, s: number, e: number, f: number, firstDot: number): boolean {
  const len = e - s;
  if (f & (F_DIGIT | F_PUNCT | F_JOINED)) return true;
  if (f & F_DOT) return !(firstDot === e - 1 && len > 1) || len >= 25;
  if (len >= 25) return true;
  return len >= 2 && len <= 4 && text.charCodeAt(s) === 65 && text.charCodeAt(s + 1) === 83;
}

/** Scans `text` and calls `emit` for every resolved match, in document order per segment. */
export function scanText(text: string, emit: (m: Match) => void): void {
  const n = text.length;
  let consumed = 0;
  // Pending token (not yet processed), and a connector seen after it.
  let pS = -1, pE = -1, pF = 0, pDot = -1, pCutL = false, pCutR = false;
  let cS = -1, cE = -1;
  let lastNl = -1;

  const process = (s: number, e: number, f: number, cutL: boolean, cutR: boolean): void => {
    if (e <= consumed) return;
    if (s < consumed) { s = consumed; cutL = true; }
    const out: Match[] = [];
    if (f & F_PUNCT) consumed = Math.max(consumed, extractPaths(text, s, e, out));
    const { r, map } = f & (F_PUNCT | F_JOINED) ? refangSpan(text, s, e) : { r: text.slice(s, e), map: null };
    const seg: Segment = { text, start: s, r, map, flags: f, cutLeft: cutL, cutRight: cutR };
    for (const fam of FAMILIES) fam(seg, out);
    for (const m of resolveOverlaps(out)) emit(m);
  };
  const flushPending = (): void => {
    if (pS >= 0 && isCandidate(text, pS, pE, pF, pDot)) process(pS, pE, pF, pCutL, pCutR);
    pS = -1;
  };
  const onToken = (s: number, e: number, f: number, firstDot: number, cutL: boolean, cutR: boolean): void => {
    if (cS >= 0) {
      const joinable = lastNl < cS && isLabelChar(text.charCodeAt(s)) && e - pS < MAX_SEGMENT && !cutL;
      if (joinable) { pE = e; pF |= f | F_JOINED; pCutR = cutR; cS = -1; return; }
      flushPending();
      const cs = cS, ce = cE;
      cS = -1;
      if (isCandidate(text, cs, ce, CC[text.charCodeAt(cs)] ?? 0, -1)) process(cs, ce, F_PUNCT, false, false);
    } else if (pS >= 0 && lastNl < s && !pCutR && isConnector(text, s, e) && isLabelChar(text.charCodeAt(pE - 1)) &&
      !(text.charCodeAt(s) === 100 && STOPWORDS.has(text.slice(pS, pE).toLowerCase()))) {
      cS = s; cE = e;
      return;
    }
    flushPending();
    pS = s; pE = e; pF = f; pDot = firstDot; pCutL = cutL; pCutR = cutR;
  };

  let ts = -1, tf = 0, tDot = -1, cutNext = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let f: number;
    if (c < 128) {
      f = CC[c]!;
      if (f & F_WS) {
        if (c === 10) lastNl = i;
        if (ts >= 0) { onToken(ts, i, tf, tDot, cutNext, false); ts = -1; cutNext = false; }
        continue;
      }
    } else if (isWideSpace(c)) {
      if (ts >= 0) { onToken(ts, i, tf, tDot, cutNext, false); ts = -1; cutNext = false; }
      continue;
    } else f = F_HIGH;
    if (ts < 0) { ts = i; tf = 0; tDot = -1; }
    else if (i - ts >= MAX_SEGMENT) { onToken(ts, i, tf, tDot, cutNext, true); ts = i; tf = 0; tDot = -1; cutNext = true; }
    tf |= f;
    if (f === F_DOT && tDot < 0) tDot = i;
  }
  if (ts >= 0) onToken(ts, n, tf, tDot, cutNext, false);
  if (cS >= 0) {
    flushPending();
    process(cS, cE, F_PUNCT, false, false);
  } else flushPending();
}
