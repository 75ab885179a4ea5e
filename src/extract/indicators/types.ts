import type { IndicatorType } from '../../model/indicator.js';

/** One indicator found in the text, before de-duplication. Offsets are absolute UTF-16 indices into the document. */
export interface Match {
  type: IndicatorType;
  value: string;
  start: number;
  end: number;
  defanged: boolean;
  /** Unicode form when `value` is punycode. */
  unicode?: string;
  /** Higher wins when two matches overlap. */
  prio: number;
  /** A part of a larger match (a URL's host, a path's file name): never removed by overlap with its parent. */
  component?: boolean;
}

/** Overlap priorities: structured, longer forms beat the atoms they contain. */
export const PRIO = {
  url: 100, email: 90, registry: 85, filepath: 84, cidr: 80, ipv6: 75, ipv4: 70, mac: 68, ssdeep: 66,
  sha512: 64, sha256: 63, sha1: 62, md5: 61, eth: 58, xmr: 57, btc: 56, cve: 50, attack_technique: 49,
  asn: 48, domain: 40, filename: 39,
} as const satisfies Partial<Record<IndicatorType, number>>;

/** A refanged segment handed to the family scanners. */
export interface Segment {
  /** The whole document. */
  text: string;
  /** Absolute start of the segment in `text`. */
  start: number;
  /** Refanged segment text. */
  r: string;
  /** Offset map from `r` to the raw segment (null: identical). */
  map: Int32Array | null;
  /** Bit flags from the scanner (chars.ts F_*). */
  flags: number;
  /** True when the segment was cut out of an over-long token: matches touching a cut edge are not whole tokens. */
  cutLeft: boolean;
  cutRight: boolean;
}

/** Absolute document offset of refanged index k. */
export function absPos(seg: Segment, k: number): number {
  return seg.start + (seg.map === null ? k : (seg.map[k] ?? seg.map[seg.map.length - 1] ?? 0));
}

/** Whether r[a, b) was written defanged. */
export function wasDefanged(seg: Segment, a: number, b: number): boolean {
  if (seg.map === null) return false;
  const ra = absPos(seg, a), rb = absPos(seg, b);
  return rb - ra !== b - a || seg.text.slice(ra, rb) !== seg.r.slice(a, b);
}

/** Builds a match for refanged range r[a, b). */
export function segMatch(seg: Segment, type: Match['type'], a: number, b: number, value: string, prio: number): Match {
  return { type, value, start: absPos(seg, a), end: absPos(seg, b), defanged: wasDefanged(seg, a, b), prio };
}

export type Family = (seg: Segment, out: Match[]) => void;
