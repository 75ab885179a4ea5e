import CFB from 'cfb';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../test/e2e/extract-cli.js';
import { extractText } from '../extract/index.js';
import { PillboxError } from '../errors.js';
import { readCfb } from '../triage/formats/document/cfb.js';
import { mulberry32 } from '../util/prng.js';
import { bytesToDocument } from './document.js';

// Outlook messages written with SheetJS's cfb (an independent compound-file writer) in the layout of
// MS-OXMSG: property streams `__substg1.0_<id><type>`, attachment storages, a fixed-size property
// stream with the submit time.
const u16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/** `__properties_version1.0` of a top-level message: 32-byte header, then PR_CLIENT_SUBMIT_TIME. */
function properties(date: Date): Buffer {
  const b = Buffer.alloc(32 + 16);
  b.writeUInt16LE(0x0040, 32);
  b.writeUInt16LE(0x0039, 34);
  b.writeBigUInt64LE((BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n, 40);
  return b;
}

function msg(streams: Record<string, Uint8Array>): Buffer {
  const c = CFB.utils.cfb_new();
  for (const [path, data] of Object.entries(streams)) CFB.utils.cfb_add(c, path, data);
  return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
}

const read = (bytes: Uint8Array) => bytesToDocument(bytes, { name: 'fwd.msg', kind: 'file' });
const found = (text: string): string[] => extractText(text, { stages: ['indicators'] }).indicators.map((i) => `${i.type} ${i.value}`);

describe('Outlook .msg messages', () => {
  const hash = createHash('sha256').update('msg loader').digest('hex');
  const bytes = msg({
    '/__properties_version1.0': properties(new Date('2026-10-14T08:30:00Z')),
    '/__substg1.0_0037001F': u16('FW: KeyPlug infrastructure update'),
    '/__substg1.0_1000001F': u16('Team, new C2: beacon-relay[.]example[.]net and 45.86.12[.]34. Details attached.'),
    '/__attach_version1.0_#00000000/__substg1.0_3707001F': u16('report.pdf'),
    '/__attach_version1.0_#00000000/__substg1.0_37010102': makePdf(['Payload SHA-256:', hash]),
    '/__attach_version1.0_#00000001/__substg1.0_3707001F': u16('sample.bin'),
    '/__attach_version1.0_#00000001/__substg1.0_37010102': Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]),
    '/__attach_version1.0_#00000002/__substg1.0_3707001F': u16('original.msg'),
    '/__attach_version1.0_#00000002/__substg1.0_3701000D/__substg1.0_0037001F': u16('KeyPlug infrastructure'),
    '/__attach_version1.0_#00000002/__substg1.0_3701000D/__substg1.0_1000001F': u16('Staging at files.stage-host.example.org'),
  });

  it('reads the subject, body, submit time, attached documents and an attached message', async () => {
    const d = await read(bytes);
    expect(d.source.media_type).toBe('application/vnd.ms-outlook');
    expect(d.title).toBe('FW: KeyPlug infrastructure update');
    expect(d.hints?.published).toBe('2026-10-14T08:30:00.000Z');
    expect(d.text).toContain('[attachment: report.pdf]');
    expect(d.text).toContain('[attachment: original.msg]\nSubject: KeyPlug infrastructure');
    expect(found(d.text)).toEqual(expect.arrayContaining(['domain beacon-relay.example.net', 'ipv4 45.86.12.34', `sha256 ${hash}`, 'domain files.stage-host.example.org']));
    expect(d.warnings.find((w) => w.code === 'email-attachments-skipped')?.message).toContain('sample.bin');
  });

  it('reads every stream as the reference writer wrote it (mini stream and regular sectors)', () => {
    const big = Buffer.alloc(70_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const small = Buffer.from('a small stream in the mini stream');
    const c = readCfb(msg({ '/big.bin': big, '/dir/small.txt': small }))!;
    const names = c.root.children.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['big.bin', 'dir']));
    expect(Buffer.from(c.read(c.root.children.find((e) => e.name === 'big.bin')!))).toEqual(big);
    const dir = c.root.children.find((e) => e.name === 'dir')!;
    expect(Buffer.from(c.read(dir.children[0]!)).toString()).toBe(small.toString());
    expect(c.warnings).toEqual([]);
  });

  it('survives looping chains, a looping directory and truncation', () => {
    const base = msg({ '/__properties_version1.0': Buffer.alloc(32), '/__substg1.0_1000001F': u16('x'.repeat(5000)) });
    // Every FAT entry pointing at sector 0: every chain loops.
    const fatLoop = Buffer.from(base);
    const fatSector = fatLoop.readUInt32LE(76);
    for (let i = 0; i < 128; i++) fatLoop.writeUInt32LE(0, (fatSector + 1) * 512 + i * 4);
    const a = readCfb(fatLoop);
    expect(a === null || a.warnings.some((w) => w.code === 'cfb-loop')).toBe(true);
    // The root's child pointing at the root's own siblings in a cycle.
    const dirLoop = Buffer.from(base);
    const dirStart = (dirLoop.readUInt32LE(48) + 1) * 512;
    dirLoop.writeUInt32LE(1, dirStart + 128 + 68);
    dirLoop.writeUInt32LE(1, dirStart + 128 + 72);
    const b = readCfb(dirLoop);
    expect(b).not.toBeNull();
    for (let cut = 512; cut < base.length; cut += 997) {
      const c = readCfb(base.subarray(0, cut));
      if (c !== null) for (const e of c.root.children) if (e.type === 'stream') c.read(e);
    }
  });

  it('reads 400 mutated copies (bit flips, huge counts, zeroed sectors) without a crash: a document or a PillboxError', async () => {
    const rnd = mulberry32(0x315);
    for (let k = 0; k < 400; k++) {
      const m = Buffer.from(bytes);
      const flips = 1 + Math.floor(rnd() * 8);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(rnd() * m.length);
        const how = rnd();
        if (how < 0.5) m[at] = m[at]! ^ (1 << Math.floor(rnd() * 8));
        else if (how < 0.8 && at + 4 <= m.length) m.writeUInt32LE(Math.floor(rnd() * 0xffffffff), at);
        else m.fill(0, at, Math.min(m.length, at + 512));
      }
      const got = await bytesToDocument(m, { name: 'm.msg', kind: 'file' }).catch((e: unknown) => e);
      if (got instanceof Error) expect(got).toBeInstanceOf(PillboxError);
      else expect(typeof (got as { text: string }).text).toBe('string');
    }
  });

  it('refuses a compound file that is no message with a clear message', async () => {
    const doc = msg({ '/WordDocument': Buffer.alloc(600) });
    await expect(bytesToDocument(doc, { name: 'old.doc', kind: 'file' })).rejects.toThrow(/OLE compound file .*97-2003/);
  });
});

describe('Outlook .msg messages in triage', () => {
  it('triages the attachments as members, attached messages included, and says what the message is', async () => {
    const { triageBytes } = await import('../triage/index.js');
    const { writeZip, writeLnk } = await import('../../test/fixtures/samples/writers.js');
    const zip = writeZip([{ name: 'Fattura.pdf.lnk', data: writeLnk({ target: 'C:\\Windows\\System32\\mshta.exe', args: 'hxxps://cdn-fatture.example.org/f.hta' }) }]);
    const m = msg({
      '/__properties_version1.0': properties(new Date('2026-10-14T08:30:00Z')),
      '/__substg1.0_0037001F': u16('Fattura scaduta'),
      '/__substg1.0_1000001F': u16('In allegato la fattura.'),
      '/__attach_version1.0_#00000000/__substg1.0_3707001F': u16('Fattura.zip'),
      '/__attach_version1.0_#00000000/__substg1.0_37010102': zip,
      '/__attach_version1.0_#00000001/__substg1.0_3707001F': u16('inoltro.msg'),
      '/__attach_version1.0_#00000001/__substg1.0_3701000D/__substg1.0_0037001F': u16('inner'),
      '/__attach_version1.0_#00000001/__substg1.0_3701000D/__attach_version1.0_#00000000/__substg1.0_3707001F': u16('note.txt'),
      '/__attach_version1.0_#00000001/__substg1.0_3701000D/__attach_version1.0_#00000000/__substg1.0_37010102': Buffer.from('see 45.86.12.34\n'),
    });
    const r = triageBytes(m, { path: 'phish.msg', now: 0 });
    expect(r.format).toBe('office');
    expect((r.details['msg'] as { subject: string }).subject).toBe('Fattura scaduta');
    const members = r.details['members'] as { path: string; format: string }[];
    expect(members.map((x) => [x.path, x.format])).toEqual([['phish.msg!/Fattura.zip', 'zip'], ['phish.msg!/inoltro.msg!/note.txt', 'text']]);
    expect(r.description).toBe('Outlook message "Fattura scaduta", 2 attachment(s)');
    expect((members[0] as unknown as { findings: string[] }).findings).toEqual(['Fattura.pdf.lnk: shortcut runs mshta.exe with arguments']);
  });
});

describe('an Outlook message attached to an e-mail', () => {
  it('is read as text after the body', async () => {
    const inner = msg({ '/__properties_version1.0': Buffer.alloc(32), '/__substg1.0_0037001F': u16('Original alert'), '/__substg1.0_1000001F': u16('Beacon to relay-in-msg.kx-net.org seen.') });
    const B = 'mb';
    const eml = Buffer.from([
      'From: a@cert.example', 'To: soc@factory.example', 'Subject: FW: alert', 'Message-ID: <9@cert.example>', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${B}"`, '',
      `--${B}`, 'Content-Type: text/plain', '', 'Forwarding the original.', '',
      `--${B}`, 'Content-Type: application/vnd.ms-outlook; name="alert.msg"', 'Content-Disposition: attachment; filename="alert.msg"', 'Content-Transfer-Encoding: base64', '', inner.toString('base64').replace(/.{76}/g, '$&\r\n'), '',
      `--${B}--`, '',
    ].join('\r\n'));
    const d = await bytesToDocument(eml, { name: 'fw.eml', kind: 'file' });
    expect(d.text).toContain('[attachment: alert.msg]\nSubject: Original alert');
    expect(found(d.text)).toContain('domain relay-in-msg.kx-net.org');
  });
});
