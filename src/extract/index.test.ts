import { describe, expect, it } from 'vitest';
import { ExtractResultSchema } from '../model/extract-result.js';
import { STAGES, extract, extractText } from './index.js';

describe('extract pipeline', () => {
  it('runs the stages in their declared order, indicators first', () => {
    expect(STAGES[0]?.id).toBe('indicators');
    expect(new Set(STAGES.map((s) => s.id)).size).toBe(STAGES.length);
  });

  it('extractText is pure and returns a schema-valid result', () => {
    const r = extractText('C2: hxxps://update-check[.]example-cdn[.]com/gate and 45.148.120[.]23');
    expect(ExtractResultSchema.safeParse(r).success).toBe(true);
    expect(r.source).toMatchObject({ name: '<text>', kind: 'text', media_type: 'text/plain' });
    expect(r.indicators.map((i) => i.value)).toEqual(expect.arrayContaining(['https://update-check.example-cdn.com/gate', '45.148.120.23']));
  });

  it('extract accepts text (HTML reduced to its article) and bytes (UTF-16 decoded)', async () => {
    const html = `<!doctype html><html><body><nav>status.nav-noise.com</nav><article><p>${'Beacons go to sync.officecdn-mirror[.]net over WSS. '.repeat(6)}</p></article></body></html>`;
    const fromText = await extract({ text: html, name: 'pasted' });
    expect(fromText.source).toMatchObject({ name: 'pasted', media_type: 'text/html' });
    expect(fromText.indicators.map((i) => i.value)).toContain('sync.officecdn-mirror.net');
    expect(fromText.indicators.map((i) => i.value)).not.toContain('status.nav-noise.com');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hash 7e84a75a3e215fa94416a9c2ec35ba9e', 'utf16le')]);
    const fromBytes = await extract(bytes);
    expect(fromBytes.source).toMatchObject({ name: '<bytes>', encoding: 'utf-16le' });
    expect(fromBytes.indicators.map((i) => i.type)).toEqual(['md5']);
  });

  it('filters types and refuses unknown ones', async () => {
    expect(extractText('a 45.148.120[.]23 b evil-c2[.]com', { types: ['domain'] }).indicators.map((i) => i.type)).toEqual(['domain']);
    expect(() => extractText('x', { types: ['ipv5' as 'ipv4'] })).toThrow(/unknown indicator type 'ipv5'/);
    await expect(extract('no/such/file.md')).rejects.toMatchObject({ code: 'E_INPUT_UNREADABLE' });
  });
});
