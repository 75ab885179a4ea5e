import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { toStixBundle, type StixBundle } from '../../src/export/stix21/index.js';
import type { ExtractResult } from '../../src/model/extract-result.js';
import { validateStixBundle } from '../helpers/stix-validate.js';
import { ensureBuilt } from './extract-build.js';
import { BIN, EXAMPLE_MD, ROOT, parseJson, runCli } from './extract-cli.js';

interface Ind {
  type: string;
  value: string;
  raw: string;
  context: string;
  occurrences: { line: number }[];
  benign?: { list: string; reason: string };
}

/** RFC 4180 reader for the test (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

let all: Ind[] = [];
beforeAll(async () => {
  await ensureBuilt();
  all = parseJson<{ indicators: Ind[] }>(await runCli(['extract', '--json', EXAMPLE_MD])).indicators;
}, 300_000);

describe('pillbox extract output formats', () => {
  it('prints JSON by default when stdout is piped', async () => {
    const run = await runCli(['extract', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    expect(parseJson<{ indicators: Ind[] }>(run).indicators).toEqual(all);
  });

  it('--jsonl prints one indicator per line, the same as --json', async () => {
    const run = await runCli(['extract', '--jsonl', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as Ind)).toEqual(all);
  });

  it('--csv prints a header and one properly quoted row per indicator', async () => {
    const run = await runCli(['extract', '--format', 'csv', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    const rows = parseCsv(run.stdout);
    const header = rows[0] ?? [];
    expect(header.slice(0, 3)).toEqual(['type', 'value', 'raw']);
    expect(rows).toHaveLength(all.length + 1);
    const ctx = header.indexOf('context');
    rows.slice(1).forEach((r, k) => {
      expect(r).toHaveLength(header.length);
      expect(r[1]).toBe(all[k]?.value);
      expect(r[ctx]).toBe(all[k]?.context);
    });
    expect(all.some((i) => i.context.includes(','))).toBe(true); // the quoting was exercised
  });

  it('--format stix prints the STIX bundle of the --json result, valid against the OASIS schemas', async () => {
    const run = await runCli(['extract', '--format', 'stix', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    const bundle = parseJson<StixBundle>(run);
    expect(validateStixBundle(bundle).errors).toEqual([]);
    // The same text as the library's bundle of the same result, at the clock reading the CLI used.
    const result = parseJson<ExtractResult>(await runCli(['extract', '--json', EXAMPLE_MD]));
    const now = new Date(String(bundle.objects[0]?.['created']));
    expect(run.stdout).toBe(`${JSON.stringify(toStixBundle(result, { now }), null, 2)}\n`);
  });

  it('--types keeps only the listed types', async () => {
    const o = parseJson<{ indicators: Ind[] }>(await runCli(['extract', '--json', '--types', 'sha256, md5', EXAMPLE_MD]));
    expect(new Set(o.indicators.map((i) => i.type))).toEqual(new Set(['sha256', 'md5']));
    expect(o.indicators).toEqual(all.filter((i) => i.type === 'sha256' || i.type === 'md5'));
  });

  it('--drop-benign removes what a warninglist tags and keeps the rest', async () => {
    const benign = all.filter((i) => i.benign !== undefined);
    expect(benign.map((i) => i.value)).toEqual(expect.arrayContaining(['attack.mitre.org', '8.8.8.8']));
    const o = parseJson<{ indicators: Ind[] }>(await runCli(['extract', '--json', '--drop-benign', EXAMPLE_MD]));
    expect(o.indicators).toEqual(all.filter((i) => i.benign === undefined));
  });

  it('--format text prints counts per type, then indicators grouped by type, without colour under NO_COLOR', async () => {
    const run = await runCli(['extract', '--format', 'text', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toMatch(new RegExp(`^${all.length} indicators: `, 'm'));
    const sha = all.filter((i) => i.type === 'sha256');
    expect(run.stdout).toContain(`\nsha256 (${sha.length})\n`);
    for (const i of sha) expect(run.stdout).toMatch(new RegExp(`^  ${i.value}\\s+L${i.occurrences[0]?.line}\\b`, 'm'));
    expect(run.stdout).toMatch(/^ {2}attack\.mitre\.org .*benign: /m);
  });

  it('colours the text summary only when asked (FORCE_COLOR) and never under NO_COLOR', async () => {
    const forced = await runCli(['extract', '--format', 'text', EXAMPLE_MD], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(/\u001b\[1m/);
    const both = await runCli(['extract', '--format', 'text', EXAMPLE_MD], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toMatch(/\u001b\[/);
  });

  it('says so when nothing is found, with exit 0', async () => {
    const run = await runCli(['extract', '--format', 'text', '-'], { input: 'A quiet week: nothing to report.\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No indicators found.');
    const json = parseJson<{ indicators: Ind[] }>(await runCli(['extract', '--json', '-'], { input: 'A quiet week.\n' }));
    expect(json.indicators).toEqual([]);
  });

  it('--quiet keeps warnings off stderr but in the JSON', async () => {
    const run = await runCli(['extract', '--json', '--quiet', '-'], { input: '' });
    expect(run.stderr).toBe('');
    expect(parseJson<{ warnings: { code: string }[] }>(run).warnings.map((w) => w.code)).toEqual(['empty-input']);
  });

  it('exits quietly when the reader closes the pipe early (pillbox … | head)', async () => {
    const input = Array.from({ length: 20_000 }, (_, i) => `host-${i}.techsvc-cloud[.]com 10.${i >> 8 & 255}.${i & 255}.7`).join('\n');
    const child = spawn(process.execPath, [BIN, 'extract', '--jsonl', '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(input);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
