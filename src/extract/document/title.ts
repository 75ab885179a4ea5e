import { findDate } from './date.js';

/** How far into a text a title is looked for, and how long a "short line" title may be. */
const SCAN_LINES = 40;
const MAX_TITLE = 160;

/** Removes inline Markdown (emphasis, code ticks, links) from a heading. */
function plain(s: string): string {
  return s
    .replace(/!?\[([^\]]{0,300})\]\([^)]{0,500}\)/g, '$1')
    .replace(/[*_`]{1,3}/g, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first SCAN_LINES lines of a text (each cut at 1000 characters, a trailing CR dropped), read on
 * demand: most reports open with their title, so usually only a line or two is ever sliced.
 */
class FirstLines {
  private readonly lines: string[] = [];
  private pos = 0;
  private done = false;

  constructor(private readonly text: string) {}

  /** Line i, or undefined past the end (or past SCAN_LINES). */
  at(i: number): string | undefined {
    while (this.lines.length <= i && !this.done) this.readOne();
    return this.lines[i];
  }

  /** Number of lines (reads them all). */
  get length(): number {
    this.at(SCAN_LINES);
    return this.lines.length;
  }

  private readOne(): void {
    const { text } = this;
    if (this.lines.length >= SCAN_LINES || this.pos > text.length) {
      this.done = true;
      return;
    }
    const nl = text.indexOf('\n', this.pos);
    const end = nl === -1 ? text.length : nl;
    this.lines.push(text.slice(this.pos, Math.min(end, this.pos + 1000)).replace(/\r$/, ''));
    if (nl === -1) this.done = true;
    else this.pos = nl + 1;
  }
}

/** Skips a YAML front-matter block and returns its `title:` when it has one. */
function frontMatter(lines: FirstLines): { title: string | null; skip: number } {
  if (lines.at(0)?.trim() !== '---') return { title: null, skip: 0 };
  for (let i = 1; i < lines.length; i++) {
    if (lines.at(i)?.trim() === '---') {
      const t = Array.from({ length: i - 1 }, (_, k) => lines.at(k + 1)!).map((l) => /^title:\s*["']?(.+?)["']?\s*$/i.exec(l)?.[1]).find((x) => x);
      return { title: t ? plain(t) : null, skip: i + 1 };
    }
  }
  return { title: null, skip: 0 };
}

/** A dateline ("12 March 2025", "Posted March 12, 2025") is metadata: neither a title nor body prose. */
function isDateline(line: string): boolean {
  const t = line.trim();
  return t.length < 48 && findDate(t) !== null;
}

function isShortTitleLine(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || t.length > MAX_TITLE) return false;
  // A sentence of body text ends with a period; list items, tables, quotes and rules are not titles.
  if (/[.;:,]$/.test(t) || /^([-*+>|•]|\d+[.)]\s|={3,}|-{3,})/.test(t)) return false;
  return /\p{L}/u.test(t);
}

/**
 * The title a plain-text or Markdown report gives itself: front-matter `title:`, the first ATX heading
 * (`# …`) or setext heading (`…` underlined with `===`/`---`), else the first short line that does not
 * read as a sentence. Null when none of these is found.
 * @example titleFromText('# KeyPlug returns\n\nBody.') // 'KeyPlug returns'
 */
export function titleFromText(text: string): string | null {
  const lines = new FirstLines(text);
  const fm = frontMatter(lines);
  if (fm.title) return fm.title;
  // The first non-blank line decides (heading, underlined heading, or short line); after body prose,
  // only a level-1 heading can still be the title (lower levels are section headings).
  let sawProse = false;
  for (let i = fm.skip; ; i++) {
    const line = lines.at(i);
    if (line === undefined) break;
    if (line.trim() === '' || isDateline(line)) continue;
    const atx = /^\s{0,3}(#{1,6})\s+(.+)$/.exec(line);
    if (atx && (!sawProse || atx[1] === '#')) return plain(atx[2]!) || null;
    if (sawProse) continue;
    const next = lines.at(i + 1)?.trim() ?? '';
    if (/^(={3,}|-{3,})$/.test(next)) return plain(line) || null;
    if (isShortTitleLine(line)) return plain(line);
    sawProse = true;
  }
  return null;
}
