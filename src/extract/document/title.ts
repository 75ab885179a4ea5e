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

function firstLines(text: string): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (lines.length < SCAN_LINES && pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    lines.push(text.slice(pos, Math.min(end, pos + 1000)).replace(/\r$/, ''));
    if (nl === -1) break;
    pos = nl + 1;
  }
  return lines;
}

/** Skips a YAML front-matter block and returns its `title:` when it has one. */
function frontMatter(lines: string[]): { title: string | null; skip: number } {
  if (lines[0]?.trim() !== '---') return { title: null, skip: 0 };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]?.trim() === '---') {
      const t = lines.slice(1, i).map((l) => /^title:\s*["']?(.+?)["']?\s*$/i.exec(l)?.[1]).find((x) => x);
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
  const lines = firstLines(text);
  const fm = frontMatter(lines);
  if (fm.title) return fm.title;
  // The first non-blank line decides (heading, underlined heading, or short line); after body prose,
  // only a level-1 heading can still be the title (lower levels are section headings).
  let sawProse = false;
  for (let i = fm.skip; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || isDateline(line)) continue;
    const atx = /^\s{0,3}(#{1,6})\s+(.+)$/.exec(line);
    if (atx && (!sawProse || atx[1] === '#')) return plain(atx[2]!) || null;
    if (sawProse) continue;
    const next = lines[i + 1]?.trim() ?? '';
    if (/^(={3,}|-{3,})$/.test(next)) return plain(line) || null;
    if (isShortTitleLine(line)) return plain(line);
    sawProse = true;
  }
  return null;
}
