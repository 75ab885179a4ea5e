import type { Diagnostic } from '../../model/diagnostic.js';
import type { CompiledYara } from '../intel/yara.js';
import type { HuntHit } from '../types.js';

/**
 * Runs each YARA rule set over a target (`scan` runs one set: over a file by path, or over bytes held
 * in memory) and adds a hit per matching rule, at its first match, to `out`; a scan error is a warning.
 */
export function yaraHits(file: string, yara: readonly CompiledYara[], scan: (rules: CompiledYara['rules']) => ReturnType<CompiledYara['rules']['scan']>, out: { hits: HuntHit[]; warnings: Diagnostic[] }): void {
  for (const y of yara) {
    try {
      for (const r of scan(y.rules)) {
        const first = r.matches[0];
        const ctx = first ? `${first.identifier} at ${first.offset}: ${JSON.stringify(first.data).slice(0, 120)}` : `rule ${r.ruleIdentifier}`;
        out.hits.push({ indicator: r.ruleIdentifier, type: 'yara', file, line: null, field: null, offset: first ? first.offset : null, context: ctx, source: y.source.path, source_title: y.source.source_title, match: 'yara' });
      }
    } catch (e) {
      out.warnings.push({ code: 'yara-error', message: `${file}: ${(e as Error).message}` });
    }
  }
}
