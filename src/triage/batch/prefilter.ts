/**
 * Which candidates could be relatives of a record, decided without comparing digests: a batch of n
 * files needs n² comparisons, and most pairs are ruled out by digest headers alone. Never rules out
 * a pair that `closestRelatives` would accept (with the TLSH threshold below), so relatives stay
 * exactly the same; it only saves the comparisons that would have found nothing.
 */
import type { ComparableHashes } from '../similarity/index.js';

/** TLSH distance at or below which a candidate is a relative (passed to closestRelatives too). */
export const TLSH_THRESHOLD = 100;

/** The parts of a record's hashes the test reads, parsed once per record. */
export interface RelationKeys {
  sha256: string;
  imphash: string;
  rich: string;
  /** ssdeep block size, NaN when there is no usable digest. */
  ssdeepBlock: number;
  /** TLSH header fields, null when there is no usable digest. */
  tlsh: { lvalue: number; q1: number; q2: number } | null;
}

const text = (s: unknown): string => (typeof s === 'string' ? s : '');

/** Same acceptance as tlsh-diff.ts: `T1` + 70 hex digits, or the 70 digits alone. */
const TLSH_HEX = /^(?:T1)?([0-9A-Fa-f]{70})$/;
/** Same block-size read as ssdeep-compare.ts. */
const SSDEEP_BLOCK = /^\s*(\d{1,15})/;

/**
 * Parses the keys of one record's hashes. The TLSH header layout (checksum byte, length byte with
 * swapped nibbles, then the two quartile ratios in one byte) is the one tlsh-diff.ts reads.
 */
export function relationKeys(h: ComparableHashes): RelationKeys {
  const ss = text(h.ssdeep);
  const block = ss === '' ? null : SSDEEP_BLOCK.exec(ss);
  const m = TLSH_HEX.exec(text(h.tlsh).trim());
  let tlsh: RelationKeys['tlsh'] = null;
  if (text(h.tlsh) !== '' && m !== null) {
    const lb = parseInt(m[1]!.slice(2, 4), 16);
    const q = parseInt(m[1]!.slice(4, 6), 16);
    tlsh = { lvalue: ((lb & 0x0f) << 4) | (lb >> 4), q1: q >> 4, q2: q & 0x0f };
  }
  return { sha256: text(h.sha256).toLowerCase(), imphash: text(h.imphash).toLowerCase(), rich: text(h.rich).toLowerCase(), ssdeepBlock: block === null ? Number.NaN : Number(block[1]), tlsh };
}

const modDiff = (x: number, y: number, range: number): number => Math.min(Math.abs(x - y), range - Math.abs(x - y));

/**
 * The part of the TLSH distance that the headers give (length and quartile-ratio terms, as
 * tlsh-diff.ts weighs them); the rest of the distance (checksum, body) only adds to it.
 */
function tlshHeaderDistance(a: NonNullable<RelationKeys['tlsh']>, b: NonNullable<RelationKeys['tlsh']>): number {
  const l = modDiff(a.lvalue, b.lvalue, 256);
  const q1 = modDiff(a.q1, b.q1, 16);
  const q2 = modDiff(a.q2, b.q2, 16);
  return (l <= 1 ? l : l * 12) + (q1 <= 1 ? q1 : (q1 - 1) * 12) + (q2 <= 1 ? q2 : (q2 - 1) * 12);
}

/**
 * Whether a comparison of the two records could make them relatives: equal SHA-256, imphash or
 * Rich hash; ssdeep block sizes that ssdeep compares at all (equal, or one twice the other); or a
 * TLSH header distance within the threshold.
 */
export function mayRelate(a: RelationKeys, b: RelationKeys): boolean {
  if (mayRelateApartFromSsdeep(a, b)) return true;
  const x = a.ssdeepBlock;
  const y = b.ssdeepBlock;
  return x === y || x * 2 === y || y * 2 === x;
}

/**
 * {@link mayRelate} without its ssdeep test: equal SHA-256, imphash or Rich hash, or a TLSH header
 * distance within the threshold. For callers that find the ssdeep pairs another way
 * (ssdeep-index.ts, which is also exact).
 */
export function mayRelateApartFromSsdeep(a: RelationKeys, b: RelationKeys): boolean {
  if ((a.sha256 !== '' && a.sha256 === b.sha256) || (a.imphash !== '' && a.imphash === b.imphash) || (a.rich !== '' && a.rich === b.rich)) return true;
  return a.tlsh !== null && b.tlsh !== null && tlshHeaderDistance(a.tlsh, b.tlsh) <= TLSH_THRESHOLD;
}
