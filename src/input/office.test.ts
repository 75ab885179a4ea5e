import { describe, expect, it } from 'vitest';
import { writeOle, writeZip } from '../../test/fixtures/samples/writers.js';
import { PillboxError } from '../errors.js';
import { extractText } from '../extract/index.js';
import { bytesToDocument } from './document.js';

const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const core = (title: string): string => `<cp:coreProperties xmlns:cp="c" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${title}</dc:title></cp:coreProperties>`;

function docx(body: string, extra: Record<string, string> = {}): Buffer {
  return writeZip([
    { name: '[Content_Types].xml', data: enc(CT) },
    { name: 'word/document.xml', data: enc(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`), deflate: true },
    ...Object.entries(extra).map(([name, xml]) => ({ name, data: enc(xml), deflate: true })),
  ]);
}
const p = (...runs: string[]): string => `<w:p>${runs.map((r) => `<w:r><w:t xml:space="preserve">${r}</w:t></w:r>`).join('')}</w:p>`;
const read = (bytes: Uint8Array, name = 'advisory.docx') => bytesToDocument(bytes, { name, kind: 'file' });
const found = (text: string): string[] => extractText(text, { stages: ['indicators'] }).indicators.map((i) => `${i.type} ${i.value}`);

describe('Office documents', () => {
  it('reads a .docx: runs joined (Word cuts a defanged host into several), paragraphs and table rows as lines, footnotes, the title', async () => {
    const body = [
      p('The loader beacons to ', 'upd', 'ate-relay', '[.]', 'example', '[.]net', ' over TLS.'),
      `<w:tbl><w:tr><w:tc>${p('45.86.12[.]34')}</w:tc><w:tc>${p('C2 &amp; staging')}</w:tc></w:tr></w:tbl>`,
      p('Line one', '</w:t><w:br/><w:t>', 'Line two'),
    ].join('');
    const bytes = docx(body, { 'docProps/core.xml': core('CERT advisory &#8211; KeyPlug'), 'word/footnotes.xml': `<w:footnotes ${W}><w:footnote>${p('Hash: ', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')}</w:footnote></w:footnotes>` });
    const d = await read(bytes);
    expect(d.source.media_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(d.title).toBe('CERT advisory – KeyPlug');
    expect(d.text).toContain('The loader beacons to update-relay[.]example[.]net over TLS.\n');
    expect(d.text).toContain('45.86.12[.]34\tC2 & staging');
    expect(d.text).toContain('Line one\nLine two');
    expect(found(d.text)).toEqual(expect.arrayContaining(['domain update-relay.example.net', 'ipv4 45.86.12.34', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']));
  });

  it('reads an .xlsx indicator list row by row, shared and inline strings resolved', async () => {
    const shared = '<sst><si><t>indicator</t></si><si><t>type</t></si><si><r><t>bad-</t></r><r><t>cdn.example.org</t></r></si><si/><si><t>domain</t></si></sst>';
    const sheet = '<worksheet><sheetData>'
      + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>4</v></c></row>'
      + '<row r="3"><c r="A3" t="inlineStr"><is><t>hxxp://bad-cdn.example.org/a.ps1</t></is></c><c r="B3" t="str"><v>url</v></c><c r="C3"><v>443</v></c></row>'
      + '</sheetData></worksheet>';
    const bytes = writeZip([
      { name: '[Content_Types].xml', data: enc(CT) }, { name: 'xl/workbook.xml', data: enc('<workbook/>') },
      { name: 'xl/sharedStrings.xml', data: enc(shared), deflate: true }, { name: 'xl/worksheets/sheet1.xml', data: enc(sheet), deflate: true },
    ]);
    const d = await read(bytes, 'iocs.xlsx');
    expect(d.text).toBe('indicator\ttype\nbad-cdn.example.org\tdomain\nhxxp://bad-cdn.example.org/a.ps1\turl\t443');
    expect(found(d.text)).toEqual(expect.arrayContaining(['domain bad-cdn.example.org', 'url http://bad-cdn.example.org/a.ps1']));
  });

  it('reads slides of a .pptx in their order and an OpenDocument text', async () => {
    const slide = (t: string): Uint8Array => enc(`<p:sld xmlns:a="a" xmlns:p="p"><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:sld>`);
    const pptx = writeZip([
      { name: '[Content_Types].xml', data: enc(CT) }, { name: 'ppt/presentation.xml', data: enc('<p/>') },
      { name: 'ppt/slides/slide10.xml', data: slide('ten') }, { name: 'ppt/slides/slide2.xml', data: slide('two') }, { name: 'ppt/slides/slide1.xml', data: slide('one') },
    ]);
    expect((await read(pptx, 'brief.pptx')).text).toBe('one\n\ntwo\n\nten');
    const odt = writeZip([
      { name: 'mimetype', data: enc('application/vnd.oasis.opendocument.text') },
      { name: 'content.xml', data: enc('<office:document-content><office:body><office:text><text:h>Report</text:h><text:p>C2 at <text:span>relay</text:span>.example.com</text:p></office:text></office:body></office:document-content>'), deflate: true },
    ]);
    const d = await read(odt, 'report.odt');
    expect(d.source.media_type).toBe('application/vnd.oasis.opendocument.text');
    expect(d.text).toBe('Report\nC2 at relay.example.com');
  });

  it('stops at the inflation limits of a hostile package and says so', async () => {
    const bomb = Buffer.alloc(80 * 1024 * 1024, 0x41);
    const bytes = docx(p('kept-host.example.com'), { 'word/footnotes.xml': `<w:footnotes ${W}><w:t>${bomb.toString('latin1')}</w:t></w:footnotes>` });
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const d = await read(bytes);
    expect(d.warnings.map((w) => w.code)).toContain('office-incomplete');
    expect(d.text).toContain('kept-host.example.com');
  });

  it('reads broken XML as far as it goes', async () => {
    const d = await read(docx(`${p('first.example.com')}<w:p><w:r><w:t>second.example.com</w:t><w:r`));
    expect(found(d.text)).toEqual(['domain first.example.com', 'domain second.example.com']);
  });

  it('refuses a ZIP that is no document, and an OLE file, with clear messages', async () => {
    const zip = writeZip([{ name: 'payload.exe', data: Buffer.from('MZ\x90\x00') }]);
    await expect(read(zip, 'sample.zip')).rejects.toThrow(/not a text document.*pillbox triage/);
    const ole = writeOle([{ name: '__substg1.0_1000001F', storage: false }]);
    const err = await read(ole, 'mail.msg').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PillboxError);
    expect((err as Error).message).toMatch(/OLE compound file .*97-2003/);
  });
});
