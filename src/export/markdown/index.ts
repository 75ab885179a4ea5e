import type { Entity, EntityKind, Relationship } from '../../model/entity.js';
import type { ExtractResult } from '../../model/extract-result.js';
import type { Indicator } from '../../model/indicator.js';

/** Longest evidence excerpt shown in a table cell; the rest is elided. */
const EXCERPT = 140;

/** Makes text safe inside a GFM table cell or inline: no pipes, no line breaks, no stray markup. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[`*_<>[\]]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();
}

function code(s: string): string {
  const clean = s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function excerpt(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return cell(t.length > EXCERPT ? `${t.slice(0, EXCERPT - 1)}…` : t);
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function byKind(entities: Entity[], kind: EntityKind): Entity[] {
  return entities.filter((e) => e.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
}

function entityLine(e: Entity): string {
  const seen = e.aliases_seen.filter((a) => a !== e.name);
  const parts = [`**${cell(e.name)}**`];
  if (seen.length > 0) parts.push(`(written as ${seen.map(cell).join(', ')})`);
  if (!e.known) parts.push('_(not in bundled knowledge)_');
  const others = e.aliases.filter((a) => a !== e.name && !seen.includes(a));
  if (others.length > 0) parts.push(`— also known as ${others.slice(0, 8).map(cell).join(', ')}${others.length > 8 ? ', …' : ''}`);
  return `- ${parts.join(' ')}`;
}

function section(title: string, entities: Entity[]): string[] {
  return entities.length === 0 ? [] : [`### ${title}`, '', ...entities.map(entityLine), ''];
}

function header(r: ExtractResult): string[] {
  const d = r.document;
  const date = d.published === null ? 'unknown' : `${d.published}${d.published_ambiguous ? ` (ambiguous: ${cell(d.published_note ?? 'day/month order decided by convention')})` : ''}`;
  return [
    `# ${cell(d.title ?? r.source.name)}`,
    '',
    `- **Source:** ${code(r.source.name)}`,
    `- **Published:** ${date}`,
    `- **Language:** ${d.language ?? 'unknown'}`,
    `- **SHA-256:** ${code(r.source.sha256)}`,
    '',
  ];
}

function who(r: ExtractResult): string[] {
  const body = [
    ...section('Actors', byKind(r.entities, 'threat-actor')),
    ...section('Malware', byKind(r.entities, 'malware')),
    ...section('Tools', byKind(r.entities, 'tool')),
    ...section('Vulnerabilities', byKind(r.entities, 'vulnerability')),
  ];
  return body.length === 0 ? [] : ['## Who and what', '', ...body];
}

function victims(r: ExtractResult): string[] {
  const body = [
    ...section('Locations', byKind(r.entities, 'location')),
    ...section('Sectors', byKind(r.entities, 'sector')),
    ...section('Organisations', byKind(r.entities, 'identity')),
  ];
  return body.length === 0 ? [] : ['## Victims and organisations', '', ...body];
}

function techniques(r: ExtractResult): string[] {
  if (r.techniques.length === 0) return [];
  const rows = [...r.techniques]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((t) => [t.id, cell(t.name), cell(t.tactics.join(', ')), t.confidence.toFixed(2), excerpt(t.evidence[0]?.text ?? '')]);
  return ['## ATT&CK techniques', '', ...table(['ID', 'Name', 'Tactics', 'Confidence', 'Evidence'], rows), ''];
}

function indicators(r: ExtractResult): string[] {
  if (r.indicators.length === 0) return [];
  const out = ['## Indicators', ''];
  const types = [...new Set(r.indicators.map((i) => i.type))].sort();
  for (const type of types) {
    const list: Indicator[] = r.indicators.filter((i) => i.type === type);
    const rows = list.map((i) => [code(i.value), String(i.occurrences[0]?.line ?? ''), i.benign ? `benign (${cell(i.benign.list)})` : '']);
    out.push(`### ${type} (${list.length})`, '', ...table(['Value', 'First line', 'Note'], rows), '');
  }
  return out;
}

function relationships(r: ExtractResult): string[] {
  if (r.relationships.length === 0) return [];
  const rows = r.relationships.map((x: Relationship) => [cell(x.source), x.type, cell(x.target), x.confidence.toFixed(2), excerpt(x.evidence[0]?.text ?? '')]);
  return ['## Relationships', '', ...table(['Source', 'Relationship', 'Target', 'Confidence', 'Evidence'], rows), ''];
}

/**
 * A readable Markdown summary of an extraction: title, source, date, language; actors (with the aliases
 * written), malware and tools; victims; a techniques table with evidence; indicators by type (benign ones
 * marked); relationships. Text from the report is escaped so it cannot break the tables.
 *
 * @example
 * process.stdout.write(toMarkdown(await extract(input)));
 */
export function toMarkdown(result: ExtractResult): string {
  const warnings = result.warnings.length === 0 ? [] : ['## Warnings', '', ...result.warnings.map((w) => `- ${cell(w.code)}: ${cell(w.message)}`), ''];
  const lines = [...header(result), ...who(result), ...victims(result), ...techniques(result), ...indicators(result), ...relationships(result), ...warnings];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
