/**
 * Entities for discovered (unknown) families and organisations: every word-bounded, exactly written
 * occurrence of the name is a mention. All names are found in one automaton pass, so a hostile text
 * with thousands of "dubbed X" phrases stays linear.
 */
import type { Entity, Mention } from '../../model/entity.js';
import { foldName } from '../../knowledge/fold.js';
import { compileNames, isWordChar, scanNames } from '../../knowledge/name-matcher.js';
import type { TextTokens } from '../../text/tokens.js';
import { lineSweeper } from './line-sweep.js';
import { scanNameTokens } from './token-names.js';

/** A name found from phrasing, with the kind the phrasing gave it. */
export interface UnknownName {
  name: string;
  kind: 'malware' | 'tool' | 'identity';
}

/** At most this many distinct unknown names per text, and this many mentions each (hostile input). */
const MAX_NAMES = 1000;
const MAX_MENTIONS = 1000;

/**
 * Up to this many names are searched with `indexOf` (native, fast) instead of a compiled automaton:
 * building one costs more than a few native scans, and most reports introduce one or two names.
 */
const FEW_NAMES = 8;

/**
 * Names both paths treat alike: ASCII letters or digits at both ends (the automaton trims edge
 * separators) and no hard break (`#`), which the automaton never matches across.
 */
function isPlainName(n: string): boolean {
  return /^[A-Za-z0-9](?:.*[A-Za-z0-9])?$/.test(n) && !foldName(n).includes('#');
}

/** Mentions of each name, by name; matches must be written exactly as the name. */
function occurrences(text: string, names: readonly string[], tokens: TextTokens | undefined): Map<string, Mention[]> {
  if (names.length <= FEW_NAMES && names.every(isPlainName)) return exactOccurrences(text, names);
  const byKey = new Map<string, string[]>();
  for (const n of names) byKey.set(foldName(n), [...(byKey.get(foldName(n)) ?? []), n]);
  const keys = [...byKey.keys()];
  const out = new Map<string, Mention[]>(names.map((n) => [n, []]));
  const lineOf = lineSweeper(text);
  // Over the shared tokens when there are some (token-names.ts: the same matches, no pass over the characters).
  const automaton = compileNames(keys);
  for (const m of tokens === undefined ? scanNames(automaton, text) : scanNameTokens(automaton, tokens)) {
    const written = text.slice(m.start, m.end);
    const list = out.get(written);
    if (list === undefined || list.length >= MAX_MENTIONS) continue;
    list.push({ text: written, offset: m.start, line: lineOf(m.start) });
  }
  return out;
}

/**
 * The same mentions as the automaton path for a few names: exact, word-bounded occurrences. (The
 * automaton matches folded forms, then keeps only those written exactly as a name.)
 */
function exactOccurrences(text: string, names: readonly string[]): Map<string, Mention[]> {
  const out = new Map<string, Mention[]>();
  const lineOf = lineSweeper(text);
  const hits: { name: string; at: number }[] = [];
  for (const name of names) {
    out.set(name, []);
    let count = 0;
    for (let at = text.indexOf(name); at !== -1 && count < MAX_MENTIONS; at = text.indexOf(name, at + 1)) {
      if (isWordChar(text, at - 1) || isWordChar(text, at + name.length)) continue;
      hits.push({ name, at });
      count++;
    }
  }
  // lineSweeper reads offsets in ascending order.
  hits.sort((a, b) => a.at - b.at);
  for (const h of hits) out.get(h.name)!.push({ text: h.name, offset: h.at, line: lineOf(h.at) });
  return out;
}

/**
 * One `known: false` entity per discovered name (first discovery decides the kind).
 * `tokens`: the text's tokens (tokenizeText), when the caller has them.
 * @example unknownEntities(discoverFamilies(text), text)
 */
export function unknownEntities(found: readonly UnknownName[], text: string, tokens?: TextTokens): Entity[] {
  const byName = new Map<string, UnknownName>();
  for (const d of found) if (!byName.has(d.name) && byName.size < MAX_NAMES) byName.set(d.name, d);
  if (byName.size === 0) return [];
  const mentions = occurrences(text, [...byName.keys()], tokens);
  return [...byName.values()].map((d) => ({
    kind: d.kind,
    name: d.name,
    aliases: [d.name],
    aliases_seen: [d.name],
    mentions: mentions.get(d.name) ?? [],
    known: false,
    attributes: d.kind === 'identity' ? { discovered_by: 'name-shape', role: 'source' } : { discovered_by: 'phrasing' },
  }));
}
