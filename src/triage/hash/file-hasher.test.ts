import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { HashesSchema } from '../../model/triage-result.js';
import { createFileHasher, hashBytes } from './file-hasher.js';
import { ssdeepBytes } from './ssdeep.js';
import { tlshBytes } from './tlsh.js';
import { concatBytes, pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';

describe('createFileHasher', () => {
  const data = concatBytes(pseudoRandomBytes(300_000, 5), new Uint8Array(777), pseudoRandomBytes(1234, 6));

  it('computes every digest in one pass, equal to the single-algorithm results', () => {
    const h = hashBytes(data);
    expect(h.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(h.md5).toBe(createHash('md5').update(data).digest('hex'));
    expect(h.sha1).toBe(createHash('sha1').update(data).digest('hex'));
    expect(h.sha512).toBe(createHash('sha512').update(data).digest('hex'));
    expect(h.ssdeep).toBe(ssdeepBytes(data));
    expect(h.tlsh).toBe(tlshBytes(data));
  });

  it('gives the same digests for any chunking', () => {
    const whole = hashBytes(data);
    for (const size of [1, 3, 64, 4095, 65_536, 1 << 20]) {
      const h = createFileHasher();
      for (let i = 0; i < data.length; i += size) h.update(data.subarray(i, i + size));
      expect(h.length).toBe(data.length);
      expect(h.digest()).toEqual(whole);
    }
  });

  it('handles empty and one-byte input', () => {
    const empty = hashBytes(new Uint8Array(0));
    expect(empty.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(empty.ssdeep).toBe('3::');
    expect(empty.tlsh).toBeNull();
    expect(hashBytes(Uint8Array.of(0)).tlsh).toBeNull();
  });

  it('fits the triage model and refuses update after digest', () => {
    const h = createFileHasher();
    h.update(data);
    expect(HashesSchema.safeParse(h.digest()).success).toBe(true);
    expect(() => h.update(new Uint8Array(1))).toThrow();
  });
});
