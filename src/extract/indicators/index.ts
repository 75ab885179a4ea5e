// extractIndicators: document text → de-duplicated indicators with every occurrence, context and
// warninglist tags. The scanning is in scanner.ts; this file only aggregates.
import type { Indicator, IndicatorType } from '../../model/indicator.js';
import { LineIndex, contextSnippet } from '../../text/lines.js';
import { checkBenign, loadWarninglists, type Warninglists } from '../../knowledge/warninglists/index.js';
import { scanText } from './scanner.js';
import type { Match } from './types.js';

export interface ExtractIndicatorsOptions {
  /** Only these types (default: all). */
  types?: readonly IndicatorType[];
  /** Warninglists for benign tagging; default the bundled lists, `null` for none. */
  warninglists?: Warninglists | null;
  /** Remove indicators a warninglist marks benign. */
  dropBenign?: boolean;
}

interface Acc { m: Match; ind: Indicator }

/**
 * Every indicator in `text`: refanged, validated, canonical, de-duplicated by (type, value), with all
 * occurrences in order, sorted by first offset.
 * @example extractIndicators('C2: hxxps://evil[.]com/gate.php')[0]?.value // 'https://evil.com/gate.php'
 */
export function extractIndicators(text: string, opts: ExtractIndicatorsOptions = {}): Indicator[] {
  const wanted = opts.types === undefined ? null : new Set<IndicatorType>(opts.types);
  const byKey = new Map<string, Acc>();
  const lines = new LineIndex(text);
  scanText(text, (m) => {
    if (wanted !== null && !wanted.has(m.type)) return;
    const key = `${m.type}\u0000${m.value}`;
    const raw = text.slice(m.start, m.end);
    const occ = { offset: m.start, line: lines.lineOf(m.start), raw };
    const acc = byKey.get(key);
    if (acc === undefined) {
      const ind: Indicator = { type: m.type, value: m.value, raw, defanged: m.defanged, occurrences: [occ], context: '', tags: [] };
      if (m.unicode !== undefined) ind.unicode = m.unicode;
      byKey.set(key, { m, ind });
      return;
    }
    acc.ind.occurrences.push(occ);
    if (m.defanged) acc.ind.defanged = true;
    if (m.start < acc.m.start) acc.m = m;
  });
  const wl = opts.warninglists === undefined ? loadWarninglists() : opts.warninglists;
  const result: Indicator[] = [];
  for (const { m, ind } of byKey.values()) {
    ind.occurrences.sort((a, b) => a.offset - b.offset);
    const first = ind.occurrences[0]!;
    ind.raw = first.raw;
    ind.context = contextSnippet(text, m.start, m.end);
    if (wl !== null) {
      const benign = checkBenign(ind.type, ind.value, wl);
      if (benign !== undefined) {
        if (opts.dropBenign === true) continue;
        ind.benign = benign;
        ind.tags.push('benign');
      }
    }
    if (ind.defanged) ind.tags.push('defanged');
    result.push(ind);
  }
  return result.sort((a, b) => a.occurrences[0]!.offset - b.occurrences[0]!.offset || (a.type < b.type ? -1 : 1));
}

export type { Warninglists };
