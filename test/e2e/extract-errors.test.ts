import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './extract-build.js';
import { EXAMPLE_MD, makePdf, parseJson, runCli, tempDir, type CliRun } from './extract-cli.js';

const tmp = tempDir();
beforeAll(ensureBuilt, 300_000);
afterAll(() => tmp.cleanup());

/** Exit 2, nothing on stdout, exactly one line on stderr, and no stack trace. */
function expectUsageError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^pillbox extract: /);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('pillbox extract: bad input', () => {
  it('refuses a binary file and points to triage', async () => {
    const pe = Buffer.alloc(4096);
    pe.write('MZ', 0, 'latin1');
    pe.write('This program cannot be run in DOS mode.', 78, 'latin1');
    expectUsageError(await runCli(['extract', tmp.write('sample.txt', pe)]), /not a text document.*pillbox triage/);
  });

  it('refuses a file full of control characters even without NUL bytes', async () => {
    const junk = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 31 + 1));
    expectUsageError(await runCli(['extract', tmp.write('junk.bin', junk)]), /not a text document/);
  });

  it('returns an empty result with a warning for an empty file (exit 0)', async () => {
    const run = await runCli(['extract', '--json', tmp.write('empty.txt', '')]);
    expect(run.code).toBe(0);
    const o = parseJson<{ indicators: unknown[]; warnings: { code: string }[] }>(run);
    expect(o.indicators).toEqual([]);
    expect(o.warnings.map((w) => w.code)).toEqual(['empty-input']);
    expect(run.stderr).toMatch(/warning: .*is empty/);
  });

  it('reports a broken PDF, and warns about a PDF without text', async () => {
    const pdf = Buffer.from(makePdf(['C2 45.148.120[.]23'])).subarray(0, 120);
    expectUsageError(await runCli(['extract', tmp.write('broken.pdf', pdf)]), /broken\.pdf: cannot read the PDF/);
    const blank = await runCli(['extract', '--json', tmp.write('blank.pdf', makePdf([]))]);
    expect(blank.code).toBe(0);
    expect(parseJson<{ warnings: { code: string }[] }>(blank).warnings.map((w) => w.code)).toEqual(['pdf-no-text']);
  });

  it('reads the pages of a PDF it can and warns about the others; a PDF whose only page cannot be read is an input error, not an internal one', async () => {
    // Page 2 is a page-tree node that lists itself: PDF.js cannot reach a page through it.
    const half = makePdf(['C2 45.148.120[.]23'], { pages: '<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 2 >>', extra: ['<< /Type /Pages /Kids [7 0 R] /Count 1 >>'] });
    const run = await runCli(['extract', '--json', tmp.write('half.pdf', half)]);
    expect(run.code, run.stderr).toBe(0);
    const out = parseJson<{ indicators: { value: string }[]; warnings: { code: string; message: string }[] }>(run);
    expect(out.indicators.map((i) => i.value)).toEqual(['45.148.120.23']);
    expect(out.warnings.map((w) => w.code)).toEqual(['pdf-page-unreadable']);
    expect(out.warnings[0]!.message).toMatch(/^1 of 2 PDF pages could not be read and were skipped \(first: page 2: /);
    const loop = makePdf(['C2 45.148.120[.]23'], { pages: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>' });
    expectUsageError(await runCli(['extract', tmp.write('loop.pdf', loop)]), /loop\.pdf: cannot read the PDF \(page 1: /);
  });

  it('reports a missing file', async () => {
    expectUsageError(await runCli(['extract', `${tmp.dir}/no-such-report.md`]), /no-such-report\.md: no such file/);
  });

  it('reports a directory', async () => {
    expectUsageError(await runCli(['extract', tmp.dir]), /is a directory/);
  });

  it('refuses a 2 GB file from its size, before reading it', async () => {
    const path = tmp.write('huge.txt', '');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 2 * 1024 ** 3); // sparse: takes no disk space
    closeSync(fd);
    expectUsageError(await runCli(['extract', path]), /2 GiB is over the 64 MiB limit \(raise it with --max-size\)/);
  });

  it('applies --max-size to files and to stdin', async () => {
    const text = 'C2 45.148.120[.]23\n'.repeat(200);
    expectUsageError(await runCli(['extract', '--max-size', '1k', tmp.write('big.txt', text)]), /over the 1 KiB limit/);
    expectUsageError(await runCli(['extract', '--max-size', '1k', '-'], { input: text }), /stdin: more than 1 KiB is over the 1 KiB limit/);
    const ok = await runCli(['extract', '--json', '--max-size', '1M', '-'], { input: text });
    expect(ok.code).toBe(0);
  });
});

describe('pillbox extract: bad usage', () => {
  it.each([
    [['extract', '--types', 'md5,hash9', EXAMPLE_MD], /--types: unknown type 'hash9'/],
    [['extract', '--format', 'xml', EXAMPLE_MD], /--format: 'xml' is not one of/],
    [['extract', '--json', '--csv', EXAMPLE_MD], /conflicting output formats: json and csv/],
    [['extract', '--bogus', EXAMPLE_MD], /Unknown option '--bogus'/],
    [['extract', EXAMPLE_MD, EXAMPLE_MD], /one source at a time/],
    [['extract', '--max-size', 'lots', EXAMPLE_MD], /--max-size: 'lots' is not a size/],
    [['extract', '--timeout', 'soon', EXAMPLE_MD], /--timeout: 'soon' is not a duration/],
    [['extract', '--types'], /argument missing|requires an argument|--types/],
  ])('%j exits 2 with one line', async (args, message) => {
    expectUsageError(await runCli(args), message);
  });

  it('prints help with exit 0', async () => {
    const run = await runCli(['extract', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pillbox extract/);
    expect(run.stdout).toContain('--drop-benign');
  });
});
