/**
 * Finds crypto constants in bytes with a sampled multi-pattern matcher. Every signature is at
 * least STRIDE + 3 bytes long, so any occurrence covers a 4-byte word starting at a multiple of
 * STRIDE: only those words are tested (a hash bit filter, then a map of anchor words, then a full
 * compare), and each signature is indexed by STRIDE consecutive anchor words. Custom base64
 * alphabets (runs of exactly 64 alphabet characters, or 64 UTF-16LE ones) are found the same way:
 * such a run covers a multiple of SAMPLE, and only runs through a sampled position are measured.
 * Hand-written because it is a hot path (policy: fast matchers are hand-written); sampling made it
 * several times faster than a test at every byte (bench/triage-bytes.ts).
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

/** Distance between tested words; every signature must be at least STRIDE + 3 bytes long. */
const STRIDE = 8;
/**
 * Distance between positions tested for a base64 run. Any 64 consecutive bytes hold exactly one
 * multiple of 64, so every run of exactly 64 one-byte characters holds a sampled position; a
 * UTF-16LE run spans 128 bytes, and of a sampled position p inside it, p or p - 1 starts a pair of
 * the run (was 32; 64 halves the work, same hits).
 */
const SAMPLE = 64;
const FILTER_BITS = 16;

const STANDARD_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URLSAFE_B64 = STANDARD_B64.slice(0, 62) + '-_';
/** 1 for characters that may appear in a (standard or URL-safe) base64 alphabet. */
const B64_CLASS = (() => {
  const t = new Uint8Array(256);
  for (const ch of STANDARD_B64 + '-_') t[ch.charCodeAt(0)] = 1;
  return t;
})();

let cached: Matcher | undefined;
/** Characters seen in the run being tested, marked with the current stamp (see isCustomAlphabet). */
const SEEN = new Uint8Array(256);
let seenStamp = 0;

/**
 * How distinctive a 4-byte window is: distinct bytes count, zeros (common in binaries) cost. A
 * plain loop rather than a Set per window: the matcher scores ~30,000 windows when a worker starts.
 */
function windowScore(w: Uint8Array): number {
  let distinct = 0;
  let zeros = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 0) zeros++;
    let j = 0;
    while (j < i && w[j] !== w[i]) j++;
    if (j === i) distinct++;
  }
  return distinct * 2 - zeros;
}

/** First of the STRIDE anchor offsets: the run of STRIDE windows with the best total score. */
function chooseAnchors(bytes: Uint8Array): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let at = 0; at + STRIDE + 3 <= bytes.length && at < 64; at++) {
    let score = 0;
    for (let k = 0; k < STRIDE; k++) score += windowScore(bytes.subarray(at + k, at + k + 4));
    if (score > bestScore) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

const readWord = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const filterSlot = (word: number): number => Math.imul(word, 0x9e3779b1) >>> (32 - FILTER_BITS);

function buildMatcher(): Matcher {
  const filter = new Uint8Array(1 << (FILTER_BITS - 3));
  const entries = new Map<number, Entry[]>();
  for (const sig of buildSignatures()) {
    if (sig.bytes.length < STRIDE + 3) throw new Error(`crypto signature ${sig.name} is shorter than ${STRIDE + 3} bytes`);
    const first = chooseAnchors(sig.bytes);
    for (let anchorAt = first; anchorAt < first + STRIDE; anchorAt++) {
      const word = readWord(sig.bytes, anchorAt);
      const slot = filterSlot(word);
      filter[slot >>> 3]! |= 1 << (slot & 7);
      entries.set(word, [...(entries.get(word) ?? []), { sig, anchorAt }]);
    }
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
  // Fast rejection of what such runs usually are (hex digests, identifiers): a permutation of an
  // alphabet has 64 distinct characters.
  if (seenStamp === 255) SEEN.fill(0);
  const stamp = (seenStamp = (seenStamp % 255) + 1);
  for (let k = 0; k < 64; k++) {
    const ch = bytes[at + k * width]!;
    if (SEEN[ch] === stamp) return false;
    SEEN[ch] = stamp;
  }
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
  const hits: CryptoConstant[] = [];
  scanWords(bytes, maxHits, hits);
  if (hits.length < maxHits) scanAlphabets(bytes, hits);
  return tidy(hits).slice(0, maxHits);
}

/** Tests the word at every multiple of STRIDE; aligned input is read one int32 per test. */
function scanWords(bytes: Uint8Array, maxHits: number, hits: CryptoConstant[]): void {
  const m = (cached ??= buildMatcher());
  const filter = m.filter;
  const last = bytes.length - 4;
  const words = bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null;
  for (let i = 0; i <= last; i += STRIDE) {
    const word = words !== null ? words[i >> 2]! : readWord(bytes, i);
    const slot = Math.imul(word, 0x9e3779b1) >>> (32 - FILTER_BITS);
    if ((filter[slot >>> 3]! & (1 << (slot & 7))) === 0) continue;
    const list = m.entries.get(word >>> 0);
    if (list === undefined) continue;
    for (const e of list) {
      const start = i - e.anchorAt;
      if (matchesAt(bytes, e.sig.bytes, start)) hits.push({ name: e.sig.name, offset: start });
    }
    if (hits.length >= maxHits) return;
  }
}

/**
 * Custom alphabets: a run of exactly 64 base64-class bytes, or of 64 UTF-16LE pairs (class byte,
 * zero) of one alignment, contains a multiple of SAMPLE (a wide run also the pair just before
 * one). Only the runs through those positions are measured, each once: linear in the input.
 */
function scanAlphabets(bytes: Uint8Array, hits: CryptoConstant[]): void {
  const cls = B64_CLASS;
  const n = bytes.length;
  let asciiDone = 0; // runs ending at or before these offsets were measured
  const wideDone = [0, 0];
  for (let p = 0; p < n; p += SAMPLE) {
    if (cls[bytes[p]!] === 1 && p >= asciiDone) {
      let s = p;
      let e = p + 1;
      while (s > 0 && cls[bytes[s - 1]!] === 1) s--;
      while (e < n && cls[bytes[e]!] === 1) e++;
      asciiDone = e;
      if (e - s === 64 && isCustomAlphabet(bytes, s)) hits.push({ name: 'base64-custom-alphabet', offset: s });
    }
    // The pair starting at p (even alignment when p is even) and the one at p - 1.
    for (let q = p - 1; q <= p; q++) {
      const lane = q & 1;
      if (q < wideDone[lane]! || !isWidePair(bytes, q)) continue;
      let s = q;
      let e = q + 2;
      while (isWidePair(bytes, s - 2)) s -= 2;
      while (isWidePair(bytes, e)) e += 2;
      wideDone[lane] = e;
      if (e - s === 128 && isCustomAlphabet(bytes, s, 2)) hits.push({ name: 'base64-custom-alphabet', offset: s });
    }
  }
}

/** A base64-class byte followed by a zero: one UTF-16LE alphabet character at `q`. */
const isWidePair = (bytes: Uint8Array, q: number): boolean =>
  q >= 0 && q + 1 < bytes.length && B64_CLASS[bytes[q]!] === 1 && bytes[q + 1] === 0;

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
