import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../model/diagnostic.js';
import { classifyHead, contentHead } from './classify.js';
import { globToRegExp, walkTargets } from './walk.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pillbox-walk-'));
  mkdirSync(join(dir, 'a/node_modules'), { recursive: true });
  writeFileSync(join(dir, 'a/x.log'), 'hello\n');
  writeFileSync(join(dir, 'a/big.iso'), Buffer.alloc(2048));
  writeFileSync(join(dir, 'a/node_modules/m.js'), 'x');
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside/o.txt'), 'o');
  symlinkSync(join(dir, 'outside'), join(dir, 'a/link'));
  symlinkSync(join(dir, 'a'), join(dir, 'a/loop'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rel = (e: { path: string }[]): string[] => e.map((x) => x.path.slice(dir.length + 1));

describe('walkTargets', () => {
  it('does not follow symlinks by default, and warns', async () => {
    const w: Diagnostic[] = [];
    expect(rel(await walkTargets([dir], {}, w))).toEqual(['a/big.iso', 'a/node_modules/m.js', 'a/x.log', 'outside/o.txt']);
    expect(w.filter((d) => d.code === 'symlink-skipped')).toHaveLength(2);
  });
  it('follows symlinks when asked, entering each real directory once', async () => {
    expect(rel(await walkTargets([join(dir, 'a')], { followSymlinks: true }, []))).toEqual(['a/big.iso', 'a/link/o.txt', 'a/node_modules/m.js', 'a/x.log']);
  });
  it('skips excluded globs and files over the size limit', async () => {
    const w: Diagnostic[] = [];
    expect(rel(await walkTargets([join(dir, 'a')], { exclude: ['node_modules'], maxSize: 1024 }, w))).toEqual(['a/x.log']);
    expect(w.map((d) => d.code)).toContain('too-large');
    expect(globToRegExp('**/*.log').test('x/y/z.log')).toBe(true);
    expect(globToRegExp('*.log').test('x/z.log')).toBe(false);
  });

  it('skips pipes, devices, dangling links and unopenable names inside a directory, each with a warning', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pillbox-walk-special-'));
    try {
      writeFileSync(join(d, 'ok.log'), 'x');
      execFileSync('mkfifo', [join(d, 'pipe.log')]);
      symlinkSync('/dev/null', join(d, 'null.log'));
      symlinkSync(join(d, 'nothing'), join(d, 'dangling.log'));
      // A name that is not valid UTF-8: Node lists it with U+FFFD, a name that opens nothing.
      writeFileSync(Buffer.concat([Buffer.from(`${d}/bad`), Buffer.from([0xff]), Buffer.from('.log')]), 'x');
      const w: Diagnostic[] = [];
      const found = await walkTargets([d], { followSymlinks: true }, w);
      expect(found.map((e) => e.path)).toEqual([join(d, 'ok.log')]);
      const byCode = (code: string): string[] => w.filter((x) => x.code === code).map((x) => x.message);
      expect(byCode('not-regular')).toEqual([`${join(d, 'null.log')}: skipped: a character device (name it as a target to read it as a stream)`, `${join(d, 'pipe.log')}: skipped: a named pipe (name it as a target to read it as a stream)`]);
      expect(byCode('unreadable').join('\n')).toContain('its name is not valid UTF-8');
      expect(byCode('unreadable').join('\n')).toContain(`${join(d, 'dangling.log')}: skipped: a symbolic link to nothing readable`);
      expect(w).toHaveLength(4);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('says when there is no file to read at all, and why', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pillbox-walk-empty-'));
    try {
      const w: Diagnostic[] = [];
      expect(await walkTargets([d], {}, w)).toEqual([]);
      expect(w).toEqual([{ code: 'no-files', message: `no file to read under ${d}: empty directories` }]);
      writeFileSync(join(d, 'a.log'), 'x');
      const w2: Diagnostic[] = [];
      expect(await walkTargets([d], { exclude: ['*.log'] }, w2)).toEqual([]);
      expect(w2.map((x) => x.message)).toEqual([`no file to read under ${d}: empty directories, or every file matched --exclude`]);
      expect(await walkTargets([d], {}, [])).toHaveLength(1);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('reads a pipe or device named as a target as a stream, and fails on a dangling link named as one', async () => {
    const d = mkdtempSync(join(tmpdir(), 'pillbox-walk-stream-'));
    try {
      execFileSync('mkfifo', [join(d, 'pipe')]);
      symlinkSync(join(d, 'nothing'), join(d, 'dangling'));
      const w: Diagnostic[] = [];
      expect(await walkTargets([join(d, 'pipe'), '/dev/null', '-'], {}, w)).toEqual([
        { path: join(d, 'pipe'), size: 0, stream: true },
        { path: '/dev/null', size: 0, stream: true },
        { path: '-', size: 0, stream: true },
      ]);
      expect(w).toEqual([]);
      await expect(walkTargets([join(d, 'dangling')], {}, [])).rejects.toThrow(/symbolic link to nothing readable/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('classifyHead', () => {
  it('tells text from binary', () => {
    expect(classifyHead(Buffer.from('a log line\n'))).toBe('text');
    expect(classifyHead(Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]))).toBe('binary');
    expect(classifyHead(Buffer.alloc(0))).toBe('empty');
    // UTF-16 text is a log (PowerShell 5 writes it): it is decoded before it is judged.
    expect(classifyHead(Buffer.from('\xff\xfea\x00b\x00', 'latin1'))).toBe('text');
    expect(classifyHead(Buffer.from('\xff\xfe\x00\x00\x01\x00\x02\x00\x03\x00', 'latin1'))).toBe('binary');
  });

  it('reads a small gzip log with a damaged trailer as text, and corrupt gzip as unreadable', () => {
    const gz = gzipSync('GET http://evil.example/ 200\n');
    const damaged = Buffer.from(gz);
    damaged.writeUInt32LE(0xfffffff0, damaged.length - 4);
    expect(contentHead(damaged)?.toString()).toBe('GET http://evil.example/ 200\n');
    expect(classifyHead(damaged)).toBe('text');
    const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(30)]);
    expect(contentHead(corrupt)).toBeNull();
    expect(classifyHead(corrupt)).toBe('binary');
  });
});
