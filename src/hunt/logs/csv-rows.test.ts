import { describe, expect, it } from 'vitest';
import { csvRowEnd, CsvRows, MAX_ROW_LINES, oddQuotes, RowWindow } from './csv-rows.js';

/** A small deterministic generator (tests only). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('oddQuotes', () => {
  it('agrees with a byte count on every alignment, length and buffer end', () => {
    const rnd = lcg(7);
    const pool = Buffer.from(Array.from({ length: 4099 }, () => (rnd() < 0.3 ? 0x22 : rnd() < 0.1 ? 10 : 0x21 + Math.floor(rnd() * 90))));
    for (const b of [pool, pool.subarray(1), pool.subarray(3, 4098), Buffer.from(pool.subarray(0, 1001))]) {
      for (let k = 0; k < 3000; k++) {
        const s = Math.floor(rnd() * b.length);
        const e = Math.min(b.length, s + Math.floor(rnd() * (k % 2 === 0 ? 12 : 300)));
        let n = 0;
        for (let i = s; i < e; i++) if (b[i] === 0x22) n++;
        expect(oddQuotes(b, s, e)).toBe(n % 2 === 1);
      }
      expect(oddQuotes(b, b.length - 1, b.length)).toBe(b[b.length - 1] === 0x22);
    }
  });
});

describe('csvRowEnd', () => {
  it('runs a row on to the line that closes its quote, within MAX_ROW_LINES lines', () => {
    const t = 'a,"b\nc\nd",e\nf\n';
    expect(csvRowEnd(t, 0, t.indexOf('\n'))).toBe(t.indexOf('\nf'));
    expect(csvRowEnd('a,b\nc', 0, 3)).toBe(3);
    // Still open at the end of the text: -1 (a head cut short, or a stray quote at a feed's end).
    expect(csvRowEnd('a,"b\nc\n', 0, 4)).toBe(-1);
    // Still open after MAX_ROW_LINES lines: a stray quote, the row is its first line.
    const stray = `a,"b\n${'x\n'.repeat(MAX_ROW_LINES)}`;
    expect(csvRowEnd(stray, 0, 4)).toBe(4);
    const closes = `a,"b\n${'x\n'.repeat(MAX_ROW_LINES - 2)}"\n`;
    expect(csvRowEnd(closes, 0, 4)).toBe(closes.length - 1);
  });
});

/** Asks a RowWindow about the lines of the hits at `offsets` (in order), then about the block's end, as the reader does. */
function startsRows(b: Buffer, offsets: number[]): boolean {
  const w = RowWindow.of(b, 0, b.length);
  if (w === null) return true;
  for (const o of offsets) if (!w.reaches(b.lastIndexOf(10, o - 1) + 1)) return false;
  return w.ends();
}

describe('RowWindow', () => {
  const at = (b: Buffer, ...needles: string[]): number[] => needles.map((n) => b.indexOf(n));

  it('holds when the lines before each listed hit and the end are even, whatever lies further back', () => {
    const even = 'x,"y",z\n'.repeat(MAX_ROW_LINES);
    const b = Buffer.from(`a,"open\n${even}HIT,1\n${even}`);
    expect(startsRows(b, at(b, 'HIT'))).toBe(true);
    // An odd line within reach of a hit, or of the end: the block must be followed line by line.
    const near = Buffer.from(`${even}a,"open\nHIT,1\n${even}`);
    expect(startsRows(near, at(near, 'HIT'))).toBe(false);
    const end = Buffer.from(`${even}a,"open\n`);
    expect(startsRows(end, [])).toBe(false);
    // A hit that is only counted (past the per-file limit) is not asked about.
    expect(startsRows(near, [])).toBe(true);
    // From the block start (a row start), fewer even lines are enough.
    const short = Buffer.from('x,"y"\nHIT\n');
    expect(startsRows(short, at(short, 'HIT'))).toBe(true);
    // No quote at all: nothing to ask.
    expect(RowWindow.of(Buffer.from('a,b\nHIT\n'.repeat(100)), 0, 800)).toBeNull();
  });
});

describe('RowWindow against its definition', () => {
  /** The definition: every named hit's line, and the end, has 63 even lines before it, or all back to the start. */
  function reference(lines: string[], hitLines: number[]): boolean {
    const odd = lines.map((l) => (l.split('"').length - 1) % 2 === 1);
    const ok = (n: number): boolean => {
      for (let k = n - 1; k >= Math.max(0, n - (MAX_ROW_LINES - 1)); k--) if (odd[k]) return false;
      return true;
    };
    return hitLines.every(ok) && ok(lines.length);
  }

  it('is never true where the definition is false, and true for blocks of even lines', () => {
    const rnd = lcg(11);
    for (let t = 0; t < 400; t++) {
      const n = 20 + Math.floor(rnd() * 400);
      const oddRate = [0, 0.001, 0.01, 0.05][t % 4] as number;
      const lines = Array.from({ length: n }, (_, i) => {
        const q = rnd() < oddRate ? 1 : 2 * Math.floor(rnd() * 3);
        return `${i},${'"x'.repeat(q)}${'y'.repeat(Math.floor(rnd() * (t % 3 === 0 ? 300 : 40)))},HIT`;
      });
      const text = `${lines.join('\n')}\n`;
      const b = Buffer.from(text);
      const starts: number[] = [];
      for (let i = 0, p = 0; i < n; p += (lines[i] as string).length + 1, i++) starts.push(p);
      // Hits on some lines (dense runs and sparse ones), each at the line's HIT.
      const hitLines = starts.map((_, i) => i).filter(() => rnd() < [0.02, 0.3, 1][t % 3]!);
      const got = startsRows(b, hitLines.map((i) => (starts[i] as number) + (lines[i] as string).length - 3));
      const want = reference(lines, hitLines);
      if (!want) expect(got).toBe(false);
      if (oddRate === 0) expect(got).toBe(true);
    }
  });
});

describe('CsvRows', () => {
  /** Feeds `text` line by line as the log reader does, naming a hit at each `@`. */
  function names(text: string, fields: string[]): (string | null)[] {
    const rows = new CsvRows(fields);
    const b = Buffer.from(text);
    const out: { field: string | null }[] = [];
    for (let ls = 0; ls < b.length; ) {
      let nl = b.indexOf(10, ls);
      if (nl === -1) nl = b.length;
      for (let i = ls; i < nl; i++) {
        if (b[i] !== 0x40) continue;
        const hit = { field: null as string | null };
        if (rows.clean) {
          let n = 0;
          let q = false;
          for (let k = ls; k < i; k++) if (b[k] === 0x22) q = !q; else if (b[k] === 0x2c && !q) n++;
          hit.field = fields[n] ?? null;
        } else rows.name(b, ls, i, hit);
        out.push(hit);
      }
      const odd = oddQuotes(b, ls, nl);
      if (odd || !rows.clean) rows.lineRest(b, ls, nl, odd, b.subarray(ls, nl).includes(0x22));
      ls = nl + 1;
    }
    rows.end();
    return out.map((h) => h.field);
  }

  it('names columns inside and after a multi-line cell, and past escaped quotes', () => {
    expect(names('1,"a\nb @\n""c"", d\n",@\n@,2,3\n', ['x', 'y', 'z'])).toEqual(['y', 'z', 'x']);
  });

  it('renames hits read as part of a row that proves to be a stray quote', () => {
    const text = `1,"open\n${'a,@,b\n'.repeat(MAX_ROW_LINES + 5)}`;
    expect(names(text, ['x', 'y', 'z'])).toEqual(Array.from({ length: MAX_ROW_LINES + 5 }, () => 'y'));
    // Open at the end of the input: the same.
    expect(names('1,"open\na,@,b\n', ['x', 'y', 'z'])).toEqual(['y']);
  });
});
