import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples, type SampleCorpus } from '../../../../test/fixtures/samples/build.js';
import { writeOle } from '../../../../test/fixtures/samples/writers.js';
import { parseOle, parseOoxml, parsePdf } from './index.js';

let corpus: SampleCorpus;
const bytes = (n: string): Buffer => readFileSync(corpus.files[n]!);

beforeAll(() => {
  corpus = buildSamples();
}, 300_000);

describe('documents', () => {
  it('PDF: version, objects and risky names, including #-escaped ones', () => {
    const p = parsePdf(bytes('pdf-js'))!;
    expect(p.version).toBe('1.7');
    expect(p.objects).toBe(3);
    expect(p.markers).toMatchObject({ '/OpenAction': 1, '/JS': 1, '/JavaScript': 1 });
    expect(p.hex_escaped_names).toBe(true);
    expect(p.encrypted).toBe(false);
    expect(p.eof_markers).toBe(1);
    expect(parsePdf(Buffer.from('hello'))).toBeNull();
  });

  it('OLE2: directory names, kind and VBA presence', () => {
    const o = parseOle(bytes('doc-ole-macros'))!;
    expect(o.kind).toBe('doc');
    expect(o.vba).toBe(true);
    expect(o.entries.map((e) => e.name)).toEqual(['Root Entry', 'WordDocument', 'Macros', '_VBA_PROJECT']);
    const clean = parseOle(writeOle([{ name: 'Workbook', storage: false }]))!;
    expect(clean).toMatchObject({ kind: 'xls', vba: false });
  });

  it('OLE2: a looping directory chain ends with a warning', () => {
    const b = writeOle([{ name: 'WordDocument', storage: false }]);
    b.writeUInt32LE(1, 512 + 4); // FAT: directory sector 1 points to itself
    const o = parseOle(b)!;
    expect(o.warnings.some((w) => w.code === 'fat-loop')).toBe(true);
    expect(o.entries.length).toBeGreaterThan(0);
  });

  it('OOXML: macro-enabled kind, vbaProject.bin and external template', () => {
    const x = parseOoxml(bytes('docm-external'))!;
    expect(x.kind).toBe('docm');
    expect(x.vba_project).toBe(true);
    expect(x.external_relationships).toEqual(['http://templates.example.invalid/q3.dotm']);
    expect(parseOoxml(bytes('zip-plain'))).toBeNull();
  });

  it('never throws on truncated documents', () => {
    for (const n of ['pdf-js', 'doc-ole-macros', 'docm-external']) {
      const b = bytes(n);
      for (let cut = 0; cut <= b.length; cut += 61) {
        const part = b.subarray(0, cut);
        expect(() => [parsePdf(part), parseOle(part), parseOoxml(part)]).not.toThrow();
      }
    }
  });
});
