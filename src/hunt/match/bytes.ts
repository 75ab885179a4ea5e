/** Byte tables shared by the matcher (building) and the scanner (looking up), so both hash alike. */

/** ASCII lower-casing table; other bytes map to themselves. */
export const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 0x41 && i <= 0x5a ? i + 32 : i;

/**
 * Hash of bytes [s, e) read right to left, lower-cased. Right to left so that the scanner gets the
 * hash of every label suffix of a host (`evil.com`, `com`) in one backward pass.
 */
export function reverseHash(b: Uint8Array, s: number, e: number): number {
  let h = 0;
  for (let j = e - 1; j >= s; j--) h = (Math.imul(h, 31) + (LOWER[b[j] as number] as number)) | 0;
  return h;
}

/**
 * A one-hash bit filter over host-like keys (domains, file names, URL hosts): a clear bit proves a
 * byte run is no key, so the scanner makes a string only for the few runs that may be one.
 */
export class HashFilter {
  private bits: Uint32Array;
  private mask: number;

  constructor(expectedKeys: number) {
    let n = 1 << 16;
    while (n < expectedKeys * 32 && n < 1 << 28) n <<= 1;
    this.bits = new Uint32Array(n >>> 5);
    this.mask = n - 1;
  }

  addKey(key: string): void {
    // ASCII keys (nearly all) hash straight from their char codes; others through their UTF-8 bytes.
    let h = 0;
    for (let j = key.length - 1; j >= 0; j--) {
      const c = key.charCodeAt(j);
      if (c > 127) {
        const b = Buffer.from(key, 'utf8');
        this.add(reverseHash(b, 0, b.length));
        return;
      }
      h = (Math.imul(h, 31) + (LOWER[c] as number)) | 0;
    }
    this.add(h);
  }

  /** Adds the hash of the key's last label (after its last `.`; the whole key when it has none). */
  addLastLabel(key: string): void {
    const dot = key.lastIndexOf('.');
    this.addKey(dot === -1 ? key : key.slice(dot + 1));
  }

  add(h: number): void {
    const i = (h ^ (h >>> 15)) & this.mask;
    this.bits[i >>> 5]! |= 1 << (i & 31);
  }

  has(h: number): boolean {
    const i = (h ^ (h >>> 15)) & this.mask;
    return ((this.bits[i >>> 5] as number) & (1 << (i & 31))) !== 0;
  }
}

/**
 * True when the host-like run [s, e) cannot end any key whose last label went into `lastLabels`: its
 * last label (after the last `.`, trailing dots trimmed) is ASCII and its hash is not in the filter.
 * False when the run has no inner dot or a non-ASCII byte in that label (the filter's key hashes come
 * from lower-cased strings: only ASCII bytes lower-case alike), so callers then look further.
 */
export function lastLabelMissing(b: Uint8Array, s: number, e0: number, lastLabels: HashFilter): boolean {
  let e = e0;
  while (e > s && b[e - 1] === 46) e--;
  let h = 0;
  for (let j = e - 1; j >= s; j--) {
    const c = b[j] as number;
    if (c === 46) return !lastLabels.has(h);
    if (c >= 0x80) return false;
    h = (Math.imul(h, 31) + (LOWER[c] as number)) | 0;
  }
  return false;
}
