// The scanner's shortcuts (one-pass dotted quads, the last-label test that skips host and URL lookups)
// against the slower reading they replace, on many generated runs.
import { describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../../util/prng.js';
import type { HuntType } from '../types.js';
import { HashFilter, lastLabelMissing } from './bytes.js';
import { hexRuns } from './hex-runs.js';
import { dottedQuadRun, parseIpv4Strict, parseIpv6 } from './ip.js';
import { IndicatorMatcher } from './matcher.js';
import { LineScanner, type RawHit } from './scanner.js';

/** What the scanner did before: count the dots, then parse the run as a dotted quad (one trailing dot allowed). */
function slowQuad(run: string): number {
  const dots = run.split('.').length - 1;
  if (dots === 3) return parseIpv4Strict(run) ?? -1;
  if (dots === 4 && run.endsWith('.')) return parseIpv4Strict(run.slice(0, -1)) ?? -1;
  return -2;
}

describe('dottedQuadRun', () => {
  it('reads digit-and-dot runs as the count-then-parse reading did', () => {
    const r = rng(7);
    const parts = ['0', '1', '9', '10', '99', '255', '256', '300', '999', '1000', '007', ''];
    let checked = 0;
    for (let i = 0; i < 20000; i++) {
      const n = 2 + Math.floor(r() * 5);
      const run = Array.from({ length: n }, () => parts[Math.floor(r() * parts.length)]).join('.');
      if (!run.includes('.')) continue;
      expect(dottedQuadRun(Buffer.from(run), 0, run.length), run).toBe(slowQuad(run));
      checked++;
    }
    expect(checked).toBeGreaterThan(19000);
    expect(dottedQuadRun(Buffer.from('x 10.1.2.3 y'), 2, 10)).toBe(parseIpv4Strict('10.1.2.3'));
  });
});

describe('lastLabelMissing', () => {
  it('is true only when no key ends in the run\'s last label', () => {
    const keys = ['evil.com', 'kx-cdn.org', 'dropper.exe', 'a.b.internal', 'x.ΔΟΚ'];
    const f = new HashFilter(keys.length);
    for (const k of keys) f.addLastLabel(k.toLowerCase());
    const labels = new Set(keys.map((k) => k.slice(k.lastIndexOf('.') + 1).toLowerCase()));
    const r = rng(11);
    const words = ['evil', 'COM', 'com', 'org', 'exe', 'internal', 'net', 'png', 'Ok', 'ΔΟΚ', 'δοκ', '', 'x-y'];
    let falsePositives = 0;
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(r() * 4);
      const run = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]).join('.') + (r() < 0.1 ? '.' : '');
      const b = Buffer.from(run);
      const trimmed = run.replace(/\.+$/, '');
      const last = trimmed.slice(trimmed.lastIndexOf('.') + 1);
      const missing = lastLabelMissing(b, 0, b.length, f);
      // Never a miss for a label some key has; never a verdict without an inner dot or for non-ASCII.
      if (missing) {
        expect(trimmed.includes('.'), run).toBe(true);
        expect(labels.has(last.toLowerCase()), run).toBe(false);
        expect(/^[\x00-\x7f]*$/.test(last), run).toBe(true);
      } else if (trimmed.includes('.') && /^[\x00-\x7f]*$/.test(last) && !labels.has(last.toLowerCase())) {
        // A filter false positive: allowed, only rare.
        falsePositives++;
      }
    }
    expect(falsePositives).toBeLessThan(200);
  });
});

/** Every maximal alphanumeric token that is all hex and of a hash length, found the plain way. */
function hexTokensByRegex(text: string, lens: number[]): string[] {
  return [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => m[0]).filter((t) => /^[0-9a-fA-F]+$/.test(t) && lens.includes(t.length));
}

describe('hexRuns', () => {
  it('finds what a token-by-token reading finds, probing every step-th byte', () => {
    const r = rng(13);
    const pieces = ['a', 'F', '0', '9', 'g', 'Z', '.', '-', ' ', ':', '='];
    for (const lens of [[32, 40, 64], [40, 64, 128], [64]]) {
      const hashLen = new Uint8Array(129);
      for (const n of lens) hashLen[n] = 1;
      for (let i = 0; i < 400; i++) {
        let text = '';
        while (text.length < 600) {
          const x = r();
          // Hex tokens of and near hash lengths, between short words, digits and separators.
          if (x < 0.15) text += Array.from({ length: (lens[Math.floor(r() * lens.length)] as number) + Math.floor(r() * 3) - 1 }, () => '0123456789abcdefABCDEF'[Math.floor(r() * 22)]).join('');
          else text += pieces[Math.floor(r() * pieces.length)];
        }
        const b = Buffer.from(text, 'latin1');
        const got: string[] = [];
        hexRuns(b, 0, b.length, lens[0] as number, hashLen, (s, e) => got.push(text.slice(s, e)));
        expect(got).toEqual(hexTokensByRegex(text, lens));
      }
    }
  });
});

/** Starts of the IPv6 addresses in a line, read the plain way: each maximal run of hex digits, `:` and `.`. */
function v6ByRuns(line: string): number[] {
  const out: number[] = [];
  for (const m of line.matchAll(/[0-9a-fA-F:.]+/g)) {
    const s = m.index;
    const before = line[s - 1] ?? ' ';
    const after = line[s + m[0].length] ?? ' ';
    if (!m[0].includes(':') || /[A-Za-z0-9]/.test(before) || /[A-Za-z0-9]/.test(after)) continue;
    const run = m[0].replace(/\.+$/, '');
    const colons = run.split(':').length - 1;
    const shape = run.includes('::') || colons === 7 || (colons === 6 && run.includes('.'));
    if (run.length >= 2 && run.length <= 45 && shape && parseIpv6(run) !== null) out.push(s);
  }
  return out;
}

describe('IPv6 candidates', () => {
  it('are the runs a plain reading accepts, with clock times and JSON keys skipped before any parse', () => {
    const all = new IndicatorMatcher([{ type: 'cidr', value: '::/0', raw: '::/0', source: 's', source_title: 't' }]);
    const r = rng(17);
    const pieces = ['2001', 'db8', '0', 'ffff', 'a', '1', '12', ':', '::', ':', '.', '10.1.2.3', ' ', '"k":', '"t":12', '12:34:56', 'x', '[', ']', '-'];
    for (let i = 0; i < 3000; i++) {
      let line = '';
      while (line.length < 80) line += pieces[Math.floor(r() * pieces.length)];
      const b = Buffer.from(line);
      const out: RawHit[] = [];
      new LineScanner(all, { json: false, delimiter: -1 }).scan(b, 0, b.length, out);
      expect(out.map((h) => h.offset), line).toEqual(v6ByRuns(line));
    }
  });
});

describe('LineScanner shortcuts', () => {
  const INTEL: [HuntType, string][] = [['url', 'http://evil.example/x'], ['domain', 'kx-cdn.org'], ['ipv4', '10.1.2.3'], ['url', 'http://10.9.9.9/p']];
  const m = new IndicatorMatcher(INTEL.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
  const scan = (line: string): string[] => {
    const b = Buffer.from(line);
    const out: RawHit[] = [];
    new LineScanner(m, { json: false, delimiter: -1 }).scan(b, 0, b.length, out);
    return out.map((h) => `${INTEL[h.id]?.[1]}|${h.kind}`);
  };
  it.each([
    // The run before `@` or `:` ends in a label no key has; the URL's host is further on.
    ['GET http://user.name@evil.example/x', ['http://evil.example/x|url']],
    ['GET http://user.name:pw@evil.example/x', ['http://evil.example/x|url']],
    ['GET http://evil.example:80/x ok.png', ['http://evil.example/x|url']],
    ['a.b.internal c.d.png 10.1.2.3. 10.1.2.3 1.2.3.4.5 10.1.2.3.4. files.KX-CDN.org.', ['10.1.2.3|exact', '10.1.2.3|exact', 'kx-cdn.org|subdomain']],
    ['GET http://10.9.9.9/p 10.9.9.9', ['http://10.9.9.9/p|url', 'http://10.9.9.9/p|url-host']],
  ])('%s', (line, want) => {
    expect(scan(line)).toEqual(want);
  });
});
