/**
 * Byte signatures of crypto constants, built from the computed tables. Word tables are matched in
 * both byte orders; large tables by their first 16 words (64 bytes), which is already far beyond
 * chance and survives implementations that only embed part of a table.
 */
import {
  aesInvSbox, aesSbox, aesTables, blowfishP, crc32Table, md5Init, md5T, sha1K, sha256Init, sha256K, SHA1_INIT_E,
} from './tables.js';
import { DES_SBOXES, desSboxByInput } from './des.js';

export interface Signature {
  name: string;
  bytes: Uint8Array;
}

/** Bytes of 32-bit words in little- or big-endian order. */
export function wordBytes(words: ArrayLike<number>, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(i * 4, words[i]! >>> 0, littleEndian);
  return out;
}

const PREFIX_WORDS = 16;

/** `name` with -le / -be variants of a word table (or one name for both when `suffix` is false). */
function wordSignatures(name: string, words: ArrayLike<number>, suffix: boolean): Signature[] {
  const head = Array.from(words).slice(0, PREFIX_WORDS);
  return [true, false].map((le) => ({
    name: suffix ? `${name}-${le ? 'le' : 'be'}` : name,
    bytes: wordBytes(head, le),
  }));
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every signature the scanner looks for (order is irrelevant: hits are sorted by offset). */
export function buildSignatures(): Signature[] {
  const t = aesTables();
  const sigs: Signature[] = [
    { name: 'aes-sbox', bytes: aesSbox() },
    { name: 'aes-inv-sbox', bytes: aesInvSbox() },
    { name: 'chacha-sigma', bytes: ascii('expand 32-byte k') },
    { name: 'chacha-tau', bytes: ascii('expand 16-byte k') },
    { name: 'rc4-sbox-init', bytes: Uint8Array.from({ length: 256 }, (_, i) => i) },
  ];
  for (const table of ['te0', 'te1', 'te2', 'te3', 'td0', 'td1', 'td2', 'td3']) {
    sigs.push(...wordSignatures(`aes-${table}`, t[table]!, true));
  }
  sigs.push(
    ...wordSignatures('sha256-k', sha256K(), false),
    ...wordSignatures('sha256-init', sha256Init(), false),
    ...wordSignatures('sha1-k', sha1K(), false),
    ...wordSignatures('md5-init', md5Init(), false),
    ...wordSignatures('sha1-init', [...md5Init(), SHA1_INIT_E], false),
    ...wordSignatures('md5-t', md5T(), false),
    ...wordSignatures('crc32-table', crc32Table(true), true),
    ...wordSignatures('crc32-msb-table', crc32Table(false), true),
    ...wordSignatures('blowfish-p', blowfishP(), false),
  );
  // DES S1 as stored by common implementations: 4x16 rows, indexed by the 6-bit input, or as
  // 32-bit entries. S1 alone identifies the set (the others follow it in every layout seen).
  const s1 = Uint8Array.from(DES_SBOXES[0]!);
  sigs.push(
    { name: 'des-sbox', bytes: s1 },
    { name: 'des-sbox', bytes: desSboxByInput(DES_SBOXES[0]!) },
    { name: 'des-sbox', bytes: wordBytes(Array.from(s1.subarray(0, 16)), true) },
  );
  return sigs;
}
