/** Human summary of triage records: one screen per file, most telling findings first. */
import type { TriageResult } from '../../model/triage-result.js';

const hex = (n: number): string => `0x${n.toString(16)}`;
const size = (n: number): string => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);
const MAX_LINES = 6;
const CONTAINERS = new Set(['zip', 'gzip', 'tar', 'iso', 'pdf', 'office', 'email']);

/** The verdict line: packed, suspicious (capabilities / YARA / payload), or nothing notable. */
export function verdict(r: TriageResult): string {
  // Compressed containers are high-entropy by nature: a generic "packed" score says nothing there.
  const p = r.packers.find((x) => x.name !== 'generic-packed' || !CONTAINERS.has(r.format));
  if (p) return `PACKED (${p.name} ${p.confidence.toFixed(2)}: ${p.evidence.slice(0, 2).join('; ')})`;
  const packerRule = r.yara.find((y) => y.tags.includes('packer') && typeof y.meta['packer'] === 'string');
  if (packerRule) return `PACKED (${String(packerRule.meta['packer'])}: yara ${packerRule.rule})`;
  const reasons = [
    ...r.capabilities.slice(0, 3).map((c) => c.name),
    ...r.yara.filter((y) => y.tags.includes('suspicious')).map((y) => `yara ${y.rule}`),
    ...(r.embedded.length ? [`${r.embedded.length} embedded executable(s)`] : []),
    ...(r.overlay && r.overlay.entropy >= 7.2 ? ['high-entropy overlay'] : []),
    // The capability rule names an encoded command when its strings say `powershell`; one decoded without it still counts.
    ...(decodedOf(r).length && !r.capabilities.some((c) => c.namespace === 'execution/powershell/encoded-command') ? ['PowerShell encoded command'] : []),
    ...(lnkOf(r)?.suspicious ?? []).map((s) => `shortcut ${s}`),
    ...((r.details['members'] ?? []) as { path: string; findings?: string[] }[]).flatMap((m) => (m.findings ?? []).slice(0, 2).map((f) => `${m.path.slice(m.path.lastIndexOf('!/') + 2)}: ${f}`)),
  ];
  if (reasons.length) return `SUSPICIOUS (${reasons.join(', ')})`;
  return r.warnings.some((w) => w.code === 'timeout') ? 'INCOMPLETE (time limit)' : 'NO NOTABLE FINDINGS';
}

/** One file's screen. */
export function renderRecord(r: TriageResult): string {
  const out: string[] = [`== ${r.path}`, `${r.description} · ${size(r.size)} · entropy ${r.entropy.toFixed(2)}`, verdict(r)];
  out.push(`sha256 ${r.hashes.sha256}`);
  if (r.hashes.imphash) out.push(`imphash ${r.hashes.imphash}${r.hashes.rich ? `  rich ${r.hashes.rich}` : ''}`);
  out.push(`ssdeep ${r.hashes.ssdeep}`, `tlsh ${r.hashes.tlsh ?? '-'}`);
  const lnk = lnkOf(r);
  if (lnk) {
    const cut = (s: string | null): string => (s === null ? '-' : s.length > 200 ? `${s.slice(0, 200)}… (${s.length} chars)` : s);
    section(out, 'shortcut', [
      `target ${cut(lnk.target)}${lnk.arguments ? ` ${cut(lnk.arguments.trim())}` : ''}`,
      ...(lnk.working_dir ? [`working dir ${lnk.working_dir}`] : []),
      ...(lnk.icon_location ? [`icon ${lnk.icon_location},${lnk.icon_index}`] : []),
      `window ${lnk.show_command}${lnk.machine_id ? ` · made on ${lnk.machine_id}` : ''}${lnk.created ? ` · target created ${lnk.created}` : ''}`,
    ]);
  }
  section(out, 'packers', r.packers.map((p) => `${p.name} ${p.confidence.toFixed(2)}: ${p.evidence.join('; ')}`));
  if (r.overlay) out.push(`overlay: ${hex(r.overlay.offset)} +${size(r.overlay.size)} entropy ${r.overlay.entropy.toFixed(2)}`);
  section(out, 'high-entropy regions', r.high_entropy_regions.map((x) => `${hex(x.offset)} +${size(x.size)} entropy ${x.entropy.toFixed(2)}`));
  section(out, 'embedded', r.embedded.map((e) => `${e.format} at ${hex(e.offset)}${e.size === null ? '' : ` (${size(e.size)})`}`));
  section(out, 'crypto', groupCrypto(r.crypto));
  section(out, 'capabilities', r.capabilities.map((c) => `${c.name} [${c.attack.join(', ')}] ← ${c.evidence.slice(0, 3).join('; ')}`));
  section(out, 'yara', r.yara.map((y) => `${y.rule}${y.tags.length ? ` (${y.tags.join(', ')})` : ''}${typeof y.meta['description'] === 'string' ? `: ${y.meta['description']}` : ''}`));
  const members = (r.details['members'] ?? []) as { path: string; description: string; packers: { name: string }[]; capabilities: string[] }[];
  section(out, 'archive members', members.map((m) => `${m.path}: ${m.description}${m.packers.length ? ` [${m.packers.map((p) => p.name).join(', ')}]` : ''}${m.capabilities.length ? ` {${m.capabilities.join(', ')}}` : ''}`));
  section(out, 'decoded commands', decodedOf(r).map((d) => `powershell -EncodedCommand at ${hex(d.offset)}: ${d.command.length > 160 ? `${d.command.slice(0, 160)}…` : d.command}`));
  section(out, 'iocs', byInterest(r.iocs).map((i) => `${i.type} ${i.value} @${hex(i.file_offsets[0] ?? 0)}${i.benign ? ' (benign)' : ''}`));
  section(out, 'relatives', r.relatives.map((x) => `${x.path} tlsh ${x.tlsh_distance ?? '-'} ssdeep ${x.ssdeep_score}${x.imphash_equal ? ' imphash=' : ''}${x.rich_equal ? ' rich=' : ''}`));
  section(out, 'warnings', r.warnings.map((w) => `${w.code}: ${w.message}`));
  return `${out.join('\n')}\n`;
}

/** The decoded PowerShell commands of a record (details.decoded_commands). */
function decodedOf(r: TriageResult): { offset: number; command: string }[] {
  const d = r.details['decoded_commands'];
  return Array.isArray(d) ? (d as { offset: number; command: string }[]) : [];
}

/** The parsed shortcut of an `lnk` record (details.lnk). */
function lnkOf(r: TriageResult): { target: string | null; arguments: string | null; working_dir: string | null; icon_location: string | null; icon_index: number; show_command: string; machine_id: string | null; created: string | null; suspicious: string[] } | undefined {
  return r.format === 'lnk' ? (r.details['lnk'] as ReturnType<typeof lnkOf>) : undefined;
}

/** Order of indicator types on the screen: what a C2 or a campaign is known by first, then the rest. */
const IOC_RANK: Record<string, number> = { url: 0, domain: 1, ipv4: 2, ipv6: 2, cidr: 2, email: 3, registry: 5, filepath: 6, filename: 7 };

/**
 * The iocs with network indicators first and file names last (a PE's strings list its imported DLLs
 * before anything else, and six lines of `KERNEL32.dll` hid the URL the sample calls), indicators a
 * warninglist marks benign after the others; in file order within each rank. The JSON keeps file order.
 */
function byInterest(iocs: TriageResult['iocs']): TriageResult['iocs'] {
  const rank = (i: TriageResult['iocs'][number]): number => (i.benign ? 10 : 0) + (IOC_RANK[i.type] ?? 4);
  return iocs.map((i, k) => ({ i, k, r: rank(i) })).sort((a, b) => a.r - b.r || a.k - b.k).map((x) => x.i);
}

function section(out: string[], title: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.push(`${title}:`);
  for (const l of lines.slice(0, MAX_LINES)) out.push(`  ${l}`);
  if (lines.length > MAX_LINES) out.push(`  … ${lines.length - MAX_LINES} more (--json for all)`);
}

function groupCrypto(hits: TriageResult['crypto']): string[] {
  const by = new Map<string, number[]>();
  for (const h of hits) by.set(h.name, [...(by.get(h.name) ?? []), h.offset]);
  return [...by].map(([name, offs]) => `${name} at ${offs.slice(0, 3).map(hex).join(', ')}${offs.length > 3 ? ` (+${offs.length - 3})` : ''}`);
}
