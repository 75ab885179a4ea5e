/**
 * Candidate mentions: one automaton pass over the text, then each hit is checked against how its
 * alias must be written (exact case for short all-caps names, a capital for proper names), and
 * overlapping hits are reduced to the longest, leftmost ones ("Lazarus Group" beats "Lazarus").
 */
import type { NameEntry, NameIndex } from '../../knowledge/name-index.js';
import { scanNames } from '../../knowledge/name-matcher.js';
import type { TextTokens } from '../../text/tokens.js';
import { scanNameTokens } from './token-names.js';

/** A span of the text and the knowledge entries its folded form stands for. */
export interface Candidate {
  start: number;
  end: number;
  /** Automaton key: two candidates with the same key were written as the same folded name. */
  key: number;
  entries: NameEntry[];
}

const isUpper = (c: number): boolean => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());

const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Whether the ASCII letters and digits of text[start, end) and of `alias` are the same, in order
 * (other characters dropped): the exact-case test, without building either string (it runs for
 * every short all-caps name the automaton reports, "US" and "IT" among them).
 */
function sameAlnum(text: string, start: number, end: number, alias: string): boolean {
  let j = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiAlnum(c)) continue;
    while (j < alias.length && !isAsciiAlnum(alias.charCodeAt(j))) j++;
    if (j >= alias.length || alias.charCodeAt(j) !== c) return false;
    j++;
  }
  while (j < alias.length && !isAsciiAlnum(alias.charCodeAt(j))) j++;
  return j === alias.length;
}

const isSep = (c: number): boolean => c === 32 || c === 9 || c === 45 || c === 95 || c === 46 || c === 0xa0;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * A separator inside the written form is fine where the alias has one too ("Cobalt Strike"), where
 * letters meet digits ("APT 41" for APT41) or at a capital ("Cobalt Strike" for CobaltStrike); it is
 * not when it glues plain words into a one-word name ("small .NET" is not "smallnet").
 */
function joinsOk(text: string, start: number, end: number, alias: string): boolean {
  if (/[\s._-]/.test(alias)) return true;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (!isSep(c)) continue;
    let a = i - 1;
    while (a > start && isSep(text.charCodeAt(a))) a--;
    let b = i + 1;
    while (b < end - 1 && isSep(text.charCodeAt(b))) b++;
    if (b - a > 2) return false; // more than one separator in a row
    const before = text.charCodeAt(a);
    const after = text.charCodeAt(b);
    const digitEdge = isDigit(before) !== isDigit(after);
    const capitalEdge = after >= 65 && after <= 90 && /[a-z][A-Z]/.test(alias);
    if (!digitEdge && !capitalEdge) return false;
    i = b;
  }
  return true;
}

/** Whether the text at [start, end) satisfies the alias policy. */
export function writtenOk(text: string, start: number, end: number, e: NameEntry): boolean {
  if (end - start > e.alias.length && !joinsOk(text, start, end, e.alias)) return false;
  if (e.policy.exactCase) return sameAlnum(text, start, end, e.alias);
  if (e.policy.capitalised) return isUpper(text.charCodeAt(start));
  return true;
}

const AFTER_AFFIX = /^-(?:backed|sponsored|linked|affiliated|aligned|nexus|based|speaking|language)\b/i;
/** "Lazarus-style tooling", "Equation-like": a comparison, not a mention of the actor or family. */
const COMPARISON = /^-(?:style|like|esque|inspired|type)\b/i;

/** A capitalised word in mid-sentence ("the Ministry of Intelligence") is part of a proper name, not a sector noun. */
function isProperNameUse(text: string, start: number): boolean {
  if (!isUpper(text.charCodeAt(start))) return false;
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= 0 && !SENTENCE_START_AFTER.has(text[i]!);
}

const SENTENCE_START_AFTER = new Set(['.', '!', '?', '\n', '#', '-', '*', '|', ':', '>', '"', '(', '\u201c']);

/**
 * "mde.ps1", "evil.com": a name right after "word." is the tail of a file or host name; ".ps1" in
 * lower case right after a dot is a file extension.
 */
function isDottedTail(text: string, start: number, end: number): boolean {
  if (start < 1 || text.charCodeAt(start - 1) !== 46) return false;
  const c = start >= 2 ? text.charCodeAt(start - 2) : 32;
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  const w = text.slice(start, end);
  return w === w.toLowerCase();
}

/**
 * Scans the text once (over its tokens when given: the pipeline's shared ones) and returns
 * non-overlapping candidates, sorted by start offset.
 * @example findCandidates('APT41 hit Italian firms', kb.names)
 */
export function findCandidates(text: string, index: NameIndex, tokens?: TextTokens): Candidate[] {
  const raw: Candidate[] = [];
  const matches = tokens === undefined ? scanNames(index.automaton, text) : scanNameTokens(index.automaton, tokens);
  for (const m of matches) {
    const all = index.entries[m.key] ?? [];
    const entries = all.every((e) => writtenOk(text, m.start, m.end, e)) ? all : all.filter((e) => writtenOk(text, m.start, m.end, e));
    if (entries.length === 0) continue;
    if (text.charCodeAt(m.end) === 45 && COMPARISON.test(text.slice(m.end, m.end + 10))) continue;
    if (isDottedTail(text, m.start, m.end)) continue;
    // "government-backed", "China-nexus": not a sector mention; keep places ("China-nexus" names China).
    const hasSector = entries.some((e) => e.kind === 'sector' && e.ref >= 0);
    // AFTER_AFFIX starts with "-": only read the text after the name when one follows.
    const sectorsOk = !hasSector || (!(text.charCodeAt(m.end) === 45 && AFTER_AFFIX.test(text.slice(m.end, m.end + 12))) && !isProperNameUse(text, m.start));
    const kept = sectorsOk ? entries : entries.filter((e) => e.kind !== 'sector' || e.ref < 0);
    if (kept.length > 0) raw.push({ start: m.start, end: m.end, key: m.key, entries: kept });
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Candidate[] = [];
  let lastEnd = -1;
  for (const c of raw) {
    if (c.start < lastEnd) continue;
    lastEnd = c.end;
    // Blocking phrases (ref -1) are dropped here; most candidates have none, so nothing is copied.
    if (c.entries.every((e) => e.ref >= 0)) {
      out.push(c);
      continue;
    }
    const real = c.entries.filter((e) => e.ref >= 0);
    if (real.length > 0) out.push({ ...c, entries: real });
  }
  return out;
}
