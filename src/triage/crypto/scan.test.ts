import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { findCryptoConstants } from './scan.js';
import { aesInvSbox, aesSbox, aesTables, crc32Table, sha256K } from './tables.js';
import { wordBytes } from './signatures.js';
import { DES_SBOXES, desSboxByInput } from './des.js';
import { hasTool, pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';

const HAVE_GCC = hasTool('gcc') && hasTool('readelf');
if (!HAVE_GCC) console.warn('gcc/readelf missing: the compiled-constants test is skipped');

const CUSTOM_B64 = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba9876543210+/';
const cBytes = (b: Uint8Array): string => Array.from(b, (x) => `0x${x.toString(16)}`).join(',');
const cWords = (w: Uint32Array): string => Array.from(w, (x) => `0x${x.toString(16)}u`).join(',');

/** A C file whose tables live in their own sections, so readelf gives each table's file offset. */
function cSource(): string {
  const te = aesTables();
  return [
    '#include <stdint.h>',
    `const uint8_t aes_sbox[256] = {${cBytes(aesSbox())}};`,
    `const uint8_t aes_inv_sbox[256] = {${cBytes(aesInvSbox())}};`,
    `const uint32_t aes_te0[256] = {${cWords(te.te0!)}};`,
    `const uint32_t aes_td3[256] = {${cWords(te.td3!)}};`,
    `const uint32_t sha256_k[64] = {${cWords(sha256K())}};`,
    `const uint32_t crc_table[256] = {${cWords(crc32Table(true))}};`,
    `const char chacha_sigma[] = "expand 32-byte k";`,
    `const char b64_alphabet[] = "${CUSTOM_B64}";`,
    `const char b64_standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";`,
    'int main(void) { return aes_sbox[1] + aes_inv_sbox[1] + (int)aes_te0[1] + (int)aes_td3[1] + (int)sha256_k[1]',
    '  + (int)crc_table[1] + chacha_sigma[0] + b64_alphabet[0] + b64_standard[0]; }',
  ].join('\n');
}

/** File offset of each `.rodata.<symbol>` section of an object file. */
function sectionOffsets(object: string): Map<string, number> {
  const out = execFileSync('readelf', ['-S', '-W', object]).toString();
  const map = new Map<string, number>();
  for (const m of out.matchAll(/\.rodata\.(\w+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)/g)) map.set(m[1]!, parseInt(m[2]!, 16));
  return map;
}

describe('findCryptoConstants', () => {
  it('finds the tables of a gcc-compiled object at their section offsets', { skip: !HAVE_GCC }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-crypto-'));
    writeFileSync(join(dir, 'tables.c'), cSource());
    execFileSync('gcc', ['-c', '-O0', '-fdata-sections', '-o', join(dir, 'tables.o'), join(dir, 'tables.c')]);
    const at = sectionOffsets(join(dir, 'tables.o'));
    const hits = findCryptoConstants(readFileSync(join(dir, 'tables.o')));
    const expected = [
      { name: 'aes-sbox', offset: at.get('aes_sbox') },
      { name: 'aes-inv-sbox', offset: at.get('aes_inv_sbox') },
      { name: 'aes-te0-le', offset: at.get('aes_te0') },
      { name: 'aes-td3-le', offset: at.get('aes_td3') },
      { name: 'sha256-k', offset: at.get('sha256_k') },
      { name: 'crc32-table-le', offset: at.get('crc_table') },
      { name: 'chacha-sigma', offset: at.get('chacha_sigma') },
      { name: 'base64-custom-alphabet', offset: at.get('b64_alphabet') },
    ];
    for (const e of expected) expect(e.offset, e.name).toBeTypeOf('number');
    for (const e of expected) expect(hits).toContainEqual(e);
    expect(hits.filter((h) => h.name === 'base64-custom-alphabet')).toHaveLength(1);
  });

  it('finds big-endian tables, RC4 init and MD5/SHA-1 state in generated buffers', () => {
    const buf = pseudoRandomBytes(40_000, 99);
    buf.set(wordBytes(sha256K(), false), 1001);
    buf.set(wordBytes(crc32Table(true), false), 5003);
    buf.set(Uint8Array.from({ length: 256 }, (_, i) => i), 9007);
    buf.set(wordBytes([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0], true), 20_011);
    buf.set(wordBytes([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476], true), 30_013);
    buf[30_013 + 16] = 0; // not followed by SHA-1's fifth word
    buf.set(new TextEncoder().encode('expand 16-byte k'), 39_000);
    buf.set(DES_SBOXES.flat(), 33_000);
    buf.set(desSboxByInput(DES_SBOXES[0]!), 36_000);
    expect(findCryptoConstants(buf)).toEqual([
      { name: 'sha256-k', offset: 1001 },
      { name: 'crc32-table-be', offset: 5003 },
      { name: 'rc4-sbox-init', offset: 9007 },
      { name: 'sha1-init', offset: 20_011 },
      { name: 'md5-init', offset: 30_013 },
      { name: 'des-sbox', offset: 33_000 },
      { name: 'des-sbox', offset: 36_000 },
      { name: 'chacha-tau', offset: 39_000 },
    ]);
    // The scanner reads aligned input as int32 words and other views byte by byte: same hits.
    for (const shift of [1, 2, 3]) {
      const copy = new Uint8Array(buf.length + shift);
      copy.set(buf, shift);
      expect(findCryptoConstants(copy.subarray(shift))).toEqual(findCryptoConstants(buf));
    }
  });

  it('finds every signature at every offset modulo the sampling stride', () => {
    // 64 offsets: the alphabet scan samples every 64th byte, the word scan every 8th.
    for (let at = 500; at < 564; at++) {
      const buf = pseudoRandomBytes(2048, at);
      buf.set(aesSbox(), at);
      buf.set(new TextEncoder().encode('expand 32-byte k'), at + 700);
      buf.set(new TextEncoder().encode(CUSTOM_B64), at + 1000);
      buf[at + 999] = 0;
      buf[at + 1064] = 0;
      buf.set(Uint8Array.from([...CUSTOM_B64].flatMap((c) => [c.charCodeAt(0), 0])), at + 1200);
      buf[at + 1198] = 0;
      buf[at + 1328] = 0;
      expect(findCryptoConstants(buf).map((h) => `${h.name}@${h.offset - at}`)).toEqual(
        ['aes-sbox@0', 'chacha-sigma@700', 'base64-custom-alphabet@1000', 'base64-custom-alphabet@1200'],
      );
    }
  });

  it('finds nothing in random, empty or truncated-table input, and bounds the hits', () => {
    expect(findCryptoConstants(pseudoRandomBytes(100_000, 5))).toEqual([]);
    expect(findCryptoConstants(new Uint8Array(0))).toEqual([]);
    expect(findCryptoConstants(aesSbox().subarray(0, 255))).toEqual([]);
    const many = new Uint8Array(256 * 50);
    for (let i = 0; i < 50; i++) many.set(aesSbox(), i * 256);
    expect(findCryptoConstants(many, { maxHits: 10 })).toHaveLength(10);
  });

  it('recognises a custom alphabet at the end of the input and ignores the standard ones', () => {
    const enc = new TextEncoder();
    expect(findCryptoConstants(enc.encode(`\0${CUSTOM_B64}`))).toEqual([{ name: 'base64-custom-alphabet', offset: 1 }]);
    const wide = (t: string): number[] => [...t].flatMap((c) => [c.charCodeAt(0), 0]);
    // UTF-16LE, as .NET stores literals: at an odd offset, then at the very end at an even one.
    expect(findCryptoConstants(Uint8Array.from([7, ...wide(CUSTOM_B64), 0, 0]))).toEqual([{ name: 'base64-custom-alphabet', offset: 1 }]);
    expect(findCryptoConstants(Uint8Array.from([7, 7, ...wide(CUSTOM_B64)]))).toEqual([{ name: 'base64-custom-alphabet', offset: 2 }]);
    const std = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    expect(findCryptoConstants(Uint8Array.from([0, ...wide(`${std}+/`), 0, 0]))).toEqual([]);
    expect(findCryptoConstants(enc.encode(`\0${std}+/\0${std}-_\0`))).toEqual([]);
  });

  const lib = '/usr/lib/x86_64-linux-gnu/libcrypto.so.3';
  it('finds AES and SHA-256 constants in the system libcrypto when present', { skip: !existsSync(lib) }, () => {
    const names = new Set(findCryptoConstants(readFileSync(lib)).map((h) => h.name));
    expect(names).toContain('aes-sbox');
    expect(names).toContain('sha256-k');
  });
});
