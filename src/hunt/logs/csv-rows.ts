/**
 * CSV rows that span lines. A quoted cell may hold line breaks: the Message column of a Windows event
 * log saved as CSV (Event Viewer, `Export-Csv`), a ticket export's description, a MISP export's
 * comment. Every reader of CSV in hunt (intel feeds, log format detection, the log sweep and the cuts
 * between its parallel ranges) follows one rule, so they agree on where rows are:
 *
 * - a line that leaves a quote open (an odd count of `"`; an escaped `""` counts two) starts a row that
 *   runs on to the line that closes it;
 * - a row spans at most MAX_ROW_LINES lines: a quote still open after that many is a stray one, the row
 *   is its first line alone and the lines after it are rows of their own, so one bad quote cannot make
 *   the rest of a huge file one row.
 *
 * Under this rule the lines inside a row that is open after its first line all hold an even count of
 * quotes (an odd one would close it), so once a stray row is given up the lines after its first are
 * rows of their own, each complete: nothing is read twice.
 */

/**
 * The header's name of column `n` (0-based), or `column N` (1-based) past the header: Event Viewer's
 * "Save as CSV" writes its message in a sixth column its header does not name.
 */
export function columnName(fields: readonly string[], n: number): string | null {
  return fields[n] ?? (fields.length > 0 ? `column ${n + 1}` : null);
}

/** The most lines one CSV row may span. */
export const MAX_ROW_LINES = 64;

const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * The end of the row of `text` that starts at `s` and whose first line ends at `e` (a `\n` or the end
 * of the text): `e` when the row is that line (its quotes are balanced, or it opens a stray quote),
 * else the end of the line that closes the row. -1 when the text ends while the row is still open and
 * could still close within MAX_ROW_LINES lines: the caller holds only a head of the input and decides
 * (an intel feed is whole, so a quote open at its end is a stray one; detection stops there).
 */
export function csvRowEnd(text: string, s: number, e: number): number {
  let quotes = countQuotes(text, s, e);
  if (quotes % 2 === 0) return e;
  let end = e;
  for (let k = 1; k < MAX_ROW_LINES; k++) {
    if (end >= text.length) return -1;
    const n = text.indexOf('\n', end + 1);
    const next = n === -1 ? text.length : n;
    quotes += countQuotes(text, end, next);
    end = next;
    if (quotes % 2 === 0) return end;
  }
  return e;
}

/** Quotes in text[s, e) (a loop over the range: an indexOf from `s` would run on past `e` to the next quote, anywhere in the input). */
function countQuotes(text: string, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (text.charCodeAt(i) === QUOTE) n++;
  return n;
}

/**
 * A 32-bit view of the memory of the buffer last read by `oddQuotes`, and where that buffer starts in
 * it: made again only for another buffer object (a reader's chunk is one object for all its lines;
 * `.buffer` and `.byteOffset` are getter calls, which cost as much as the count of a short line).
 */
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let wordsFor: Uint8Array | null = null;
let wordsBase = 0;
/** Words are read with their first byte lowest (every platform Node runs on); else bytes one by one. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The 32-bit view of `b`'s memory (`wordsBase`: where `b` starts in it). */
function wordsOf(b: Uint8Array): Int32Array<ArrayBufferLike> {
  if (b !== wordsFor) {
    if (b.buffer !== words.buffer) words = new Int32Array(b.buffer, 0, b.buffer.byteLength >>> 2);
    wordsFor = b;
    wordsBase = b.byteOffset;
  }
  return words;
}

/**
 * True when b[s, e) holds an odd number of quotes. Hand-written for speed: every line of a CSV log
 * whose rows span lines is checked, and a byte loop (1.6 ns a byte) cost a fifth of the scan of such a
 * log; a word at a time (0.4 ns a byte) much less. Each aligned 32-bit word gives a mask with the top
 * bit of each byte that is `"` (the exact zero-byte test on the word XOR `""""`), cut to the bytes in
 * [s, e) in the first and last word; the parity of the masks' set bits is the parity of the quotes.
 */
export function oddQuotes(b: Uint8Array, s: number, e: number): boolean {
  if (e <= s) return false;
  const ws = wordsOf(b);
  const a = wordsBase + s;
  const z = wordsBase + e;
  const last = (z - 1) >>> 2;
  if (!LITTLE_ENDIAN || last >= ws.length) {
    let odd = false;
    for (let i = s; i < e; i++) if (b[i] === QUOTE) odd = !odd;
    return odd;
  }
  let acc = 0;
  for (let w = a >>> 2; w <= last; w++) {
    const x = (ws[w] as number) ^ 0x22222222;
    acc ^= ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
  }
  // Bytes of the first and last words outside [s, e) are taken out again (XOR: the same bits).
  const head = (a & 3) * 8;
  if (head !== 0) {
    const x = (ws[a >>> 2] as number) ^ 0x22222222;
    acc ^= ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & (0x80808080 >>> (32 - head));
  }
  const tail = (z & 3) * 8;
  if (tail !== 0) {
    const x = (ws[last] as number) ^ 0x22222222;
    acc ^= ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & (0x80808080 << tail);
  }
  acc ^= acc >>> 16;
  acc ^= acc >>> 8;
  return ((acc >>> 7) & 1) === 1;
}

/** Listed hits in a row on nearby lines after which `RowWindow` checks the next LOOK_AHEAD bytes' lines at once. */
const DENSE_HITS = 16;
const LOOK_AHEAD = 1 << 16;

/**
 * A block of whole lines b[start, end) of a CSV log, read from a row start, read as any log's (each
 * line a row of its own, columns counted from the line's start) so long as no row spanning lines can
 * reach a listed hit or the block's end. The reader asks, for each hit it lists, whether that hit's
 * line starts a row (`reaches`), and at the end whether the block ends at one (`ends`); when not, it
 * follows the block's rows line by line (CsvRows) from the block's start instead.
 *
 * A line start is one whatever came before when the MAX_ROW_LINES - 1 lines before it (or all lines
 * back to `start`) each hold an even count of quotes: a row that spans lines starts on a line with an
 * odd count and reaches at most MAX_ROW_LINES - 1 lines further. Only those lines are read (each once:
 * a window stops where the one before ended; none for a block without a quote), so a CSV log is not
 * read a second time byte by byte, and hits past the per-file limit (only counted) cost nothing.
 */
export class RowWindow {
  /** Lines before `to` are known even, `run` of them back from it (Infinity: back to `start`). */
  to: number;
  run = Infinity;
  /** The first quote at or after `to` (or before it, to be looked for again). */
  q: number;
  /** Windows in a row that met the one before (listed hits on most lines). */
  private close = 0;
  /** False once a look ahead found an odd line: windows only, from then on. */
  private ahead = true;

  private constructor(private readonly b: Uint8Array, start: number, private readonly end: number, q: number) {
    this.to = start;
    this.q = q;
  }

  /** The window of a block, or null when the block holds no quote (every line is even: nothing to ask). */
  static of(b: Uint8Array, start: number, end: number): RowWindow | null {
    const q = b.indexOf(QUOTE, start);
    return q === -1 || q >= end ? null : new RowWindow(b, start, end, q);
  }

  /** True when line start `ls` (asked in order) certainly starts a row. */
  reaches(ls: number): boolean {
    if (ls <= this.to) return true;
    if (!evenTo(this.b, ls, this)) return false;
    // Listed hits on most lines (the first of many matches): the windows cover every line at a few
    // calls a line; one loop over the next lines at once costs less.
    this.close = this.run > MAX_ROW_LINES - 1 ? this.close + 1 : 0;
    if (this.close >= DENSE_HITS && this.ahead) {
      this.close = 0;
      const lim = Math.min(this.end, this.to + LOOK_AHEAD);
      const le = lim === this.end ? lim : this.b.lastIndexOf(10, lim - 1) + 1;
      if (le > this.to && evenLines(this.b, this.to, le)) this.to = le;
      else this.ahead = false;
    }
    return true;
  }

  /** True when the block ends at a row start. */
  ends(): boolean {
    return this.reaches(this.end);
  }
}

/**
 * True when every line of b[s, e) (whole lines) holds an even count of quotes: one loop over the
 * bytes, a word at a time as in `oddQuotes` (a word without a line break only adds its quotes).
 */
function evenLines(b: Uint8Array, s: number, e: number): boolean {
  let odd = 0;
  let i = s;
  if (LITTLE_ENDIAN && e - s >= 64) {
    const ws = wordsOf(b);
    const base = wordsBase;
    // Bytes up to the first whole word, then whole words, then the rest.
    for (; ((base + i) & 3) !== 0; i++) {
      const c = b[i];
      if (c === QUOTE) odd ^= 1;
      else if (c === 10 && odd === 1) return false;
    }
    const w1 = (base + e) >>> 2;
    for (let w = (base + i) >>> 2; w < w1; w++) {
      const v = ws[w] as number;
      const xq = v ^ 0x22222222;
      const xn = v ^ 0x0a0a0a0a;
      if ((~(((xn & 0x7f7f7f7f) + 0x7f7f7f7f) | xn) & 0x80808080) === 0) {
        let m = ~(((xq & 0x7f7f7f7f) + 0x7f7f7f7f) | xq) & 0x80808080;
        m ^= m >>> 16;
        m ^= m >>> 8;
        odd ^= (m >>> 7) & 1;
        continue;
      }
      for (let k = (w << 2) - base, z = k + 4; k < z; k++) {
        const c = b[k];
        if (c === QUOTE) odd ^= 1;
        else if (c === 10 && odd === 1) return false;
      }
    }
    i = (w1 << 2) - base;
  }
  for (; i < e; i++) {
    const c = b[i];
    if (c === QUOTE) odd ^= 1;
    else if (c === 10 && odd === 1) return false;
  }
  return odd === 0;
}

/**
 * Extends window `w` to line start `p`: true when MAX_ROW_LINES - 1 lines before `p` (or all back to
 * the block's start) are even. Lines with no quote are not read: the window's run, already long enough
 * (or back to the start), only grows.
 */
function evenTo(b: Uint8Array, p: number, w: { to: number; run: number; q: number }): boolean {
  if (p <= w.to) return true;
  if (w.q < w.to) {
    const q = b.indexOf(QUOTE, w.to);
    w.q = q === -1 ? Infinity : q;
  }
  if (w.q >= p) {
    w.to = p;
    return true;
  }
  // Lines from the last quote-free one on: read back from `p` as far as needed.
  w.run = evenRun(b, p, w.to, w.run);
  w.to = p;
  return w.run >= MAX_ROW_LINES - 1;
}

/**
 * The even lines just before line start `p`, among the whole lines of [to, p): MAX_ROW_LINES - 1 of
 * them, or all of them plus `run` (the even lines before `to`); 0 when one line of those is odd. The
 * lines are found first (a call a line) and checked in one loop after.
 */
function evenRun(b: Uint8Array, p: number, to: number, run: number): number {
  let s = p;
  let n = 0;
  while (n < MAX_ROW_LINES - 1 && s > to) {
    // The line that ends at s - 1 starts after the line break before it, and not before `to`.
    const nl = s - 1 > to ? b.lastIndexOf(10, s - 2) : -1;
    s = nl < to ? to : nl + 1;
    n++;
  }
  if (!evenLines(b, s, p)) return 0;
  return s === to ? n + run : n;
}

/** Something whose `field` is named here: a hit. */
export interface Named {
  field: string | null;
}

/**
 * Follows the rows of a CSV log read front to back, line by line (and an over-long line in pieces),
 * to name the column of each hit. Nothing is kept of the bytes: only the cell index and quote state
 * at the read position, counted both from the open row's start and from the current line's start (what
 * the line is if the row's first quote proves a stray one). Hits named inside an open row are held
 * until the row closes (their names stand) or is given up as a stray quote's (they are renamed as if
 * their line were read alone, which is how every CSV line was read before rows could span lines).
 *
 * The caller feeds each line through `lineRest` (an over-long line: its pieces through `segment`
 * first); it may skip a line with balanced quotes while `clean` (such a line leaves the state as it
 * found it). Hits are named before their line or piece is fed.
 */
export class CsvRows {
  /** Lines of the open row read so far; 0 when the next line starts a row. */
  private open = 0;
  /** Cell index and quote state at the read position, counted from the open row's start. */
  private cell = 0;
  private quoted = false;
  /** The same, counted from the current line's start. */
  private lineCell = 0;
  private lineQuoted = false;
  /** Hits named as part of the open row, with the name each gets if its line is read alone. */
  private readonly held: { hit: Named; alone: string | null }[] = [];
  /**
   * Lines of `due` whose commas outside quotes are still to be added to `cell` ([start, end), and 1
   * when read from inside a quote): counted only if a hit of the row needs them (most multi-line rows
   * close first, and their lines are then never read again). The caller settles them before the
   * bytes are reused. A row has at most MAX_ROW_LINES lines, so as many are held.
   */
  private due: Uint8Array | null = null;
  private dueCount = 0;
  private readonly dueStart = new Int32Array(MAX_ROW_LINES);
  private readonly dueEnd = new Int32Array(MAX_ROW_LINES);
  private readonly dueQuoted = new Uint8Array(MAX_ROW_LINES);

  constructor(private readonly fields: readonly string[]) {}

  /** True when nothing is carried: the read position starts a row (a line's first byte, no row open). */
  get clean(): boolean {
    return this.open === 0 && this.cell === 0 && !this.quoted;
  }

  /** Names the column of byte `at` of the segment that starts at the read position `s`. */
  name(b: Uint8Array, s: number, at: number, hit: Named): void {
    this.settle();
    this.commas(b, s, at);
    const { even, odd } = this;
    hit.field = columnName(this.fields, this.cell + (this.quoted ? odd : even));
    if (this.open > 0) {
      const alone = columnName(this.fields, this.lineCell + (this.lineQuoted ? odd : even));
      if (alone !== hit.field) this.held.push({ hit, alone });
    }
  }

  /**
   * Moves the read position over the rest of a line, b[s, e), and past its line break. `odd`: the
   * rest holds an odd number of quotes; `quotes`: it holds any. Its commas are counted only when a
   * row runs on past it and they may lie outside quotes: the lines inside a multi-line cell (no
   * quote, inside one all along) and the line that ends a row are not read again.
   */
  lineRest(b: Uint8Array, s: number, e: number, odd: boolean, quotes: boolean): void {
    const quotedEnd = this.quoted !== odd;
    if (quotedEnd && quotes) {
      if (b !== this.due || this.dueCount === MAX_ROW_LINES) this.settle();
      const k = this.dueCount++;
      this.due = b;
      this.dueStart[k] = s;
      this.dueEnd[k] = e;
      this.dueQuoted[k] = this.quoted ? 1 : 0;
    }
    this.quoted = quotedEnd;
    this.lineEnd();
  }

  /** Counts the commas of the lines left `due` (call before their bytes are reused). */
  settle(): void {
    const b = this.due;
    if (b === null) return;
    let n = 0;
    for (let k = 0; k < this.dueCount; k++) {
      let q = this.dueQuoted[k] === 1;
      for (let i = this.dueStart[k] as number, e = this.dueEnd[k] as number; i < e; i++) {
        const c = b[i];
        if (c === QUOTE) q = !q;
        else if (c === COMMA && !q) n++;
      }
    }
    this.cell += n;
    this.due = null;
    this.dueCount = 0;
  }

  /** Moves the read position over b[s, e), a piece of an over-long line (no line break). */
  segment(b: Uint8Array, s: number, e: number): void {
    this.commas(b, s, e);
    const { even, odd, flips } = this;
    this.cell += this.quoted ? odd : even;
    this.quoted = this.quoted !== flips;
    this.lineCell += this.lineQuoted ? odd : even;
    this.lineQuoted = this.lineQuoted !== flips;
  }

  /** Results of {@link commas} (fields, not an object per call: it runs for every listed hit). */
  private even = 0;
  private odd = 0;
  private flips = false;

  /**
   * Counts the commas of b[s, e) that lie outside quotes when the range starts outside a quoted cell
   * (`even`) and when it starts inside one (`odd`); `flips`: the range holds an odd number of quotes.
   */
  private commas(b: Uint8Array, s: number, e: number): void {
    let even = 0;
    let odd = 0;
    let q = false;
    for (let i = s; i < e; i++) {
      const c = b[i];
      if (c === QUOTE) q = !q;
      else if (c === COMMA) {
        if (q) odd++;
        else even++;
      }
    }
    this.even = even;
    this.odd = odd;
    this.flips = q;
  }

  /** The read position passed a line break. */
  private lineEnd(): void {
    if (this.open === 0) {
      if (this.quoted) this.open = 1;
      else this.reset();
    } else if (!this.quoted) {
      if (this.held.length > 0) this.held.length = 0;
      this.reset();
    } else if (++this.open >= MAX_ROW_LINES) this.stray();
    this.lineCell = 0;
    this.lineQuoted = false;
  }

  /** The input ended: a row still open is a stray quote's. */
  end(): void {
    if (this.open > 0) this.stray();
  }

  /** The open row's first quote is a stray one: its lines are rows of their own. */
  private stray(): void {
    for (const { hit, alone } of this.held) hit.field = alone;
    this.held.length = 0;
    this.reset();
  }

  private reset(): void {
    this.open = 0;
    this.cell = 0;
    this.quoted = false;
    this.due = null;
    this.dueCount = 0;
  }
}
