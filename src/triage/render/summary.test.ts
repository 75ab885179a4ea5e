import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples, type SampleCorpus } from '../../../test/fixtures/samples/build.js';
import { defaultCapabilities, defaultYara, triageBytes } from '../index.js';
import { renderRecord, verdict } from './summary.js';

let s: SampleCorpus;
beforeAll(() => {
  s = buildSamples();
}, 300_000);
const triage = (name: string) => triageBytes(readFileSync(s.files[name]!), { path: name, capabilities: defaultCapabilities(), yara: defaultYara() });

describe('human summary', () => {
  it('leads with the packer verdict and its evidence', () => {
    const r = triage('pe64-upx-patched');
    expect(verdict(r)).toMatch(/^PACKED \(upx 0\.9\d: entry-point stub/);
    const text = renderRecord(r);
    expect(text.split('\n')[0]).toBe('== pe64-upx-patched');
    expect(text).toContain(`sha256 ${r.hashes.sha256}`);
    expect(text).toMatch(/^packers:\n {2}upx /m);
  });

  it('does not call a compressed archive packed for its entropy alone', () => {
    const r = triage('zip-infected');
    expect(verdict(r).startsWith('PACKED (generic-packed')).toBe(false);
  });

  it('says when nothing notable was found', () => {
    expect(verdict(triage('text-plain'))).toBe('NO NOTABLE FINDINGS');
  });
});
