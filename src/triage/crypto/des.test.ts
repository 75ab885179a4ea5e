import { createCipheriv } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { DES_SBOXES, desSboxByInput } from './des.js';

// FIPS 46-3 permutations (1-based bit numbers, bit 1 = most significant). IP and E follow simple
// patterns and are generated; P, PC-1 and PC-2 are listed.
const IP = [...[58, 60, 62, 64], ...[57, 59, 61, 63]].flatMap((top) => Array.from({ length: 8 }, (_, i) => top - 8 * i));
const FP = Array.from({ length: 64 }, (_, i) => IP.indexOf(i + 1) + 1);
const E = Array.from({ length: 48 }, (_, i) => ((Math.floor(i / 6) * 4 + (i % 6) - 1 + 32) % 32) + 1);
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4];
const PC2 = [14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

const bitsOf = (bytes: Uint8Array): number[] => Array.from({ length: bytes.length * 8 }, (_, i) => (bytes[i >> 3]! >> (7 - (i & 7))) & 1);
const permute = (bits: number[], table: number[]): number[] => table.map((p) => bits[p - 1]!);
const rotl = (bits: number[], n: number): number[] => [...bits.slice(n), ...bits.slice(0, n)];

/** Textbook single-block DES with our S-boxes. */
function desEncrypt(key: Uint8Array, block: Uint8Array): string {
  const cd = permute(bitsOf(key), PC1);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  const subkeys = SHIFTS.map((s) => {
    c = rotl(c, s);
    d = rotl(d, s);
    return permute([...c, ...d], PC2);
  });
  const ip = permute(bitsOf(block), IP);
  let l = ip.slice(0, 32);
  let r = ip.slice(32);
  for (const k of subkeys) {
    const x = permute(r, E).map((b, i) => b ^ k[i]!);
    const s = DES_SBOXES.flatMap((box, j) => {
      const six = x.slice(6 * j, 6 * j + 6);
      const v = box[(six[0]! * 2 + six[5]!) * 16 + six[1]! * 8 + six[2]! * 4 + six[3]! * 2 + six[4]!]!;
      return [(v >> 3) & 1, (v >> 2) & 1, (v >> 1) & 1, v & 1];
    });
    const f = permute(s, P);
    [l, r] = [r, l.map((b, i) => b ^ f[i]!)];
  }
  const out = permute([...r, ...l], FP);
  return Buffer.from(Array.from({ length: 8 }, (_, i) => out.slice(8 * i, 8 * i + 8).reduce((a, b) => a * 2 + b, 0))).toString('hex');
}

function nodeDes(key: Uint8Array, block: Uint8Array): string {
  const c = createCipheriv('des-ede3-ecb', Buffer.concat([key, key, key]), null);
  c.setAutoPadding(false);
  return c.update(block).toString('hex');
}

describe('DES S-boxes', () => {
  it('every row is a permutation of 0..15', () => {
    for (const box of DES_SBOXES) {
      for (let row = 0; row < 4; row++) expect([...box.slice(row * 16, row * 16 + 16)].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    }
  });

  it('a DES built on them encrypts as node:crypto does', () => {
    const cases = [
      ['133457799bbcdff1', '0123456789abcdef'],
      ['0e329232ea6d0d73', '8787878787878787'],
      ['ffffffffffffffff', '0000000000000000'],
    ];
    for (const [k, p] of cases) {
      const key = Buffer.from(k!, 'hex');
      const block = Buffer.from(p!, 'hex');
      expect(desEncrypt(key, block)).toBe(nodeDes(key, block));
    }
  });

  it('indexes by 6-bit input: row from the outer bits, column from the inner four', () => {
    const s1 = desSboxByInput(DES_SBOXES[0]!);
    expect([s1[0], s1[1], s1[2], s1[0x21], s1[0x3f]]).toEqual([14, 0, 4, 15, 13]);
  });
});
