// JSON documents given to `extract`: a vendor's feed export, an API response, a STIX bundle, a MISP
// event, JSON lines. Read as raw text their escapes hide indicators (`http:\/\/evil.com\/a` is no
// URL; `\u002e` no dot), so the JSON is parsed and its string values become the text, one per line
// after their key (`url: http://evil.com/a`), keys holding objects or arrays as lines of their own
// (feeds keyed by indicator: `{"evil.com": {…}}`). Numbers and booleans are left out: no indicator
// is a bare JSON number.

export interface JsonText {
  text: string;
  /** A top-level (or second-level) `title`, `name`, `info` or `subject` string. */
  title?: string;
}

/** Keys whose value names the document, by preference. */
const TITLE_KEYS = ['title', 'name', 'info', 'subject'];

/**
 * The text of a JSON document or of JSON lines, or null when `text` is neither (then it is read as
 * written). Parsing failures of any kind (syntax, nesting too deep for the parser) give null.
 */
export function jsonToText(text: string): JsonText | null {
  const first = firstNonSpace(text);
  if (first !== '{' && first !== '[') return null;
  const last = lastNonSpace(text);
  if (last !== '}' && last !== ']') return null;
  const values = parseAll(text);
  if (values === null) return null;
  const lines: string[] = [];
  for (const v of values) walk(v, lines);
  const out: JsonText = { text: lines.join('\n') };
  const title = titleOf(values[0]);
  if (title !== undefined) out.title = title;
  return out;
}

/** One JSON value, or JSON lines (every non-empty line a JSON object or array); null otherwise. */
function parseAll(text: string): unknown[] | null {
  try {
    return [JSON.parse(text)];
  } catch {
    // not one value: maybe JSON lines
  }
  const out: unknown[] = [];
  let at = 0;
  while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl === -1) nl = text.length;
    const line = text.slice(at, nl).trim();
    at = nl + 1;
    if (line === '') continue;
    if (line[0] !== '{' && line[0] !== '[') return null;
    try {
      out.push(JSON.parse(line));
    } catch {
      return null;
    }
  }
  return out.length > 1 ? out : null;
}

/** The lines of a value, depth first, without recursion (a deeply nested document cannot overflow the stack). */
function walk(root: unknown, lines: string[]): void {
  const stack: [string | null, unknown][] = [[null, root]];
  while (stack.length > 0) {
    const [key, v] = stack.pop()!;
    if (typeof v === 'string') {
      lines.push(key === null ? v : `${key}: ${v}`);
    } else if (v !== null && typeof v === 'object') {
      if (key !== null) lines.push(`${key}:`);
      const entries: [string | null, unknown][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i]!);
    }
  }
}

function titleOf(v: unknown): string | undefined {
  const top = Array.isArray(v) ? v[0] : v;
  if (top === null || typeof top !== 'object') return undefined;
  // A STIX bundle: its report's name.
  const objects = (top as Record<string, unknown>)['objects'];
  if (Array.isArray(objects)) {
    const report = objects.find((o): o is Record<string, unknown> => o !== null && typeof o === 'object' && (o as Record<string, unknown>)['type'] === 'report');
    if (typeof report?.['name'] === 'string' && report['name'].trim() !== '') return report['name'].trim();
  }
  const levels = [top as Record<string, unknown>, ...Object.values(top).filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x))];
  for (const o of levels) {
    for (const k of TITLE_KEYS) {
      const t = o[k];
      if (typeof t === 'string' && t.trim() !== '' && t.length <= 300) return t.trim();
    }
  }
  return undefined;
}

function firstNonSpace(s: string): string | undefined {
  const m = /\S/.exec(s.length > 4096 ? s.slice(0, 4096) : s);
  return m?.[0];
}

function lastNonSpace(s: string): string | undefined {
  for (let i = s.length - 1; i >= 0 && i >= s.length - 4096; i--) {
    const c = s[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return undefined;
}
