import { describe, expect, it } from 'vitest';
import { csvRowEnd, CsvRows, hitsStartRows, MAX_ROW_LINES, oddQuotes } from './csv-rows.js';

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

describe('hitsStartRows', () => {
  const all = (): boolean => true;
  const at = (text: string, ...needles: string[]): { offset: number; id: number }[] => needles.map((n) => ({ offset: text.indexOf(n), id: 0 }));

  it('holds when the lines before each named hit and the end are even, whatever lies further back', () => {
    const even = 'x,"y",z\n'.repeat(MAX_ROW_LINES);
    const b = Buffer.from(`a,"open\n${even}HIT,1\n${even}`);
    const s = b.toString('latin1');
    expect(hitsStartRows(b, 0, b.length, at(s, 'HIT'), all)).toBe(true);
    // An odd line within reach of a hit, or of the end: the block must be followed line by line.
    const near = Buffer.from(`${even}a,"open\nHIT,1\n${even}`);
    expect(hitsStartRows(near, 0, near.length, at(near.toString('latin1'), 'HIT'), all)).toBe(false);
    const end = Buffer.from(`${even}a,"open\n`);
    expect(hitsStartRows(end, 0, end.length, [], all)).toBe(false);
    // A hit that is only counted (past the per-file limit) needs no column.
    expect(hitsStartRows(near, 0, near.length, at(near.toString('latin1'), 'HIT'), () => false)).toBe(true);
    // From the block start (a row start), fewer even lines are enough.
    const short = Buffer.from('x,"y"\nHIT\n');
    expect(hitsStartRows(short, 0, short.length, at(short.toString('latin1'), 'HIT'), all)).toBe(true);
    // No quote at all.
    const plain = Buffer.from('a,b\nHIT\n'.repeat(100));
    expect(hitsStartRows(plain, 0, plain.length, at(plain.toString('latin1'), 'HIT'), all)).toBe(true);
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
