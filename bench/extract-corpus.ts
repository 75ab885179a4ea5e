// Deterministic report-like corpus with planted indicators for bench/extract.ts. Prose is generated
// from a small vocabulary; indicators are random but valid (Base58Check BTC, canonical IPv6), some
// defanged; traps (version strings, file names, code identifiers, over-long hex) are not truth.
import { createHash } from 'node:crypto';
import { formatIpv6 } from '../src/extract/indicators/net.js';
import { mulberry32 } from '../src/util/prng.js';

export type Truth = Map<string, Set<string>>;

/** Seeded PRNG (mulberry32, shared in src/util/prng.ts). */
export const prng = mulberry32;

const WORDS = `the operators staged a second loader after initial access and then moved laterally through shared drives
while defenders observed beaconing traffic every few minutes toward infrastructure registered weeks before the campaign
analysts recovered configuration blocks that listed fallback servers encryption keys and campaign identifiers from memory
victims in manufacturing logistics and energy received invoices themed lures with macros that fetched the next stage
persistence relied on scheduled tasks services and run keys named after legitimate updater components from vendors`.split(/\s+/);
const TLDS = ['com', 'net', 'org', 'ru', 'info', 'xyz', 'top', 'io', 'biz', 'cn', 'de', 'co.uk'];
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let s = '';
  while (n > 0n) { s = B58[Number(n % 58n)]! + s; n /= 58n; }
  for (const b of bytes) { if (b !== 0) break; s = `1${s}`; }
  return s;
}

export class CorpusGenerator {
  readonly truth: Truth = new Map();
  private readonly rnd: () => number;
  constructor(seed: number) { this.rnd = prng(seed); }

  private int(n: number): number { return Math.floor(this.rnd() * n); }
  private pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  private hex(n: number): string { let s = ''; for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)]; return /[a-f]/.test(s) && /\d/.test(s) ? s : this.hex(n); }
  private label(): string { let s = ''; const n = 4 + this.int(8); for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(i === 0 ? 26 : 36)]; return s; }
  private add(type: string, value: string): void {
    let set = this.truth.get(type);
    if (set === undefined) { set = new Set(); this.truth.set(type, set); }
    set.add(value);
  }

  domain(): string { return `${this.rnd() < 0.3 ? `${this.label()}.` : ''}${this.label()}.${this.pick(TLDS)}`; }
  ipv4(): string { return `${11 + this.int(180)}.${this.int(256)}.${this.int(256)}.${1 + this.int(254)}`; }
  private defangHost(h: string): string {
    const r = this.rnd();
    if (r < 0.6) return h;
    const i = h.lastIndexOf('.');
    return `${h.slice(0, i)}${this.pick(['[.]', '(.)', '[dot]', '{.}'])}${h.slice(i + 1)}`;
  }

  /** One planted indicator as written in the text. */
  indicator(): string {
    switch (this.int(14)) {
      case 0: { const h = this.hex(32); this.add('md5', h); return h; }
      case 1: { const h = this.hex(40); this.add('sha1', h); return h; }
      case 2: { const h = this.hex(64); this.add('sha256', h); return this.rnd() < 0.2 ? h.toUpperCase() : h; }
      case 3: { const h = this.hex(128); this.add('sha512', h); return h; }
      case 4: case 5: { const ip = this.ipv4(); this.add('ipv4', ip); return this.defangHost(ip); }
      case 6: { const d = this.domain(); this.add('domain', d); return this.defangHost(d); }
      case 7: {
        const d = this.domain(); this.add('domain', d);
        const path = `/${this.label()}/${this.label()}.php?id=${this.int(9999)}`;
        const scheme = this.pick(['http', 'https']);
        this.add('url', `${scheme}://${d}${path}`);
        const written = this.rnd() < 0.4 ? `${scheme.replace('tt', 'xx')}://${this.defangHost(d)}${path}` : `${scheme}://${d}${path}`;
        return this.rnd() < 0.3 ? `${written}.` : written;
      }
      case 8: { const d = this.domain(), u = this.label(); this.add('email', `${u}@${d}`); this.add('domain', d); return this.rnd() < 0.3 ? `${u}[at]${d}` : `${u}@${d}`; }
      case 9: { const c = `CVE-${2015 + this.int(11)}-${1000 + this.int(90000)}`; this.add('cve', c); return c; }
      case 10: {
        const p = new Uint8Array(21); for (let i = 1; i < 21; i++) p[i] = this.int(256);
        const sum = createHash('sha256').update(createHash('sha256').update(p).digest()).digest();
        const a = base58(new Uint8Array([...p, ...sum.subarray(0, 4)])); this.add('btc', a); return a;
      }
      case 11: { const e = `0x${this.hex(40)}`; this.add('eth', e); return e; }
      case 12: { const g = Array.from({ length: 8 }, (_, i) => (i < 2 ? [0x2a01, 0x4f8][i]! : this.int(3) === 0 ? 0 : this.int(65536))); const v = formatIpv6(g); this.add('ipv6', v); return v; }
      default: { const f = `${this.label()}.${this.pick(['dll', 'exe', 'ps1', 'vbs', 'lnk', 'hta'])}`; this.add('filename', f); return f; }
    }
  }

  /** A trap that must not be taken as an indicator. */
  trap(): string {
    switch (this.int(6)) {
      case 0: return `version ${1 + this.int(9)}.${this.int(10)}.${this.int(10)}.${this.int(100)}`;
      case 1: return `v${1 + this.int(9)}.${this.int(10)}.${this.int(10)}.${this.int(100)}`;
      case 2: return 'System.IO';
      case 3: return `${this.hex(70)}`;
      case 4: return 'Assembly.Load';
      default: return `${1 + this.int(9)}.${this.int(10)}.${this.int(10)}.${this.int(50)}-beta`;
    }
  }

  private prose(n: number, pInd: number, pTrap: number): string {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(this.pick(WORDS));
    const r = this.rnd();
    if (r < pInd) parts.splice(this.int(parts.length), 0, this.indicator());
    else if (r < pInd + pTrap) parts.splice(this.int(parts.length), 0, this.trap());
    // Capitalise the first word only when it is prose (an indicator must stay as planted).
    if (WORDS.includes(parts[0]!)) parts[0] = `${parts[0]![0]!.toUpperCase()}${parts[0]!.slice(1)}`;
    const s = parts.join(' ');
    return `${s}${this.rnd() < 0.3 ? `, ${this.pick(WORDS)}` : ''}.`;
  }

  /** A prose paragraph: 3–7 sentences, an inline indicator in about one sentence of twelve. */
  paragraph(): string {
    const k = 3 + this.int(5);
    const out: string[] = [];
    for (let i = 0; i < k; i++) out.push(this.prose(8 + this.int(16), 0.08, 0.06));
    return out.join(' ');
  }

  /** One vendor-style report: headings, prose sections, then an IOC appendix (table or list). */
  report(): string {
    const out: string[] = [`# ${this.prose(5, 0, 0).slice(0, -1)}`, ''];
    for (const h of ['Summary', 'Initial access', 'Execution and persistence', 'Command and control']) {
      out.push(`## ${h}`, '');
      const k = 1 + this.int(3);
      for (let i = 0; i < k; i++) out.push(this.paragraph(), '');
    }
    out.push('## Indicators of compromise', '');
    const rows = 4 + this.int(20);
    if (this.rnd() < 0.5) {
      out.push('| Indicator | Note |', '|---|---|');
      for (let i = 0; i < rows; i++) out.push(`| ${this.indicator()} | ${this.prose(3 + this.int(5), 0, 0).slice(0, -1)} |`);
    } else {
      for (let i = 0; i < rows; i++) out.push(`- ${this.indicator()} (${this.prose(2 + this.int(4), 0, 0).slice(0, -1).toLowerCase()})`);
    }
    out.push('', '');
    return out.join('\n');
  }

  /** Reports concatenated up to at least `bytes` characters. */
  generate(bytes: number): string {
    const out: string[] = [];
    let len = 0;
    while (len < bytes) {
      const r = this.report();
      out.push(r);
      len += r.length;
    }
    return out.join('');
  }
}
