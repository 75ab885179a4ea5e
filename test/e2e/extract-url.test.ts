import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './extract-build.js';
import { EXAMPLE_HTML, parseJson, runCli, type CliRun } from './extract-cli.js';

const REPORT_HTML = readFileSync(EXAMPLE_HTML);
let server: Server;
let base = '';
const open = new Set<ServerResponse>();

/** Loopback routes: the example page, a redirect chain, errors, a large body and a stalled answer. */
function route(path: string, res: ServerResponse): void {
  open.add(res);
  res.on('close', () => open.delete(res));
  switch (path) {
    case '/report.html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(REPORT_HTML);
      return;
    case '/moved':
      res.writeHead(302, { location: '/report.txt' }).end();
      return;
    case '/report.txt':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('C2: sync.officecdn-mirror[.]net\n');
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' }).end();
      return;
    case '/image.png':
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      return;
    case '/octets':
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(2048, 0));
      return;
    case '/big': {
      // No Content-Length: the limit must be enforced while the body streams.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const line = Buffer.from('filler line with nothing in it\n'.repeat(1024));
      let sent = 0;
      const push = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += line.length;
          if (!res.write(line)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
      return;
    }
    case '/stall':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial text and then nothing more…\n');
      return; // never ends
    default:
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
  }
}

beforeAll(async () => {
  await ensureBuilt();
  server = createServer((req, res) => route(req.url ?? '/', res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise((r) => server.close(r));
});

function expectFetchError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

describe('pillbox extract URL (loopback server)', () => {
  it('fetches an HTML report and keeps its article', async () => {
    const run = await runCli(['extract', '--json', `${base}/report.html`]);
    expect(run.code).toBe(0);
    const o = parseJson<{ source: { kind: string; name: string; media_type: string }; indicators: { type: string; value: string }[] }>(run);
    expect(o.source).toMatchObject({ kind: 'url', name: `${base}/report.html`, media_type: 'text/html' });
    expect(o.indicators.some((i) => i.type === 'sha256' && i.value === 'aed29f93e1d26cbd9065f66687d21a047c5ad442c57061d94ef0405cce1c94af')).toBe(true);
    expect(o.indicators.filter((i) => i.value.includes('noise'))).toEqual([]);
  });

  it('follows a redirect and records where it landed', async () => {
    const run = await runCli(['extract', '--json', `${base}/moved`]);
    expect(run.code).toBe(0);
    const o = parseJson<{ source: { name: string }; indicators: { value: string }[]; warnings: { code: string }[] }>(run);
    expect(o.source.name).toBe(`${base}/report.txt`);
    expect(o.indicators.map((i) => i.value)).toContain('sync.officecdn-mirror.net');
    expect(o.warnings.map((w) => w.code)).toContain('redirected');
  });

  it('reports a 404', async () => {
    expectFetchError(await runCli(['extract', `${base}/missing.html`]), /missing\.html: HTTP 404 Not Found/);
  });

  it('gives up on a redirect loop', async () => {
    expectFetchError(await runCli(['extract', `${base}/loop`]), /more than 5 redirects/);
  });

  it('reports an unreachable port', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    expectFetchError(await runCli(['extract', `http://127.0.0.1:${port}/report.html`]), /cannot fetch \(connection refused\)/);
  });

  it('refuses a body over --max-size while it streams', async () => {
    expectFetchError(await runCli(['extract', '--max-size', '1M', `${base}/big`]), /more than 1 MiB is over the 1 MiB limit/);
  });

  it('times out on a stalled body', async () => {
    expectFetchError(await runCli(['extract', '--timeout', '500ms', `${base}/stall`]), /timed out after 0\.5 s/);
  });

  it('refuses non-text content', async () => {
    expectFetchError(await runCli(['extract', `${base}/image.png`]), /sent image\/png, not a text document/);
    expectFetchError(await runCli(['extract', `${base}/octets`]), /not a text document.*pillbox triage/);
  });
});
