// The part of the family pass that depends on a candidate span's text alone: refanging it when it is
// written defanged, and measuring its shape (shape.ts). The parallel path's span worker does this for
// the calling thread (which then only runs the family scanners), so it is kept apart from them here
// and packed into typed arrays and one string, cheap to send between threads.
import { F_BRACKET, F_DOT, F_HIGH, F_JOINED, F_PUNCT, isIdeographicDot } from './chars.js';
import { refangSpan } from './refang.js';
import { SPAN_FIELDS } from './segment.js';
import { measureShape, measureShapeRange, newShape, type Shape } from './shape.js';
import { grown } from '../../util/grow.js';

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

/** Whether span text[s, e) with class bits f goes through refangSpan (otherwise it is used as written). */
export function needsRefang(text: string, s: number, e: number, f: number): boolean {
  return (f & (F_BRACKET | F_JOINED)) !== 0 || ((f & F_PUNCT) !== 0 && hasDefangedScheme(text, s, e)) ||
    ((f & (F_HIGH | F_DOT)) === (F_HIGH | F_DOT) && hasIdeographicDot(text, s, e));
}

/** An ideographic or full-width full stop in text[s, e) (see chars.ts isIdeographicDot). */
function hasIdeographicDot(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (isIdeographicDot(text.charCodeAt(i))) return true;
  return false;
}

/** Numbers per span in {@link PreparedSpans.shapes}: the Shape fields, tDigit and as as bits 1 and 2 of the last. */
export const SHAPE_FIELDS = 11;

/** The refanged text and shape of every span of a span list, in span order. */
export interface PreparedSpans {
  shapes: Int32Array;
  /** Per span: -1 when used as written, else its number among the refanged spans. */
  refanged: Int32Array;
  /** The refanged spans' texts, concatenated; refanged span j is rs[rOff[j], rOff[j + 1]). */
  rs: string;
  rOff: Int32Array;
  /** Their offset maps (refang.ts), concatenated: maps[mapOff[j], mapOff[j + 1]). */
  maps: Int32Array;
  mapOff: Int32Array;
}

/** Refangs and measures each of the spans `spans[0, length)` (segment.ts SpanRecorder form) of `text`. */
export function prepareSpans(text: string, spans: Int32Array, length: number): PreparedSpans {
  const n = length / SPAN_FIELDS;
  const shapes = new Int32Array(n * SHAPE_FIELDS), refanged = new Int32Array(n);
  const parts: string[] = [];
  let rOff = new Int32Array(16), maps = new Int32Array(64), mapOff = new Int32Array(16);
  let j = 0, rLen = 0, mLen = 0;
  const shape = newShape();
  for (let i = 0; i < n; i++) {
    const s = spans[i * SPAN_FIELDS]!, e = spans[i * SPAN_FIELDS + 1]!, f = spans[i * SPAN_FIELDS + 2]! & 255;
    const rf = needsRefang(text, s, e, f) ? refangSpan(text, s, e) : null;
    if (rf === null || rf.map === null) {
      // Not refanged, or nothing to refang: the span as written (what the family pass uses then too).
      refanged[i] = -1;
      measureShapeRange(text, s, e, shape);
    } else {
      refanged[i] = j;
      parts.push(rf.r);
      rOff = grown(rOff, j + 2);
      mapOff = grown(mapOff, j + 2);
      maps = grown(maps, mLen + rf.map.length);
      maps.set(rf.map, mLen);
      rLen += rf.r.length; mLen += rf.map.length;
      j++;
      rOff[j] = rLen; mapOff[j] = mLen;
      measureShape(rf.r, shape);
    }
    packShape(shape, shapes, i * SHAPE_FIELDS);
  }
  return { shapes, refanged, rs: parts.join(''), rOff: rOff.slice(0, j + 1), maps: maps.slice(0, mLen), mapOff: mapOff.slice(0, j + 1) };
}

function packShape(s: Shape, a: Int32Array, o: number): void {
  a[o] = s.len; a[o + 1] = s.digits; a[o + 2] = s.hexLetters; a[o + 3] = s.otherLetters; a[o + 4] = s.dots;
  a[o + 5] = s.colons; a[o + 6] = s.dashes; a[o + 7] = s.slashes; a[o + 8] = s.ats; a[o + 9] = s.nonAscii;
  a[o + 10] = (s.tDigit ? 1 : 0) | (s.as ? 2 : 0);
}

/** Span i's shape, from {@link prepareSpans}, into `s`. */
export function readShape(p: PreparedSpans, i: number, s: Shape): void {
  const a = p.shapes, o = i * SHAPE_FIELDS;
  s.len = a[o]!; s.digits = a[o + 1]!; s.hexLetters = a[o + 2]!; s.otherLetters = a[o + 3]!; s.dots = a[o + 4]!;
  s.colons = a[o + 5]!; s.dashes = a[o + 6]!; s.slashes = a[o + 7]!; s.ats = a[o + 8]!; s.nonAscii = a[o + 9]!;
  s.tDigit = (a[o + 10]! & 1) !== 0; s.as = (a[o + 10]! & 2) !== 0;
}
