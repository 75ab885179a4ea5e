/**
 * Typed arrays as base64 text inside generated JSON files: decoding is one native call, where a JSON
 * number list costs a parse and a copy per element (most of a start-up for the precompiled tables).
 * Little-endian, the byte order of every platform Node runs on in practice; loaders check
 * os.endianness() and rebuild from source data otherwise.
 */
import { PillboxError } from '../../errors.js';

type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

/** Base64 of a typed array's bytes. */
export function packB64(a: Typed): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/**
 * A typed array of packB64 text (a fresh aligned buffer).
 * @example unpackB64(packB64(Int32Array.of(1, -2)), Int32Array); // Int32Array [1, -2]
 */
export function unpackB64<T extends Typed>(s: string, Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const b = Buffer.from(s, 'base64');
  if (b.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new PillboxError('E_KB_MISSING', 'precompiled table is corrupt (length)');
  return new Ctor(new Uint8Array(b).buffer);
}
