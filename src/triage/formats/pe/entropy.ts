/**
 * Shannon entropy in bits per byte (0–8), rounded to 4 decimals. Kept local so the PE parser has no
 * dependency on the triage-wide entropy module; same definition. Reads aligned 32-bit words (one load
 * per four bytes; byte order is irrelevant to counting) into four count tables, so increments of
 * equal bytes (runs of zeros are common in PE files) do not wait on each other.
 */
export function byteEntropy(data: Uint8Array): number {
  const n = data.length;
  if (n === 0) return 0;
  const c0 = new Int32Array(256);
  const c1 = new Int32Array(256);
  const c2 = new Int32Array(256);
  const c3 = new Int32Array(256);
  let i = 0;
  while (i < n && (data.byteOffset + i) & 3) c0[data[i++]!]!++;
  // A slice shorter than its alignment gap ends the loop above unaligned: then there are no words.
  const words = ((data.byteOffset + i) & 3) === 0 ? (n - i) >>> 2 : 0;
  if (words > 0) countWords(new Uint32Array(data.buffer, data.byteOffset + i, words), c0, c1, c2, c3);
  for (i += words * 4; i < n; i++) c0[data[i]!]!++;
  let h = 0;
  for (let k = 0; k < 256; k++) {
    const c = c0[k]! + c1[k]! + c2[k]! + c3[k]!;
    if (c) {
      const p = c / n;
      h -= p * Math.log2(p);
    }
  }
  return Math.round(h * 10000) / 10000;
}

/**
 * The hot loop on its own: when it sat inside byteEntropy, the code V8 compiled on entering it
 * (OSR) had no type feedback for the statements after it and was thrown away on leaving the loop,
 * once per large call (35 deoptimisations over the bench's files).
 */
function countWords(w: Uint32Array, c0: Int32Array, c1: Int32Array, c2: Int32Array, c3: Int32Array): void {
  for (let k = 0; k < w.length; k++) {
    const v = w[k]!;
    c0[v & 0xff]!++;
    c1[(v >>> 8) & 0xff]!++;
    c2[(v >>> 16) & 0xff]!++;
    c3[v >>> 24]!++;
  }
}
