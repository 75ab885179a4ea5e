import { describe, expect, it } from 'vitest';
import { writeFat, writeThinBigEndian } from '../../../../test/fixtures/samples/writers.js';
import { isMacho, parseMacho } from './index.js';

describe('parseMacho', () => {
  it('parses a hand-made big-endian thin image', () => {
    const m = parseMacho(writeThinBigEndian())!;
    expect(m.fat).toBe(false);
    expect(m.images[0]).toMatchObject({ bits: 32, endian: 'big', cpu: 'ppc', file_type: 'execute', load_commands: ['LC_UUID', 'LC_SEGMENT'] });
    expect(m.images[0]!.segments[0]!.name).toBe('__TEXT');
  });

  it('reports code signature presence', () => {
    expect(parseMacho(writeThinBigEndian())!.images[0]!.code_signature).toBeNull();
    const signed = parseMacho(writeThinBigEndian(true))!.images[0]!;
    expect(signed.load_commands).toContain('LC_CODE_SIGNATURE');
    expect(signed.code_signature).toEqual({ offset: 124, size: 32 });
  });

  it('parses each slice of a fat file', () => {
    const thin = writeThinBigEndian();
    const m = parseMacho(writeFat([{ cpu: 18, sub: 0, data: thin }, { cpu: 18, sub: 1, data: thin }]))!;
    expect(m.fat).toBe(true);
    expect(m.archs).toEqual(['ppc', 'ppc']);
    expect(m.images.map((i) => i.offset)).toEqual([4096, 8192]);
  });

  it('does not take a Java class file for a fat binary', () => {
    const cls = Buffer.from('cafebabe0000003d000a0a0002000307', 'hex');
    expect(isMacho(cls)).toBe(false);
    expect(parseMacho(cls)).toBeNull();
  });

  it('stops at bad command sizes and truncation with warnings', () => {
    const b = writeThinBigEndian();
    b.writeUInt32BE(0, 32); // LC_UUID cmdsize 0
    const m = parseMacho(b)!;
    expect(m.warnings.some((w) => w.code === 'bad-cmdsize')).toBe(true);
    const fat = writeFat([{ cpu: 18, sub: 0, data: writeThinBigEndian() }]);
    for (let cut = 0; cut <= fat.length; cut += 97) expect(() => parseMacho(fat.subarray(0, cut))).not.toThrow();
    const huge = writeThinBigEndian();
    huge.writeUInt32BE(0xffffffff, 16);
    expect(parseMacho(huge, { maxLoadCommands: 4 })!.warnings.map((w) => w.code)).toContain('limit-load-commands');
  });
});
