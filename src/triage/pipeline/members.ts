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
  warnings: number;
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
      warnings: r.warnings.length,
    };
  });
}
