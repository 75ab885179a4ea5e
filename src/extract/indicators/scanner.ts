// Candidate spans → matches: each candidate span the character pass (segment.ts) finds is refanged
// when written defanged, measured, and handed to the family scanners; overlapping matches are then
// resolved. scanText runs both passes over a range; replaySpans runs this one over spans recorded
// elsewhere (the parallel path records them in a worker).
import { F_PUNCT } from './chars.js';
import { extractPaths, scanFamilies } from './families/index.js';
import { needsRefang, readShape, type PreparedSpans } from './prepare.js';
import { refangSpan } from './refang.js';
import { resolveOverlaps } from './resolve.js';
import { CUT_L, CUT_R, FoldLines, MAX_SEGMENT, SPAN_FIELDS, isConnector, segmentText, type SpanSink } from './segment.js';
import { measureShape, newShape } from './shape.js';
import type { Match, Segment } from './types.js';

export { FoldLines, MAX_SEGMENT, SPAN_FIELDS, isConnector };

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
    this.prepared(s, e, f, cutL, cutR, null, 0);
  }

  /** span(), with the span's refanged text and shape taken from `prep` (span number i) when given. */
  prepared(s: number, e: number, f: number, cutL: boolean, cutR: boolean, prep: PreparedSpans | null, i: number): void {
    if (e <= this.consumed) return;
    // A span cut short by a path found before it is no longer the one prepared.
    if (s < this.consumed) { s = this.consumed; cutL = true; prep = null; }
    const text = this.text;
    // A fresh array when the last one was used: truncating with `length = 0` is a runtime call that
    // cost more than a short-lived array.
    let out = this.out;
    if (out.length !== 0) out = this.out = [];
    if (f & F_PUNCT) this.consumed = Math.max(this.consumed, extractPaths(text, s, e, out));
    const seg = this.seg;
    if (prep !== null) {
      const j = prep.refanged[i]!;
      if (j < 0) { seg.r = text.slice(s, e); seg.map = null; }
      else { seg.r = prep.rs.slice(prep.rOff[j]!, prep.rOff[j + 1]!); seg.map = prep.maps.subarray(prep.mapOff[j]!, prep.mapOff[j + 1]!); }
      readShape(prep, i, this.shape);
    } else {
      if (needsRefang(text, s, e, f)) {
        const rf = refangSpan(text, s, e);
        seg.r = rf.r;
        seg.map = rf.map;
      } else {
        seg.r = text.slice(s, e);
        seg.map = null;
      }
      measureShape(seg.r, this.shape);
    }
    seg.start = s; seg.flags = f; seg.cutLeft = cutL; seg.cutRight = cutR;
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
 * them (`spans[0, length)`): the family pass alone, without the character pass; with `prep`
 * (prepare.ts, for these spans), without refanging and measuring them either.
 */
export function replaySpans(text: string, emit: (m: Match) => void, spans: Int32Array, length: number, prep: PreparedSpans | null = null): void {
  const p = new SpanProcessor(text, emit);
  for (let k = 0, i = 0; k < length; k += SPAN_FIELDS, i++) {
    const f = spans[k + 2]!;
    p.prepared(spans[k]!, spans[k + 1]!, f & 255, (f & CUT_L) !== 0, (f & CUT_R) !== 0, prep, i);
  }
}
