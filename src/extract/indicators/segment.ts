// The character pass of the scanner: tokens are maximal runs of non-space characters, classified by
// a lookup table as they are read; only tokens whose character classes could hold an indicator
// (digits, inner dots, `: @ / \ % [ ( { * ~`, length ≥ 25, or an `AS`/`ASN` prefix) become candidate
// spans, handed to a SpanSink (scanner.ts runs the family scanners on them). Prose words cost one
// table lookup per character and allocate nothing. ` dot ` / ` [.] ` connectors join their neighbours
// into one span (so each token is held back until the next one is seen); over-long tokens are cut at
// MAX_SEGMENT so hostile input stays linear and bounded in memory.
// Why a module of its own: the spans depend on the text alone (never on what the families find), so
// the parallel path runs this pass in a worker that loads and compiles nothing else (parallel/spans.ts).
import { grown } from '../../util/grow.js';
import { CC, F_ALPHA, F_BRACKET, F_DIGIT, F_DOT, F_HIGH, F_JOINED, F_PUNCT, F_WS, isIdeographicDot, isLabelChar, isWideSpace } from './chars.js';

/** Tokens longer than this are cut into pieces (hostile input stays linear). */
export const MAX_SEGMENT = 16384;
const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'to', 'in', 'on', 'with', 'by', 'at', 'is', 'was', 'for']);

/** Receives the candidate spans of a range in document order. */
export interface SpanSink {
  /** Candidate text[s, e) with class bits f; cutL/cutR: cut out of an over-long token on that side. */
  span(s: number, e: number, f: number, cutL: boolean, cutR: boolean): void;
}

/** `dot`, `DOT`, `[.]`, `(.)`, `{.}`, `[dot]`, `(DOT)`… — compared by char code: this runs on every 3- and 5-letter word. */
export function isConnector(text: string, s: number, e: number): boolean {
  const len = e - s;
  const c0 = text.charCodeAt(s);
  if (len === 3) {
    if ((c0 | 32) === 100) return (text.charCodeAt(s + 1) | 32) === 111 && (text.charCodeAt(s + 2) | 32) === 116;
    return (c0 === 91 || c0 === 40 || c0 === 123) && text.charCodeAt(s + 1) === 46 && (text.charCodeAt(s + 2) === 93 || text.charCodeAt(s + 2) === 41 || text.charCodeAt(s + 2) === 125);
  }
  if (len === 5 && (c0 === 91 || c0 === 40 || c0 === 123)) {
    const c4 = text.charCodeAt(s + 4);
    return (text.charCodeAt(s + 1) | 32) === 100 && (text.charCodeAt(s + 2) | 32) === 111 && (text.charCodeAt(s + 3) | 32) === 116 && (c4 === 93 || c4 === 41 || c4 === 125);
  }
  return false;
}

function isCandidate(text: string, s: number, e: number, f: number, firstDot: number): boolean {
  if (f & (F_DIGIT | F_PUNCT | F_JOINED)) return true;
  const len = e - s;
  if (len >= 25) return true;
  if (f & F_DOT && firstDot !== e - 1) return true;
  if (f & F_BRACKET && innerBracket(text, s, e)) return true;
  // "AS", "ASN", "ASN:", "(AS": the number may follow after a space.
  const a = text.charCodeAt(s) === 40 ? s + 1 : s;
  return e - a >= 2 && e - a <= 4 && text.charCodeAt(a) === 65 && text.charCodeAt(a + 1) === 83;
}

/** An opening bracket inside the token (`evil[dot]com`), not just around it (`(word)`). */
function innerBracket(text: string, s: number, e: number): boolean {
  for (let i = s + 1; i < e - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 40 || c === 123) return true;
  }
  return false;
}

/** The token state machine: joins connectors, holds back the pending token, hands candidates to the sink. */
class Segmenter {
  // Pending token (held back in case a connector follows), and a connector seen after it.
  pS = -1; pE = -1; private pF = 0; private pDot = -1; private pCutL = false; private pCutR = false;
  /** Whether the pending token needs processing (plain prose words are held only for ` dot ` joins). */
  pCand = false;
  cS = -1; private cE = -1;
  lastNl = -1;

  constructor(private readonly text: string, private readonly sink: SpanSink) {}

  flushPending(): void {
    if (this.pS >= 0 && (this.pCand || isCandidate(this.text, this.pS, this.pE, this.pF, this.pDot))) this.sink.span(this.pS, this.pE, this.pF, this.pCutL, this.pCutR);
    this.pS = -1;
    this.pCand = false;
  }

  /** A plain prose word (no digit, dot, bracket or punctuation, short, not `dot`/`AS…`): held for joins only. */
  plain(s: number, e: number): void {
    if (this.pCand) this.flushPending();
    this.pS = s; this.pE = e; this.pF = 0; this.pDot = -1; this.pCutL = false; this.pCutR = false;
  }

  /** A token text[s, e) with class bits f ended. */
  token(s: number, e: number, f: number, firstDot: number, cutL: boolean, cutR: boolean): void {
    const text = this.text;
    if (this.cS >= 0) {
      if (this.lastNl < this.cS && !cutL && e - this.pS < MAX_SEGMENT && isLabelChar(text.charCodeAt(s))) {
        this.pE = e; this.pF |= f | F_JOINED; this.pCutR = cutR; this.cS = -1; this.pCand = true;
        return;
      }
      this.flushPending();
      const cs = this.cS, ce = this.cE;
      this.cS = -1;
      if (text.charCodeAt(cs) !== 100 && text.charCodeAt(cs) !== 68) this.sink.span(cs, ce, F_PUNCT, false, false);
    } else if (this.pS >= 0 && (e - s === 3 || e - s === 5) && isConnector(text, s, e) && this.lastNl < s && !this.pCutR &&
      isLabelChar(text.charCodeAt(this.pE - 1)) && !((text.charCodeAt(s) | 32) === 100 && STOPWORDS.has(text.slice(this.pS, this.pE).toLowerCase()))) {
      this.cS = s; this.cE = e;
      return;
    }
    this.flushPending();
    this.pS = s; this.pE = e; this.pF = f; this.pDot = firstDot; this.pCutL = cutL; this.pCutR = cutR;
    this.pCand = isCandidate(text, s, e, f, firstDot);
  }

  finish(): void {
    const cs = this.cS, ce = this.cE;
    this.cS = -1;
    this.flushPending();
    if (cs >= 0) this.sink.span(cs, ce, F_PUNCT, false, false);
  }
}

/**
 * 1 for Han, kana and Hangul, CJK punctuation and full-width forms (not the full stops IDNA reads as
 * dots); 2 for an ASCII letter or digit; 0 for anything else.
 */
function scriptClass(c: number): number {
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) ? 2 : 0;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x31f0 && c <= 0x31ff)) return 1;
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff9f)) return isIdeographicDot(c) ? 0 : 1;
  return 0;
}

/**
 * Hands a token holding non-ASCII characters to the state machine cut wherever a CJK character and an
 * ASCII letter or digit touch: Chinese, Japanese and Korean put no space around an embedded host or
 * address (`evil-c2.com에`, `45.86.12.34에서`, `恶意域名bad-c2.org被使用`, `evil.netに接続`), which
 * otherwise made one run no family could read. Dots, hyphens and slashes cut nothing, so a CJK host
 * (`中国.cn`) stays whole. A token without such a boundary goes on as it is.
 */
function tokenPieces(sc: Segmenter, text: string, s: number, e: number, f: number, firstDot: number, cutL: boolean, cutR: boolean): void {
  let ps = s, pf = 0, pd = -1;
  let prev = scriptClass(text.charCodeAt(s));
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    const cls = scriptClass(c);
    if (k > ps && cls + prev === 3) {
      sc.token(ps, k, pf, pd, ps === s && cutL, false);
      ps = k; pf = 0; pd = -1;
    }
    prev = cls;
    const cf = c < 128 ? CC[c]! : isIdeographicDot(c) ? F_DOT | F_HIGH : F_HIGH;
    pf |= cf;
    if (cf & F_DOT && pd < 0) pd = k;
  }
  if (ps === s) sc.token(s, e, f, firstDot, cutL, cutR);
  else sc.token(ps, e, pf, pd, false, cutR);
}

/**
 * Lines (counted from 0 at the scanned range's start) that may hold white space a context snippet
 * folds: any white space but a newline or a single space. One bit a line, grown on demand. The
 * scanner reads every character anyway, so recording this costs one test per white-space character
 * and spares the snippet's folding regex on the (usual) lines without such white space.
 */
export class FoldLines {
  /** @param bits the bit array of another FoldLines (a worker's, see {@link FoldLines.bytes}), or none. */
  constructor(private bits: Uint8Array = new Uint8Array(64)) {}
  /** Marks line `k`. */
  mark(k: number): void {
    const byte = k >>> 3;
    if (byte >= this.bits.length) this.bits = grown(this.bits, byte + 1);
    this.bits[byte]! |= 1 << (k & 7);
  }
  /** Whether line `k` was marked. */
  has(k: number): boolean {
    const byte = k >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (k & 7))) !== 0;
  }
  /** The bit array (to send to another thread; this object must not be marked afterwards). */
  bytes(): Uint8Array {
    return this.bits;
  }
}

/** Numbers per span in a recorded span list (see {@link SpanRecorder}). */
export const SPAN_FIELDS = 3;
/** Bits added to a span's class bits for its cut marks (class bits use the low 8). */
export const CUT_L = 256, CUT_R = 512;

/** A SpanSink that records the spans as numbers (start, end, class bits and cut marks), for scanner.ts replaySpans (the parallel path records them in a worker). */
export class SpanRecorder implements SpanSink {
  /** The spans recorded, SPAN_FIELDS numbers each; valid up to `length`. */
  spans = new Int32Array(3 * 1024);
  length = 0;

  span(s: number, e: number, f: number, cutL: boolean, cutR: boolean): void {
    const k = this.length;
    if (k + SPAN_FIELDS > this.spans.length) this.spans = grown(this.spans, k + SPAN_FIELDS);
    this.spans[k] = s;
    this.spans[k + 1] = e;
    this.spans[k + 2] = f | (cutL ? CUT_L : 0) | (cutR ? CUT_R : 0);
    this.length = k + SPAN_FIELDS;
  }
}

/**
 * Hands every candidate span of text[from, to) to `sink`, in document order; look-arounds may read the
 * whole text. `from` and `to` must be 0 / text.length or line starts chosen by parallel/split.ts,
 * where no state crosses. With `folds`, marks the lines that hold foldable white space. Returns the
 * number of newlines in the range.
 */
export function segmentText(text: string, sink: SpanSink, from: number, to: number, folds?: FoldLines): number {
  const sc = new Segmenter(text, sink);
  const n = to;
  let ts = -1, tf = 0, tDot = -1, cutNext = false, line = 0;
  for (let i = from; i < n; i++) {
    const c = text.charCodeAt(i);
    // An ideographic full stop counts as a dot, so that `evil。com` is looked at (refang.ts reads it as one).
    const f = c < 128 ? CC[c]! : isWideSpace(c) ? F_WS : isIdeographicDot(c) ? F_DOT | F_HIGH : F_HIGH;
    if (f & F_WS) {
      // Every newline and every space after a space comes through here: the word fast path below
      // consumes only a single space that follows a letter.
      if (ts >= 0) {
        // Inline fast path for ordinary words: no call into the token state machine.
        const c0 = text.charCodeAt(ts);
        if (sc.cS < 0 && (tf & (F_DIGIT | F_PUNCT | F_BRACKET | F_DOT)) === 0 && i - ts < 25 && !cutNext && c0 !== 65 && ((c0 | 32) !== 100 || i - ts !== 3)) sc.plain(ts, i);
        else if (tf & F_HIGH) tokenPieces(sc, text, ts, i, tf, tDot, cutNext, false);
        else sc.token(ts, i, tf, tDot, cutNext, false);
        ts = -1; cutNext = false;
      }
      // After the token it ends: a newline right after `evil-c2 [dot] net` ends that line; it does not
      // stand between the connector and `net` (recorded first, it refused the join at every line end).
      if (c === 10) { sc.lastNl = i; line++; }
      else if (folds !== undefined && (c !== 32 || text.charCodeAt(i - 1) === 32)) folds.mark(line);
      continue;
    }
    if (ts < 0) {
      ts = i; tf = f; tDot = f === F_DOT ? i : -1;
      // Fast path through a lower-case word: the commonest characters in prose need no table lookup.
      if (f === F_ALPHA) {
        const lim = Math.min(n, ts + MAX_SEGMENT) - 1;
        while (i < lim) { const d = text.charCodeAt(i + 1); if (d < 97 || d > 122) break; i++; }
        // A plain word ended by a space (the commonest case): the white-space branch's plain() test,
        // done here so that the space costs no table lookup or extra loop turn.
        if (i + 1 < n && text.charCodeAt(i + 1) === 32 && i + 1 - ts < 25 && !cutNext && sc.cS < 0 && c !== 65 && ((c | 32) !== 100 || i + 1 - ts !== 3)) {
          sc.plain(ts, i + 1);
          ts = -1;
          i++;
        }
      }
      continue;
    }
    if (i - ts >= MAX_SEGMENT) { tokenPieces(sc, text, ts, i, tf, tDot, cutNext, true); ts = i; tf = 0; tDot = -1; cutNext = true; }
    tf |= f;
    if (f === F_DOT && tDot < 0) tDot = i;
  }
  if (ts >= 0) tokenPieces(sc, text, ts, n, tf, tDot, cutNext, false);
  sc.finish();
  return line;
}
