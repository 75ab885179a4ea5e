import { mulberry32 } from '../../src/util/prng.js';
// Line writers for every log format `pillbox hunt` reads: filler lines (that can never match an
// indicator: private addresses, `.internal` hosts, hex ids of non-hash lengths) and carrier lines
// that hold one planted token in a natural field.

/** Seeded PRNG (mulberry32, shared in src/util/prng.ts). */
export const rng = mulberry32;

export type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, a: readonly T[]): T => a[int(r, a.length)] as T;
const hexId = (r: Rand, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(r, 16)];
  return s;
};
const lanIp = (r: Rand): string => `10.${int(r, 256)}.${int(r, 256)}.${1 + int(r, 254)}`;
const host = (r: Rand): string => `${pick(r, ['ws', 'srv', 'db', 'mail', 'print'])}-${int(r, 900) + 100}.corp.internal`;
const lanUrl = (r: Rand): string => `http://${host(r)}/${pick(r, ['index.html', 'api/v2/items', 'static/app.js', 'login'])}?sid=${hexId(r, 24)}`;
const ts = (r: Rand, i: number): number => 1767225600 + i * 3 + int(r, 3);
const MONTH = 'Jan';
const clock = (i: number): string => {
  const s = i % 86400;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export interface LogWriter {
  /** Format name as hunt detects it. */
  format: string;
  file: string;
  header: string[];
  filler(r: Rand, i: number): string;
  /** A line carrying `token`; `rawJson` tokens are already JSON-escaped. */
  carry(r: Rand, i: number, token: string): string;
}

const js = (token: string, raw: boolean): string => (raw ? `"${token}"` : JSON.stringify(token));
const csvCell = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const IIS_FIELDS = ['date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip', 'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken'];
const ZEEK_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'rcode_name'];

export const WRITERS: LogWriter[] = [
  {
    format: 'zeek-tsv', file: 'zeek/dns.log',
    header: ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns', `#fields\t${ZEEK_FIELDS.join('\t')}`, `#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring`],
    filler: (r, i) => [`${ts(r, i)}.${hexId(r, 3).replace(/[a-f]/g, '7')}`, `C${hexId(r, 17)}`, lanIp(r), 50000 + int(r, 9999), lanIp(r), 53, 'udp', host(r), 'NOERROR'].join('\t'),
    carry: (r, i, t) => [`${ts(r, i)}.250`, `C${hexId(r, 17)}`, lanIp(r), 50000 + int(r, 9999), lanIp(r), 53, 'udp', t, 'NOERROR'].join('\t'),
  },
  {
    format: 'json', file: 'zeek/http.json',
    header: [],
    filler: (r, i) => JSON.stringify({ ts: ts(r, i), uid: `C${hexId(r, 17)}`, 'id.orig_h': lanIp(r), 'id.resp_h': lanIp(r), host: host(r), uri: `/${hexId(r, 8)}`, user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0', status_code: 200 }),
    carry: (r, i, t) => `{"ts":${ts(r, i)},"uid":"C${hexId(r, 17)}","id.orig_h":"${lanIp(r)}","host":${js(t, t.includes('\\/'))},"status_code":200}`,
  },
  {
    format: 'json', file: 'windows/sysmon.jsonl',
    header: [],
    filler: (r, i) => JSON.stringify({ EventID: 1, UtcTime: ts(r, i), Computer: host(r), Image: 'C:\\Windows\\System32\\svchost.exe', CommandLine: `svchost.exe -k netsvcs -p -s ${pick(r, ['Schedule', 'BITS', 'Winmgmt'])}`, Hashes: `IMPHASH=${hexId(r, 24).toUpperCase()}`, ProcessGuid: `{${hexId(r, 8)}-${hexId(r, 4)}-${hexId(r, 4)}}` }),
    carry: (r, i, t) => `{"EventID":11,"UtcTime":${ts(r, i)},"Computer":"${host(r)}","Event":{"Data":{"TargetFilename":${js(t, t.includes('\\/'))},"User":"CORP\\\\bob"}}}`,
  },
  {
    format: 'json', file: 'cloud/audit.jsonl',
    header: [],
    filler: (r, i) => JSON.stringify({ eventTime: ts(r, i), eventName: pick(r, ['GetObject', 'ListBuckets', 'AssumeRole']), sourceIPAddress: lanIp(r), userAgent: 'aws-cli/2.15.0 Python/3.11.6', requestParameters: { bucketName: `logs-${hexId(r, 6)}` } }),
    carry: (r, i, t) => `{"eventTime":${ts(r, i)},"eventName":"ConsoleLogin","requestParameters":{"referrer":${js(t, t.includes('\\/'))}},"sourceIPAddress":"${lanIp(r)}"}`,
  },
  {
    format: 'csv', file: 'proxy/proxy.csv',
    header: ['time,client,user,method,url,status,bytes'],
    filler: (r, i) => [ts(r, i), lanIp(r), pick(r, ['alice', 'bob', 'carol']), 'GET', lanUrl(r), 200, int(r, 90000)].join(','),
    carry: (r, i, t) => [ts(r, i), lanIp(r), 'bob', 'GET', csvCell(t), 200, int(r, 90000)].join(','),
  },
  {
    format: 'squid', file: 'proxy/squid-access.log',
    header: [],
    filler: (r, i) => `${ts(r, i)}.${String(int(r, 1000)).padStart(3, '0')}    ${int(r, 900)} ${lanIp(r)} TCP_MISS/200 ${int(r, 90000)} GET ${lanUrl(r)} - HIER_DIRECT/${lanIp(r)} text/html`,
    carry: (r, i, t) => `${ts(r, i)}.500    ${int(r, 900)} ${lanIp(r)} TCP_MISS/200 ${int(r, 90000)} GET ${t} - HIER_DIRECT/${lanIp(r)} text/html`,
  },
  {
    format: 'access', file: 'web/access.log',
    header: [],
    filler: (r, i) => `${lanIp(r)} - - [01/Jan/2026:${clock(i)} +0000] "GET /${pick(r, ['', 'index.html', 'img/logo.png'])} HTTP/1.1" 200 ${int(r, 9000)} "${lanUrl(r)}" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"`,
    carry: (r, i, t) => `${lanIp(r)} - - [01/Jan/2026:${clock(i)} +0000] "GET /index.html HTTP/1.1" 200 ${int(r, 9000)} "${t}" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"`,
  },
  {
    format: 'dns', file: 'dns/named-queries.log',
    header: [],
    filler: (r, i) => `01-Jan-2026 ${clock(i)}.${String(int(r, 1000)).padStart(3, '0')} queries: info: client @0x7f${hexId(r, 6)} ${lanIp(r)}#${1024 + int(r, 60000)} (${host(r)}): query: ${host(r)} IN A + (10.0.0.1)`,
    carry: (r, i, t) => `01-Jan-2026 ${clock(i)}.000 queries: info: client @0x7f${hexId(r, 6)} ${lanIp(r)}#${1024 + int(r, 60000)} (${t}): query: ${t} IN A + (10.0.0.1)`,
  },
  {
    format: 'dns', file: 'dns/dnsmasq.log',
    header: [],
    filler: (r, i) => `${MONTH}  1 ${clock(i)} dnsmasq[812]: query[A] ${host(r)} from ${lanIp(r)}`,
    carry: (r, i, t) => `${MONTH}  1 ${clock(i)} dnsmasq[812]: query[AAAA] ${t} from ${lanIp(r)}`,
  },
  {
    format: 'syslog', file: 'syslog/messages',
    header: [],
    filler: (r, i) => `${MONTH}  1 ${clock(i)} ${host(r).split('.')[0]} sshd[${1000 + int(r, 9000)}]: Accepted publickey for ${pick(r, ['alice', 'bob'])} from ${lanIp(r)} port ${1024 + int(r, 60000)} ssh2`,
    carry: (r, i, t) => `${MONTH}  1 ${clock(i)} ws-101 kernel: audit: connection to ${t} blocked by policy`,
  },
  {
    // IIS (W3C extended): space-separated, spaces in values written as `+`; a restart repeats the directives.
    format: 'w3c', file: 'iis/u_ex260101.log',
    header: ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2026-01-01 00:00:00', `#Fields: ${IIS_FIELDS.join(' ')}`],
    filler: (r, i) => `2026-01-01 ${clock(i)} 10.0.0.10 GET /${pick(r, ['default.aspx', 'owa/auth/logon.aspx', 'img/logo.png'])} sid=${hexId(r, 24)} 443 - ${lanIp(r)} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) ${lanUrl(r)} 200 0 0 ${int(r, 900)}`,
    carry: (r, i, t) => `2026-01-01 ${clock(i)} 10.0.0.10 GET /default.aspx - 443 - ${lanIp(r)} Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) ${t} 200 0 0 ${int(r, 900)}`,
  },
  {
    format: 'text', file: 'misc/notes.txt',
    header: [],
    filler: (r) => `checked ${host(r)} and ${lanIp(r)}: nothing unusual (ticket ${hexId(r, 16)})`,
    carry: (r, _i, t) => `analyst note: saw ${t} in the ${pick(r, ['firewall', 'mail gateway', 'EDR'])} export`,
  },
];
