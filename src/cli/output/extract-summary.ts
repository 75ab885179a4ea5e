import { formatBytes } from '../../input/read-bytes.js';
import type { ExtractResult } from '../../model/extract-result.js';
import { INDICATOR_TYPES } from '../../model/constants.js';
import type { Indicator } from '../../model/indicator.js';
import { renderTable } from './table.js';
import { stylesFor, type Terminal } from './tty.js';

/**
 * The human summary of an extract result (the `text` format): the source line, counts per type, then
 * the indicators grouped by type (value, first line, occurrence count, defanged/benign markers), then
 * entities and techniques when the result has them.
 */
export function renderExtractSummary(r: ExtractResult, term: Terminal): string {
  const st = stylesFor(term.color);
  const parts: string[] = [];
  const s = r.source;
  parts.push(st.dim(`${s.name} · ${s.media_type} · ${s.encoding} · ${formatBytes(s.size)}`) + '\n');
  if (r.document.title) parts.push(`${st.bold(shown(r.document.title))}\n`);
  parts.push('\n' + countsLine(r.indicators) + '\n');
  for (const type of INDICATOR_TYPES) {
    const group = r.indicators.filter((i) => i.type === type);
    if (group.length === 0) continue;
    parts.push(`\n${st.bold(st.cyan(`${type} (${group.length})`))}\n`);
    const rows = group.map((i) => [shown(i.value), `L${i.occurrences[0]?.line ?? '?'}`, (i.occurrences_total ?? i.occurrences.length) > 1 ? `×${i.occurrences_total ?? i.occurrences.length}` : '', markers(i, st.yellow)]);
    // Values are never clipped (analysts copy them); a narrow terminal wraps the line instead.
    parts.push(renderTable([{ title: 'value' }, { title: 'line', align: 'right' }, { title: 'n' }, { title: 'notes' }], rows, { header: false, indent: '  ' }));
  }
  if (r.entities.length > 0) {
    parts.push(`\n${st.bold(st.cyan(`entities (${r.entities.length})`))}\n`);
    const rows = r.entities.map((e) => [e.kind, e.name, e.known ? '' : 'new', e.aliases_seen.filter((a) => a !== e.name).join(', ')]);
    parts.push(renderTable([{ title: 'kind' }, { title: 'name' }, { title: 'known' }, { title: 'seen as', shrink: true }], rows, { header: false, indent: '  ', width: term.width }));
  }
  if (r.techniques.length > 0) {
    parts.push(`\n${st.bold(st.cyan(`techniques (${r.techniques.length})`))}\n`);
    const rows = r.techniques.map((t) => [t.id, t.name, t.tactics.join(', '), t.confidence.toFixed(2)]);
    parts.push(renderTable([{ title: 'id' }, { title: 'name', shrink: true }, { title: 'tactics' }, { title: 'conf', align: 'right' }], rows, { header: false, indent: '  ', width: term.width }));
  }
  if (r.relationships.length > 0) parts.push(`\n${r.relationships.length} relationships (see --json or --format stix)\n`);
  return parts.join('');
}

/** `12 indicators: 3 sha256, 2 domain … (2 benign)` or `No indicators found.` */
export function countsLine(indicators: readonly Indicator[]): string {
  if (indicators.length === 0) return 'No indicators found.';
  const counts = INDICATOR_TYPES.map((t) => [t, indicators.filter((i) => i.type === t).length] as const).filter(([, n]) => n > 0);
  const benign = indicators.filter((i) => i.benign !== undefined).length;
  const noun = indicators.length === 1 ? 'indicator' : 'indicators';
  return `${indicators.length} ${noun}: ${counts.map(([t, n]) => `${n} ${t}`).join(', ')}${benign > 0 ? ` (${benign} benign)` : ''}`;
}

function markers(i: Indicator, warn: (s: string) => string): string {
  const m: string[] = [];
  if (i.benign) m.push(warn(`benign: ${i.benign.reason}`));
  if (i.defanged) m.push('defanged');
  if (i.unicode) m.push(shown(i.unicode));
  for (const t of i.tags) if (t === 'mixed-script' || t === 'lookalike' || t === 'bidi-control') m.push(warn(t));
  return m.join('  ');
}

/**
 * Text for a terminal: bidirectional controls shown as `<U+202E>`. Printed as they are, they would
 * reorder the line, and the disguised name (`invoice<U+202E>gpj.exe`) would read as the lure it is
 * meant to look like (`invoiceexe.jpg`).
 */
export function shown(s: string): string {
  return s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}
