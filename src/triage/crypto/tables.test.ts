import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, it, expect } from 'vitest';
import { aesInvSbox, aesSbox, aesTables, blowfishP, crc32Table, md5Init, md5T, sha1K, sha256Init, sha256K } from './tables.js';

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const rotr = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;

/** SHA-256 of a short message (one block) with our K and H: must equal node:crypto. */
function sha256OneBlock(msg: Uint8Array): string {
  const block = new Uint8Array(64);
  block.set(msg);
  block[msg.length] = 0x80;
  new DataView(block.buffer).setUint32(60, msg.length * 8);
  const K = sha256K();
  const H = Array.from(sha256Init());
  const w = new Uint32Array(64);
  for (let t = 0; t < 16; t++) w[t] = new DataView(block.buffer).getUint32(t * 4);
  for (let t = 16; t < 64; t++) {
    const s0 = rotr(w[t - 15]!, 7) ^ rotr(w[t - 15]!, 18) ^ (w[t - 15]! >>> 3);
    const s1 = rotr(w[t - 2]!, 17) ^ rotr(w[t - 2]!, 19) ^ (w[t - 2]! >>> 10);
    w[t] = w[t - 16]! + s0 + w[t - 7]! + s1;
  }
  let [a, b, c, d, e, f, g, h] = H as [number, number, number, number, number, number, number, number];
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
  }
  const out = [a, b, c, d, e, f, g, h].map((x, i) => ((x + H[i]!) >>> 0).toString(16).padStart(8, '0'));
  return out.join('');
}

/** MD5 of a short message with our T and initial state: must equal node:crypto. */
function md5OneBlock(msg: Uint8Array): string {
  const block = new Uint8Array(64);
  block.set(msg);
  block[msg.length] = 0x80;
  new DataView(block.buffer).setUint32(56, msg.length * 8, true);
  const X = Array.from({ length: 16 }, (_, i) => new DataView(block.buffer).getUint32(i * 4, true));
  const T = md5T();
  const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  const init = Array.from(md5Init());
  let [a, b, c, d] = init as [number, number, number, number];
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    const f = [(b & c) | (~b & d), (b & d) | (c & ~d), b ^ c ^ d, c ^ (b | ~d)][round]!;
    const k = [i, (5 * i + 1) % 16, (3 * i + 5) % 16, (7 * i) % 16][round]!;
    const next = (b + rotl((a + f + X[k]! + T[i]!) >>> 0, S[round * 4 + (i % 4)]!)) >>> 0;
    [a, b, c, d] = [d, next, b, c];
  }
  const words = [a, b, c, d].map((x, i) => (x + init[i]!) >>> 0);
  return Buffer.from(new Uint32Array(words).buffer).toString('hex');
}

describe('computed crypto tables', () => {
  const msg = new TextEncoder().encode('pillbox triage constants');

  it('SHA-256 K and H reproduce node:crypto', () => {
    expect(sha256OneBlock(msg)).toBe(createHash('sha256').update(msg).digest('hex'));
  });

  it('MD5 T and initial state reproduce node:crypto', () => {
    expect(md5OneBlock(msg)).toBe(createHash('md5').update(msg).digest('hex'));
  });

  it('the reflected CRC-32 table reproduces zlib', () => {
    const t = crc32Table(true);
    let crc = 0xffffffff;
    for (const b of msg) crc = t[(crc ^ b) & 0xff]! ^ (crc >>> 8);
    expect((crc ^ 0xffffffff) >>> 0).toBe(zlib.crc32(msg));
    expect(crc32Table(false)[1]).toBe(0x04c11db7);
  });

  it('AES S-box and inverse are inverse permutations with the FIPS 197 values', () => {
    const s = aesSbox();
    const si = aesInvSbox(s);
    expect([s[0x00], s[0x01], s[0x53], s[0xff]]).toEqual([0x63, 0x7c, 0xed, 0x16]);
    for (let x = 0; x < 256; x++) expect(si[s[x]!]).toBe(x);
    const t = aesTables();
    expect(t.te0![0]).toBe(0xc66363a5);
    expect(t.td0![0]).toBe(0x51f4a750);
    expect(t.te1![0]).toBe(0xa5c66363);
  });

  it('SHA-1 K and Blowfish P hold the published words', () => {
    expect(Array.from(sha1K())).toEqual([0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6]);
    const p = blowfishP();
    expect([p[0], p[1], p[17]]).toEqual([0x243f6a88, 0x85a308d3, 0x8979fb1b]);
  });
});
