import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './extract-build.js';
import { EXAMPLE_HTML, EXAMPLE_MD, makePdf, parseJson, runCli, tempDir } from './extract-cli.js';

interface Out {
  source: { name: string; kind: string; media_type: string; encoding: string; size: number; sha256: string };
  document: { title: string | null };
  indicators: { type: string; value: string; raw: string; defanged: boolean; context: string; benign?: unknown; occurrences: { line: number }[] }[];
  warnings: { code: string; message: string }[];
}

const LOADER_SHA256 = 'aed29f93e1d26cbd9065f66687d21a047c5ad442c57061d94ef0405cce1c94af';
const has = (o: Out, type: string, value: string) => o.indicators.some((i) => i.type === type && i.value === value);

const tmp = tempDir();
beforeAll(ensureBuilt, 300_000);
afterAll(() => tmp.cleanup());

describe('pillbox extract: input kinds', () => {
  it('reads the Markdown example report', async () => {
    const run = await runCli(['extract', '--json', EXAMPLE_MD]);
    expect(run.code).toBe(0);
    const o = parseJson<Out>(run);
    expect(o.source).toMatchObject({ kind: 'file', media_type: 'text/markdown', encoding: 'utf-8' });
    expect(has(o, 'sha256', LOADER_SHA256)).toBe(true);
    expect(has(o, 'md5', '7e84a75a3e215fa94416a9c2ec35ba9e')).toBe(true);
    expect(has(o, 'cve', 'CVE-2021-44228')).toBe(true);
    const ip = o.indicators.find((i) => i.type === 'ipv4' && i.value === '45.148.120.23');
    expect(ip?.defanged).toBe(true);
    expect(ip?.raw).toContain('[.]');
  });

  it('keeps the article of an HTML page and drops navigation, banners, related posts and footer', async () => {
    const run = await runCli(['extract', '--json', EXAMPLE_HTML]);
    expect(run.code).toBe(0);
    const o = parseJson<Out>(run);
    expect(o.source.media_type).toBe('text/html');
    expect(o.document.title).toMatch(/^KeyPlug Returns/);
    expect(has(o, 'sha256', LOADER_SHA256)).toBe(true);
    expect(has(o, 'cve', 'CVE-2021-44228')).toBe(true);
    const noise = o.indicators.filter((i) => /noise|198\.51\.100\.77|e99a18c428cb38d5f260853678922e03/.test(i.value));
    expect(noise).toEqual([]);
  });

  it('finds the same report indicators in the HTML and the Markdown versions', async () => {
    const [md, html] = await Promise.all([runCli(['extract', '--json', EXAMPLE_MD]), runCli(['extract', '--json', EXAMPLE_HTML])]);
    const key = (o: Out) => new Set(o.indicators.map((i) => `${i.type}:${i.value}`));
    expect(key(parseJson<Out>(html))).toEqual(key(parseJson<Out>(md)));
  });

  it('reads the text layer of a PDF, detected by content despite a .txt name', async () => {
    const file = tmp.write('report.txt', makePdf(['KeyPlug beacons to 103.79.77[.]200 every 60 seconds.', `Loader SHA-256 ${LOADER_SHA256}`]));
    const run = await runCli(['extract', '--json', file]);
    expect(run.code).toBe(0);
    const o = parseJson<Out>(run);
    expect(o.source.media_type).toBe('application/pdf');
    expect(o.document.title).toBe('KeyPlug field note');
    expect(has(o, 'ipv4', '103.79.77.200')).toBe(true);
    expect(has(o, 'sha256', LOADER_SHA256)).toBe(true);
  });

  it.each([
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('C2: sync.officecdn-mirror[.]net — CVE-2021-44228\n', 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('C2: sync.officecdn-mirror[.]net — CVE-2021-44228\n', 'utf16le').swap16()])],
    ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('C2: sync.officecdn-mirror[.]net — CVE-2021-44228\n', 'utf8')])],
  ])('decodes %s text with a byte-order mark', async (encoding, bytes) => {
    const run = await runCli(['extract', '--json', tmp.write(`bom-${encoding}.txt`, bytes)]);
    expect(run.code).toBe(0);
    const o = parseJson<Out>(run);
    expect(o.source.encoding).toBe(encoding);
    expect(has(o, 'domain', 'sync.officecdn-mirror.net')).toBe(true);
    expect(has(o, 'cve', 'CVE-2021-44228')).toBe(true);
    expect(o.indicators.find((i) => i.type === 'cve')?.context).toContain('—');
  });

  it('detects BOM-less UTF-16 from its NUL pattern and says so', async () => {
    const run = await runCli(['extract', '--json', tmp.write('nobom.txt', Buffer.from('Loader hash 7e84a75a3e215fa94416a9c2ec35ba9e seen on the host.\n', 'utf16le'))]);
    const o = parseJson<Out>(run);
    expect(o.source.encoding).toBe('utf-16le');
    expect(has(o, 'md5', '7e84a75a3e215fa94416a9c2ec35ba9e')).toBe(true);
    expect(o.warnings.map((w) => w.code)).toContain('encoding-guessed');
  });

  it('falls back to Windows-1252 for invalid UTF-8, with a warning, without mangling letters or quotes', async () => {
    const latin1 = Buffer.from('Società colpita: \x93Fonderia\x94, C2 45.148.120[.]23 (CVE-2021-44228)\n', 'latin1');
    const run = await runCli(['extract', '--json', tmp.write('latin1.txt', latin1)]);
    expect(run.code).toBe(0);
    const o = parseJson<Out>(run);
    expect(o.source.encoding).toBe('windows-1252');
    expect(o.warnings.map((w) => w.code)).toContain('encoding-fallback');
    expect(run.stderr).toMatch(/warning: .*not valid UTF-8/);
    const ip = o.indicators.find((i) => i.type === 'ipv4');
    expect(ip?.value).toBe('45.148.120.23');
    expect(ip?.context).toContain('Società colpita: “Fonderia”');
  });

  it("reads stdin for '-' and when no argument is given", async () => {
    const text = 'Beacon: hxxps://api.techsvc-cloud[.]com/v2/telemetry\n';
    for (const args of [['extract', '--json', '-'], ['extract', '--json']]) {
      const run = await runCli(args, { input: text });
      expect(run.code).toBe(0);
      const o = parseJson<Out>(run);
      expect(o.source).toMatchObject({ name: '-', kind: 'stdin' });
      expect(has(o, 'url', 'https://api.techsvc-cloud.com/v2/telemetry')).toBe(true);
    }
  });

  it('detects HTML piped on stdin', async () => {
    const html = `<!doctype html><html><head><title>Stdin page</title></head><body><nav>Home news.nav-noise.org</nav><article><h1>Stdin page</h1><p>${'The implant resolves sync.officecdn-mirror[.]net before it beacons. '.repeat(6)}</p></article><footer>mail footer@footer-noise.org</footer></body></html>`;
    const o = parseJson<Out>(await runCli(['extract', '--json', '-'], { input: html }));
    expect(o.source.media_type).toBe('text/html');
    expect(has(o, 'domain', 'sync.officecdn-mirror.net')).toBe(true);
    expect(o.indicators.filter((i) => i.value.includes('noise'))).toEqual([]);
  });
});
