import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSchemas } from '../../scripts/gen-schemas.js';
import type { TriageResult } from '../../src/model/triage-result.js';
import { buildPeCorpus } from '../fixtures/pe/build.js';
import { buildSamples } from '../fixtures/samples/build.js';
import { ROOT, runPillbox } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'pillbox-triage-cli-'));
const dir = join(tmp, 'batch');
let upx = '';
let upxPatched = '';
let loader = '';
beforeAll(() => {
  const s = buildSamples();
  const pe = buildPeCorpus();
  mkdirSync(dir);
  upx = join(dir, 'pe64-upx');
  upxPatched = join(dir, 'pe64-upx-patched');
  loader = join(dir, 'loader.exe');
  copyFileSync(s.files['pe64-upx']!, upx);
  copyFileSync(s.files['pe64-upx-patched']!, upxPatched);
  copyFileSync(pe.files.loader!, loader);
  writeFileSync(join(dir, 'note.txt'), 'beacon to hxxp://update-cdn[.]example-bad.com/gate.php\n');
  symlinkSync(upx, join(dir, 'link-to-upx'));
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const schema = (): ((v: unknown) => boolean) & { errors?: unknown } => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'triage.schema.json'), 'utf8')) as object);
};

describe('pillbox triage', () => {
  it('counts a crowd of skipped links on one line past the first five; --verbose lists them all; --text is the summary', async () => {
    const links = join(tmp, 'links');
    mkdirSync(links);
    writeFileSync(join(links, 'real.txt'), 'plain text\n');
    for (let i = 0; i < 9; i++) symlinkSync(join(links, 'real.txt'), join(links, `link${i}`));
    const r = await runPillbox(['triage', '--text', links]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`== ${join(links, 'real.txt')}`);
    const lines = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(lines.filter((l) => l.includes(': symbolic link not followed'))).toHaveLength(5);
    expect(lines).toContain('pillbox triage: warning: … and 4 more symbolic links not followed (--follow-symlinks follows them) (--verbose lists every warning)');
    const all = await runPillbox(['triage', '--json', '--verbose', links]);
    expect(all.stderr.split('\n').filter((l) => l.includes(': symbolic link not followed'))).toHaveLength(9);
    expect((await runPillbox(['triage', '--text', '--json', links])).code).toBe(2);
  });

  it('--json on a directory: records in path order, relatives across the batch, links not followed', async () => {
    const r = await runPillbox(['triage', '--json', '--threads', '2', dir]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TriageResult[];
    expect(out.map((x) => x.path.slice(dir.length + 1))).toEqual(['loader.exe', 'note.txt', 'pe64-upx', 'pe64-upx-patched']);
    expect(r.stderr).toContain('symbolic link not followed');
    const validate = schema();
    for (const rec of out) expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
    const patched = out[3]!;
    expect(patched.packers[0]!.name).toBe('upx');
    expect(patched.relatives[0]!.path).toBe(upx);
    expect(patched.relatives[0]!.imphash_equal).toBe(true);
    expect(out[1]!.iocs.map((i) => i.value)).toContain('http://update-cdn.example-bad.com/gate.php');
    expect(out[0]!.capabilities.map((c) => c.name)).toContain('load .NET assembly from memory');
  }, 120_000);

  it('--jsonl prints one record per line; one file with --json prints one object', async () => {
    const l = await runPillbox(['triage', '--jsonl', '--no-yara', upx, loader]);
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout.trim().split('\n').map((x) => (JSON.parse(x) as TriageResult).path)).toEqual([upx, loader]);
    const one = await runPillbox(['triage', '--json', upx]);
    expect((JSON.parse(one.stdout) as TriageResult).yara.map((y) => y.rule)).toContain('upx_stub_pe64');
  }, 120_000);

  it('text output: a verdict line per file', async () => {
    const r = await runPillbox(['triage', '--format', 'text', upxPatched]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^PACKED \(upx 0\.\d+: /m);
    expect(r.stdout).toContain('upx_tampered');
  }, 60_000);

  it('--against finds relatives among earlier JSONL records', async () => {
    const earlier = await runPillbox(['triage', '--jsonl', '--no-yara', upx]);
    const db = join(tmp, 'earlier.jsonl');
    writeFileSync(db, earlier.stdout);
    const r = await runPillbox(['triage', '--json', '--no-yara', '--against', db, upxPatched]);
    const rec = JSON.parse(r.stdout) as TriageResult;
    expect(rec.relatives.map((x) => x.path)).toContain(upx);
  }, 60_000);

  it('user YARA rules apply; a compile error names file and line and exits 2', async () => {
    const good = join(tmp, 'good.yar');
    writeFileSync(good, 'rule user_note { strings: $a = "example-bad" condition: $a }\n');
    const ok = await runPillbox(['triage', '--json', '--rules', good, join(dir, 'note.txt')]);
    expect((JSON.parse(ok.stdout) as TriageResult).yara.map((y) => `${y.namespace}:${y.rule}`)).toContain('user:user_note');
    const bad = join(tmp, 'bad.yar');
    writeFileSync(bad, 'rule a {\n  strings:\n    $a = "x"\n  condition:\n    $a and\n}\n');
    const r = await runPillbox(['triage', '--rules', bad, upx]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:6:`);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('a file over the per-file time limit gets a hash-only record with a timeout warning; its worker is replaced', async () => {
    const r = await runPillbox(['triage', '--json', '--threads', '1', '--timeout-per-file', '0.001', upx, loader]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TriageResult[];
    expect(out).toHaveLength(2);
    for (const rec of out) {
      expect(rec.warnings.map((w) => w.code)).toContain('timeout');
      expect(rec.hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  }, 60_000);

  it('triages stdin (-) and a named pipe given as a target as it would the file; skips a pipe met in a directory, with a warning', async () => {
    const same = (r: TriageResult): string => JSON.stringify({ ...r, path: 'P', relatives: [] });
    const file = JSON.parse((await runPillbox(['triage', '--json', loader])).stdout) as TriageResult;
    const stdin = await runPillbox(['triage', '--json', '-'], { input: readFileSync(loader) });
    expect(stdin.code, stdin.stderr).toBe(0);
    const fromStdin = JSON.parse(stdin.stdout) as TriageResult;
    expect(fromStdin.path).toBe('-');
    expect(same(fromStdin)).toBe(same(file));
    const fifo = join(tmp, 'sample.pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = new Promise<void>((resolve, reject) => createWriteStream(fifo).on('error', reject).end(readFileSync(loader), resolve));
    const piped = await runPillbox(['triage', '--json', fifo]);
    await writer;
    expect(piped.code, piped.stderr).toBe(0);
    expect(same(JSON.parse(piped.stdout) as TriageResult)).toBe(same(file));
    const sub = join(tmp, 'with-pipe');
    mkdirSync(sub);
    execFileSync('mkfifo', [join(sub, 'stuck.pipe')]);
    copyFileSync(loader, join(sub, 'loader.exe'));
    const walked = await runPillbox(['triage', '--jsonl', sub]);
    expect(walked.code).toBe(0);
    expect(walked.stdout.trim().split('\n').map((l) => (JSON.parse(l) as TriageResult).path)).toEqual([join(sub, 'loader.exe')]);
    expect(walked.stderr).toContain(`${join(sub, 'stuck.pipe')}: skipped: a named pipe`);
  }, 60_000);

  it('bounds a stream over --max-size: streamed hashes of all of it, the first 16 MiB analysed', async () => {
    const big = Buffer.concat([readFileSync(loader), Buffer.alloc(3 * 1024 * 1024, 0x41)]);
    const r = await runPillbox(['triage', '--json', '--max-size', '1M', '-'], { input: big });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout) as TriageResult;
    expect(rec.size).toBe(big.length);
    expect(rec.hashes.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(rec.format).toBe('pe');
    expect(rec.warnings.map((w) => w.code)).toContain('limit-size');
    expect(rec.warnings.find((w) => w.code === 'limit-size')?.message).toBe(`standard input gave ${Math.round(big.length / 1048576)} MiB, over the size limit of 1 MiB: hashed by streaming; only the first ${Math.round(big.length / 1048576)} MiB were parsed and scanned`);
  }, 60_000);

  it('exits 2 with a one-line error on a missing path or bad usage', async () => {
    const missing = await runPillbox(['triage', join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runPillbox(['triage'])).code).toBe(2);
    expect((await runPillbox(['triage', '--format', 'xml', upx])).code).toBe(2);
  }, 60_000);
});

describe('schemas/triage.schema.json', () => {
  it('is the committed output of npm run gen:schemas', () => {
    expect(readFileSync(join(ROOT, 'schemas', 'triage.schema.json'), 'utf8'), 'stale: run npm run gen:schemas').toBe(generateSchemas()['triage.schema.json']);
  });
});
