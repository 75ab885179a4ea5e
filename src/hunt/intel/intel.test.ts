import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleError } from '../../errors.js';
import { indicatorsToCsv } from '../../cli/output/indicators-csv.js';
import { toJsonl } from '../../cli/output/jsonl.js';
import { stixBundleChunks } from '../../export/stix21/index.js';
import { extract } from '../../extract/index.js';
import { registryKey } from '../match/registry.js';
import { classifyToken } from './classify.js';
import { detectIntelKind, loadIntel } from './index.js';
import { hunt } from '../index.js';
import { loadCsv, loadList } from './list.js';
import { loadMisp } from './misp.js';
import { loadStix } from './stix.js';
import { compileYara, loadYara } from './yara.js';
import type { YaraSource } from '../types.js';

const pairs = (l: { indicators: { type: string; value: string }[] }): string[] => l.indicators.map((i) => `${i.type}:${i.value}`);
/** A STIX indicator object with a STIX pattern. */
const ind = (id: string, pattern: string): Record<string, string> => ({ type: 'indicator', id, pattern_type: 'stix', pattern });

describe('intel loaders', () => {
  it('reads plain lists with defanged forms and comments', () => {
    const l = loadList('# header\nevil-site[.]net  # trailing comment\nhxxps://bad-host[.]org/x\n10.20.30.0/24\nnot an indicator line\n', 'l.txt', classifyToken);
    expect(pairs(l)).toEqual(['domain:evil-site.net', 'url:https://bad-host.org/x', 'cidr:10.20.30.0/24']);
    expect(l.warnings.map((w) => w.code)).toEqual(['list-unreadable']);
  });

  it('reads CSV by indicator column and type column, else the first column', () => {
    expect(pairs(loadCsv('ioc,type\nEVIL-site.net,domain\n"C:\\x\\y.dll",filepath\n', 'a.csv', classifyToken))).toEqual(['domain:evil-site.net', 'filepath:C:\\x\\y.dll']);
    expect(pairs(loadCsv('host,seen\nbad-host.org,2\n', 'b.csv', classifyToken))).toEqual(['domain:bad-host.org']);
  });

  it('reads MISP attributes and object attributes, honouring to_ids', () => {
    const ev = { Event: { info: 'Op X', Attribute: [
      { type: 'ip-dst|port', value: '45.1.2.3|443', to_ids: true },
      { type: 'domain', value: 'skip-host.net', to_ids: false },
      { type: 'filename|sha256', value: `a.exe|${'A'.repeat(64)}`, to_ids: true },
    ], Object: [{ Attribute: [{ type: 'url', value: 'hxxp://x-host.net/p', to_ids: true }] }] } };
    const r = loadMisp(ev, 'e.json');
    expect(r.title).toBe('Op X');
    expect(pairs(r)).toEqual(['ipv4:45.1.2.3', 'filename:a.exe', `sha256:${'a'.repeat(64)}`, 'url:http://x-host.net/p']);
    expect(r.warnings.map((w) => w.code)).toEqual(['misp-not-ids']);
  });

  it('says which MISP types it does not sweep and which values are not valid for their type', () => {
    const attr = (type: string, value: string): Record<string, unknown> => ({ type, value, to_ids: true });
    const ev = { Event: { info: 'Op Y', Attribute: [
      attr('mutex', 'Global\\kp'), attr('regkey', 'HKLM\\Software\\Evil'), attr('mutex', 'Global\\kp2'),
      attr('sha256', 'not-a-hash'), attr('domain', 'kept-host.net'), attr('regkey|value', 'HKCU\\Software\\Run\\X|C:\\x.exe'),
      attr('regkey', 'NotAHive\\Software'),
    ] } };
    const r = loadMisp(ev, 'y.json');
    // A registry key is swept (the data of `regkey|value` is no indicator); one under no hive is not valid.
    expect(pairs(r)).toEqual(['registry:HKLM\\Software\\Evil', 'domain:kept-host.net', 'registry:HKCU\\Software\\Run\\X']);
    expect(r.warnings).toEqual([{ code: 'misp-unsupported', message: 'y.json: 4 attribute value(s) cannot be swept: of types hunt does not sweep (mutex 2); not valid for their type (regkey 1, sha256 1)' }]);
  });

  it('reads a MISP object with hundreds of thousands of attributes (no spread call: it overflowed the stack)', () => {
    const attrs = Array.from({ length: 250_000 }, (_, i) => ({ type: 'domain', value: `h${i}.big-object.net`, to_ids: true }));
    const r = loadMisp({ Event: { info: 'big', Object: [{ Attribute: attrs }] } }, 'big.json');
    expect(r.indicators).toHaveLength(250_000);
    expect(r.indicators[249_999]?.value).toBe('h249999.big-object.net');
  });

  it('reads STIX patterns and observables, titled by the report', () => {
    const b = { type: 'bundle', id: 'bundle--1', objects: [
      { type: 'report', id: 'report--1', name: 'R' },
      { type: 'indicator', id: 'indicator--1', pattern_type: 'stix', pattern: "[network-traffic:dst_ref.value = '45.1.2.3'] OR [email-addr:value = 'A@B-mail.net']" },
      { type: 'indicator', id: 'indicator--2', pattern_type: 'sigma', pattern: 'whatever' },
      { type: 'ipv6-addr', id: 'ipv6-addr--1', value: '2001:db8::/32' },
    ] };
    const r = loadStix(b, 's.json', classifyToken);
    expect(r.title).toBe('R');
    expect(pairs(r)).toEqual(['ipv4:45.1.2.3', 'email:a@b-mail.net', 'cidr:2001:db8::/32']);
  });

  it('says how many patterns it cannot read (once per source, naming the first), and how many comparisons it cannot sweep', () => {
    const b = { type: 'bundle', id: 'bundle--2', objects: [
      ind('indicator--a', 'not a pattern at all((('),
      ind('indicator--b', "[domain-name:value = 'kept-c2.net']"),
      ind('indicator--c', ''),
      ind('indicator--d', "[url:value LIKE 'http://x.net/%' OR ipv4-addr:value = '45.1.2.4']"),
    ] };
    const r = loadStix(b, 'p.json', classifyToken);
    expect(pairs(r)).toEqual(['domain:kept-c2.net', 'ipv4:45.1.2.4']);
    expect(r.warnings).toEqual([
      { code: 'stix-pattern', message: 'p.json: 2 indicator pattern(s) cannot be read (first: indicator--a: no comparison found in the pattern)' },
      { code: 'stix-skipped', message: 'p.json: 1 pattern comparison(s) or values cannot be swept: not an equality (1)' },
    ]);
  });
});

describe('intel written by pillbox extract', () => {
  it('reads back a path from a STIX pattern or a file in a directory, not the bare name; OR keeps them apart', () => {
    const b = { type: 'bundle', id: 'bundle--3', objects: [
      ind('indicator--a', "[file:name = 'kp' AND file:parent_directory_ref.path = '/tmp/.X11-cache']"),
      ind('indicator--b', "[file:name = 'svc.exe' AND file:parent_directory_ref.path = 'C:\\\\ProgramData\\\\Sync']"),
      ind('indicator--c', "[file:name = 'a.dll' OR file:parent_directory_ref.path = '/opt/x']"),
      ind('indicator--d', "[file:name = 'boot.sys' AND file:parent_directory_ref.path = 'C:']"),
      { type: 'directory', id: 'directory--1', path: '/usr/lib/systemd' },
      { type: 'file', id: 'file--1', name: 'systemd-journal-helper', parent_directory_ref: 'directory--1' },
      { type: 'file', id: 'file--2', name: 'lone.bin', parent_directory_ref: 'directory--missing' },
      ind('indicator--e', "[autonomous-system:number = 20473]"),
      ind('indicator--f', "[file:hashes.'SSDEEP' = '3:abc:def']"),
    ] };
    const r = loadStix(b, 's.json', classifyToken);
    expect(pairs(r)).toEqual([
      'filepath:/tmp/.X11-cache/kp',
      'filepath:C:\\ProgramData\\Sync\\svc.exe',
      'filename:a.dll',
      'filepath:C:\\boot.sys',
      'filepath:/usr/lib/systemd/systemd-journal-helper',
      'filename:lone.bin',
    ]);
    expect(r.warnings).toEqual([{ code: 'stix-skipped', message: 's.json: 3 pattern comparison(s) or values cannot be swept: of types hunt does not sweep (autonomous-system:number 1, file:hashes.ssdeep 1, file:parent_directory_ref.path 1)' }]);
  });

  it('names the types of CSV rows hunt does not sweep (pillbox extract --csv), apart from rows without an indicator', () => {
    const csv = 'type,value,raw\ncve,CVE-2021-44228,x\nattack_technique,T1059.001,x\nattack_technique,T1105,x\ndomain,evil-c2.net,x\ndomain,not a host,x\n';
    const r = loadCsv(csv, 'k.csv', classifyToken);
    expect(pairs(r)).toEqual(['domain:evil-c2.net']);
    expect(r.warnings).toEqual([
      { code: 'csv-unreadable', message: "k.csv: 1 row(s) hold no indicator in column 'value'" },
      { code: 'csv-not-swept', message: 'k.csv: 3 row(s) of types hunt does not sweep (attack_technique 2, cve 1)' },
    ]);
  });
});

describe('loadIntel', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pillbox-intel-'));
    writeFileSync(join(dir, 'list.txt'), 'evil-site.net\nevil-site.net\n8.8.8.8\n');
    writeFileSync(join(dir, 'r.yar'), 'rule a {\n  strings: $a = "x"\n  condition: $a or\n}\n');
    writeFileSync(join(dir, 'ok.yar'), 'rule b { condition: true }\n');
    writeFileSync(join(dir, 'notes.md'), '# Report\n\nThe actor used evil-site.net for C2.\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads what pillbox extract wrote (JSON, JSON lines, CSV, STIX) as the same indicators as the report itself", async () => {
    const report = join(import.meta.dirname, '..', '..', '..', 'examples', 'keyplug-report.md');
    const result = await extract(report);
    const out = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const forms = {
      json: out('kp.json', JSON.stringify(result, null, 2)),
      jsonl: out('kp.jsonl', toJsonl(result.indicators)),
      csv: out('kp.csv', [...indicatorsToCsv(result.indicators)].join('')),
      stix: out('kp.stix.json', [...stixBundleChunks(result)].join('')),
    };
    // Registry keys by the key the sweep compares (HKCU and HKEY_CURRENT_USER are one hive).
    const key = (set: { indicators: { type: string; value: string }[] }): string[] => set.indicators.map((i) => `${i.type}:${i.type === 'registry' ? registryKey(i.value) : i.value}`).sort();
    const expected = key(await loadIntel([report]));
    expect(expected.length).toBeGreaterThan(25);
    expect(expected).toContain('filepath:/tmp/.X11-cache/kp');
    for (const [form, path] of Object.entries(forms)) {
      expect(detectIntelKind(readFileSync(path), path, classifyToken), form).toBe(form === 'json' || form === 'jsonl' ? 'extract' : form);
      expect(key(await loadIntel([path])), form).toEqual(expected);
    }
    // Read as a report, the JSON's own strings had become indicators: the report file's SHA-256.
    expect(key(await loadIntel([`report:${forms.json}`]))).toContain(`sha256:${result.source.sha256}`);
  });

  it('reads triage records (JSON, JSON lines) as the files\' hashes and the network indicators of their strings', async () => {
    const { triageBytes } = await import('../../triage/pipeline/bytes.js');
    const sample = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200, 1), Buffer.from('\0mscoree.dll\0/usr/lib/libfoo.so.1\0https://gate.kx-beacon.net/p.php\0ops@kx-beacon.net\0', 'latin1'), Buffer.alloc(64, 2)]);
    const rec = triageBytes(sample, { path: '/srv/a/WinSvcHost.exe', yara: null, capabilities: null });
    expect(rec.iocs.map((i) => i.type).sort()).toEqual(['domain', 'domain', 'email', 'filename', 'filepath', 'url']);
    const json = join(dir, 'tri.json');
    const jsonl = join(dir, 'tri.jsonl');
    writeFileSync(json, JSON.stringify([rec], null, 2));
    writeFileSync(jsonl, `${JSON.stringify(rec)}\n`);
    for (const path of [json, jsonl]) {
      expect(detectIntelKind(readFileSync(path), path, classifyToken)).toBe('triage');
      const set = await loadIntel([path]);
      expect(set.indicators.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
        `md5:${rec.hashes.md5}`, `sha1:${rec.hashes.sha1}`, `sha256:${rec.hashes.sha256}`, `sha512:${rec.hashes.sha512}`,
        'domain:gate.kx-beacon.net', 'email:ops@kx-beacon.net', 'url:https://gate.kx-beacon.net/p.php', 'domain:kx-beacon.net',
      ].sort());
      expect(set.indicators[0]!.source_title).toBe('triage of /srv/a/WinSvcHost.exe');
      expect(set.warnings.map((w) => w.code)).toEqual(['triage-strings-not-swept']);
    }
    // A record past the 64 KiB head (thousands of string indicators) is still read as one; a record
    // cut off is a broken file, said as such.
    const big = { ...rec, iocs: [...rec.iocs, ...Array.from({ length: 2000 }, (_, k) => ({ ...rec.iocs[0]!, type: 'filename' as const, value: `lib${k}.dll` }))] };
    const bigPath = join(dir, 'big.jsonl');
    writeFileSync(bigPath, `${JSON.stringify(big)}\n${JSON.stringify(big)}\n`);
    expect(readFileSync(bigPath).indexOf(10)).toBeGreaterThan(65536);
    expect(detectIntelKind(readFileSync(bigPath), bigPath, classifyToken)).toBe('triage');
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, readFileSync(bigPath).subarray(0, 70_000));
    await expect(loadIntel([cut])).rejects.toThrow(/cut.jsonl: invalid JSON lines/);
    // Swept with them: a renamed copy is found by its hash; a system DLL named like a string is not a hit.
    const srv = join(dir, 'srv');
    mkdirSync(srv);
    writeFileSync(join(srv, 'update.bin'), sample);
    writeFileSync(join(srv, 'mscoree.dll'), 'MZ not the sample');
    const r = await hunt({ intel: [jsonl], targets: [srv], threads: 1 });
    expect(new Set(r.hits.map((h) => basename(h.file)))).toEqual(new Set(['update.bin']));
    expect(r.hits.filter((h) => h.match === 'hash').map((h) => h.type).sort()).toEqual(['md5', 'sha1', 'sha256', 'sha512']);
  });

  it('detects kinds, merges duplicates and leaves benign indicators out', async () => {
    const set = await loadIntel([join(dir, 'list.txt'), join(dir, 'ok.yar')]);
    expect(set.indicators.map((i) => i.value)).toEqual(['evil-site.net']);
    expect(set.benignSkipped).toBe(1);
    expect(set.yara.map((y) => y.path)).toEqual([join(dir, 'ok.yar')]);
    expect((await loadIntel([join(dir, 'list.txt')], { includeBenign: true })).indicators.map((i) => i.value)).toEqual(['evil-site.net', '8.8.8.8']);
    expect(detectIntelKind(Buffer.from('{"type":"bundle","objects":[]}'), 'x.json', classifyToken)).toBe('stix');
    expect(detectIntelKind(Buffer.from('The report says evil-site.net was used by the actor.\n'), 'x.txt', classifyToken)).toBe('report');
  });

  it('refuses a truncated .json feed with a clear error instead of reading it as prose', () => {
    const broken = Buffer.from('{"type":"bundle","objects":[{"type":"indicator","pattern":"[file:hashes.MD5 = ');
    expect(() => detectIntelKind(broken, 'feed.json', classifyToken)).toThrow(/feed\.json: invalid JSON/);
    expect(detectIntelKind(Buffer.from('[TLP:CLEAR] evil-site.net was seen\n'), 'notes.txt', classifyToken)).not.toBe('stix');
  });

  it('says which source gave no indicator, and why the sweep has nothing to hunt for', async () => {
    writeFileSync(join(dir, 'empty.json'), '{"type":"bundle","id":"bundle--1","objects":[]}');
    writeFileSync(join(dir, 'prose.txt'), 'Nothing to see here, just words.\n');
    const set = await loadIntel([join(dir, 'empty.json'), join(dir, 'list.txt'), join(dir, 'prose.txt')]);
    expect(set.warnings.filter((w) => w.code === 'intel-empty').map((w) => w.message)).toEqual([
      `${join(dir, 'empty.json')}: no indicators found in it (read as a STIX bundle)`,
      `${join(dir, 'prose.txt')}: no indicators found in it (read as a report; a prefix such as list:, csv:, stix: or misp: forces the kind)`,
    ]);
    // Only benign indicators: counted as skipped, not called empty.
    const benignOnly = join(dir, 'benign.txt');
    writeFileSync(benignOnly, '8.8.8.8\n1.1.1.1\n');
    expect((await loadIntel([benignOnly])).warnings.map((w) => w.code)).not.toContain('intel-empty');
    await expect(hunt({ intel: [join(dir, 'empty.json')], targets: [join(dir, 'list.txt')] })).rejects.toThrow(/nothing to hunt for: .*empty\.json: no indicators found in it \(read as a STIX bundle\)/);
  });

  it('reads a report through the extract engine', async () => {
    const set = await loadIntel([`report:${join(dir, 'notes.md')}`]);
    expect(set.indicators.map((i) => [i.type, i.value, i.source_title])).toEqual([['domain', 'evil-site.net', 'Report']]);
  });

  it('sweeps with the YARA rules a STIX bundle or MISP event carries; a rule that does not compile, or that includes a file, is left out with a warning', async () => {
    const rule = (name: string, marker: string): string => `rule ${name} { strings: $a = "${marker}" condition: $a }`;
    const stix = { type: 'bundle', id: 'bundle--y', objects: [
      { type: 'report', id: 'report--y', name: 'Shared rules' },
      { type: 'indicator', id: 'indicator--1', pattern_type: 'yara', pattern: rule('kp_one', 'kp-marker-one') },
      { type: 'indicator', id: 'indicator--2', pattern_type: 'yara', pattern: rule('kp_one', 'kp-marker-two') },
      { type: 'indicator', id: 'indicator--3', pattern_type: 'yara', pattern: 'rule broken { condition: }' },
      { type: 'indicator', id: 'indicator--4', pattern_type: 'yara', pattern: `include "${join(dir, 'ok.yar')}"\n${rule('inc', 'x-inc')}` },
    ] };
    const misp = { Event: { info: 'Op Z', Attribute: [{ type: 'yara', value: rule('kp_misp', 'kp-marker-misp'), to_ids: true, uuid: 'u-1' }] } };
    writeFileSync(join(dir, 'rules-stix.json'), JSON.stringify(stix));
    writeFileSync(join(dir, 'rules-misp.json'), JSON.stringify(misp));
    writeFileSync(join(dir, 'sample.bin'), Buffer.from('\u0000kp-marker-two\u0000kp-marker-misp\u0000x-inc\u0000'));
    const set = await loadIntel([join(dir, 'rules-stix.json'), join(dir, 'rules-misp.json')]);
    // Two rules of one name cannot share a source: one source each; the MISP rule alone.
    expect(set.yara.map((y) => [y.source_title, y.includes])).toEqual([['Shared rules', false], ['Shared rules', false], ['Op Z', false]]);
    expect(set.warnings.map((w) => w.message)).toContain(`${join(dir, 'rules-stix.json')}: 2 YARA rule(s) in the feed do not compile and were left out (first: indicator--3: syntax error)`);
    const r = await hunt({ intel: [join(dir, 'rules-stix.json'), join(dir, 'rules-misp.json')], targets: [join(dir, 'sample.bin')], threads: 1 });
    expect(r.hits.map((h) => [h.indicator, h.source_title])).toEqual([['kp_one', 'Shared rules'], ['kp_misp', 'Op Z']]);
  });

  it('reports YARA compile errors with file and line', async () => {
    const err = await loadYara(join(dir, 'r.yar')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).line).toBe(4);
    expect((err as RuleError).file).toBe(join(dir, 'r.yar'));
  });

  it('sweeps with the rules loadYara compiled on this thread; a copy of the source (a worker) compiles its own', async () => {
    writeFileSync(join(dir, 'm.yar'), 'rule m { strings: $m = "MARK-42" condition: $m }\n');
    const [src] = await loadYara(join(dir, 'm.yar'));
    const here = compileYara([src as YaraSource]);
    expect(compileYara([src as YaraSource])[0]?.rules).toBe(here[0]?.rules);
    const copy = compileYara([structuredClone(src as YaraSource)]);
    expect(copy[0]?.rules).not.toBe(here[0]?.rules);
    for (const c of [here, copy]) expect(c[0]?.rules.scan(Buffer.from('a MARK-42 b')).map((r) => r.ruleIdentifier)).toEqual(['m']);
  });
});

describe('looksLikeYara', () => {
  it('sees rules after comments and stays fast on hostile comment soup', async () => {
    const { looksLikeYara } = await import('./yara.js');
    expect(looksLikeYara('// a\n/* b */\nprivate rule x { condition: true }')).toBe(true);
    expect(looksLikeYara('import "pe"\nrule y { condition: true }')).toBe(true);
    expect(looksLikeYara('the rule of law')).toBe(false);
    expect(looksLikeYara('/* a */ */ '.repeat(800))).toBe(false);
  });
});
