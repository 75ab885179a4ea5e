/**
 * A small syntax checker for the subset of STIX 2.1 patterning (§9) Pillbox emits: one observation
 * expression `[ comparison ((AND|OR) comparison)* ]`, where a comparison is `object-path = literal`, the
 * path is `type:prop(.prop|.'key')*` and the literal is a quoted string (only `\\` and `\'` escapes, §9.3)
 * or an integer. The OASIS JSON Schemas only say `pattern` is a string, so this closes that gap in tests.
 * Hand-written: the full ANTLR grammar would be a large dependency for a handful of shapes.
 */

/** Object paths Pillbox may emit, checked against the SCO properties they name (§6). */
const KNOWN_PATHS = new Set([
  "file:hashes.'MD5'", "file:hashes.'SHA-1'", "file:hashes.'SHA-256'", "file:hashes.'SHA-512'", "file:hashes.'SSDEEP'",
  'file:name', 'file:parent_directory_ref.path', 'directory:path', 'ipv4-addr:value', 'ipv6-addr:value',
  'domain-name:value', 'url:value', 'email-addr:value', 'mac-addr:value', 'autonomous-system:number',
  'windows-registry-key:key',
]);

const INTEGER_PATHS = new Set(['autonomous-system:number']);

export interface PatternCheck {
  valid: boolean;
  error?: string;
}

class Scanner {
  pos = 0;
  constructor(readonly s: string) {}
  skipSpace(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }
  eat(token: string): boolean {
    this.skipSpace();
    if (!this.s.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }
  while(re: RegExp): string {
    const start = this.pos;
    while (this.pos < this.s.length && re.test(this.s[this.pos]!)) this.pos++;
    return this.s.slice(start, this.pos);
  }
  /** A single-quoted literal; returns null when unterminated or when a backslash escapes anything else. */
  quoted(): string | null {
    if (this.s[this.pos] !== "'") return null;
    let out = '';
    for (let i = this.pos + 1; i < this.s.length; i++) {
      const c = this.s[i]!;
      if (c === "'") {
        this.pos = i + 1;
        return out;
      }
      if (c === '\\') {
        const n = this.s[i + 1];
        if (n !== '\\' && n !== "'") return null;
        out += n;
        i++;
      } else out += c;
    }
    return null;
  }
}

function objectPath(sc: Scanner): string | null {
  sc.skipSpace();
  const type = sc.while(/[a-z0-9-]/);
  if (type === '' || !sc.eat(':')) return null;
  let path = `${type}:${sc.while(/[a-z0-9_]/)}`;
  while (sc.s[sc.pos] === '.') {
    sc.pos++;
    if (sc.s[sc.pos] === "'") {
      const key = sc.quoted();
      if (key === null) return null;
      path += `.'${key}'`;
    } else {
      const prop = sc.while(/[a-z0-9_]/);
      if (prop === '') return null;
      path += `.${prop}`;
    }
  }
  return path;
}

function comparison(sc: Scanner): string | null {
  const path = objectPath(sc);
  if (path === null) return 'bad object path';
  if (!KNOWN_PATHS.has(path)) return `unknown object path ${path}`;
  if (!sc.eat('=')) return `expected = after ${path}`;
  sc.skipSpace();
  if (INTEGER_PATHS.has(path)) return sc.while(/[0-9]/) === '' ? `${path} needs an integer` : null;
  const lit = sc.quoted();
  if (lit === null) return `bad string literal for ${path}`;
  return null;
}

/** Checks one pattern string; `error` says what is wrong at the first problem. */
export function checkStixPattern(pattern: string): PatternCheck {
  const sc = new Scanner(pattern);
  if (!sc.eat('[')) return { valid: false, error: 'pattern must start with [' };
  for (;;) {
    const err = comparison(sc);
    if (err !== null) return { valid: false, error: err };
    if (sc.eat('AND ') || sc.eat('OR ')) continue;
    break;
  }
  if (!sc.eat(']')) return { valid: false, error: `expected ] at ${sc.pos}` };
  sc.skipSpace();
  return sc.pos === pattern.length ? { valid: true } : { valid: false, error: 'trailing text after ]' };
}
