import { describe, expect, it } from 'vitest';
import { readStixPattern, typeOfPath } from './stix-pattern.js';

describe('readStixPattern', () => {
  it('reads equality, ISSUBSET and IN comparisons joined by OR/AND', () => {
    const r = readStixPattern("[file:hashes.'SHA-256' = 'AB\\'c' OR file:name = 'x.exe'] AND [ipv4-addr:value ISSUBSET '10.0.0.0/8'] FOLLOWEDBY [domain-name:value IN ('a.com', 'b.com')] WITHIN 5 SECONDS");
    expect(r.comparisons).toEqual([
      { path: 'file:hashes.SHA-256', value: "AB'c", observation: 0 },
      { path: 'file:name', value: 'x.exe', observation: 0 },
      { path: 'ipv4-addr:value', value: '10.0.0.0/8', observation: 1 },
      { path: 'domain-name:value', value: 'a.com', observation: 2 },
      { path: 'domain-name:value', value: 'b.com', observation: 2 },
    ]);
    expect(r.skipped).toBe(0);
    // Only the first observation joins its comparisons by OR (the AND and FOLLOWEDBY join observations).
    expect([...r.disjunctive]).toEqual([0]);
  });

  it('skips non-equality comparisons and reports malformed patterns', () => {
    expect(readStixPattern("[url:value LIKE '%evil%' AND domain-name:value != 'x.com']")).toEqual({ comparisons: [], skipped: 2, disjunctive: new Set() });
    expect(readStixPattern("[url:value = 'http://x").error).toBeDefined();
  });

  it('maps object paths to types', () => {
    expect(typeOfPath('file:hashes.SHA-256')).toBe('sha256');
    expect(typeOfPath('file:hashes.MD5')).toBe('md5');
    expect(typeOfPath('network-traffic:dst_ref.value')).toBe('any');
    expect(typeOfPath('process:pid')).toBeNull();
  });
});
