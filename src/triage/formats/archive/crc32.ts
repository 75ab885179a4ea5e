// CRC-32 (IEEE 802.3, reflected 0xEDB88320). Hand-written because PKWARE traditional encryption
// needs the per-byte table step, which node:zlib's crc32 (Node ≥ 20.15 only) does not expose.
export const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** One CRC-32 byte step on a raw (un-inverted) register. */
export const crcStep = (crc: number, byte: number): number => (CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;

/**
 * CRC-32 of the bytes, as ZIP and GZIP store it.
 * @example crc32(new TextEncoder().encode('123456789')) // 0xcbf43926
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
