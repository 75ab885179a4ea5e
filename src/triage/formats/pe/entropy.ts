/**
 * Shannon entropy in bits per byte (0–8). Kept local so the PE parser has no dependency on the
 * triage-wide entropy module; same definition.
 */
export function byteEntropy(data: Uint8Array): number {
  const n = data.length;
  if (n === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[data[i]!]!++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c) {
      const p = c / n;
      h -= p * Math.log2(p);
    }
  }
  return Math.round(h * 10000) / 10000;
}
