import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252 } from './decode.js';
import { documentFromText, dropInvisible } from './document.js';
import { htmlToArticle } from './html.js';
import { looksLikeHtml } from './html-detect.js';
import { readSource } from './index.js';
import { sniffBytes } from './sniff.js';

const utf16 = (s: string, bom: boolean) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);

describe('sniffBytes', () => {
  it.each([
    ['PDF header', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'pdf'],
    ['PDF header after junk', Buffer.concat([Buffer.from('\r\n  '), Buffer.from('%PDF-1.4\n')]), 'pdf'],
    ['UTF-8 BOM', Buffer.from('\ufeffhello', 'utf8'), 'utf-8-bom'],
    ['UTF-16LE BOM', utf16('hello', true), 'utf-16le'],
    ['UTF-16BE BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('hello', 'utf16le').swap16()]), 'utf-16be'],
    ['BOM-less UTF-16LE', utf16('plain ASCII report text, long enough', false), 'utf-16le'],
    ['BOM-less UTF-16BE', Buffer.from('plain ASCII report text, long enough', 'utf16le').swap16(), 'utf-16be'],
    ['a PE header', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), 'binary'],
    ['a 6-byte PE stub with a UTF-16-like NUL pattern', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'binary'],
    ['Latin-1 letters', Buffer.from('Società \x93x\x94 über', 'latin1'), 'text'],
    ['plain text', Buffer.from('line one\r\nline two\ttab\n'), 'text'],
    ['empty', Buffer.alloc(0), 'text'],
  ])('%s → %s', (_name, bytes, kind) => {
    expect(sniffBytes(bytes).kind).toBe(kind);
  });
});

describe('decodeText', () => {
  it('decodes valid UTF-8 without warnings', () => {
    const b = Buffer.from('città 45.148.120[.]23');
    expect(decodeText(b, sniffBytes(b))).toEqual({ text: 'città 45.148.120[.]23', encoding: 'utf-8', warnings: [] });
  });

  it('falls back to Windows-1252 and says where UTF-8 broke', () => {
    const b = Buffer.from('abc \x93quoted\x94 caf\xe9', 'latin1');
    const d = decodeText(b, sniffBytes(b));
    expect(d.text).toBe('abc “quoted” café');
    expect(d.encoding).toBe('windows-1252');
    expect(d.warnings).toEqual([expect.objectContaining({ code: 'encoding-fallback', offset: 4 })]);
  });

  it('honours a declared charset for non-UTF-8 bytes', () => {
    const b = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeText(b, sniffBytes(b), 'iso-8859-15').encoding).toBe('iso-8859-15');
  });

  it('maps every Windows-1252 byte', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x96, 0x97, 0x9f, 0xe9]))).toBe('€–—Ÿé');
  });
});

describe('HTML', () => {
  it('recognises documents, not text that mentions a tag', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><body><p>x</p></body></html>')).toBe(true);
    expect(looksLikeHtml('  \n<html lang="it"><p>x</p></html>')).toBe(true);
    expect(looksLikeHtml('The loader writes <script> tags into the page.')).toBe(false);
    expect(looksLikeHtml('<analyst@example.org> wrote: the C2 moved. </p>')).toBe(false);
  });

  it('keeps block structure, table cells and the title, and drops scripts', () => {
    const html = `<html><head><title>T</title><script>var evil = "x.example.com";</script></head><body><article><h1>T</h1><p>${'First paragraph with enough words to count as an article body. '.repeat(6)}</p><h2>Hashes</h2><table><tr><td>a</td><td>b</td></tr></table></article></body></html>`;
    const a = htmlToArticle(html);
    expect(a.title).toBe('T');
    expect(a.text).toMatch(/^T\n\nFirst paragraph/);
    expect(a.text).toContain('\n\nHashes\n\na\tb');
    expect(a.text).not.toContain('evil');
  });

  it('survives very deep nesting', () => {
    const html = `<html><body>${'<div>'.repeat(5_000)}deep text${'</div>'.repeat(5_000)}</body></html>`;
    const a = htmlToArticle(html);
    expect(a.text).toContain('deep text');
    expect(a.warnings.map((w) => w.code)).toEqual(['html-not-parsed']);
  });

  it('reduces HTML given as text to its article', async () => {
    const d = await documentFromText(`<!doctype html><html><body><nav>menu.nav-noise.com</nav><main><p>${'Payload beacons to sync.officecdn-mirror[.]net each hour. '.repeat(6)}</p></main></body></html>`);
    expect(d.source.media_type).toBe('text/html');
    expect(d.text).not.toContain('nav-noise');
    expect(d.html).toContain('<nav>');
  });
});

describe('readSource', () => {
  it('reads stdin through a stream and counts its size', async () => {
    const d = await readSource('-', { stdin: Readable.from([Buffer.from('# Title\n\n- [x](http://a.b)\n')]) });
    expect(d.source).toMatchObject({ name: '-', kind: 'stdin', media_type: 'text/markdown', size: 27 });
  });

  it('refuses stdin over the limit', async () => {
    await expect(readSource('-', { maxSize: 10, stdin: Readable.from([Buffer.alloc(8, 97), Buffer.alloc(8, 97)]) })).rejects.toMatchObject({ code: 'E_INPUT_TOO_LARGE' });
  });

  it('reads a file:// URL as its path, and says that other schemes are not fetched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-input-'));
    try {
      const path = join(dir, 'note one.md');
      writeFileSync(path, '# Note\n\nevil-c2.net\n');
      const d = await readSource(pathToFileURL(path).href);
      expect(d.source).toMatchObject({ name: path, kind: 'file', media_type: 'text/markdown' });
      await expect(readSource('ftp://files.example.net/report.txt')).rejects.toThrow("ftp://files.example.net/report.txt: ftp: URLs are not fetched; give a file path, '-' for stdin, or an http(s) URL");
      await expect(readSource(`${pathToFileURL(path).href}.missing`)).rejects.toThrow(`${path}.missing: no such file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('invisible characters inside words', () => {
  it('removes soft hyphens and word joiners anywhere, zero-width spaces and joiners only inside ASCII words', () => {
    expect(dropInvisible('C2 evil\u00adcontrol.com, up\u2060date-c2.net, x\u200by-c2.org')).toEqual({ text: 'C2 evilcontrol.com, update-c2.net, xy-c2.org', removed: 3 });
    // Between words of a script written without spaces, or in an emoji sequence, they stay.
    expect(dropInvisible('ภาษา\u200bไทย 👩\u200d💻 a \u200b b')).toEqual({ text: 'ภาษา\u200bไทย 👩\u200d💻 a \u200b b', removed: 0 });
    expect(dropInvisible('soft\u00ad\u00adhyphens at the end\u00ad')).toEqual({ text: 'softhyphens at the end', removed: 3 });
    expect(dropInvisible('plain text')).toEqual({ text: 'plain text', removed: 0 });
  });

  it('gives the whole indicator a web page cut with an invisible character, with a warning', async () => {
    const d = await readSource('-', { stdin: Readable.from([Buffer.from('Beacon to evil\u00adcontrol.com and ev\u200bil-c2.net.\n')]) });
    expect(d.text).toBe('Beacon to evilcontrol.com and evil-c2.net.\n');
    expect(d.warnings.map((w) => w.code)).toEqual(['invisible-removed']);
    const html = await documentFromText('<html><body><article><p>Beacon to evil&shy;control.com every minute, as the long report said in detail.</p></article></body></html>');
    expect(html.text).toContain('evilcontrol.com');
  });
});

describe('character references in text', () => {
  it('are decoded in plain text, Markdown and JSON, so indicators read whole', async () => {
    const line = 'Fetched hxxps://cdn-upd[.]net/get.php?id=7&amp;k=x1 from evil&#46;example-bad&#46;com (45&#x2e;86&#46;12&#46;34), mail user&#64;bad-mail.net.';
    const plain = await documentFromText(line);
    expect(plain.source.media_type).toBe('text/plain');
    expect(plain.text).toBe('Fetched hxxps://cdn-upd[.]net/get.php?id=7&k=x1 from evil.example-bad.com (45.86.12.34), mail user@bad-mail.net.');
    const md = await documentFromText(`# Note\n\n${line}\n`, 'note.md');
    expect(md.source.media_type).toBe('text/markdown');
    expect(md.text).toContain('get.php?id=7&k=x1');
    const json = await documentFromText(JSON.stringify({ description: line }));
    expect(json.source.media_type).toBe('application/json');
    expect(json.text).toContain('user@bad-mail.net');
    // Not a reference: left as written.
    expect((await documentFromText('R&D &co; &#xD800; &unknown; 5 & 6')).text).toBe('R&D &co; &#xD800; &unknown; 5 & 6');
  });
});
