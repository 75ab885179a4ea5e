/**
 * Offset → line lookups for a document. Built once per text (one pass), then each lookup is a binary
 * search, so thousands of indicator occurrences cost O(n + k log n).
 */
export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(text: string) {
    let count = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
    const starts = new Uint32Array(count);
    let k = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts[k++] = i + 1;
    this.starts = starts;
  }

  /** 1-based line number of a UTF-16 offset. */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((s[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset at which a 1-based line starts. */
  startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** A snippet of at most `radius` characters each side of [start, end), on one line, whitespace folded. */
export function contextSnippet(text: string, start: number, end: number, radius = 60): string {
  let a = Math.max(0, start - radius);
  let b = Math.min(text.length, end + radius);
  // Bounded scans (never past the radius), so snippets on one huge line stay O(radius).
  for (let i = start - 1; i >= a; i--) {
    if (text.charCodeAt(i) === 10) {
      a = i + 1;
      break;
    }
  }
  for (let i = end; i < b; i++) {
    if (text.charCodeAt(i) === 10) {
      b = i;
      break;
    }
  }
  return text.slice(a, b).replace(/\s+/g, ' ').trim();
}
