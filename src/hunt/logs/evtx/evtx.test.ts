import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatedEvents, sampleEvents } from '../../../../test/fixtures/evtx/events.js';
import { writeEvtx, type EventSpec } from '../../../../test/fixtures/evtx/writer.js';
import { hasTool } from '../../../../test/helpers/triage-reference.js';
import { mulberry32 } from '../../../util/prng.js';
import { hunt } from '../../index.js';
import { IndicatorMatcher } from '../../match/matcher.js';
import type { HuntType } from '../../types.js';
import { scanLog } from '../reader.js';
import { renderBinaryLog } from '../../../../test/helpers/binary-log.js';
import { filetime, guid, renderValue, VT } from './values.js';
import { detectFormat } from '../../../triage/detect.js';
import { bytesToDocument } from '../../../input/document.js';

const HAVE_EVTXEXPORT = hasTool('evtxexport');
if (!HAVE_EVTXEXPORT) console.warn('evtxexport missing: the reference comparison is skipped (apt-get install libevtx-utils)');

/** The records of an event log's bytes, fed in pieces of `size` bytes, and the warnings. */
async function render(bytes: Buffer, size = 65536): Promise<{ records: Record<string, unknown>[]; warnings: string[] }> {
  const r = await renderBinaryLog(bytes, 'test.evtx', size);
  return { records: r.lines, warnings: r.warnings };
}

const SAMPLE = writeEvtx(sampleEvents(), 2);

describe('event log values', () => {
  it('renders GUIDs, SIDs, times and hex integers as Event Viewer shows them', () => {
    const g = Buffer.from('1a5c4e0bd322104f9a8b77c6d5e4f301', 'hex');
    expect(guid(g, 0)).toBe('{0B4E5C1A-22D3-4F10-9A8B-77C6D5E4F301}');
    const sid = Buffer.from('010500000000000515000000c7a0fed77c1d55c894574e01f5030000', 'hex');
    expect(renderValue(sid, 0, sid.length, VT.SID)).toBe('S-1-5-21-3623788743-3361021308-21911444-1013');
    expect(filetime(116444736000000000n + 12345678n)).toBe('1970-01-01T00:00:01.2345678Z');
    expect(filetime(0xffffffffffffffffn)).toBe('18446744073709551615');
    const h = Buffer.alloc(8);
    h.writeBigUInt64LE(0x3e7n);
    expect(renderValue(h, 0, 8, VT.HEX64)).toBe('0x3e7');
    expect(renderValue(Buffer.from('a\0b\0\0\0c\0\0\0', 'latin1'), 0, 12, VT.STRING | 0x80)).toEqual(['ab', 'c', '']);
    // A SID cut short is shown as its bytes, never read past them.
    expect(renderValue(sid, 0, 12, VT.SID)).toBe(sid.subarray(0, 12).toString('hex').toUpperCase());
  });
});

describe('event log files', () => {
  it('give one JSON line per record: number, time, system fields and named event data', async () => {
    const { records, warnings } = await render(SAMPLE);
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.EventRecordID)).toEqual([7100, 7101, 7102, 7103, 7104]);
    expect(records[1]).toMatchObject({
      TimeCreated: '2026-10-02T07:15:44.5000000Z', 'Provider.Name': 'Microsoft-Windows-Security-Auditing', EventID: 4624,
      Channel: 'Security', Computer: 'FS01.plant.example', TargetUserSid: 'S-1-5-21-3623811015-3361044348-30300820-1107',
      TargetUserName: 'm.rossi', TargetLogonId: '0x1a2b3c', LogonType: 10, LogonGuid: '{7F00A1B2-C3D4-4E5F-8899-AABBCCDDEEFF}',
      IpAddress: '185.220.101.47', IpPort: '3389',
    });
    // An optional value left empty is no field; namespace declarations are none either.
    expect(records[1]).not.toHaveProperty('WorkstationName');
    expect(Object.keys(records[0]!).some((k) => k.includes('xmlns'))).toBe(false);
    expect(records[3]).toMatchObject({ ServiceName: 'WinSyncHelper', Binary: 'DEADBEEF', Params: ['-k', 'update.dll'] });
    // The cleared-log event holds its data as nested binary XML.
    expect(records[4]).toMatchObject({ EventID: 1102, SubjectUserName: 'm.rossi', SubjectDomainName: 'PLANT' });
  });

  it('agree with libevtx (evtxexport) on every value', { skip: !HAVE_EVTXEXPORT }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-evtx-ref-'));
    try {
      const path = join(dir, 'sample.evtx');
      writeFileSync(path, SAMPLE);
      const xml = execFileSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8' });
      const events = xml.split(/<Event(?=[ >])/).slice(1);
      const { records } = await render(SAMPLE);
      expect(events.length).toBe(records.length);
      let compared = 0;
      events.forEach((ev, i) => {
        const r = records[i]!;
        for (const m of ev.matchAll(/<Data Name="([^"]+)">([^<]*)<\/Data>/g)) {
          const mine = r[m[1]!];
          compared++;
          const value = m[2]!.replace(/&amp;/g, '&');
          // libevtx pads hex integers to 16 digits; a string array is one Data element per string.
          if (Array.isArray(mine)) expect(mine).toContain(value);
          else if (typeof mine === 'string' && mine.startsWith('0x')) expect(BigInt(mine)).toBe(BigInt(value));
          else expect(String(mine)).toBe(value);
        }
        for (const el of ['EventID', 'EventRecordID', 'Channel', 'Computer', 'SubjectUserName', 'Binary']) {
          const m = new RegExp(`<${el}>([^<]*)</${el}>`).exec(ev);
          if (m) expect(String(r[el])).toBe(m[1]);
        }
        const t = /SystemTime="([^"]+)"/.exec(ev)![1]!;
        expect((r['TimeCreated.SystemTime'] as string).slice(0, 23)).toBe(t.slice(0, 23));
      });
      // 8 + 7 logon fields (an empty optional one is left out by both), 4 process, 4 service fields.
      expect(compared).toBe(23);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([1, 7, 4096, 70000])('read the same whatever the pieces the bytes come in (%i bytes)', async (size) => {
    const whole = await render(SAMPLE);
    expect(await render(SAMPLE, size)).toEqual(whole);
  });

  it('span chunks: each chunk defines its templates and names again', async () => {
    const many = repeatedEvents(600, 1000n);
    const bytes = writeEvtx(many);
    expect(bytes.length).toBeGreaterThan(4096 + 3 * 65536);
    const { records, warnings } = await render(bytes);
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.EventRecordID)).toEqual(many.map((e) => Number(e.id)));
    expect(records.every((r) => r.EventRecordID === r.EventRecordID && typeof r.Computer === 'string')).toBe(true);
  });

  it('sweep the strings of a damaged record, with one warning, and read the others', async () => {
    const bad = Buffer.from(SAMPLE);
    // The third record's template is said to lie past the end of its chunk.
    const second = bad.indexOf(Buffer.from([0x2a, 0x2a, 0, 0]), 4096 + 512 + 1);
    const third = bad.indexOf(Buffer.from([0x2a, 0x2a, 0, 0]), second + 1);
    expect(bad[third + 24 + 4]).toBe(0x0c);
    bad.writeUInt32LE(0xfffffff0, third + 24 + 4 + 6);
    const { records, warnings } = await render(bad);
    expect(records.map((r) => r.EventRecordID)).toEqual([7100, 7101, 7102, 7103, 7104]);
    expect(records[2]).not.toHaveProperty('Image');
    expect(records[2]!.Strings).toContain('msupdate.exe -c wss://cdn-sync.telemetry-eu.net:443/ws');
    expect(records[3]).toMatchObject({ ServiceName: 'WinSyncHelper' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^evtx-damaged: test\.evtx: 1 event record did not parse; their UTF-16 strings were swept instead \(field Strings\) \(first: record 7102: /);
  });

  it('fail every record of a broken template alike (never rendered empty)', async () => {
    const bad = Buffer.from(SAMPLE);
    // An unknown token inside the logon template, defined by the first record, used by the second.
    const at = bad.indexOf(Buffer.from('TargetUserSid', 'utf16le'));
    expect(bad.subarray(at - 4, at - 2)).toEqual(Buffer.from([0x05, 0x01]));
    bad[at - 4] = 0xfe;
    const { records, warnings } = await render(bad);
    expect(records).toHaveLength(5);
    expect(records[1]).not.toHaveProperty('IpAddress');
    expect(records[1]!.Strings).toContain('185.220.101.47');
    expect(warnings[0]).toMatch(/2 event records did not parse/);
  });

  it('count a chunk without its signature as damage, but not a never-written (zero) one', async () => {
    const bad = Buffer.concat([SAMPLE, Buffer.alloc(65536, 0x41)]);
    expect((await render(SAMPLE)).warnings).toEqual([]);
    const { records, warnings } = await render(bad);
    expect(records).toHaveLength(6);
    expect(records[5]).toMatchObject({ Chunk: 3, Offset: 0 });
    expect(warnings.join()).toMatch(/1 chunk has no chunk signature/);
  });

  it('bound what a chunk renders to: records that all reuse one huge template text', async () => {
    const body = { el: 'Event', children: [{ el: 'Note', children: [{ text: 'x'.repeat(16000) }] }, { el: 'N', children: [{ sub: 0, type: 'u32' as const }] }] };
    const events: EventSpec[] = Array.from({ length: 580 }, (_, i) => ({ template: 'big', body, id: BigInt(i + 1), time: new Date(0), values: [{ t: 'u32', v: i }] }));
    const bytes = writeEvtx(events);
    const { records, warnings } = await render(bytes);
    const rendered = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
    // One chunk: 580 records of 16,000 characters each would be 9 MB of lines.
    expect(bytes.length).toBe(4096 + 65536);
    expect(rendered).toBeLessThan(5 << 20);
    expect(records.length).toBeGreaterThan(250);
    expect(warnings.join()).toMatch(/1 chunk could not be read to its end.*render past 4 MiB/);
  });

  it('say where a cut file ends: in its header, before the records of a chunk, inside a record', async () => {
    expect((await render(SAMPLE.subarray(0, 8))).warnings).toEqual(['evtx-damaged: test.evtx: an event log cut inside its file header; no records']);
    expect((await render(SAMPLE.subarray(0, 4200))).warnings.join()).toMatch(/the file ends inside chunk 0, before its records/);
    const { records, warnings } = await render(SAMPLE.subarray(0, 4096 + 512 + 300));
    expect(records).toEqual([expect.objectContaining({ Chunk: 0, Offset: 512 })]);
    expect(warnings.join()).toMatch(/chunk 0 offset 512: the file ends inside this record/);
  });

  it('survive truncation anywhere and random damage: records or warnings, never a throw or a hang', async () => {
    for (let cut = 0; cut < 12000; cut += 37) {
      const { records } = await render(SAMPLE.subarray(0, cut));
      expect(records.length).toBeLessThanOrEqual(5);
    }
    const rnd = mulberry32(2026);
    const t0 = Date.now();
    for (let k = 0; k < 400; k++) {
      const b = Buffer.from(SAMPLE.subarray(0, 4096 + 65536));
      const flips = 1 + Math.floor(rnd() * 8);
      for (let f = 0; f < flips; f++) {
        const at = 4096 + Math.floor(rnd() * 3000);
        b[at] = rnd() < 0.3 ? 0xff : Math.floor(rnd() * 256);
      }
      const { records } = await render(b);
      for (const r of records) expect(['number', 'string'].includes(typeof r.EventRecordID) || typeof r.Chunk === 'number').toBe(true);
    }
    // A generous bound: 400 damaged 68 KiB files take well under a second each.
    expect(Date.now() - t0).toBeLessThan(60_000);
  });
});

describe('triage of event logs', () => {
  it('names them (data to triage, records to hunt)', () => {
    expect(detectFormat(SAMPLE)).toEqual({ format: 'data', description: 'Windows event log (EVTX 3.1, 1 chunks)' });
  });

  it('are refused by extract with the command that reads them', async () => {
    await expect(bytesToDocument(SAMPLE, { name: 'Security.evtx', kind: 'file' })).rejects.toThrow(
      'Security.evtx: a Windows event log (EVTX 3.1, 1 chunks), not a report; `pillbox hunt --intel REPORT Security.evtx` sweeps its records',
    );
  });
});

describe('hunt over event logs', () => {
  const INTEL: [HuntType, string][] = [
    ['ipv4', '185.220.101.47'], ['domain', 'telemetry-eu.net'], ['sha256', '6f1e0c5b9a2d4e7f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7'],
    ['filepath', 'C:\\ProgramData\\Updater\\msupdate.exe'],
  ];
  const WANT = ['2 IpAddress 185.220.101.47', '3 Image C:\\ProgramData\\Updater\\msupdate.exe', '3 CommandLine telemetry-eu.net', '3 Hashes 6f1e0c5b9a2d4e7f8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7', '4 ImagePath C:\\ProgramData\\Updater\\msupdate.exe'];
  const hitsOf = (r: { hits: { indicator: string; line: number | null; field: string | null }[] }): string[] => r.hits.map((h) => `${h.line} ${h.field} ${h.indicator}`);

  it('name the record (its line) and the field of each hit, gzipped or not', async () => {
    const m = new IndicatorMatcher(INTEL.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
    for (const bytes of [SAMPLE, gzipSync(SAMPLE)]) {
      const r = await scanLog(Readable.from([bytes]), m, { file: 'Security.evtx' });
      expect(r.format?.name).toBe('evtx');
      expect(r.lines).toBe(5);
      expect(hitsOf(r)).toEqual(WANT);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'pillbox-evtx-hunt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sweeps .evtx files, alone, gzipped and inside TAR and ZIP collections (they had been binaries: no hits)', async () => {
    writeFileSync(join(dir, 'Security.evtx'), SAMPLE);
    writeFileSync(join(dir, 'System.evtx.gz'), gzipSync(SAMPLE));
    execFileSync('tar', ['-cf', join(dir, 'logs.tar'), '-C', dir, 'Security.evtx']);
    execFileSync('zip', ['-q', join(dir, 'logs.zip'), 'Security.evtx'], { cwd: dir });
    writeFileSync(join(dir, 'intel.txt'), `${INTEL.map(([, v]) => v).join('\n')}\n`);
    const files = ['Security.evtx', 'System.evtx.gz', 'logs.tar', 'logs.zip'];
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: files.map((f) => join(dir, f)), threads: 1 });
    const by = (f: string): string[] => hitsOf({ hits: r.hits.filter((h) => h.file === join(dir, f)) });
    expect(by('Security.evtx')).toEqual(WANT);
    expect(by('System.evtx.gz')).toEqual(WANT);
    expect(by('logs.tar!/Security.evtx')).toEqual(WANT);
    expect(by('logs.zip!/Security.evtx')).toEqual(WANT);
    expect(r.summary.by_file.find((f) => f.file.endsWith('/Security.evtx'))?.format).toBe('evtx');
    expect(r.warnings).toEqual([]);
    // A record's line is made, not read: the offset is the match's in that line.
    const ip = r.hits.find((h) => h.file === join(dir, 'Security.evtx') && h.type === 'ipv4')!;
    expect(ip.context).toContain('"IpAddress":"185.220.101.47"');
    expect(ip.offset).toBeGreaterThan(0);
    expect(ip.offset).toBeLessThan(600);
  });

  it('cuts a big event log at chunk boundaries across threads, with the same hits as one thread', async () => {
    const many = repeatedEvents(900, 1n);
    const path = join(dir, 'Big.evtx');
    const bytes = writeEvtx(many);
    writeFileSync(path, bytes);
    expect(bytes.length).toBeGreaterThanOrEqual(4096 + 5 * 65536);
    const one = await hunt({ intel: [join(dir, 'intel.txt')], targets: [path], threads: 1 });
    const two = await hunt({ intel: [join(dir, 'intel.txt')], targets: [path], threads: 2, splitSize: 100_000 });
    expect(one.hits.length).toBe((900 / 5) * 5);
    expect(two.hits).toEqual(one.hits);
    expect(two.summary.lines).toBe(900);
    expect(two.summary.by_file).toEqual(one.summary.by_file);
  });
});
