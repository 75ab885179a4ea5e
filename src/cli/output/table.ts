import { visibleLength } from './tty.js';

export interface Column {
  /** Header text; omit headers entirely with `header: false` in the options. */
  title: string;
  align?: 'left' | 'right';
  /** The one column that is truncated (with `…`) when the table is wider than the terminal. */
  shrink?: boolean;
}

export interface TableOptions {
  /** Total width available; the `shrink` column gives way first. */
  width?: number;
  header?: boolean;
  indent?: string;
  /** Style applied to the header line (e.g. bold). */
  styleHeader?: (s: string) => string;
}

/** A compact plain-text table: columns padded to their widest cell, two spaces apart. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string {
  const indent = opts.indent ?? '';
  const showHeader = opts.header ?? true;
  const widths = columns.map((c, i) => Math.max(showHeader ? c.title.length : 0, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  fitWidths(columns, widths, (opts.width ?? Infinity) - indent.length);
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((c, i) => pad(clip(cells[i] ?? '', widths[i] ?? 0), widths[i] ?? 0, c.align, i === columns.length - 1))
      .join('  ');
  const out: string[] = [];
  if (showHeader) {
    const h = line(columns.map((c) => c.title));
    out.push(opts.styleHeader ? opts.styleHeader(h) : h);
  }
  for (const r of rows) out.push(line(r));
  return out.map((l) => l.replace(/\s+$/, '')).join('\n') + (out.length > 0 ? '\n' : '');
}

function fitWidths(columns: readonly Column[], widths: number[], available: number): void {
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  const i = columns.findIndex((c) => c.shrink);
  if (total <= available || i < 0) return;
  widths[i] = Math.max(12, (widths[i] ?? 0) - (total - available));
}

function clip(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  // Styled cells are never clipped (only plain values are long enough to need it).
  return width <= 1 ? s.slice(0, width) : `${s.slice(0, width - 1)}…`;
}

function pad(s: string, width: number, align: Column['align'], last: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - visibleLength(s)));
  if (align === 'right') return gap + s;
  return last ? s : s + gap;
}
