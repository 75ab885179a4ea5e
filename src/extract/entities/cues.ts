/**
 * Context cues around a name: the few words before and after it in the same sentence. A plain-word
 * alias ("Equation", "Sandworm") or an ambiguous one ("Winnti": group or malware) is decided by them.
 */
import type { IndexedKind } from '../../knowledge/name-index.js';

export type CueKind = 'threat-actor' | 'malware' | 'tool';

const ACTOR = new Set([
  'group', 'groups', 'apt', 'actor', 'actors', 'campaign', 'track', 'tracks', 'campaigns', 'gang', 'crew', 'operators', 'operator', 'hackers',
  'adversary', 'adversaries', 'cluster', 'intrusion', 'tracked', 'aka', 'a.k.a', 'alias', 'attributed', 'attribution',
  'team', 'unit', 'nexus', 'affiliate', 'affiliates', 'collective', 'syndicate',
]);
const MALWARE = new Set([
  'malware', 'backdoor', 'backdoors', 'implant', 'implants', 'loader', 'loaders', 'trojan', 'rat', 'ransomware', 'stealer', 'infostealer',
  'wiper', 'dropper', 'downloader', 'botnet', 'worm', 'rootkit', 'bootkit', 'keylogger', 'spyware', 'payload', 'payloads', 'family',
  'families', 'variant', 'variants', 'sample', 'samples', 'strain', 'bot', 'miner', 'webshell', 'shellcode', 'module', 'modules',
  'plugin', 'plugins', 'binary', 'binaries', 'dll', 'executable', 'build', 'builds', 'encryptor', 'locker', 'infection', 'infections',
  'c2', 'beacon', 'beacons',
]);
const TOOL = new Set([
  'tool', 'tools', 'utility', 'utilities', 'framework', 'packer', 'packed', 'packing', 'protector', 'protected', 'obfuscator',
  'obfuscated', 'scanner', 'software', 'client', 'agent', 'suite', 'kit', 'toolkit', 'open-source', 'red-team', 'pentest',
]);

/**
 * Verbs that, right after a name, make it the subject of an intrusion ("Winnti used ShadowPad",
 * "Winnti targeted gaming firms"): a group acts so, a malware family is used. Only read in that one
 * position, so "the group used Mimikatz" gives Mimikatz no actor cue.
 */
const ACTOR_VERBS = new Set([
  'used', 'deployed', 'deploys', 'leveraged', 'leverages', 'targeted', 'targets', 'attacked', 'attacks', 'compromised', 'breached',
  'hacked', 'exploited', 'conducted', 'launched', 'operated', 'operates', 'employed', 'weaponized', 'weaponised', 'abused', 'stole',
]);

/** The kind the word right after a name points at: a cue word, or a verb only a group does. */
export function nextWordKind(word: string): CueKind | undefined {
  return cueKindOf(word) ?? (ACTOR_VERBS.has(word) ? 'threat-actor' : undefined);
}

/** Which kind a cue word points at, if any. */
export function cueKindOf(word: string): CueKind | undefined {
  if (ACTOR.has(word)) return 'threat-actor';
  if (MALWARE.has(word)) return 'malware';
  if (TOOL.has(word)) return 'tool';
  return undefined;
}

/** Window of words each side of a mention in which a cue counts. */
export const CUE_WINDOW = 4;

/** A newline at i ends the context when a blank line, list item, heading or table row follows (soft wraps do not). */
function isHardBreak(text: string, i: number): boolean {
  let j = i + 1;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j++;
  const d = text.charCodeAt(j);
  return j >= text.length || d === 10 || d === 35 || d === 45 || d === 42 || d === 124 || d === 62;
}

/** Same test for a newline at i seen from after it (reading backwards). */
function isHardBreakBefore(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 13)) j--;
  return j < 0 || text.charCodeAt(j) === 10 || isHardBreak(text, i);
}

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c > 127;

/** text[s, e) lower-cased with trailing dots dropped (trimmed by index: no regex per word). */
function lowerWord(text: string, s: number, e: number): string {
  while (e > s && text.charCodeAt(e - 1) === 46) e--;
  return text.slice(s, e).toLowerCase();
}

/** Up to `n` lower-cased words after `from` (stopping at a line break), trailing dots trimmed. */
export function wordsAfter(text: string, from: number, limit: number, n = CUE_WINDOW): string[] {
  const out: string[] = [];
  let i = from;
  const stop = Math.min(limit, text.length);
  while (i < stop && out.length < n) {
    const c = text.charCodeAt(i);
    if (c === 10 && isHardBreak(text, i)) break;
    if (!isWordCode(c)) {
      i++;
      continue;
    }
    const s = i;
    while (i < stop && isWordCode(text.charCodeAt(i))) i++;
    out.push(lowerWord(text, s, i));
  }
  return out;
}

/** Up to `n` lower-cased words before `to` (stopping at a line break), nearest first. */
export function wordsBefore(text: string, to: number, limit: number, n = CUE_WINDOW): string[] {
  const out: string[] = [];
  let i = to - 1;
  const stop = Math.max(limit, 0);
  while (i >= stop && out.length < n) {
    const c = text.charCodeAt(i);
    if (c === 10 && isHardBreakBefore(text, i)) break;
    if (!isWordCode(c)) {
      i--;
      continue;
    }
    const e = i + 1;
    while (i >= stop && isWordCode(text.charCodeAt(i))) i--;
    out.push(lowerWord(text, i + 1, e));
  }
  return out;
}

/** The cue kinds found around [start, end) within the sentence bounds [lo, hi). */
export function cuesAround(text: string, start: number, end: number, lo: number, hi: number): Set<CueKind> {
  const found = new Set<CueKind>();
  for (const words of [wordsBefore(text, start, lo), wordsAfter(text, end, hi)]) {
    for (const w of words) {
      const k = cueKindOf(w);
      if (k !== undefined) found.add(k);
    }
  }
  return found;
}

/** The cue kind that supports an indexed kind. */
export function supports(cues: ReadonlySet<CueKind>, kind: IndexedKind): boolean {
  return (kind === 'threat-actor' || kind === 'malware' || kind === 'tool') && cues.has(kind);
}
