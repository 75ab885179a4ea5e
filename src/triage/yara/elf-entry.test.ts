// The bundled upx_stub_elf64 rule finds the entry point's file offset by reading the ELF headers
// itself (importing YARA-X's elf module made every ELF scan parse all its symbols). These tests
// check it against the elf module on real files: the UPX stub bytes are written at the offset the
// module computes (ET_EXEC through program headers, ET_DYN through section headers) and elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileYara } from './index.js';

interface Scanner {
  addRuleSource(src: string): void;
  scan(data: Buffer): { ruleIdentifier: string }[];
}
const yarax = createRequire(import.meta.url)('@litko/yara-x') as { create(): Scanner };

const STUB = Buffer.from('e8112233445553515248 01fe564889fe4889d731db31c9'.replace(/ /g, ''), 'hex');
const STUB_HEX = 'E8 ?? ?? ?? ?? 55 53 51 52 48 01 FE 56 48 89 FE 48 89 D7 31 DB 31 C9';

/** The reference: the same stub at elf.entry_point, as computed by YARA-X's elf module. */
const reference = (() => {
  const s = yarax.create();
  s.addRuleSource(`import "elf"\nrule ref { strings: $ep = { ${STUB_HEX} } condition: $ep at elf.entry_point }`);
  return (b: Buffer): boolean => s.scan(b).length > 0;
})();
const bundled = compileYara();
const ours = (b: Buffer): boolean => bundled.scan(b).some((h) => h.rule === 'upx_stub_elf64');

/** File offsets where the entry address would land through each program and section header. */
function candidates(b: Buffer): number[] {
  const entry = b.readBigUInt64LE(0x18);
  const out = new Set<number>();
  const phoff = Number(b.readBigUInt64LE(0x20));
  for (let i = 0; i < b.readUInt16LE(0x38); i++) {
    const va = b.readBigUInt64LE(phoff + i * 56 + 16);
    if (entry >= va) out.add(Number(b.readBigUInt64LE(phoff + i * 56 + 8) + entry - va));
  }
  const shoff = Number(b.readBigUInt64LE(0x28));
  for (let i = 0; i < b.readUInt16LE(0x3c); i++) {
    const va = b.readBigUInt64LE(shoff + i * 64 + 16);
    if (entry >= va) out.add(Number(b.readBigUInt64LE(shoff + i * 64 + 24) + entry - va));
  }
  out.add(64);
  return [...out].filter((o) => o + STUB.length <= b.length);
}

describe('upx_stub_elf64 without the elf module', () => {
  const files = ['/usr/bin/true', '/usr/bin/ls', '/usr/lib/x86_64-linux-gnu/libc.so.6'].filter((f) => existsSync(f));

  it.each(files)('agrees with elf.entry_point on %s with the stub at each candidate offset', (file) => {
    const original = readFileSync(file);
    let positives = 0;
    for (const at of candidates(original)) {
      const b = Buffer.from(original);
      STUB.copy(b, at);
      expect(ours(b), `stub at ${at}`).toBe(reference(b));
      if (reference(b)) positives++;
    }
    // The entry offset is among the candidates, so the reference fires at least once.
    expect(positives).toBeGreaterThan(0);
    expect(ours(original)).toBe(false);
  });

  it('follows the program headers of an ET_EXEC file', () => {
    // A minimal ELF64 executable: header, one PT_LOAD mapping file offset 0 at 0x400000, entry at 0x400080.
    const b = Buffer.alloc(0x100);
    b.writeUInt32LE(0x464c457f, 0);
    b[4] = 2;
    b[5] = 1;
    b[6] = 1;
    b.writeUInt16LE(2, 0x10);
    b.writeUInt16LE(62, 0x12);
    b.writeBigUInt64LE(0x400080n, 0x18);
    b.writeBigUInt64LE(0x40n, 0x20);
    b.writeUInt16LE(56, 0x36);
    b.writeUInt16LE(1, 0x38);
    b.writeUInt32LE(1, 0x40);
    b.writeBigUInt64LE(0x400000n, 0x40 + 16);
    b.writeBigUInt64LE(0x100n, 0x40 + 32);
    b.writeBigUInt64LE(0x100n, 0x40 + 40);
    STUB.copy(b, 0x80);
    expect(reference(b)).toBe(true);
    expect(ours(b)).toBe(true);
    const moved = Buffer.from(b);
    moved.writeBigUInt64LE(0x400090n, 0x18);
    expect(reference(moved)).toBe(false);
    expect(ours(moved)).toBe(false);
  });
});
