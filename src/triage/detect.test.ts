import { describe, expect, it } from 'vitest';
import { writeOle, writeZip } from '../../test/fixtures/samples/writers.js';
import { detectFormat } from './detect.js';

const f = (b: Uint8Array | string): string => {
  const d = detectFormat(typeof b === 'string' ? Buffer.from(b) : b);
  return `${d.format}: ${d.description}`;
};

describe('detectFormat', () => {
  it('recognises containers and documents by magic', () => {
    expect(f(new Uint8Array(0))).toBe('empty: empty file');
    expect(f(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toMatch(/^gzip/);
    const tar = Buffer.alloc(1024);
    tar.write('ustar', 257);
    expect(f(tar)).toMatch(/^tar/);
    expect(f('junk before the header %PDF-1.4\n1 0 obj\n')).toBe('pdf: PDF document 1.4');
    expect(f(writeOle([{ name: 'Workbook', storage: false }]))).toBe('office: OLE2 compound document (xls)');
  });

  it('tells ZIP flavours apart by member names', () => {
    const z = (name: string): string => f(writeZip([{ name, data: Buffer.from('x') }]));
    expect(z('[Content_Types].xml')).toMatch(/^office: Office Open XML/);
    expect(z('META-INF/MANIFEST.MF')).toBe('zip: ZIP archive (Java JAR)');
    expect(z('classes.dex')).toBe('zip: ZIP archive (Android APK)');
    expect(z('a.txt')).toBe('zip: ZIP archive');
  });

  it('does not take a Java class for Mach-O', () => {
    expect(f(Buffer.from('cafebabe000000340010', 'hex'))).toMatch(/^data/);
  });

  it('reads UTF-16LE PowerShell and tells text from data', () => {
    const ps = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('$env:TEMP\nWrite-Host "x"\nGet-ChildItem | ForEach-Object { $_ }\n', 'utf16le')]);
    expect(f(ps)).toMatch(/^script: powershell/);
    expect(f('Plain words in a plain note.\n')).toBe('text: text');
    expect(f(Buffer.from([0, 1, 2, 3, 0xff, 0x80, 0]))).toBe('data: data');
  });
});
