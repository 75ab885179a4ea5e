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

  it('lists network indicators first, file names last and benign ones after the rest; the record keeps file order', () => {
    const dlls = Array.from({ length: 2 }, (_, k) => `lib${k}.dll`).join('\0');
    const bytes = Buffer.from(`MZ\0\0${dlls}\0\0dns.google\0\0C:\\ProgramData\\kx\\svc.exe\0\0http://gate.kx-beacon.net/p.php\0\0`, 'latin1');
    const r = triageBytes(bytes, { path: 'x.exe', capabilities: null, yara: null });
    expect(r.iocs[0]!.value).toBe('lib0.dll');
    const lines = renderRecord(r).split('\n');
    const at = lines.indexOf('iocs:');
    expect(lines.slice(at + 1, at + 8)).toEqual([
      `  url http://gate.kx-beacon.net/p.php @${'0x' + bytes.indexOf('http://').toString(16)}`,
      `  domain gate.kx-beacon.net @${'0x' + (bytes.indexOf('http://') + 7).toString(16)}`,
      `  filepath C:\\ProgramData\\kx\\svc.exe @${'0x' + bytes.indexOf('C:\\').toString(16)}`,
      '  filename lib0.dll @0x4',
      '  filename lib1.dll @0xd',
      `  filename svc.exe @${'0x' + (bytes.indexOf('svc.exe')).toString(16)}`,
      '  … 1 more (--json for all)',
    ]);
    // The one left for --json is the benign one (a public resolver), though it comes early in the file.
    expect(r.iocs.find((i) => i.value === 'dns.google')?.benign).toBeDefined();
  });

  it('says when nothing notable was found', () => {
    expect(verdict(triage('text-plain'))).toBe('NO NOTABLE FINDINGS');
  });
});
