import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../test/e2e/extract-cli.js';
import { extractDocument, extractText } from '../extract/index.js';
import { bytesToDocument } from './document.js';
import { looksLikeEmail } from './email.js';

const CRLF = '\r\n';
const b64 = (s: string | Uint8Array, width = 76): string => (Buffer.from(s).toString('base64').match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(CRLF);
/** Quoted-printable as mail clients write it: `=` as `=3D`, non-ASCII bytes escaped, lines cut at 76 with `=` soft breaks. */
function qp(s: string): string {
  const out: string[] = [];
  for (const line of s.split('\n')) {
    let enc = '';
    for (const byte of Buffer.from(line, 'utf8')) enc += byte === 0x3d || byte > 0x7e ? `=${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
    while (enc.length > 75) {
      let cut = 75;
      if (enc[cut - 1] === '=') cut -= 1;
      else if (enc[cut - 2] === '=') cut -= 2;
      out.push(`${enc.slice(0, cut)}=`);
      enc = enc.slice(cut);
    }
    out.push(enc);
  }
  return out.join(CRLF);
}

const HEADERS = ['From: CERT Desk <desk@cert.example>', 'To: soc@factory.example', 'Message-ID: <1@cert.example>', 'MIME-Version: 1.0'];
const message = (headers: string[], body: string): Buffer => Buffer.from([...HEADERS, ...headers, '', body].join(CRLF), 'utf8');
const doc = (bytes: Uint8Array, name = 'advisory.eml') => bytesToDocument(bytes, { name, kind: 'file' });
const values = async (bytes: Uint8Array): Promise<string[]> => extractText((await doc(bytes)).text, { stages: ['indicators'] }).indicators.map((i) => `${i.type} ${i.value}`);

describe('e-mail messages', () => {
  const LONG_URL = 'hxxps://files.relay-cdn.example.org/a/very/long/path/that/mail/clients/cut/in/two/stage2.bin?token=00ff';

  it('reads a quoted-printable body: soft line breaks joined, =3D decoded, the Subject as title, the Date as published', async () => {
    const body = `Indicators for the campaign:\n- ${LONG_URL}\n- C2 45.86.12.34 — active since May`;
    const bytes = message(['Subject: =?UTF-8?B?' + Buffer.from('Avviso: KeyPlug è tornato').toString('base64') + '?=', 'Date: Tue, 03 Nov 2026 09:15:00 +0100', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], qp(body));
    expect(bytes.toString('latin1')).toContain('=\r\n'); // the URL really is cut by the encoding
    const d = await doc(bytes);
    expect(d.source.media_type).toBe('message/rfc822');
    expect(d.title).toBe('Avviso: KeyPlug è tornato');
    expect(d.text).toContain('active since May');
    expect(await values(bytes)).toEqual(expect.arrayContaining(['url https://files.relay-cdn.example.org/a/very/long/path/that/mail/clients/cut/in/two/stage2.bin?token=00ff', 'ipv4 45.86.12.34']));
    const r = extractDocument(d);
    expect(r.document.published).toBe('2026-11-03');
  });

  it('reads a base64 HTML-only body through the article extractor', async () => {
    const html = '<html><body><article><h1>Beacon report</h1><p>The implant beacons to <b>sync-node[.]example[.]net</b> and 91.213.50.7 every hour, as seen on three hosts of the plant network.</p></article></body></html>';
    const bytes = message(['Subject: Beacon report', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'], b64(html));
    expect(await values(bytes)).toEqual(expect.arrayContaining(['domain sync-node.example.net', 'ipv4 91.213.50.7']));
  });

  it('appends the text of attached documents (PDF, CSV, a forwarded message) and names the ones it cannot read', async () => {
    const hash = createHash('sha256').update('loader').digest('hex');
    const pdf = makePdf(['Hash of the loader:', hash]);
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), deflateRawSync(Buffer.alloc(64, 1))]);
    const inner = ['From: analyst@peer.example', 'Subject: fwd', 'Message-ID: <2@peer.example>', 'Content-Type: text/plain', '', 'Also seen: update-svc.example.com'].join(CRLF);
    const B = 'b0undary';
    const body = [
      `--${B}`, 'Content-Type: text/plain; charset=utf-8', '', 'See the attached report and list.', '',
      `--${B}`, 'Content-Type: application/pdf; name="report.pdf"', 'Content-Disposition: attachment; filename="report.pdf"', 'Content-Transfer-Encoding: base64', '', b64(pdf), '',
      `--${B}`, 'Content-Type: text/csv; name="iocs.csv"', 'Content-Disposition: attachment; filename="iocs.csv"', '', 'indicator,type', 'evil-loader.example.org,domain', '',
      `--${B}`, 'Content-Type: application/zip; name="sample.zip"', 'Content-Disposition: attachment; filename="sample.zip"', 'Content-Transfer-Encoding: base64', '', b64(zip), '',
      `--${B}`, 'Content-Type: message/rfc822', '', inner, '',
      `--${B}--`, '',
    ].join(CRLF);
    const bytes = message(['Subject: Report attached', `Content-Type: multipart/mixed; boundary="${B}"`], body);
    const d = await doc(bytes);
    expect(d.text).toContain('[attachment: report.pdf]');
    expect(d.text).toContain('[attachment: iocs.csv]');
    expect(await values(bytes)).toEqual(expect.arrayContaining([`sha256 ${hash}`, 'domain evil-loader.example.org', 'domain update-svc.example.com']));
    expect(d.warnings.map((w) => w.code)).toContain('email-attachments-skipped');
    expect(d.warnings.find((w) => w.code === 'email-attachments-skipped')?.message).toContain('sample.zip (application/zip)');
  });

  it('keeps header addresses out of the text (the sender and recipients of an advisory are no indicators)', async () => {
    const d = await doc(message(['Subject: x', 'Content-Type: text/plain'], 'Nothing else.'));
    expect(d.text).toBe('Nothing else.');
  });

  it('falls back to the raw text, with a warning, when MIME nesting is hostile', async () => {
    let body = 'deep-c2.example.net';
    for (let i = 199; i >= 0; i--) body = [`--b${i}`, `Content-Type: multipart/mixed; boundary="b${i + 1}"`, '', body, `--b${i}--`].join(CRLF);
    const bytes = message(['Subject: deep', 'Content-Type: multipart/mixed; boundary="b0"'], body);
    const d = await doc(bytes);
    expect(d.warnings.map((w) => w.code)).toContain('email-unreadable');
    expect(d.text).toContain('deep-c2.example.net');
  });

  it('reads the body as written when the multipart boundary never comes', async () => {
    const bytes = message(['Subject: cut', 'Content-Type: multipart/mixed; boundary="never"'], 'C2 at cut-relay.example.net');
    const d = await doc(bytes);
    expect(d.warnings.map((w) => w.code)).toEqual(['email-unreadable']);
    expect(await values(bytes)).toEqual(['domain cut-relay.example.net']);
  });

  it.each([
    ['a report with Date and Title lines', 'Title: KeyPlug\nDate: 2026-11-03\n\nThe loader …'],
    ['a Markdown report', '# KeyPlug\n\nFrom: the desk\nSubject: loaders\n'],
    ['headers without a blank line', 'From: a@b.example\nSubject: x\nMessage-ID: <1@b>\nbody right away'],
    ['a From: line and prose', 'From: our threat desk\nSubject: weekly notes\n\nNothing here is a message.'],
  ])('leaves %s alone', async (_what, text) => {
    expect(looksLikeEmail(Buffer.from(text))).toBe(false);
    expect((await doc(Buffer.from(text), 'notes.txt')).source.media_type).not.toBe('message/rfc822');
  });

  it('recognises an mbox-style first line and folded headers', () => {
    const text = ['From alerts@cert.example Tue Nov  3 09:15:00 2026', 'Received: from mx.cert.example', '\tby mail.factory.example', 'Subject: x', '', 'body'].join('\n');
    expect(looksLikeEmail(Buffer.from(text))).toBe(true);
  });
});

describe('link targets of an HTML-only message', () => {
  it('follow the body, when they are not already in it (the phishing page is the indicator)', async () => {
    const html = '<html><body><p>Gentile cliente, la sua casella sta per essere sospesa.</p><p><a href="https://login.mail-verify.kx-net.org/?u=ana&amp;t=1">Accedi qui</a> oppure visita <a href=\'https://www.example.com/\'>https://www.example.com/</a>.</p></body></html>';
    const bytes = message(['Subject: Verifica casella', 'Content-Type: text/html; charset=utf-8'], html);
    const d = await doc(bytes);
    expect(d.text).toContain('[links in the message]\nhttps://login.mail-verify.kx-net.org/?u=ana&t=1');
    expect(d.text.match(/https:\/\/www\.example\.com\//g)).toHaveLength(1);
    expect(await values(bytes)).toContain('url https://login.mail-verify.kx-net.org/?u=ana&t=1');
  });

  it('reads them in linear time from a hostile body', async () => {
    const { linkTargets } = await import('./document.js');
    const t0 = process.hrtime.bigint();
    expect(linkTargets(`<a ${'x'.repeat(3000)}`.repeat(2000))).toEqual([]);
    expect(linkTargets('<a <a <a href="'.repeat(300_000))).toEqual([]);
    expect(linkTargets(`${'<a href="https://x.example/">'.repeat(2)}<A\thref='https://y.example/a'>`)).toEqual(['https://x.example/', 'https://y.example/a']);
    expect(Number(process.hrtime.bigint() - t0) / 1e9).toBeLessThan(20);
  });
});
