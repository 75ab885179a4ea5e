/**
 * The JSON form of PhraseTables (the shipped rules' index, data/techniques/rules-index.json): typed
 * arrays as base64 (packed.ts), word tables as one newline-joined string of sorted words plus
 * deduplicated id lists (inflections of a word share their lists), so loading is a few native decodes.
 */
import { bucket } from './matcher-helpers.js';
import { packB64, unpackB64 } from './packed.js';
import { slotOf, type PhraseTables, type PrefixSlot, type WordIds, type WordLookup } from './phrase-tables.js';

/** A word → ids table: words (sorted) joined by newlines; per word its list; per list its ids[start[l], start[l + 1]) (all base64 Int32). */
export interface WordTableJson {
  words: string;
  list: string;
  start: string;
  ids: string;
}

/** JSON form of PhraseTables (see PhraseTables for the fields). */
export interface PhraseTablesJson {
  start: string;
  pel: string;
  gap: string;
  optional: string;
  req: string;
  required: string;
  group: string;
  negatable: string;
  negation: string[];
  window: number;
  anchorWords: WordTableJson;
  /** Prefix slots in bucket order (each bucket's slots keep their first-seen order). */
  anchorPrefixes: [string, number[]][];
  elemWords: WordTableJson;
  elemPrefixes: [string, number[]][];
}

const slots = (m: Map<number, PrefixSlot[]>): [string, number[]][] => [...m.values()].flatMap((list) => list.map((s): [string, number[]] => [s.prefix, s.ids]));

function packWords(m: Iterable<[string, WordIds]>): WordTableJson {
  // Sorted by code units: the loaded table looks words up by binary search (see SortedWords).
  const entries = [...m].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const listOf = new Map<string, number>();
  const start: number[] = [0];
  const ids: number[] = [];
  const list: number[] = [];
  for (const [w, v] of entries) {
    // Tokens never contain a newline (the tokenizer splits on whitespace): it cannot clash with a word.
    if (w.includes('\n')) throw new RangeError(`pattern word with a newline: ${JSON.stringify(w)}`);
    const key = Array.from(v).join(',');
    let l = listOf.get(key);
    if (l === undefined) {
      listOf.set(key, (l = listOf.size));
      ids.push(...v);
      start.push(ids.length);
    }
    list.push(l);
  }
  return { words: entries.map(([w]) => w).join('\n'), list: packB64(Int32Array.from(list)), start: packB64(Int32Array.from(start)), ids: packB64(Int32Array.from(ids)) };
}

/**
 * A loaded word table: sorted words and their ids, looked up by binary search (hand-written instead of a
 * Map: filling a Map with ~6,000 words cost more at start-up than every look-up of a report; the matcher
 * looks each distinct word of a document up once).
 */
class SortedWords implements WordLookup {
  private readonly words: string[];
  private readonly list: Int32Array;
  private readonly start: Int32Array;
  private readonly ids: Int32Array;
  constructor(j: WordTableJson) {
    this.words = j.words === '' ? [] : j.words.split('\n');
    this.list = unpackB64(j.list, Int32Array);
    this.start = unpackB64(j.start, Int32Array);
    this.ids = unpackB64(j.ids, Int32Array);
  }
  private find(w: string): number {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.words[mid]!;
      if (v === w) return mid;
      if (v < w) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  private idsAt(k: number): Int32Array {
    const l = this.list[k]!;
    return this.ids.subarray(this.start[l]!, this.start[l + 1]!);
  }
  has(w: string): boolean {
    return this.find(w) >= 0;
  }
  get(w: string): WordIds | undefined {
    const k = this.find(w);
    return k < 0 ? undefined : this.idsAt(k);
  }
  *[Symbol.iterator](): Iterator<[string, WordIds]> {
    for (let k = 0; k < this.words.length; k++) yield [this.words[k]!, this.idsAt(k)];
  }
}

function slotMap(list: readonly [string, number[]][]): Map<number, PrefixSlot[]> {
  const m = new Map<number, PrefixSlot[]>();
  for (const [prefix, ids] of list) bucket(m, prefix, slotOf).ids.push(...ids);
  return m;
}

/**
 * The JSON form of tables (deterministic: same tables, same value).
 * @example JSON.stringify(phraseTablesToJson(buildPhraseTables(patterns)))
 */
export function phraseTablesToJson(t: PhraseTables): PhraseTablesJson {
  return {
    start: packB64(t.start),
    pel: packB64(t.pel),
    gap: packB64(t.gap),
    optional: packB64(t.optional),
    req: packB64(t.req),
    required: packB64(t.required),
    group: packB64(t.group),
    negatable: packB64(t.negatable),
    negation: [...t.negation],
    window: t.window,
    anchorWords: packWords(t.anchorWords),
    anchorPrefixes: slots(t.anchorPrefixes),
    elemWords: packWords(t.elemWords),
    elemPrefixes: slots(t.elemPrefixes),
  };
}

/**
 * Tables from their JSON form (no pattern compilation: buffers are decoded, words put into maps).
 * Little-endian machines only (see packed.ts).
 * @example new PhraseIndex(phraseTablesFromJson(json))
 */
export function phraseTablesFromJson(j: PhraseTablesJson): PhraseTables {
  return {
    start: unpackB64(j.start, Int32Array),
    pel: unpackB64(j.pel, Int32Array),
    gap: unpackB64(j.gap, Uint8Array),
    optional: unpackB64(j.optional, Uint8Array),
    req: unpackB64(j.req, Int32Array),
    required: unpackB64(j.required, Uint8Array),
    group: unpackB64(j.group, Int32Array),
    negatable: unpackB64(j.negatable, Uint8Array),
    negation: new Set(j.negation),
    window: j.window,
    anchorWords: new SortedWords(j.anchorWords),
    anchorPrefixes: slotMap(j.anchorPrefixes),
    elemWords: new SortedWords(j.elemWords),
    elemPrefixes: slotMap(j.elemPrefixes),
  };
}
