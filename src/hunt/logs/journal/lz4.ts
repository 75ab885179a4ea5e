/**
 * LZ4 block decompression (the block format, no frame), as journald stores a field compressed with
 * LZ4 (older systemd releases). Hand-written: a few lines, and it must hold on hostile input: every
 * length and offset is checked, and the output never grows past the size the field announces.
 */
export function lz4Block(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let i = 0;
  let o = 0;
  const fail = (why: string): never => {
    throw new Error(`LZ4 block ${why}`);
  };
  while (i < src.length) {
    const token = src[i++] as number;
    let lit = token >>> 4;
    if (lit === 15) {
      for (let x = 255; x === 255; ) {
        if (i >= src.length) fail('cut inside a literal length');
        x = src[i++] as number;
        lit += x;
      }
    }
    if (i + lit > src.length || o + lit > size) fail('literal past its end');
    out.set(src.subarray(i, i + lit), o);
    i += lit;
    o += lit;
    // The last sequence has literals only.
    if (i === src.length) break;
    if (i + 2 > src.length) fail('cut inside an offset');
    const off = (src[i] as number) | ((src[i + 1] as number) << 8);
    i += 2;
    if (off === 0 || off > o) fail('offset before its start');
    let len = (token & 15) + 4;
    if ((token & 15) === 15) {
      for (let x = 255; x === 255; ) {
        if (i >= src.length) fail('cut inside a match length');
        x = src[i++] as number;
        len += x;
      }
    }
    if (o + len > size) fail('match past its end');
    // Overlapping copies (offset < length) repeat the bytes just written: byte by byte.
    for (let k = 0; k < len; k++, o++) out[o] = out[o - off] as number;
  }
  if (o !== size) fail(`gives ${o} bytes, not ${size}`);
  return out;
}
