/**
 * Unknown malware and tools discovered from phrasing: "a backdoor called X", "dubbed X", "a new
 * loader, X,", "X, a Remote Administration Tool", "the X implant", "a binary that we call X", and
 * CamelCase names ending in a malware type ("CapraRAT"). One token pass classifies every token into
 * a small integer class; the patterns then look at fixed windows of classes, so the whole scan is
 * linear and allocates little (no regular expression runs over the text).
 */
import * as T from './discovery-tokens.js';
import { classify, isNameAt, tokenize, type Tokens } from './discovery-tokens.js';
import { BLOCK, discoveryTokensOf } from './discovery-shared.js';
import type { TextTokens } from '../../text/tokens.js';

// Local copies of the token classes: read in the hot loop, and some loaders turn imported
// bindings into getter calls.
const { NAME, NOUN_M, NOUN_T, NAMING, STRONG, COMMA, BREAK, WE, AS, KNOWN, ARTICLE, DET, OTHER } = T;

/** A discovered name and where it was introduced. */
export interface Discovery {
  name: string;
  kind: 'malware' | 'tool';
  start: number;
  end: number;
}

/** CamelCase names ending in a malware type: "CrimsonRAT", "AcmeStealer" (prefix of at least two letters). */
const FAMILY_SUFFIX = /^[A-Z][A-Za-z0-9]{1,30}(?:RAT|Rat|Stealer|Loader|Locker|Bot|Miner|Wiper|Door|Spy|Logger|Backdoor|Downloader|Dropper)$/;
/** "the X implant" needs a name that looks like a code name: two capitals or a capital and a digit. */
const CODE_NAME = /^[A-Z][A-Za-z0-9_-]*[A-Z0-9]/;

/** Nouns that name a malware type on their own: "a Rhysida ransomware incident", "the Foo backdoor". */
const TYPE_NOUNS = new Set(['ransomware', 'backdoor', 'loader', 'stealer', 'infostealer', 'wiper', 'trojan', 'rat', 'implant', 'rootkit', 'botnet', 'keylogger', 'spyware', 'downloader', 'dropper']);
const isTypeNoun = (t: Tokens, i: number): boolean => TYPE_NOUNS.has(t.text(i).toLowerCase());

const kindOf = (cls: number): 'malware' | 'tool' => (cls === NOUN_T ? 'tool' : 'malware');

/** Class of the nearest malware/tool noun among the `n` tokens before i (stops at a sentence break). */
function nounBefore(cls: Uint8Array, i: number, n: number): number {
  for (let j = i - 1; j >= 0 && j >= i - n; j--) {
    const c = cls[j]!;
    if (c === BREAK) return OTHER;
    if (c === NOUN_M || c === NOUN_T) return c;
  }
  return OTHER;
}

/** Class of a noun within four tokens after "a"/"an" at i (", a custom backdoor"; ", the …" opens a clause). */
function nounAfterArticle(t: Tokens, cls: Uint8Array, i: number): number {
  if (cls[i] !== ARTICLE || t.end[i]! - t.start[i]! > 2) return OTHER;
  for (let j = i + 1; j <= i + 4 && j < cls.length; j++) {
    const c = cls[j]!;
    if (c === COMMA || c === BREAK) return OTHER;
    if (c === NOUN_M || c === NOUN_T) return c;
  }
  return OTHER;
}

function found(t: Tokens, i: number, kind: 'malware' | 'tool'): Discovery {
  return { name: t.text(i), kind, start: t.start[i]!, end: t.end[i]! };
}

function patternAt(t: Tokens, cls: Uint8Array, i: number): Discovery | undefined {
  const c = cls[i]!;
  const next = cls[i + 1];
  if ((c === NAMING || c === STRONG || c === AS) && next === NAME && isNameAt(t, i + 1)) {
    // "dubbed X", "a backdoor called X", "a loader that we call X", "a tool known as X"
    if (c === AS && cls[i - 1] !== KNOWN) return undefined;
    const noun = nounBefore(cls, i, 5);
    if (c === STRONG || (c === NAMING && cls[i - 1] === WE) || noun !== OTHER) return found(t, i + 1, kindOf(noun));
    return undefined;
  }
  if (c === NAME) {
    // "X, a Remote Administration Tool" / "X, a custom backdoor"
    if (next === COMMA && cls[i - 1] !== COMMA) {
      const k = nounAfterArticle(t, cls, i + 2);
      if (k !== OTHER && isNameAt(t, i)) return found(t, i, kindOf(k));
    }
    // Cheap pre-check before the regex: every suffix ends in T, t, r or y.
    const z = t.lastCode(i);
    if ((z === 84 || z === 116 || z === 114 || z === 121) && FAMILY_SUFFIX.test(t.text(i)) && isNameAt(t, i)) return found(t, i, 'malware');
    return undefined;
  }
  if ((c === NOUN_M || c === NOUN_T) && next === COMMA && cls[i + 2] === NAME && cls[i + 3] === COMMA && (cls[i - 1] === ARTICLE || cls[i - 1] === DET) && isNameAt(t, i + 2)) {
    return found(t, i + 2, kindOf(c)); // "a new loader, X,"
  }
  if ((c === ARTICLE || c === DET) && next === NAME && (cls[i + 2] === NOUN_M || cls[i + 2] === NOUN_T) && isNameAt(t, i + 1) && (CODE_NAME.test(t.text(i + 1)) || isTypeNoun(t, i + 2))) {
    return found(t, i + 1, kindOf(cls[i + 2]!)); // "the X implant"
  }
  return undefined;
}

/** Tokens patternAt reads before (nounBefore: 5) and after (nounAfterArticle from i + 2: 4 more) the token it looks at, with room to spare. */
const BACK = 8;
const AHEAD = 8;

/**
 * Finds names introduced as malware or tools by the phrasing around them; `shared`: the text's tokens
 * (tokenizeText), when the caller has them (the same tokens are then built without a character pass,
 * `block` at a time: see scanBlocks).
 * @example discoverFamilies('a companion tool dubbed Hector') // [{ name: 'Hector', kind: 'tool', … }]
 */
export function discoverFamilies(text: string, shared?: TextTokens, block = BLOCK): Discovery[] {
  const out: Discovery[] = [];
  if (shared === undefined) {
    const toks = tokenize(text);
    scan(toks, classify(toks, text), 0, toks.count, out);
  } else scanBlocks(shared, Math.max(block, BACK + AHEAD + 1), out); // a smaller block would never advance
  return out;
}

/**
 * The discovery tokens of a document block by block, each block overlapping the previous one by
 * BACK + AHEAD tokens: the patterns of a token read at most BACK tokens before it and AHEAD after it,
 * so each token is looked at in the one block where all it reads is present, and the result is that
 * of one whole-document list (discovery.test.ts checks it) in tables of `block` tokens.
 */
function scanBlocks(shared: TextTokens, block: number, out: Discovery[]): void {
  let from = 0;
  let first = true;
  for (;;) {
    const toks = discoveryTokensOf(shared, from, block);
    const last = toks.count < block;
    scan(toks, classify(toks, shared.text), first ? 0 : BACK, last ? toks.count : toks.count - AHEAD, out);
    if (last) return;
    from = toks.start[toks.count - AHEAD - BACK]!;
    first = false;
  }
}

/** Looks at tokens [from, to) of `toks`. */
function scan(toks: Tokens, cls: Uint8Array, from: number, to: number, out: Discovery[]): void {
  for (let i = from; i < to; i++) {
    const c = cls[i]!;
    if (c === OTHER || c === COMMA || c === BREAK || c === WE || c === KNOWN) continue;
    const d = patternAt(toks, cls, i);
    if (d !== undefined) out.push(d);
  }
}
