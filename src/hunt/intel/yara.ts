import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { YaraX } from '@litko/yara-x';
import { RuleError } from '../../errors.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { YaraSource } from '../types.js';
import type { EmbeddedRule } from './stix.js';

type YaraModule = typeof import('@litko/yara-x');
let yaraModule: YaraModule | undefined;

/** YARA-X, loaded on first use: a native module that sweeps without rules (and their workers) never need. */
function yaraX(): YaraModule {
  yaraModule ??= createRequire(import.meta.url)('@litko/yara-x') as YaraModule;
  return yaraModule;
}

/** True for a file name YARA rules are usually kept in. */
export function isYaraName(path: string): boolean {
  return /\.(yara?|rules?)$/i.test(path);
}

/**
 * True when text starts like a YARA rule file: after comments and blank space, an `import`, `include`
 * or a (private/global) `rule`. Comments are skipped by hand (a regex with a repeated lazy comment
 * group could backtrack badly on hostile input).
 */
export function looksLikeYara(text: string): boolean {
  const t = text.slice(0, 8192);
  let i = 0;
  for (;;) {
    while (i < t.length && /\s/.test(t[i] as string)) i++;
    if (t.startsWith('//', i)) {
      const nl = t.indexOf('\n', i);
      if (nl === -1) return false;
      i = nl + 1;
    } else if (t.startsWith('/*', i)) {
      const end = t.indexOf('*/', i + 2);
      if (end === -1) return false;
      i = end + 2;
    } else break;
  }
  return /^(import\s+"|include\s+"|((private|global)\s+)*rule\s+\w)/.test(t.slice(i, i + 64));
}

/**
 * Loads and checks YARA rules with YARA-X: one file, or every `.yar`/`.yara` file under a directory.
 * A compile error throws RuleError with the file and line.
 */
export async function loadYara(path: string): Promise<YaraSource[]> {
  const st = await stat(path);
  const files = st.isDirectory() ? (await walkRules(path)).sort() : [path];
  const out: YaraSource[] = [];
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    const opts = { includeDirectories: [dirname(f)], enableIncludes: true };
    // Compiled once here: the calling thread sweeps with these rules (see compileYara); a rule file that
    // does not compile is validated for its error's position.
    let rules: YaraX | null = null;
    try {
      rules = yaraX().compile(text, opts);
    } catch {
      rules = null;
    }
    const err = rules ? undefined : yaraX().validate(text, opts).errors[0];
    if (err) {
      // YARA-X puts the position in the message (`--> line:6:20`) when the fields are not set.
      const pos = /--> line:(\d+):(\d+)/.exec(err.message);
      const line = err.line ?? (pos ? Number(pos[1]) : undefined);
      const column = err.column ?? (pos ? Number(pos[2]) : undefined);
      const msg = (err.message.split('\n')[0] ?? err.message).replace(/^error\[\w+\]: /, '');
      throw new RuleError(`${f}:${line ?? '?'}${column !== undefined ? `:${column}` : ''}: YARA compile error: ${msg}`, { file: f, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) });
    }
    const source = { path: f, text, source_title: f };
    if (rules) compiledHere.set(source, rules);
    out.push(source);
  }
  return out;
}

async function walkRules(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const f of await walkRules(p)) out.push(f);
    else if (e.isFile() && /\.yara?$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Compiled rules, one engine per source file (rule names may repeat across files). */
export interface CompiledYara {
  source: YaraSource;
  rules: YaraX;
}

/** Rules `loadYara` compiled on this thread, by source (a worker gets a copy of the source, not these). */
const compiledHere = new WeakMap<YaraSource, YaraX>();

/** Compiles checked YARA sources (in each worker: compiled rules cannot cross threads); reuses what `loadYara` compiled on this thread. */
export function compileYara(sources: readonly YaraSource[]): CompiledYara[] {
  if (sources.length === 0) return [];
  const { compile } = yaraX();
  return sources.map((source) => ({ source, rules: compiledHere.get(source) ?? compile(source.text, compileOptions(source)) }));
}

function compileOptions(source: YaraSource): { includeDirectories?: string[]; enableIncludes: boolean } {
  return source.includes === false ? { enableIncludes: false } : { includeDirectories: [dirname(source.path)], enableIncludes: true };
}

/**
 * The YARA rules a feed carries (STIX indicators with pattern_type 'yara', MISP 'yara' attributes):
 * shared rules, so one that does not compile is left out with a warning (a rule file given by the user
 * is an error instead), and `include` is refused. Kept as one source when they compile together (one
 * scan per file), else one source per rule (two rules of the same name).
 */
export function embeddedYara(rules: readonly EmbeddedRule[], path: string, title: string): { sources: YaraSource[]; warnings: Diagnostic[] } {
  const ok: EmbeddedRule[] = [];
  let bad = 0;
  let first = '';
  for (const r of rules) {
    const err = yaraX().validate(r.text, { enableIncludes: false }).errors[0];
    if (err === undefined) ok.push(r);
    else if (bad++ === 0) first = `${r.origin}: ${(err.message.split('\n')[0] ?? err.message).replace(/^error\[\w+\]: /, '')}`;
  }
  const warnings: Diagnostic[] = bad > 0 ? [{ code: 'yara-rule-invalid', message: `${path}: ${bad} YARA rule(s) in the feed do not compile and were left out (first: ${first})` }] : [];
  if (ok.length === 0) return { sources: [], warnings };
  const one = (text: string): YaraSource => ({ path, text, source_title: title, includes: false });
  const joined = one(ok.map((r) => r.text).join('\n\n'));
  if (ok.length === 1 || yaraX().validate(joined.text, { enableIncludes: false }).errors.length === 0) return { sources: [joined], warnings };
  return { sources: ok.map((r) => one(r.text)), warnings };
}

/** Loads the YARA-X native module now (a worker does it while it waits for the intel). */
export function warmYara(): void {
  yaraX();
}
