// Candidate spans → matches: each candidate span the character pass (segment.ts) finds is refanged
// when written defanged, measured, and handed to the family scanners; overlapping matches are then
// resolved. scanText runs both passes over a range; replaySpans runs this one over spans recorded
// elsewhere (the parallel path records them in a worker).
import { F_BRACKET, F_JOINED, F_PUNCT } from './chars.js';
import { extractPaths, scanFamilies } from './families/index.js';
import { refangSpan } from './refang.js';
import { resolveOverlaps } from './resolve.js';
import { CUT_L, CUT_R, FoldLines, MAX_SEGMENT, SPAN_FIELDS, isConnector, segmentText, type SpanSink } from './segment.js';
import { measureShape, newShape } from './shape.js';
import type { Match, Segment } from './types.js';

export { FoldLines, MAX_SEGMENT, SPAN_FIELDS, isConnector };

/** `hxxp://`, `h**ps://`, `fxp://` without brackets: an x or * in the two letters before `p://` or `ps://`. */
function hasDefangedScheme(text: string, s: number, e: number): boolean {
  for (let i = s + 3; i + 2 < e; i++) {
    if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 47) continue;
    const k = (text.charCodeAt(i - 1) | 32) === 115 ? i - 1 : i;
    const a = text.charCodeAt(k - 2) | 32, b = text.charCodeAt(k - 3) | 32;
    if (a === 120 || a === 42 || b === 120 || b === 42) return true;
  }
  return false;
}

/** Runs the family scanners on each candidate span of one range, in order, and emits the surviving matches. */
class SpanProcessor implements SpanSink {
  private consumed = 0;
  private readonly shape = newShape();
  private out: Match[] = [];
  /** Reused for every candidate (families never keep it): one allocation per range, not per token. */
  private readonly seg: Segment;

  constructor(private readonly text: string, private readonly emit: (m: Match) => void) {
    this.seg = { text, start: 0, r: '', map: null, flags: 0, cutLeft: false, cutRight: false };
  }

  span(s: number, e: number, f: number, cutL: boolean, cutR: boolean): void {
    if (e <= this.consumed) return;
    if (s < this.consumed) { s = this.consumed; cutL = true; }
    const text = this.text;
    // A fresh array when the last one was used: truncating with `length = 0` is a runtime call that
    // cost more than a short-lived array.
    let out = this.out;
    if (out.length !== 0) out = this.out = [];
    if (f & F_PUNCT) this.consumed = Math.max(this.consumed, extractPaths(text, s, e, out));
    const seg = this.seg;
    if (f & (F_BRACKET | F_JOINED) || (f & F_PUNCT && hasDefangedScheme(text, s, e))) {
      const rf = refangSpan(text, s, e);
      seg.r = rf.r;
      seg.map = rf.map;
    } else {
      seg.r = text.slice(s, e);
      seg.map = null;
    }
    seg.start = s; seg.flags = f; seg.cutLeft = cutL; seg.cutRight = cutR;
    measureShape(seg.r, this.shape);
    scanFamilies(seg, this.shape, out);
    if (out.length === 1) this.emit(out[0]!);
    else if (out.length > 1) for (const m of resolveOverlaps(out)) this.emit(m);
  }
}

/**
 * Scans `text` and calls `emit` for every resolved match, in document order per segment. With a range,
 * only tokens in text[from, to) are scanned (offsets stay absolute, look-arounds still see the whole
 * text); `from` and `to` must be line starts chosen by parallel/split.ts, where no state crosses.
 * With `folds`, marks the lines that hold foldable white space (see {@link FoldLines}). Returns the
 * number of newlines in the range.
 */
export function scanText(text: string, emit: (m: Match) => void, from = 0, to = text.length, folds?: FoldLines): number {
  return segmentText(text, new SpanProcessor(text, emit), from, to, folds);
}

/**
 * The matches scanText would emit for one range, given that range's spans as a SpanRecorder recorded
 * them (`spans[0, length)`): the family pass alone, without the character pass.
 */
export function replaySpans(text: string, emit: (m: Match) => void, spans: Int32Array, length: number): void {
  const p = new SpanProcessor(text, emit);
  for (let k = 0; k < length; k += SPAN_FIELDS) {
    const f = spans[k + 2]!;
    p.span(spans[k]!, spans[k + 1]!, f & 255, (f & CUT_L) !== 0, (f & CUT_R) !== 0);
  }
}
