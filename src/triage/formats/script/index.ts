/**
 * Script recognition by content: shebang first, then keyword scores per language. Scanners are
 * plain substring counts over a bounded prefix (no backtracking regexes on hostile text).
 */
import { countKeywords, keywordTable } from './keywords.js';

export type ScriptLanguage = 'powershell' | 'javascript' | 'vbscript' | 'shell' | 'python' | 'batch';

export interface ScriptInfo {
  language: ScriptLanguage;
  /** Score of the winning language (keyword hits; a shebang counts 10). */
  score: number;
  shebang: string | null;
  /** Obfuscation or staging markers: `long-base64`, `frombase64string`, `encodedcommand`, `eval`, `char-codes`, `iex`… */
  flags: string[];
}

const KEYWORDS: Record<ScriptLanguage, string[]> = {
  powershell: ['param(', '$env:', 'write-host', 'get-', 'set-', 'new-object', '-eq ', '-ne ', 'invoke-', '[system.', '$_', 'foreach-object', '$psscriptroot', 'function '],
  javascript: ['function(', 'function ', 'var ', 'let ', 'const ', '=>', 'document.', 'window.', 'console.log', 'require(', '===', 'activexobject', 'wscript.'],
  vbscript: ['dim ', 'end sub', 'end function', 'createobject(', 'wscript.', 'set ', 'msgbox', 'on error resume next', 'end if', 'sub '],
  shell: ['#!/bin/', 'echo ', 'fi\n', 'then\n', 'done\n', 'export ', '$(', '${', 'esac', '; then', 'chmod ', '/dev/null'],
  python: ['import ', 'def ', 'print(', 'self.', 'elif ', '__name__', 'from ', 'lambda ', 'none', 'true:'],
  batch: ['@echo off', 'echo ', 'set ', 'goto ', 'rem ', '%~dp0', 'if exist', 'call ', 'pause', 'start '],
};

const SHEBANGS: [string, ScriptLanguage][] = [
  ['python', 'python'], ['pwsh', 'powershell'], ['powershell', 'powershell'], ['node', 'javascript'],
  ['bash', 'shell'], ['/sh', 'shell'], ['zsh', 'shell'], ['dash', 'shell'], ['ksh', 'shell'],
];

/** Every language's keywords in one table, in KEYWORDS order; `from` is where each language's list starts. */
const ALL_KEYWORDS = (() => {
  const from = {} as Record<ScriptLanguage, number>;
  const words: string[] = [];
  for (const lang of Object.keys(KEYWORDS) as ScriptLanguage[]) {
    from[lang] = words.length;
    words.push(...KEYWORDS[lang]);
  }
  return { table: keywordTable(words), from };
})();

function count(hay: string, needle: string, cap = 20): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0 && n < cap; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Classify text as a script, or null when no language scores enough. Looks at the first 256 KiB.
 * @example classifyScript('#!/bin/sh\necho hi\n')?.language // 'shell'
 */
export function classifyScript(text: string, minScore = 3): ScriptInfo | null {
  const head = text.slice(0, 256 * 1024);
  const lower = head.toLowerCase();
  const firstLine = head.startsWith('#!') ? head.slice(0, Math.max(2, head.indexOf('\n'))).trim() : null;
  let best: ScriptLanguage | null = null;
  let bestScore = 0;
  // Each keyword counts at most 3 times; all of them are counted in one pass (keywords.ts).
  const counts = countKeywords(lower, ALL_KEYWORDS.table, 3);
  for (const lang of Object.keys(KEYWORDS) as ScriptLanguage[]) {
    let s = 0;
    for (let k = ALL_KEYWORDS.from[lang]; k < ALL_KEYWORDS.from[lang] + KEYWORDS[lang].length; k++) s += counts[k]!;
    if (firstLine && SHEBANGS.some(([k, l]) => l === lang && firstLine.includes(k))) s += 10;
    if (s > bestScore) { best = lang; bestScore = s; }
  }
  if (!best || bestScore < minScore) return null;
  return { language: best, score: bestScore, shebang: firstLine, flags: obfuscationFlags(head, lower) };
}

/**
 * Markers of encoded or staged payloads, independent of the language.
 * @example obfuscationFlags('eval(atob(x))') // ['eval', 'base64-decode']
 */
export function obfuscationFlags(text: string, lower = text.toLowerCase()): string[] {
  const flags: string[] = [];
  if (longestBase64Run(text) >= 200) flags.push('long-base64');
  if (lower.includes('frombase64string')) flags.push('frombase64string');
  if (/(^|\s)-(e|en|enc|enco|encodedcommand)\s+[a-z0-9+/=]{20}/i.test(text.slice(0, 65536))) flags.push('encodedcommand');
  if (lower.includes('eval(')) flags.push('eval');
  if (lower.includes('iex ') || lower.includes('invoke-expression')) flags.push('iex');
  if (count(lower, 'chr(', 50) >= 20 || count(lower, 'fromcharcode', 50) >= 1) flags.push('char-codes');
  if (lower.includes('downloadstring') || lower.includes('downloadfile') || lower.includes('invoke-webrequest')) flags.push('download');
  if (lower.includes('atob(') || lower.includes('base64 -d') || lower.includes('b64decode')) flags.push('base64-decode');
  return flags;
}

/**
 * Length of the longest run of base64 alphabet characters (one linear pass).
 * @example longestBase64Run('ab== cd') // 4
 */
export function longestBase64Run(text: string): number {
  let best = 0, run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b64 = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
    run = b64 ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
