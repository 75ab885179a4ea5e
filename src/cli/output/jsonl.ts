/** JSON Lines (https://jsonlines.org): one compact JSON value per line, LF-terminated. */
export function toJsonl(items: Iterable<unknown>): string {
  let out = '';
  for (const item of items) out += `${JSON.stringify(item)}\n`;
  return out;
}

/** The `--json` form: two-space indentation and a final newline. */
export function toPrettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** {@link toJsonl} in pieces, one line each: nothing the size of the whole output is built. */
export function* jsonlChunks(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield `${JSON.stringify(item)}\n`;
}

/** Whether JSON.stringify leaves an object member out (it writes `null` for these in an array). */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * {@link toPrettyJson} in pieces whose concatenation is exactly its text: a top-level array or
 * object, every array of at least {@link STREAM_LENGTH} elements, and the objects and short arrays
 * that hold one (to {@link STREAM_DEPTH} levels down), are written {@link GROUP} plain elements or one
 * member at a time; other values are one piece each.
 * Why: a report with hundreds of thousands of indicators (an IOC dump) made a JSON document of
 * hundreds of MB, built as one string on top of the result it was made from; and one indicator seen
 * 100,000 times in a 10 MB line made a 10 MB piece (and its indented copy) per indicator.
 * @example [...prettyJsonChunks({ a: [1, 2] })].join('') === toPrettyJson({ a: [1, 2] }) // true
 */
export function* prettyJsonChunks(value: unknown): Generator<string> {
  if (!isPlain(value) || (Array.isArray(value) && value.length === 0)) {
    yield toPrettyJson(value);
    return;
  }
  yield* valueChunks(value, '', true);
  yield '\n';
}

/** Arrays at least this long are written element by element (shorter ones are one piece: a piece per element would cost more than it saves). */
const STREAM_LENGTH = 64;
/** Elements of a streamed array written by one JSON.stringify (pieces of a few tens of KB). */
const GROUP = 256;
/** How deep below an object a long array makes that object stream member by member (an indicator's occurrences are one level down). */
const STREAM_DEPTH = 2;

/**
 * An array or a plain object without toJSON: JSON.stringify writes its members as they are, so its
 * text can be made member by member. Anything else (class instances, boxed primitives, Dates) is
 * left whole to JSON.stringify.
 */
function isPlain(v: unknown): v is object {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Whether `v` is, or holds within `depth` levels of objects and short arrays, an array worth streaming. */
function holdsLongArray(v: unknown, depth: number): boolean {
  if (!isPlain(v)) return false;
  if (Array.isArray(v) && v.length >= STREAM_LENGTH) return true;
  if (depth === 0) return false;
  if (Array.isArray(v)) return v.some((el) => holdsLongArray(el, depth - 1));
  for (const k in v) if (Object.hasOwn(v, k) && holdsLongArray((v as Record<string, unknown>)[k], depth - 1)) return true;
  return false;
}

/** The text of a value nested `pad` deep, in pieces when it is (or holds) a long array, else in one. */
function* valueChunks(v: unknown, pad: string, top = false): Generator<string> {
  if (!isPlain(v) || !(top || holdsLongArray(v, STREAM_DEPTH))) {
    yield indent(JSON.stringify(v, null, 2), pad);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let j = 0; j < v.length; ) {
      if (holdsLongArray(v[j], STREAM_DEPTH)) {
        yield `${j === 0 ? '' : ','}\n${inner}`;
        yield* valueChunks(v[j], inner);
        j++;
        continue;
      }
      // Up to GROUP plain elements in one JSON.stringify: '[\n  a,\n  b\n]' without its brackets is
      // their text at one level of indentation (a call per element cost 10% more on 762,000 occurrences).
      let k = j + 1;
      while (k < v.length && k - j < GROUP && !holdsLongArray(v[k], STREAM_DEPTH)) k++;
      yield `${j === 0 ? '' : ','}\n${pad}${indent(JSON.stringify(v.slice(j, k), null, 2).slice(2, -2), pad)}`;
      j = k;
    }
    yield `\n${pad}]`;
    return;
  }
  let first = true;
  for (const [key, m] of Object.entries(v)) {
    if (skipped(m)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* valueChunks(m, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/**
 * Pieces joined into strings of about `size` characters: one write each, where a write per piece
 * would cost more than the piece. Why 64 KiB: a batch still being joined when the young generation
 * is collected survives into the old one, pieces and all, and stays there as garbage until a full
 * collection; 1 MiB batches left ~80 MB of it after an 84 MB document, 64 KiB ones none (same CPU).
 */
export function* batched(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

/** A nested value's text, its lines after the first indented by `pad` (strings hold no raw newline). */
function indent(text: string, pad: string): string {
  return text.includes('\n') ? text.replace(/\n/g, `\n${pad}`) : text;
}
