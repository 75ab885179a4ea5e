import type { MatchKind } from '../types.js';

/** A raw match inside a buffer. */
export interface RawHit {
  id: number;
  kind: MatchKind;
  /** Byte offset in the scanned buffer. */
  offset: number;
  /**
   * For `url` hits: where the URL's host starts (suppresses the `url-host` hit of the same indicator
   * there); -1 for other hits (always set: one object shape keeps the scanner's compiled code stable).
   */
  host: number;
}

export interface ScanOptions {
  /** The text is JSON: `\/` and `\\` escapes are read as `/` and `\`. */
  json: boolean;
  /** An extra byte that ends a URL (`,` in CSV); -1 for none. */
  delimiter: number;
}

/** Drops `url-host` hits made redundant by a `url` hit of the same indicator on the same host. */
export function dropShadowedHostHits(out: RawHit[], from: number): void {
  const shadow = new Set<string>();
  for (let i = from; i < out.length; i++) {
    const h = out[i] as RawHit;
    if (h.kind === 'url' && h.host >= 0) shadow.add(`${h.id}@${h.host}`);
  }
  if (shadow.size === 0) return;
  let w = from;
  for (let i = from; i < out.length; i++) {
    const h = out[i] as RawHit;
    if (h.kind === 'url-host' && shadow.has(`${h.id}@${h.offset}`)) continue;
    out[w++] = h;
  }
  out.length = w;
}
