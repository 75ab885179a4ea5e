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
 * {@link toPrettyJson} in pieces whose concatenation is exactly its text: a top-level array element
 * by element, a top-level object member by member and the elements of its array members one by one.
 * Why: a report with hundreds of thousands of indicators (an IOC dump) made a JSON document of
 * hundreds of MB, built as one string on top of the result it was made from.
 * @example [...prettyJsonChunks({ a: [1, 2] })].join('') === toPrettyJson({ a: [1, 2] }) // true
 */
export function* prettyJsonChunks(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > 0) {
    yield* arrayChunks(value, '');
    yield '\n';
    return;
  }
  const plain = value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!plain) {
    yield toPrettyJson(value);
    return;
  }
  const members = Object.entries(value).filter(([, v]) => !skipped(v));
  if (members.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [i, [key, v]] of members.entries()) {
    yield `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(v) || v.length === 0) {
      yield indent(JSON.stringify(v, null, 2), '  ');
      continue;
    }
    yield* arrayChunks(v, '  ');
  }
  yield '\n}\n';
}

/** A non-empty array nested `pad` deep, element by element. */
function* arrayChunks(v: readonly unknown[], pad: string): Generator<string> {
  const inner = `${pad}  `;
  yield '[';
  for (let j = 0; j < v.length; j++) {
    const el: unknown = v[j];
    yield `${j === 0 ? '' : ','}\n${inner}${skipped(el) ? 'null' : indent(JSON.stringify(el, null, 2), inner)}`;
  }
  yield `\n${pad}]`;
}

/**
 * Pieces joined into strings of about `size` characters: one write each, where a write per piece
 * would cost more than the piece.
 */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
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
