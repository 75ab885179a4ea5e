/**
 * Shared by the loaders of Pillbox's own outputs (extract-output.ts, triage-records.ts): a JSON
 * document or JSON lines, and counts by type said in one warning.
 */

/** JSON parsed, or undefined when `s` is not JSON. */
export function tryParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The text as one JSON value (`whole`), or else as JSON lines: the values of the lines that parse,
 * and how many non-blank lines did not.
 */
export function jsonOrLines(text: string): { whole: unknown; lines: unknown[]; unreadable: number } {
  const whole = tryParse(text);
  if (whole !== undefined) return { whole, lines: [], unreadable: 0 };
  const lines: unknown[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const v = tryParse(line);
    if (v === undefined) unreadable++;
    else lines.push(v);
  }
  return { whole: undefined, lines, unreadable };
}

/** `n` and `type n, type n…` of counts by type, the commonest first (ties by name). */
export function countsByType(counts: ReadonlyMap<string, number>): { total: number; list: string } {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const list = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
  return { total, list };
}

/** Whether the first line of `head` is a JSON object that `test` accepts (a JSON-lines file of such records). */
export function firstLineIs(head: string, test: (v: unknown) => boolean): boolean {
  const line = head.trimStart().split('\n', 1)[0] ?? '';
  return line.startsWith('{') && test(tryParse(line));
}
