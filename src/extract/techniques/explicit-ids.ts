/** An ATT&CK technique id written in the text, with its offsets. */
export interface ExplicitId {
  /** As normalised (`T1059.001`; `T1059/001` is read as the same id). */
  id: string;
  start: number;
  end: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Explicit ids in the order they were added, as parallel typed arrays: no object per id, so a document
 * that writes an id tens of thousands of times (an id dump) costs a few bytes per occurrence.
 * @example const l = new ExplicitIdList(); l.add('T1059', 4, 9); l.idOf(0) // 'T1059'
 */
export class ExplicitIdList {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private ids = new Int32Array(16);
  count = 0;

  add(id: string, start: number, end: number): void {
    let k = this.index.get(id);
    if (k === undefined) this.index.set(id, (k = this.names.push(id) - 1));
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.ids = grown(this.ids);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.ids[this.count++] = k;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.ends[i]!;
  }

  idOf(i: number): string {
    return this.names[this.ids[i]!]!;
  }

  /** Number of the entry's id among the distinct ids (0, 1, … in order of first appearance). */
  idNumber(i: number): number {
    return this.ids[i]!;
  }

  /** The distinct ids, in order of first appearance (idNumber indexes this). */
  distinct(): readonly string[] {
    return this.names;
  }

  /** Entry numbers ordered by start, equal starts in the order they were added (a stable sort by start). */
  byStart(): Int32Array {
    const order = new Int32Array(this.count);
    let sorted = true;
    for (let i = 0; i < this.count; i++) {
      order[i] = i;
      if (i > 0 && this.starts[i]! < this.starts[i - 1]!) sorted = false;
    }
    if (!sorted) order.sort((a, b) => this.starts[a]! - this.starts[b]! || a - b);
    return order;
  }

  toArray(): ExplicitId[] {
    const out: ExplicitId[] = [];
    for (let i = 0; i < this.count; i++) out.push({ id: this.idOf(i), start: this.starts[i]!, end: this.ends[i]! });
    return out;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Finds ATT&CK technique ids (`T1234`, `T1234.001`, `T1234/001` as in attack.mitre.org URLs) in one
 * linear pass. A hand-written scanner: it runs over whole documents next to the other extractors.
 */
export function findExplicitIds(text: string): ExplicitId[] {
  const list = new ExplicitIdList();
  scanExplicitIds(text, list);
  return list.toArray();
}

/** findExplicitIds into `list` (appended in text order). */
export function scanExplicitIds(text: string, list: ExplicitIdList): void {
  eachExplicitId(text, (id, start, end) => list.add(id, start, end));
}

/**
 * Calls `found` for each explicit id in text order, without keeping them (recognizeTechniques merges
 * them as it goes: a text that writes an id a million times needs no table of them).
 */
export function eachExplicitId(text: string, found: (id: string, start: number, end: number) => void): void {
  // One string per distinct id, found by the id's digits: a document that writes an id tens of
  // thousands of times would otherwise build (and hash) a new string at each.
  const names = new Map<number, string>();
  let i = text.indexOf('T');
  while (i >= 0) {
    if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && digitsAt(text, i + 1, 4)) {
      let end = i + 5;
      let key = digitsValue(text, i + 1, 4);
      const sep = text.charCodeAt(end);
      const sub = (sep === 46 || sep === 47) && digitsAt(text, end + 1, 3) && !isWordChar(text.charCodeAt(end + 4));
      if (sub) {
        key = 10_000 + key * 1000 + digitsValue(text, end + 1, 3);
        end += 4;
      }
      if (!isWordChar(text.charCodeAt(end))) {
        let id = names.get(key);
        if (id === undefined) names.set(key, (id = sub ? `${text.slice(i, i + 5)}.${text.slice(end - 3, end)}` : text.slice(i, end)));
        found(id, i, end);
      }
      i = text.indexOf('T', end);
    } else i = text.indexOf('T', i + 1);
  }
}

/** The decimal value of the n digits at `at` (checked by digitsAt). */
function digitsValue(text: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + (text.charCodeAt(at + k) - 48);
  return v;
}

function digitsAt(text: string, at: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(text.charCodeAt(at + k))) return false;
  return true;
}
