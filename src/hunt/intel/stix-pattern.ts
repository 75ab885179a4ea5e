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
  /** Which observation expression (`[ … ]`, counted from 0) holds the comparison. */
  observation: number;
}

export interface PatternReading {
  comparisons: PatternComparison[];
  /** Comparisons whose operator is not an equality (or whose value is neither a string nor a number or boolean). */
  skipped: number;
  /** Observation expressions whose comparisons are joined by OR somewhere (not all required together). */
  disjunctive: Set<number>;
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
  if (typeof toks === 'string') return { comparisons: [], skipped: 0, disjunctive: new Set(), error: toks };
  const comparisons: PatternComparison[] = [];
  const disjunctive = new Set<number>();
  let skipped = 0;
  let observation = -1;
  let inside = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.t === 'punct' && t.v === '[') { observation++; inside = true; continue; }
    if (t.t === 'punct' && t.v === ']') { inside = false; continue; }
    if (inside && t.t === 'word' && t.v.toUpperCase() === 'OR') { disjunctive.add(observation); continue; }
    if (t.t !== 'word' || !t.v.includes(':')) continue;
    const path = t.v.replace(/'/g, '');
    let k = i + 1;
    let negate = false;
    if (toks[k]?.t === 'word' && toks[k]?.v.toUpperCase() === 'NOT') { negate = true; k++; }
    const op = toks[k];
    if (!op) break;
    const opName = op.t === 'op' ? op.v : op.v.toUpperCase();
    if (!negate && (opName === '=' || opName === 'ISSUBSET') && toks[k + 1]?.t === 'str') {
      comparisons.push({ path, value: (toks[k + 1] as Tok).v, observation });
      i = k + 1;
    } else if (!negate && opName === '=' && toks[k + 1]?.t === 'word' && !toks[k + 1]!.v.includes(':')) {
      // A number or a boolean (`autonomous-system:number = 20473`): an equality all the same, which
      // its type then decides (hunt sweeps no such type today).
      comparisons.push({ path, value: toks[k + 1]!.v, observation });
      i = k + 1;
    } else if (!negate && opName === 'IN' && toks[k + 1]?.v === '(') {
      let j = k + 2;
      for (; j < toks.length && toks[j]?.v !== ')'; j++) {
        const v = toks[j] as Tok;
        if (v.t === 'str') comparisons.push({ path, value: v.v, observation });
      }
      i = j;
    } else skipped++;
  }
  return { comparisons, skipped, disjunctive };
}

/**
 * A file's path from its name and its directory's path, as STIX writes a path (it has no path
 * property: `file:name` and `file:parent_directory_ref.path`, or a file object whose
 * `parent_directory_ref` is a `directory`): joined with the directory's own separator.
 * @example joinFilePath('C:\\ProgramData\\Sync', 'svc.exe'); // 'C:\\ProgramData\\Sync\\svc.exe'
 */
export function joinFilePath(directory: string, name: string): string {
  if (directory.endsWith('/') || directory.endsWith('\\')) return directory + name;
  const windows = directory.includes('\\') || /^[A-Za-z]:$/.test(directory);
  return `${directory}${windows ? '\\' : '/'}${name}`;
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
