/**
 * YARA-X through @litko/yara-x: bundled rules (`rules/yara/*.yar`) plus the user's, compiled once
 * per thread; compile errors become RuleError with file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleError } from '../../errors.js';
import type { TriageResult } from '../../model/triage-result.js';

type YaraHit = TriageResult['yara'][number];

/** Compiled rules ready to scan bytes. */
export interface YaraScanner {
  scan(bytes: Uint8Array): YaraHit[];
  /** Number of rules compiled. */
  readonly ruleCount: number;
}

export const BUNDLED_YARA_RULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'rules', 'yara');

/** Most matches kept per pattern (a pattern of zeros in a large file would otherwise list millions). */
const MAX_MATCHES_PER_PATTERN = 64;
/** Match offsets reported per rule hit. */
const MAX_STRINGS_PER_HIT = 16;

interface YaraModule {
  create(): {
    addRuleSource(src: string): void;
    setMaxMatchesPerPattern(n: number): void;
    scan(data: Buffer): { ruleIdentifier: string; namespace: string; meta: object; tags: string[]; matches: { offset: number; length: number; identifier: string }[] }[];
  };
}

/** `.yar`/`.yara` files of a directory (sorted, not recursive) or the file itself. */
export function yaraRuleFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => /\.(yar|yara)$/i.test(f)).sort().map((f) => join(path, f));
}

/**
 * Compiles the bundled rules (unless `bundled: false`) and every file under `user`.
 * @throws RuleError naming the file and line of the first compile error.
 * @example const y = compileYara({ user: 'my-rules/' }); y.scan(bytes);
 */
export function compileYara(opts: { bundled?: boolean; user?: string[] } = {}): YaraScanner {
  const yara = createRequire(import.meta.url)('@litko/yara-x') as YaraModule;
  const scanner = yara.create();
  scanner.setMaxMatchesPerPattern(MAX_MATCHES_PER_PATTERN);
  const origin = new Map<string, string>();
  const files = [...(opts.bundled === false ? [] : yaraRuleFiles(BUNDLED_YARA_RULES).map((f) => [f, 'pillbox'] as const)), ...(opts.user ?? []).flatMap((p) => yaraRuleFiles(p).map((f) => [f, 'user'] as const))];
  let ruleCount = 0;
  for (const [file, ns] of files) {
    const src = readFileSync(file, 'utf8');
    try {
      scanner.addRuleSource(src);
    } catch (e) {
      throw compileError(file, e);
    }
    for (const m of src.matchAll(/^\s*(?:(?:private|global)\s+)*rule\s+([A-Za-z_]\w*)/gm)) {
      origin.set(m[1]!, ns);
      ruleCount++;
    }
  }
  return {
    ruleCount,
    scan(bytes: Uint8Array): YaraHit[] {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return scanner.scan(buf).map((r) => ({
        rule: r.ruleIdentifier,
        namespace: origin.get(r.ruleIdentifier) ?? r.namespace,
        tags: r.tags,
        meta: { ...(r.meta as Record<string, unknown>) },
        strings: r.matches.slice(0, MAX_STRINGS_PER_HIT).map((m) => ({ id: m.identifier, offset: m.offset, length: m.length })),
      }));
    },
  };
}

/** YARA-X messages say `--> line:L:C`; keep the first line of the message and that position. */
function compileError(file: string, e: unknown): RuleError {
  const text = e instanceof Error ? e.message : String(e);
  const pos = /--> line:(\d+):(\d+)/.exec(text);
  const head = (text.split('\n').find((l) => l.includes('error[')) ?? text.split('\n')[0] ?? '').replace(/^Compilation error \(\w+\): /, '');
  const line = pos ? Number(pos[1]) : undefined;
  const column = pos ? Number(pos[2]) : undefined;
  const where = line === undefined ? { file } : column === undefined ? { file, line } : { file, line, column };
  return new RuleError(`${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${head}`, where, e);
}
