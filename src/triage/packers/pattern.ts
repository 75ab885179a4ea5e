/** A compiled hex pattern: bytes with a wildcard mask (`??` = any byte). */
export interface BytePattern { bytes: Uint8Array; mask: Uint8Array }

const cache = new Map<string, BytePattern>();

/** Compile `60 BE ?? ??` style text (validated by the table schema). */
export function compilePattern(hex: string): BytePattern {
  let p = cache.get(hex);
  if (!p) {
    const parts = hex.trim().split(/\s+/);
    p = { bytes: new Uint8Array(parts.length), mask: new Uint8Array(parts.length) };
    parts.forEach((h, i) => {
      if (h !== '??') {
        p!.bytes[i] = parseInt(h, 16);
        p!.mask[i] = 1;
      }
    });
    cache.set(hex, p);
  }
  return p;
}

/** Offset (relative to `at`) where the pattern matches within `window` bytes after `at`, or -1. */
export function matchAt(buf: Uint8Array, at: number, pattern: BytePattern, window = 0): number {
  const n = pattern.bytes.length;
  for (let s = 0; s <= window; s++) {
    const base = at + s;
    if (base < 0 || base + n > buf.length) return -1;
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = pattern.mask[i] === 0 || buf[base + i] === pattern.bytes[i];
    if (ok) return s;
  }
  return -1;
}
