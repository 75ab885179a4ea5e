import { describe, expect, it } from 'vitest';
import { base58CheckDecode, base58Decode, isMoneroAddress } from './base58.js';
import { isSegwitAddress } from './bech32.js';
import { keccak256 } from './keccak.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('keccak256 (Ethereum padding)', () => {
  it.each([
    ['', 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'],
    ['abc', '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45'],
  ])('%j', (msg, want) => {
    expect(hex(keccak256(new TextEncoder().encode(msg)))).toBe(want);
  });

  it('handles messages longer than one 136-byte block', () => {
    const a = keccak256(new Uint8Array(300).fill(7));
    const b = keccak256(new Uint8Array(300).fill(7));
    expect(hex(a)).toBe(hex(b));
    expect(hex(a)).not.toBe(hex(keccak256(new Uint8Array(299).fill(7))));
  });
});

describe('base58', () => {
  it('decodes leading ones as zero bytes', () => {
    expect(hex(base58Decode('1112')!)).toBe('00000001');
  });
  it('rejects characters outside the alphabet', () => {
    expect(base58Decode('0OIl')).toBeNull();
  });
  it('checks Base58Check checksums', () => {
    expect(base58CheckDecode('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')?.length).toBe(21);
    expect(base58CheckDecode('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb')).toBeNull();
  });
  it('checks Monero addresses', () => {
    const addr = '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';
    expect(isMoneroAddress(addr)).toBe(true);
    expect(isMoneroAddress(`${addr.slice(0, -1)}B`)).toBe(false);
    expect(isMoneroAddress(addr.slice(0, -2))).toBe(false);
  });
});

describe('bech32 / bech32m', () => {
  it.each([
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', true],
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', true],
    ['bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297', true],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', false],
    ['Bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', false],
    ['tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', false],
  ])('%s', (addr, ok) => {
    expect(isSegwitAddress(addr)).toBe(ok);
  });
});
