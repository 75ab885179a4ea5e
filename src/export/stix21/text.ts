import type { StixObject } from './types.js';

/**
 * The bundle's JSON text, as `JSON.stringify(bundle, null, 2)` plus a final newline writes it, made a
 * piece at a time so a bundle can be written while its objects are made (see stixBundleChunks). The
 * bundle is always `{type, id, objects}` and its objects are plain object literals, so only that shape
 * is handled; the tests compare the pieces with JSON.stringify on bundles of every kind of object.
 */

/** Indentation of an element of `objects` (two levels down). */
const ELEMENT_PAD = '    ';

/**
 * Arrays longer than this are written a group of elements at a time: the report's `object_refs` lists
 * every object of the bundle, over a million ids for a big feed (one string of 70 MB, and its indented copy).
 */
const GROUP = 4096;

/** The bundle's text up to the `[` that opens `objects`. */
export function bundleOpen(id: string): string {
  return `{\n  "type": "bundle",\n  "id": ${JSON.stringify(id)},\n  "objects": [`;
}

/** The bundle's text after its last object. */
export function bundleClose(): string {
  return '\n  ]\n}\n';
}

/**
 * One element of `objects`, from the separator before it: in one piece, or member by member when it
 * holds a long array (see {@link GROUP}).
 */
export function* objectChunks(obj: StixObject, first: boolean): Generator<string> {
  const start = `${first ? '' : ','}\n${ELEMENT_PAD}`;
  if (!Object.values(obj).some(isLongArray)) {
    yield start + nested(obj, ELEMENT_PAD);
    return;
  }
  yield start;
  yield* membersChunks(obj, ELEMENT_PAD);
}

function isLongArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.length > GROUP;
}

/** JSON.stringify leaves such members out of an object (and writes `null` for them in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** An object's text member by member, its long arrays a group of elements at a time. */
function* membersChunks(obj: Record<string, unknown>, pad: string): Generator<string> {
  const inner = `${pad}  `;
  let first = true;
  for (const [key, value] of Object.entries(obj)) {
    if (omitted(value)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    if (isLongArray(value)) yield* elementsChunks(value, inner);
    else yield nested(value, inner);
  }
  yield first ? '{}' : `\n${pad}}`;
}

/** A non-empty array's text, {@link GROUP} elements a piece. */
function* elementsChunks(items: readonly unknown[], pad: string): Generator<string> {
  const inner = `${pad}  `;
  for (let i = 0; i < items.length; i += GROUP) {
    const texts = items.slice(i, i + GROUP).map((v) => (omitted(v) ? 'null' : nested(v, inner)));
    yield `${i === 0 ? '[' : ','}\n${inner}${texts.join(`,\n${inner}`)}`;
  }
  yield `\n${pad}]`;
}

/** `JSON.stringify(value, null, 2)` for a value nested `pad` deep: its lines after the first indented by `pad` (JSON strings hold no raw newline). */
function nested(value: unknown, pad: string): string {
  const text = JSON.stringify(value, null, 2);
  return text.includes('\n') ? text.replace(/\n/g, `\n${pad}`) : text;
}
