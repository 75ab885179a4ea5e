/** Entities for discovered (unknown) families: every word-bounded occurrence of the name is a mention. */
import type { Entity, Mention } from '../../model/entity.js';
import { lineSweeper } from './line-sweep.js';
/** A name found from phrasing, with the kind the phrasing gave it. */
export interface UnknownName {
  name: string;
  kind: 'malware' | 'tool' | 'identity';
}

const MAX_MENTIONS = 1000;

const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;

function occurrences(text: string, name: string): Mention[] {
  const out: Mention[] = [];
  let i = text.indexOf(name);
  while (i !== -1 && out.length < MAX_MENTIONS) {
    if (!isWord(text.charCodeAt(i - 1)) && !isWord(text.charCodeAt(i + name.length))) out.push({ text: name, offset: i, line: 0 });
    i = text.indexOf(name, i + name.length);
  }
  return out;
}

/** Fills the line of every mention in one sweep over the text (mentions sorted by offset first). */
function fillLines(text: string, mentions: Mention[]): void {
  const lineOf = lineSweeper(text);
  for (const m of [...mentions].sort((a, b) => a.offset - b.offset)) m.line = lineOf(m.offset);
}

/**
 * One `known: false` entity per discovered name (first discovery decides the kind).
 * @example unknownEntities(discoverFamilies(text), text)
 */
export function unknownEntities(found: readonly UnknownName[], text: string): Entity[] {
  const byName = new Map<string, UnknownName>();
  for (const d of found) if (!byName.has(d.name)) byName.set(d.name, d);
  const entities: Entity[] = [...byName.values()].map((d) => ({
    kind: d.kind,
    name: d.name,
    aliases: [d.name],
    aliases_seen: [d.name],
    mentions: occurrences(text, d.name),
    known: false,
    attributes: d.kind === 'identity' ? { discovered_by: 'name-shape', role: 'source' } : { discovered_by: 'phrasing' },
  }));
  fillLines(text, entities.flatMap((e) => e.mentions));
  return entities;
}
