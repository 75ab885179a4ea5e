import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples, type SampleCorpus } from '../../../test/fixtures/samples/build.js';
import { rebuiltText } from '../../../test/helpers/rebuilt.js';
import { renameSections } from '../../../test/fixtures/samples/recipes.js';
import { parsePe } from '../formats/pe/index.js';
import { bundledPackerTable, detectPackers } from './index.js';
import { PackerTableSchema, parsePackerTable, writePrebuiltPackerTable } from './parse-table.js';
import { PREBUILT_PACKER_TABLE, bundledYaml } from './table.js';

let corpus: SampleCorpus;
const bytes = (n: string): Buffer => readFileSync(corpus.files[n]!);

beforeAll(() => {
  corpus = buildSamples();
}, 300_000);

describe('bundled packer table', () => {
  it('is valid YAML for the schema, and validation changes nothing', () => {
    const raw = bundledYaml();
    const r = PackerTableSchema.safeParse(raw);
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues)).toBe(true);
    expect(r.data).toEqual(raw);
  });

  it('is read from the prebuilt JSON, which is what the build step writes now (rerun it after editing the YAML)', () => {
    expect(existsSync(PREBUILT_PACKER_TABLE)).toBe(true);
    expect(bundledPackerTable()).toEqual(bundledYaml());
    expect(rebuiltText('table.json', writePrebuiltPackerTable)).toBe(readFileSync(PREBUILT_PACKER_TABLE, 'utf8'));
  });
});

describe('detectPackers', () => {
  it('every section-named rule in the bundled table fires on a PE carrying that name', () => {
    const pe = bytes('pe64');
    for (const rule of bundledPackerTable().packers) {
      const name = rule.sections?.names.find((n) => n.length <= 8);
      if (!name) continue;
      const renamed = renameSections(pe, { '.text': name });
      const hit = detectPackers({ bytes: renamed, format: 'pe' }).find((h) => h.name === rule.name);
      expect(hit, `${rule.name} via ${name}`).toBeDefined();
      expect(hit!.evidence.some((e) => e.startsWith(`section ${name}`)), rule.name).toBe(true);
      if (rule.sections?.weak_alone) expect(hit!.confidence, rule.name).toBeLessThanOrEqual(rule.sections.weak_max ?? 0.3);
    }
  });

  it('a lone VMProtect section name on a low-entropy file is weak; with encrypted content it is not', () => {
    const low = detectPackers({ bytes: bytes('pe64-vmp-low'), format: 'pe' }).find((h) => h.name === 'vmprotect')!;
    expect(low.confidence).toBeLessThanOrEqual(0.25);
    expect(low.evidence.join(' ')).toMatch(/weak evidence/);
    const high = detectPackers({ bytes: bytes('pe64-vmp-high'), format: 'pe' }).find((h) => h.name === 'vmprotect')!;
    expect(high.confidence).toBeGreaterThan(0.6);
    expect(high.evidence.join(' ')).toMatch(/high entropy/);
  });

  it('reads .NET obfuscator markers from the metadata C2 parses (attribute or type definition)', () => {
    const b = bytes('dotnet-confuserex');
    const pe = parsePe(b)!;
    // ConfuserEx defines its marker attribute inside the protected module, so the TypeDef is there too.
    expect(pe.dotnet?.type_defs).toContain('ConfusedByAttribute');
    const hit = detectPackers({ bytes: b, format: 'pe', pe }).find((h) => h.name === 'confuserex')!;
    expect(hit.evidence).toContain('.NET attribute/type ConfusedByAttribute');
  });

  it('uses a caller-supplied table and validates tables', () => {
    const table = parsePackerTable('packers:\n  - name: test-packer\n    formats: [pe]\n    strings:\n      - { text: "pillbox sample", weight: 0.7 }\n');
    const hits = detectPackers({ bytes: bytes('pe64'), format: 'pe', table });
    expect(hits.map((h) => [h.name, h.confidence])).toEqual([['test-packer', 0.7]]);
    expect(() => parsePackerTable('packers:\n  - name: Bad Name\n    formats: [pe]\n')).toThrow(/name/);
    expect(() => parsePackerTable("packers:\n  - name: x\n    formats: [pe]\n    entry: [{ id: a, hex: 'zz', weight: 1 }]\n")).toThrow();
  });

  it('reports nothing on clean binaries and never throws on junk', () => {
    expect(detectPackers({ bytes: readFileSync('/bin/ls'), format: 'elf' })).toEqual([]);
    expect(detectPackers({ bytes: new Uint8Array(0), format: 'pe' })).toEqual([]);
    expect(() => detectPackers({ bytes: Buffer.from('MZ garbage'), format: 'pe' })).not.toThrow();
  });

  it('keeps the generic packed score to executables: compressed containers are high-entropy by design', () => {
    const random = new Uint8Array(64 * 1024).map((_, i) => (Math.imul(i + 1, 2654435761) >>> 13) & 0xff);
    for (const format of ['zip', 'gzip', 'pdf', 'office', 'data'] as const) {
      expect(detectPackers({ bytes: random, format, entropy: 7.99 }), format).toEqual([]);
    }
    expect(detectPackers({ bytes: bytes('zip-aes'), format: 'zip' })).toEqual([]);
  });
});
