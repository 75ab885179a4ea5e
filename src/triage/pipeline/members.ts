/**
 * Archive members: each non-archive member the listing kept bytes for is triaged in memory (never
 * written to disk), within a count bound, and summarised in the parent's `details.members`.
 * Archives inside archives are already flattened by the listing, so they are not listed twice.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageResult } from '../../model/triage-result.js';
import type { ArchiveEntry } from '../formats/archive/index.js';

/** Most members triaged per archive. */
const MAX_MEMBERS = 64;

export interface MemberSummary {
  path: string;
  format: string;
  description: string;
  size: number;
  sha256: string;
  packers: TriageResult['packers'];
  capabilities: string[];
  yara: string[];
  crypto: string[];
  /**
   * Why the member looks like part of an attack chain (a shortcut's reasons, YARA rules tagged
   * suspicious, its own members' findings): the container's verdict names them.
   */
  findings: string[];
  warnings: number;
}

/** A member's findings: its shortcut's reasons, suspicious YARA rules, then its own members' (nested containers). */
function findingsOf(r: TriageResult): string[] {
  const lnk = r.format === 'lnk' ? ((r.details['lnk'] as { suspicious?: string[] } | undefined)?.suspicious ?? []) : [];
  const yara = r.yara.filter((y) => y.tags.includes('suspicious')).map((y) => `yara ${y.rule}`);
  const nested = ((r.details['members'] ?? []) as MemberSummary[]).flatMap((m) => m.findings.map((f) => `${m.path.slice(m.path.lastIndexOf('!/') + 2)}: ${f}`));
  return [...lnk.map((s) => `shortcut ${s}`), ...yara, ...nested];
}

export function triageMembers(
  members: ArchiveEntry[],
  parent: string,
  triage: (bytes: Uint8Array, path: string) => TriageResult,
  warnings: Diagnostic[],
): MemberSummary[] {
  // A listing flattens archives inside archives; a message's attachments are not flattened: a ZIP
  // attached to a message is triaged (and listed) as a member of its own.
  const wanted = members.filter((m) => !m.directory && (m.container === 'msg' || m.container === 'email' || (m.format !== 'zip' && m.format !== 'gzip' && m.format !== 'tar' && m.format !== 'iso')));
  if (wanted.length > MAX_MEMBERS) warnings.push({ code: 'limit-members', message: `${wanted.length} archive members; only the first ${MAX_MEMBERS} were triaged` });
  return wanted.slice(0, MAX_MEMBERS).map((m) => {
    const r = triage(m.bytes!, `${parent}!/${m.path}`);
    return {
      path: r.path,
      format: r.format,
      description: r.description,
      size: r.size,
      sha256: r.hashes.sha256,
      packers: r.packers,
      capabilities: r.capabilities.map((c) => c.name),
      yara: r.yara.map((y) => y.rule),
      crypto: [...new Set(r.crypto.map((c) => c.name))],
      findings: findingsOf(r),
      warnings: r.warnings.length,
    };
  });
}
