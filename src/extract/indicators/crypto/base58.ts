// Base58 (Bitcoin alphabet) decoding for Base58Check and Monero's block-wise variant. Hand-written:
// a few dozen lines, and only called on candidate tokens that already have the right shape.
import * as nodeCrypto from 'node:crypto';
import { keccak256 } from './keccak.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function isBase58Char(c: number): boolean {
  return c < 128 && INDEX[c]! >= 0;
}

/** Plain Base58 decode (leading '1's are zero bytes); null on a foreign character. Byte-array arithmetic, no BigInt. */
export function base58Decode(s: string): Uint8Array | null {
  const bytes = new Uint8Array(Math.ceil(s.length * 0.733) + 1);
  let len = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let carry = c < 128 ? INDEX[c]! : -1;
    if (carry < 0) return null;
    for (let j = 0; j < len; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) { bytes[len++] = carry & 0xff; carry >>= 8; }
  }
  let zeros = 0;
  while (zeros < s.length && s.charCodeAt(zeros) === 49) zeros++;
  const out = new Uint8Array(zeros + len);
  for (let j = 0; j < len; j++) out[zeros + j] = bytes[len - 1 - j]!;
  return out;
}

// crypto.hash (Node >= 20.12) hashes in one native call without a Hash object: about 3x cheaper for
// these 21-32 byte inputs, which every Bitcoin address in a report costs twice. Older Node: createHash.
const oneShot = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

function sha256(b: Uint8Array): Uint8Array {
  return oneShot !== undefined ? oneShot('sha256', b, 'buffer') : nodeCrypto.createHash('sha256').update(b).digest();
}

/** Base58Check: payload + 4-byte double-SHA-256 checksum. Returns the payload or null. */
export function base58CheckDecode(s: string): Uint8Array | null {
  const b = base58Decode(s);
  if (b === null || b.length < 5) return null;
  const payload = b.subarray(0, b.length - 4);
  const sum = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (sum[i] !== b[b.length - 4 + i]) return null;
  return payload;
}

// Monero: 8-byte blocks encode to 11 characters; a short last block uses this many characters per byte count.
const MONERO_BLOCK_CHARS = [0, 2, 3, 5, 6, 7, 9, 10, 11];

/** Monero Base58 decode (block-wise); null if malformed. */
export function moneroBase58Decode(s: string): Uint8Array | null {
  const full = Math.floor(s.length / 11);
  const restChars = s.length % 11;
  const restBytes = MONERO_BLOCK_CHARS.indexOf(restChars);
  if (restBytes < 0) return null;
  const out = new Uint8Array(full * 8 + restBytes);
  for (let blk = 0; blk <= full; blk++) {
    const chunk = s.slice(blk * 11, blk * 11 + (blk < full ? 11 : restChars));
    const size = blk < full ? 8 : restBytes;
    if (size === 0) break;
    let n = 0n;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      const v = c < 128 ? INDEX[c]! : -1;
      if (v < 0) return null;
      n = n * 58n + BigInt(v);
    }
    if (n >> BigInt(size * 8) !== 0n) return null;
    for (let i = size - 1; i >= 0; i--) { out[blk * 8 + i] = Number(n & 0xffn); n >>= 8n; }
  }
  return out;
}

/** Monero address check: network byte, keys, and the 4-byte Keccak-256 checksum. */
export function isMoneroAddress(s: string): boolean {
  const b = moneroBase58Decode(s);
  if (b === null || (b.length !== 69 && b.length !== 77)) return false;
  const sum = keccak256(b.subarray(0, b.length - 4));
  for (let i = 0; i < 4; i++) if (sum[i] !== b[b.length - 4 + i]) return false;
  return true;
}
