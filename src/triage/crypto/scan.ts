/**
 * Finds crypto constants in bytes with one pass of a multi-pattern matcher: every signature is
 * indexed by a distinctive 4-byte anchor, each input position's 4-byte word is tested against a
 * small bit filter, and only filter hits are looked up and verified. Hand-written because it is a
 * hot path (policy: fast matchers are hand-written); custom base64 alphabets are recognised in the
 * same loop.
 */
import { buildSignatures, type Signature } from './signatures.js';

/** A crypto constant found at a file offset, e.g. `{ name: 'aes-sbox', offset: 4096 }`. */
export interface CryptoConstant {
  name: string;
  offset: number;
}

export interface CryptoScanOptions {
  /** Most hits returned, lowest offsets first (default 256). */
  maxHits?: number;
}

interface Entry {
  sig: Signature;
  /** Offset of the anchor word inside the signature. */
  anchorAt: number;
}

interface Matcher {
  filter: Uint8Array;
  entries: Map<number, Entry[]>;
}

const FILTER_BITS = 16;
const filterSlot = (word: number): number => Math.imul(word, 0x9e3779b1) >>> (32 - FILTER_BITS);

const STANDARD_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URLSAFE_B64 = STANDARD_B64.slice(0, 62) + '-_';
/** 1 for characters that may appear in a (standard or URL-safe) base64 alphabet. */
const B64_CLASS = (() => {
  const t = new Uint8Array(256);
  for (const ch of STANDARD_B64 + '-_') t[ch.charCodeAt(0)] = 1;
  return t;
})();

let cached: Matcher | undefined;

/** The anchor: the earliest 4-byte window with the most distinct bytes (zeros are common). */
function chooseAnchor(bytes: Uint8Array): number {
  let best = 0;
  let bestScore = -1;
  for (let at = 0; at + 4 <= bytes.length && at < 64; at++) {
    const w = bytes.subarray(at, at + 4);
    const score = new Set(w).size * 2 - (w.includes(0) ? 1 : 0);
    if (score > bestScore) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

const readWord = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function buildMatcher(): Matcher {
  const filter = new Uint8Array(1 << (FILTER_BITS - 3));
  const entries = new Map<number, Entry[]>();
  for (const sig of buildSignatures()) {
    const anchorAt = chooseAnchor(sig.bytes);
    const word = readWord(sig.bytes, anchorAt);
    const slot = filterSlot(word);
    filter[slot >>> 3]! |= 1 << (slot & 7);
    entries.set(word, [...(entries.get(word) ?? []), { sig, anchorAt }]);
  }
  return { filter, entries };
}

function matchesAt(bytes: Uint8Array, sig: Uint8Array, at: number): boolean {
  if (at < 0 || at + sig.length > bytes.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

/**
 * A base64-class run of exactly 64 characters (one byte each, or UTF-16LE with `width` 2, as .NET
 * stores string literals) that permutes an alphabet without being it.
 */
function isCustomAlphabet(bytes: Uint8Array, at: number, width = 1): boolean {
  let s = '';
  for (let k = 0; k < 64; k++) s += String.fromCharCode(bytes[at + k * width]!);
  if (s === STANDARD_B64 || s === URLSAFE_B64) return false;
  const sorted = [...s].sort().join('');
  return sorted === [...STANDARD_B64].sort().join('') || sorted === [...URLSAFE_B64].sort().join('');
}

/**
 * Crypto constants in `bytes` with their offsets, sorted by offset then name.
 * @example
 * findCryptoConstants(bytes); // [{ name: 'aes-sbox', offset: 8192 }, { name: 'sha256-k', offset: 9000 }]
 */
export function findCryptoConstants(bytes: Uint8Array, opts: CryptoScanOptions = {}): CryptoConstant[] {
  const maxHits = opts.maxHits ?? 256;
  const m = (cached ??= buildMatcher());
  const filter = m.filter;
  const cls = B64_CLASS;
  const hits: CryptoConstant[] = [];
  const n = bytes.length;
  let word = 0;
  let run = 0; // length of the base64-class run ending before the current byte
  // UTF-16LE runs (class byte then zero) of pairs starting at even / odd offsets, as in strings/.
  let wideEven = 0;
  let wideOdd = 0;
  let prevClass = 0;
  // Why one long loop: it is the hot path, one word test and one class test per byte.
  for (let i = 0; i < n && hits.length < maxHits; i++) {
    const b = bytes[i]!;
    const c = cls[b]!;
    if (c === 1) run++;
    else {
      if (run === 64 && isCustomAlphabet(bytes, i - 64)) hits.push({ name: 'base64-custom-alphabet', offset: i - 64 });
      run = 0;
    }
    // The pair (i-1, i) extends or ends the UTF-16LE run of its alignment (i odd: even start).
    if (b === 0 && prevClass === 1) {
      if ((i & 1) === 1) wideEven++;
      else wideOdd++;
    } else if ((i & 1) === 1 ? wideEven !== 0 : wideOdd !== 0) {
      if (((i & 1) === 1 ? wideEven : wideOdd) === 64) wideAlphabet(bytes, i - 1 - 128, hits);
      if ((i & 1) === 1) wideEven = 0;
      else wideOdd = 0;
    }
    prevClass = c;
    word = (word >>> 8) | (b << 24);
    if (i < 3) continue;
    const slot = Math.imul(word, 0x9e3779b1) >>> (32 - FILTER_BITS);
    if ((filter[slot >>> 3]! & (1 << (slot & 7))) === 0) continue;
    const list = m.entries.get(word >>> 0);
    if (list === undefined) continue;
    for (const e of list) {
      const start = i - 3 - e.anchorAt;
      if (matchesAt(bytes, e.sig.bytes, start)) hits.push({ name: e.sig.name, offset: start });
    }
  }
  if (run === 64 && isCustomAlphabet(bytes, n - 64)) hits.push({ name: 'base64-custom-alphabet', offset: n - 64 });
  // Runs still open at the end: their last pair is the last one of that alignment.
  for (const [count, parity] of [[wideEven, 0], [wideOdd, 1]] as const) {
    const lastPair = (n - 2) % 2 === parity ? n - 2 : n - 3;
    if (count === 64) wideAlphabet(bytes, lastPair - 126, hits);
  }
  return tidy(hits).slice(0, maxHits);
}

function wideAlphabet(bytes: Uint8Array, at: number, hits: CryptoConstant[]): void {
  if (at >= 0 && isCustomAlphabet(bytes, at, 2)) hits.push({ name: 'base64-custom-alphabet', offset: at });
}

/** Sorted, deduplicated, and MD5's initial state dropped where SHA-1's (its superset) matched. */
function tidy(hits: CryptoConstant[]): CryptoConstant[] {
  const sha1At = new Set(hits.filter((h) => h.name === 'sha1-init').map((h) => h.offset));
  const seen = new Set<string>();
  return hits
    .filter((h) => !(h.name === 'md5-init' && sha1At.has(h.offset)))
    .sort((a, b) => a.offset - b.offset || a.name.localeCompare(b.name))
    .filter((h) => {
      const key = `${h.offset}:${h.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
