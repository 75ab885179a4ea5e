import type { Bytes } from '../bytes.js';
import { CODED, TABLES, type Column } from './schema.js';

/** Where one table's rows sit and how wide each column is. */
interface TableLayout {
  rows: number;
  offset: number;
  rowSize: number;
  colOffsets: number[];
  colWidths: number[];
}

/**
 * The #~ (or #-) tables stream, ECMA-335 II.24.2.6: header, row counts for each bit set in Valid,
 * then the tables back to back. Column widths follow the HeapSizes flags and the row counts
 * (2-byte indexes unless a target table or heap is too large). Rows are read lazily, so a
 * hostile row count costs nothing until someone asks for the row, and then only a bounds check.
 */
export class TablesStream {
  readonly layouts: (TableLayout | undefined)[] = [];
  readonly rowCounts: number[] = new Array<number>(64).fill(0);
  /** False when the header itself could not be read. */
  readonly ok: boolean;
  private readonly b: Bytes;
  private readonly end: number;

  constructor(b: Bytes, start: number, size: number, warn: (code: string, msg: string, off?: number) => void) {
    this.b = b;
    this.end = Math.min(b.length, start + size);
    const heapSizes = b.u8(start + 6);
    const validLo = b.u32(start + 8);
    const validHi = b.u32(start + 12);
    this.ok = heapSizes !== undefined && validLo !== undefined && validHi !== undefined;
    if (!this.ok) {
      warn('truncated', 'metadata tables header is cut short', start);
      return;
    }
    let p = start + 24;
    for (let i = 0; i < 64; i++) {
      const set = i < 32 ? (validLo! >>> i) & 1 : (validHi! >>> (i - 32)) & 1;
      if (!set) continue;
      const n = b.u32(p);
      if (n === undefined) {
        warn('truncated', 'metadata row counts are cut short', p);
        return;
      }
      this.rowCounts[i] = n;
      p += 4;
    }
    if (heapSizes! & 0x40) p += 4; // "extra data" dword written by some edit-and-continue builds
    this.layOut(p, heapSizes!, validHi! > 0x1fff, warn);
  }

  private layOut(start: number, heapSizes: number, unknownTables: boolean, warn: (code: string, msg: string, off?: number) => void): void {
    const width = (col: Column): number => this.columnWidth(col, heapSizes);
    let offset = start;
    for (let i = 0; i < TABLES.length; i++) {
      const cols = TABLES[i]![1];
      const colWidths = cols.map(width);
      const colOffsets: number[] = [];
      let rowSize = 0;
      for (const w of colWidths) {
        colOffsets.push(rowSize);
        rowSize += w;
      }
      const rows = this.rowCounts[i]!;
      this.layouts.push({ rows, offset, rowSize, colOffsets, colWidths });
      offset += rows * rowSize;
    }
    if (offset > this.end) warn('truncated', 'metadata tables run past the end of their stream', this.end);
    if (unknownTables) warn('dotnet-unknown-tables', 'tables stream lists tables beyond ECMA-335 (ignored)');
  }

  private columnWidth(col: Column, heapSizes: number): number {
    if (typeof col === 'number') return col;
    if (col === 'str') return heapSizes & 0x01 ? 4 : 2;
    if (col === 'guid') return heapSizes & 0x02 ? 4 : 2;
    if (col === 'blob') return heapSizes & 0x04 ? 4 : 2;
    if ('t' in col) return this.rowCounts[col.t]! > 0xffff ? 4 : 2;
    const targets: readonly number[] = CODED[col.c];
    const bits = Math.ceil(Math.log2(targets.length));
    const max = Math.max(...targets.map((t) => (t < 0 ? 0 : this.rowCounts[t]!)));
    return max < 2 ** (16 - bits) ? 2 : 4;
  }

  /** Declared row count, clipped to the rows that actually fit in the stream (hostile counts cost nothing). */
  rows(table: number): number {
    const l = this.layouts[table];
    if (!l) return 0;
    if (l.rowSize === 0) return l.rows;
    return Math.max(0, Math.min(l.rows, Math.floor((this.end - l.offset) / l.rowSize)));
  }

  /** Column value of a 1-based row; undefined when the row lies outside the stream. */
  cell(table: number, row: number, col: number): number | undefined {
    const l = this.layouts[table];
    if (!l || row < 1 || row > l.rows) return undefined;
    const off = l.offset + (row - 1) * l.rowSize + l.colOffsets[col]!;
    const w = l.colWidths[col]!;
    if (off + w > this.end) return undefined;
    return w === 1 ? this.b.u8(off) : w === 2 ? this.b.u16(off) : this.b.u32(off);
  }
}

/** Split a coded index into [table id, 1-based row] (ECMA-335 II.24.2.6). */
export function decodeCoded(kind: keyof typeof CODED, value: number): [number, number] {
  const targets: readonly number[] = CODED[kind];
  const bits = Math.ceil(Math.log2(targets.length));
  const table = targets[value & ((1 << bits) - 1)] ?? -1;
  return [table, value >>> bits];
}
