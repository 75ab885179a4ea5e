import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../extract/indicators/index.js';
import { analyzeEntropy } from '../entropy/entropy.js';
import { triageBytes } from '../pipeline/bytes.js';
import { pseudoRandomBytes } from '../../../test/helpers/triage-reference.js';
import { scanStrings } from './extract-strings.js';
import { tableIndicators, withoutChanceText } from './strings-indicators.js';

/** Random bytes (an encrypted payload) with `plants` written at their offsets. */
function payload(size: number, plants: [number, Uint8Array | string][]): Uint8Array {
  const b = Uint8Array.from(pseudoRandomBytes(size));
  for (const [at, p] of plants) b.set(typeof p === 'string' ? Buffer.from(p, 'latin1') : p, at);
  return b;
}

const values = (iocs: { type: string; value: string }[]): string[] => iocs.map((i) => `${i.type}:${i.value}`);

describe('chance text in encrypted bytes', () => {
  it('leaves out what the engine reads in short runs of random bytes, and says how many', () => {
    const bytes = payload(4 << 20, []);
    const t = scanStrings(bytes);
    const raw = tableIndicators(t, (text) => extractIndicators(text));
    // The engine does read indicators in random bytes (so the test can fail)…
    expect(raw.length).toBeGreaterThan(5);
    // …and none survive, each counted.
    const kept = withoutChanceText(raw, t, bytes, analyzeEntropy(bytes).regions);
    expect(kept.iocs).toEqual([]);
    expect(kept.dropped).toBe(raw.length);
    const r = triageBytes(bytes, { path: 'blob.bin', yara: null, capabilities: null });
    expect(r.iocs).toEqual([]);
    expect(r.warnings.find((w) => w.code === 'iocs-chance-text')?.message).toContain(`${raw.length} indicator(s)`);
  });

  it('keeps long strings, UTF-16 strings, and short ones set among text or NULs, even inside the region', () => {
    const framed = new Uint8Array(32 + 9 + 32);
    framed.set(Buffer.from('evil.kh\0\0', 'latin1'), 32);
    const bytes = payload(256 << 10, [
      [20_000, '\x01\x02http://update-cdn.example-bad.com/gate.php\x03'],
      [60_000, framed],
      [90_000, Buffer.from('\x01\x02c2-node.cc\x03', 'utf16le')],
      [120_000, '\x81\x92zz.kh\x83\x94'],
    ]);
    expect(analyzeEntropy(bytes).regions).toHaveLength(1);
    const r = triageBytes(bytes, { path: 'blob.bin', yara: null, capabilities: null });
    const got = values(r.iocs);
    expect(got).toEqual(expect.arrayContaining(['url:http://update-cdn.example-bad.com/gate.php', 'domain:update-cdn.example-bad.com', 'domain:evil.kh', 'domain:c2-node.cc']));
    expect(got).not.toContain('domain:zz.kh');
  });
});

describe('structure names', () => {
  it("leaves out what the engine reads in an ELF's section-name table (.note.gnu.property, .plt.got), and only there", async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = Uint8Array.from(readFileSync('/usr/bin/ls'));
    const raw = tableIndicators(scanStrings(bytes), (text) => extractIndicators(text)).map((i) => `${i.type}:${i.value}`);
    // The engine alone reads section names as domains (so the test can fail)…
    expect(raw).toEqual(expect.arrayContaining(['domain:note.gnu.property']));
    const r = triageBytes(bytes, { path: 'ls', yara: null, capabilities: null });
    const got = values(r.iocs);
    expect(got.filter((v) => v === 'domain:note.gnu.property' || v === 'domain:plt.got')).toEqual([]);
    // …and everything read elsewhere stays.
    expect(got).toEqual(raw.filter((v) => v !== 'domain:note.gnu.property' && v !== 'domain:plt.got'));
  });
});

describe('section names written as text', () => {
  it('are no domains (a linker or debugger names sections in its strings); a cookie domain and a host are kept', () => {
    const bytes = Buffer.from('\0\0.rela.data.rel.ro\0.gnu.linkonce.td\0.plt.got\0.cdn.kx-beacon.org\0.got.kx-beacon.org\0gate.kx-beacon.net\0\0', 'latin1');
    const raw = tableIndicators(scanStrings(bytes), (text) => extractIndicators(text)).map((i) => `${i.type}:${i.value}`);
    expect(raw).toEqual(expect.arrayContaining(['domain:rela.data.rel.ro', 'domain:gnu.linkonce.td', 'domain:plt.got']));
    const got = values(triageBytes(bytes, { path: 'ld', yara: null, capabilities: null }).iocs);
    expect(got).toEqual(raw.filter((v) => !['domain:rela.data.rel.ro', 'domain:gnu.linkonce.td', 'domain:plt.got'].includes(v)));
    expect(got).toEqual(['domain:cdn.kx-beacon.org', 'domain:got.kx-beacon.org', 'domain:gate.kx-beacon.net']);
  });
});
