import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuleError } from '../../errors.js';
import { compileYara } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pillbox-yara-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('compileYara', () => {
  it('compiles the bundled rules and finds the AES S-box and a base64 PE header', () => {
    const y = compileYara();
    expect(y.ruleCount).toBeGreaterThanOrEqual(10);
    const sbox = Buffer.from('637c777bf26b6fc53001672bfed7ab76ca82c97dfa5947f0', 'hex');
    const data = Buffer.concat([Buffer.alloc(100), sbox, Buffer.from(' TVqQAAMAAAAEAAAA//8AALgAAAAA ')]);
    const hits = y.scan(data);
    expect(hits.map((h) => h.rule).sort()).toEqual(['base64_pe', 'crypto_aes_sbox']);
    expect(hits.find((h) => h.rule === 'crypto_aes_sbox')!.strings[0]).toEqual({ id: '$s', offset: 100, length: 24 });
    expect(hits.every((h) => h.namespace === 'pillbox')).toBe(true);
  });

  it('labels user rules and caps the matches reported per hit', () => {
    const y = compileYara({ bundled: false, user: [write('zeros.yar', 'rule zeros { strings: $z = { 00 00 00 00 } condition: #z > 10 }\n')] });
    const [hit] = y.scan(new Uint8Array(1 << 20));
    expect(hit!.namespace).toBe('user');
    expect(hit!.strings.length).toBeLessThanOrEqual(16);
  });

  it('reports a compile error as RuleError with file, line and column', () => {
    const bad = write('bad.yar', 'rule ok { condition: true }\nrule broken {\n  condition:\n    undefined_thing\n}\n');
    try {
      compileYara({ bundled: false, user: [dir] });
      throw new Error('expected a RuleError');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError);
      const r = e as RuleError;
      expect(r.file).toBe(bad);
      expect(r.line).toBe(4);
      expect(r.column).toBe(5);
      expect(r.message).toContain(`${bad}:4:5:`);
    }
  });
});
