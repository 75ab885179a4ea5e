import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../e2e/extract-build.js';
import { BIN, ROOT, runCli } from '../e2e/extract-cli.js';

let dir: string;
const p = (name: string): string => join(dir, name);

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pillbox-hunt-cli-'));
  writeFileSync(p('iocs.txt'), '# test list\nkx-update-svc[.]net\n45.86.12[.]34\n');
  writeFileSync(p('quiet.txt'), 'never-seen-anywhere.org\n');
  writeFileSync(p('dns.log'), '01-Jan-2026 00:00:01.000 queries: info: client @0x7f01 10.0.0.5#5353 (a.kx-update-svc.net): query: a.kx-update-svc.net IN A +\nnothing here notkx-update-svc.net\n');
  writeFileSync(p('conn.log.gz'), gzipSync('#fields\tts\tid.resp_h\n1.0\t45.86.12.34\n2.0\t145.86.12.34\n'));
  writeFileSync(p('bad.yar'), 'rule ok { condition: true }\n\nrule broken {\n  strings: $a = "x"\n  condition: $a and\n}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pillbox hunt (CLI)', () => {
  it('exits 1 with hits and prints one JSON object per hit', async () => {
    const r = await runCli(['hunt', '--jsonl', '--intel', p('iocs.txt'), p('dns.log'), p('conn.log.gz')]);
    expect(r.code).toBe(1);
    const hits = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(hits[0] ?? {})).toEqual(['indicator', 'type', 'match', 'file', 'line', 'field', 'offset', 'context', 'source', 'source_title']);
    expect(hits.map((h) => [h['indicator'], h['match'], h['line'], h['field']])).toEqual([
      ['kx-update-svc.net', 'subdomain', 1, null],
      ['kx-update-svc.net', 'subdomain', 1, null],
      ['45.86.12.34', 'exact', 2, 'id.resp_h'],
    ]);
    expect(hits[2]?.['file']).toBe(p('conn.log.gz'));
  });

  it('takes --format as extract and triage do: the same output as the matching flag; an unknown one is a usage error', async () => {
    const args = ['--intel', p('iocs.txt'), p('dns.log'), p('conn.log.gz')];
    for (const f of ['jsonl', 'csv', 'json']) {
      const byFormat = await runCli(['hunt', '--format', f, ...args]);
      const byFlag = await runCli(['hunt', `--${f}`, ...args]);
      expect(byFormat.code).toBe(1);
      expect(byFormat.stdout.replace(/"elapsed_ms": \d+/g, '')).toBe(byFlag.stdout.replace(/"elapsed_ms": \d+/g, ''));
    }
    const bad = await runCli(['hunt', '--format', 'xml', ...args]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format expects text, json, jsonl or csv, got 'xml'");
    expect((await runCli(['hunt', '--format', 'csv', '--json', ...args])).code).toBe(2);
  });

  it('exits 0 when nothing is found', async () => {
    const r = await runCli(['hunt', '--jsonl', '--intel', p('quiet.txt'), p('dns.log')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('warns about a .gz log it cannot decompress instead of passing over it in silence', async () => {
    writeFileSync(p('corrupt.log.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(40)]));
    const r = await runCli(['hunt', '--jsonl', '--intel', p('iocs.txt'), p('corrupt.log.gz')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/corrupt\.log\.gz: gzip data that cannot be decompressed/);
  });

  it('exits 2 on usage errors, missing files and YARA compile errors (with file and line)', async () => {
    expect((await runCli(['hunt', p('dns.log')])).code).toBe(2);
    const missing = await runCli(['hunt', '--intel', p('nope.txt'), p('dns.log')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt');
    const yara = await runCli(['hunt', '--intel', p('bad.yar'), p('dns.log')]);
    expect(yara.code).toBe(2);
    expect(yara.stderr).toContain(`${p('bad.yar')}:6`);
    expect((await runCli(['hunt', '--intel', p('iocs.txt'), p('no-such-dir')])).code).toBe(2);
  });

  it('reads a log from stdin, gzip included', async () => {
    const r = await runCli(['hunt', '--csv', '--intel', p('iocs.txt'), '-'], { input: readFileSync(p('conn.log.gz')) });
    expect(r.code).toBe(1);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('indicator,type,match,file,line,field,offset,context,source,source_title');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual(['45.86.12.34,ipv4,exact,-,2,id.resp_h']);
  });

  it('reads a named pipe given as a target as a stream (e.g. <(zcat log.gz)), with the pipe as the file', async () => {
    const fifo = p('feed.pipe');
    execFileSync('mkfifo', [fifo]);
    try {
      // The writer opens the pipe once the CLI opens it for reading, then closes it: one end of stream.
      const writer = new Promise<void>((resolve, reject) => createWriteStream(fifo).on('error', reject).end(readFileSync(p('conn.log.gz')), resolve));
      const r = await runCli(['hunt', '--csv', '--intel', p('iocs.txt'), fifo]);
      await writer;
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout.trim().split('\r\n').slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([`45.86.12.34,ipv4,exact,${fifo},2,id.resp_h`]);
    } finally {
      rmSync(fifo, { force: true });
    }
  });

  it('warns about a named pipe met inside a directory instead of blocking on it or passing over it in silence', async () => {
    const sub = mkdtempSync(join(dir, 'sub-'));
    execFileSync('mkfifo', [join(sub, 'stuck.pipe')]);
    writeFileSync(join(sub, 'dns.log'), readFileSync(p('dns.log')));
    const r = await runCli(['hunt', '--jsonl', '--intel', p('iocs.txt'), sub]);
    rmSync(sub, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`${join(sub, 'stuck.pipe')}: skipped: a named pipe`);
  });

  it('prints the whole result with a summary in --json', async () => {
    const r = await runCli(['hunt', '--json', '--intel', p('iocs.txt'), dir]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { schema_version: string; summary: { hits: number; files: number; by_indicator: { indicator: string }[] }; interrupted: boolean };
    expect(j.schema_version).toBe('1.0');
    expect(j.summary.hits).toBe(3);
    expect(j.summary.by_indicator.map((e) => e.indicator)).toEqual(['kx-update-svc.net', '45.86.12.34']);
    expect(j.interrupted).toBe(false);
  });

  it('on SIGINT prints what was found so far and exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'hunt', '--jsonl', '--progress', '--intel', p('iocs.txt'), '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('files ')) resolve();
      });
    });
    // More than the 64 KiB format-detection window, so scanning (and progress) starts; stdin stays open.
    const line = 'Jan  1 00:00:00 ws-1 kernel: blocked 45.86.12.34 and padding padding padding padding\n';
    child.stdin.write(line.repeat(Math.ceil(70000 / line.length)));
    await started;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    const hits = out.trim().split('\n').map((l) => JSON.parse(l) as { indicator: string });
    expect(hits.length).toBeGreaterThan(700);
    expect(new Set(hits.map((h) => h.indicator))).toEqual(new Set(['45.86.12.34']));
    expect(err).toContain('interrupted');
  });
});
