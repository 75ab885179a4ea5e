/**
 * Indicators hidden in a report's PowerShell encoded commands (`powershell -enc SQBFAFgA…`, quoted
 * as seen): the command is decoded (base64, then UTF-16LE; encoded-commands.ts) and read by the same
 * engine. Each indicator found gets an occurrence at the base64's offset, whose `raw` is the value as
 * the decoded command writes it, and the tag `decoded`; one the report also writes in clear keeps its
 * other occurrences and tags.
 */
import type { Indicator } from '../../model/indicator.js';
import { findEncodedCommands } from './encoded-commands.js';

/** Longest context kept from a decoded command. */
const CONTEXT = 160;

/**
 * `indicators` (the text's own, in order) with those of its encoded commands added, in order again.
 * @example withDecodedCommands(text, extractIndicators(text, o), (t) => extractIndicators(t, o));
 */
export function withDecodedCommands(text: string, indicators: Indicator[], extract: (text: string) => Indicator[]): Indicator[] {
  const commands = findEncodedCommands(text);
  if (commands.length === 0) return indicators;
  const byKey = new Map(indicators.map((i) => [`${i.type}\n${i.value}`, i]));
  const out = [...indicators];
  for (const c of commands) {
    const line = lineAt(text, c.start);
    for (const d of extract(c.text)) {
      const occ = { offset: c.start, line, raw: d.raw };
      const have = byKey.get(`${d.type}\n${d.value}`);
      if (have !== undefined) {
        if (!have.occurrences.some((o) => o.offset === c.start)) {
          have.occurrences.push(occ);
          have.occurrences.sort((a, b) => a.offset - b.offset);
        }
        if (!have.tags.includes('decoded')) have.tags.push('decoded');
        continue;
      }
      const at = d.occurrences[0]?.offset ?? 0;
      const added: Indicator = { ...d, occurrences: [occ], context: c.text.slice(Math.max(0, at - CONTEXT / 2), at + CONTEXT / 2).trim(), tags: [...d.tags, 'decoded'] };
      delete added.occurrences_total;
      byKey.set(`${d.type}\n${d.value}`, added);
      out.push(added);
    }
  }
  return out.sort((a, b) => a.occurrences[0]!.offset - b.occurrences[0]!.offset || (a.type < b.type ? -1 : 1));
}

/** The 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
