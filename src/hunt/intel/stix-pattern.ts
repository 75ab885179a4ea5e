/**
 * Reads the comparisons out of a STIX 2.1 pattern (STIX 2.1 §9, patterning grammar) — enough for
 * hunting: `object-path = 'value'`, `ISSUBSET 'cidr'` and `IN ('a', 'b')`, joined by AND/OR/
 * FOLLOWEDBY across observation expressions, qualifiers ignored. Comparisons with `!=`, `LIKE`,
 * `MATCHES`, `>`, `<` cannot be swept as exact values and are counted as skipped.
 * Hand-written: no maintained JS STIX pattern parser exists, and only a tokenizer is needed.
 */

export interface PatternComparison {
  /** `file:hashes.'SHA-256'`, `domain-name:value`, … with quotes removed from the path: `file:hashes.SHA-256`. */
  path: string;
  value: string;
}

export interface PatternReading {
  comparisons: PatternComparison[];
  /** Comparisons whose operator is not an equality (or whose value is not a string). */
  skipped: number;
  error?: string;
}

type Tok = { t: 'str' | 'word' | 'op' | 'punct'; v: string };

function tokenize(p: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'" || ((c === 'h' || c === 'b' || c === 't') && p[i + 1] === "'")) {
      if (c !== "'") i++;
      let v = '';
      i++;
      while (i < p.length && p[i] !== "'") {
        if (p[i] === '\\' && i + 1 < p.length) i++;
        v += p[i];
        i++;
      }
      if (i >= p.length) return 'unterminated string';
      i++;
      out.push({ t: 'str', v });
      continue;
    }
    if ('[]()'.includes(c) || c === ',') { out.push({ t: 'punct', v: c }); i++; continue; }
    const two = p.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=') { out.push({ t: 'op', v: two }); i += 2; continue; }
    if (c === '=' || c === '<' || c === '>') { out.push({ t: 'op', v: c }); i++; continue; }
    let j = i;
    // An object path may contain quoted components: file:hashes.'SHA-256'.
    while (j < p.length && !/[\s[\]()=!<>,]/.test(p[j] as string)) {
      if (p[j] === "'") {
        const k = p.indexOf("'", j + 1);
        if (k === -1) return 'unterminated path';
        j = k + 1;
      } else j++;
    }
    if (j === i) return `unexpected '${c}'`;
    out.push({ t: 'word', v: p.slice(i, j) });
    i = j;
  }
  return out;
}

/** Reads a STIX pattern's comparisons. Never throws; malformed patterns come back with `error`. */
export function readStixPattern(pattern: string): PatternReading {
  const toks = tokenize(pattern.slice(0, 1 << 20));
  if (typeof toks === 'string') return { comparisons: [], skipped: 0, error: toks };
  const comparisons: PatternComparison[] = [];
  let skipped = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.t !== 'word' || !t.v.includes(':')) continue;
    const path = t.v.replace(/'/g, '');
    let k = i + 1;
    let negate = false;
    if (toks[k]?.t === 'word' && toks[k]?.v.toUpperCase() === 'NOT') { negate = true; k++; }
    const op = toks[k];
    if (!op) break;
    const opName = op.t === 'op' ? op.v : op.v.toUpperCase();
    if (!negate && (opName === '=' || opName === 'ISSUBSET') && toks[k + 1]?.t === 'str') {
      comparisons.push({ path, value: (toks[k + 1] as Tok).v });
      i = k + 1;
    } else if (!negate && opName === 'IN' && toks[k + 1]?.v === '(') {
      let j = k + 2;
      for (; j < toks.length && toks[j]?.v !== ')'; j++) {
        const v = toks[j] as Tok;
        if (v.t === 'str') comparisons.push({ path, value: v.v });
      }
      i = j;
    } else skipped++;
  }
  return { comparisons, skipped };
}

/** Maps a STIX object path to the hunt type it holds, or `any` when the value decides (refs). */
export function typeOfPath(path: string): string | null {
  const p = path.toLowerCase();
  const hash = /^(?:file|artifact|x509-certificate):hashes\.(.+)$/.exec(p);
  if (hash) {
    const algo = (hash[1] as string).replace(/[-_]/g, '');
    return ({ md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' } as Record<string, string>)[algo] ?? null;
  }
  switch (p) {
    case 'domain-name:value': return 'domain';
    case 'url:value': return 'url';
    case 'ipv4-addr:value': case 'ipv6-addr:value': return 'ip';
    case 'email-addr:value': return 'email';
    case 'file:name': return 'filename';
    case 'windows-registry-key:key': return 'registry';
    case 'directory:path': return null;
    default: return p.endsWith('_ref.value') || p.endsWith('_refs[*].value') ? 'any' : null;
  }
}
