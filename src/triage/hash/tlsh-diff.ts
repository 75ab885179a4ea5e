/**
 * TLSH distance, as the reference `Tlsh::totalDiff` computes it: 0 for identical digests,
 * growing without a fixed bound; about 100 or less usually means related files.
 */
import { boundedMemo } from '../../util/memo.js';

const CODE_SIZE = 32;
const RANGE_LVALUE = 256;
const RANGE_QRATIO = 16;
const HEX = /^(?:T1)?([0-9A-Fa-f]{70})$/;

/** A parsed digest (tlshParts). */
export interface TlshParts {
  checksum: number;
  lvalue: number;
  q1: number;
  q2: number;
  code: Uint8Array;
}

export interface TlshDiffOptions {
  /** Count the difference of the length codes (the reference's default, `-xlen` turns it off). */
  lengthDiff?: boolean;
}

/** Is this a TLSH digest we can compare (`T1` + 70 hex, or the 70-hex body of older tools)? */
export function isTlshDigest(s: string): boolean {
  return HEX.test(s);
}

/**
 * Distance between two TLSH digests (with or without the `T1` prefix); null when either is not a
 * digest (for example TNULL).
 * @example
 * tlshDiff(a, a); // 0
 */
export function tlshDiff(a: string, b: string, opts: TlshDiffOptions = {}): number | null {
  const x = parseTlsh(a);
  const y = parseTlsh(b);
  if (x === null || y === null) return null;
  return tlshPartsDiff(x, y, opts.lengthDiff ?? true);
}

/**
 * tlshDiff of two parsed digests (tlshParts): for callers that compare each digest with many others.
 * With a `bound`, a distance above it may stop early and return any value above `bound`.
 * @example tlshPartsDiff(tlshParts(a)!, tlshParts(b)!) === tlshDiff(a, b)
 */
export function tlshPartsDiff(x: TlshParts, y: TlshParts, lengthDiff = true, bound = Infinity): number {
  let diff = 0;
  if (lengthDiff) {
    const ldiff = modDiff(x.lvalue, y.lvalue, RANGE_LVALUE);
    diff += ldiff <= 1 ? ldiff : ldiff * 12;
  }
  const q1diff = modDiff(x.q1, y.q1, RANGE_QRATIO);
  diff += q1diff <= 1 ? q1diff : (q1diff - 1) * 12;
  const q2diff = modDiff(x.q2, y.q2, RANGE_QRATIO);
  diff += q2diff <= 1 ? q2diff : (q2diff - 1) * 12;
  if (x.checksum !== y.checksum) diff += 1;
  return diff > bound ? diff : diff + codeDistance(x.code, y.code, bound - diff);
}

/** A digest parsed (not cached: the caller keeps it), or null when `s` is not a digest. */
export function tlshParts(s: string): TlshParts | null {
  return parseTlshText(s);
}

/**
 * Parsed digests by their text: relatives of a batch compare each digest with many others, and the
 * regex and hex decoding were a large part of each comparison. Bounded (cleared when full).
 */
const parseTlsh = boundedMemo(parseTlshText, 8192);

function parseTlshText(s: string): TlshParts | null {
  const m = HEX.exec(s.trim());
  if (m === null) return null;
  const bytes = Buffer.from(m[1]!, 'hex');
  const swap = (b: number): number => ((b & 0x0f) << 4) | (b >> 4);
  return {
    checksum: bytes[0]!,
    lvalue: swap(bytes[1]!),
    q1: bytes[2]! >> 4,
    q2: bytes[2]! & 0x0f,
    code: bytes.subarray(3, 3 + CODE_SIZE),
  };
}

/** Distance on a circular range of size `range`. */
function modDiff(x: number, y: number, range: number): number {
  const d = Math.abs(x - y);
  return Math.min(d, range - d);
}

/** Sum over the four 2-bit bucket levels of two code bytes of |a-b|, where a full swing (3) counts 6. */
function byteDistance(x: number, y: number): number {
  let diff = 0;
  for (let j = 0; j < 4; j++) {
    const d = Math.abs((x & 3) - (y & 3));
    diff += d === 3 ? 6 : d;
    x >>= 2;
    y >>= 2;
  }
  return diff;
}

/**
 * byteDistance of every pair of code bytes (64 KB), built on the first comparison: relatives of a
 * batch compare each digest with many others, and one lookup per byte replaced four 2-bit steps
 * (the body distance was most of a batch's relatives time after the ssdeep index).
 */
let pairDistance: Uint8Array | undefined;

/** The body distance of two code bytes x and y at [x << 8 | y] (for callers that scan many digests in flat arrays). */
export function tlshPairTable(): Uint8Array {
  return pairTable();
}

function pairTable(): Uint8Array {
  if (pairDistance === undefined) {
    pairDistance = new Uint8Array(65536);
    for (let x = 0; x < 256; x++) for (let y = 0; y < 256; y++) pairDistance[(x << 8) | y] = byteDistance(x, y);
  }
  return pairDistance;
}

/** Sum over the 2-bit bucket levels of |a-b|, where a full swing (3) counts 6; may stop once above `bound` (8 bytes at a time). */
function codeDistance(a: Uint8Array, b: Uint8Array, bound = Infinity): number {
  const t = pairTable();
  let diff = 0;
  for (let i = 0; i < CODE_SIZE; i++) {
    diff += t[(a[i]! << 8) | b[i]!]!;
    if ((i & 7) === 7 && diff > bound) return diff;
  }
  return diff;
}

