/**
 * Details of non-executable formats: archive listings (C3's `listArchive`, bounded), PDF, OLE2 and
 * OOXML structure, script language and obfuscation markers.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageFormat } from '../../model/triage-result.js';
import { listArchive, type ArchiveEntry, type ArchiveOptions } from '../formats/archive/index.js';
import { parseOle, parseOoxml, parsePdf } from '../formats/document/index.js';
import { readMsg, type MsgMessage } from '../formats/document/msg.js';
import { detectFormat } from '../detect.js';
import { classifyScript } from '../formats/script/index.js';
import { parseLnk } from '../formats/lnk/index.js';

export interface DocumentFacts {
  details: Record<string, unknown>;
  warnings: Diagnostic[];
  /** Archive members with their bytes (for the caller's bounded member triage). */
  members?: ArchiveEntry[];
}

/** What an Outlook message says about itself, without its bytes (attached messages nested). */
function msgDetails(m: MsgMessage): Record<string, unknown> {
  return {
    subject: m.subject, submitted: m.submitted, body_chars: m.body?.length ?? 0, html_body: m.html !== null, rtf_only: m.rtfOnly,
    attachments: m.attachments.map((a) => ({ name: a.name, mime: a.mime, size: a.data?.length ?? null, ...(a.message ? { message: msgDetails(a.message) } : {}) })),
  };
}

/** An Outlook message's attached files as members (attached messages' files under `name.msg!/`). */
function msgMembers(m: MsgMessage, prefix: string, depth: number): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  for (const a of m.attachments) {
    if (a.message !== null) {
      out.push(...msgMembers(a.message, `${prefix}${a.name}!/`, depth + 1));
      continue;
    }
    if (a.data === null) continue;
    const d = detectFormat(a.data);
    out.push({
      name: a.name, path: prefix + a.name, depth, container: 'msg', size: a.data.length, compressed_size: a.data.length, method: 'stored',
      directory: false, encrypted: false, encryption: null, password: null, format: d.format, description: d.description, integrity_ok: null, bytes: a.data,
    });
  }
  return out;
}

/** Details for `format`, or null when it has none. `archive` carries the recursion limits. */
export function documentFacts(bytes: Uint8Array, format: TriageFormat, archive: ArchiveOptions = {}): DocumentFacts | null {
  switch (format) {
    case 'zip':
    case 'gzip':
    case 'tar':
    case 'iso': {
      const a = listArchive(bytes, { ...archive, format, includeBytes: true });
      const { warnings, ...rest } = a;
      const entries = a.entries.map(({ bytes: _b, ...e }) => e);
      for (const l of a.limits_hit) warnings.push({ code: `limit-archive-${l}`, message: `archive limit hit: ${l}; the listing is partial` });
      return { details: { archive: { ...rest, entries } }, warnings, members: a.entries.filter((e) => e.bytes !== undefined) };
    }
    case 'pdf':
      return { details: { pdf: parsePdf(bytes) }, warnings: [] };
    case 'office': {
      const ole = parseOle(bytes);
      if (ole?.kind === 'msg') {
        const msg = readMsg(bytes);
        if (msg !== null) return { details: { ole, msg: msgDetails(msg.message) }, warnings: msg.warnings, members: msgMembers(msg.message, '', 0) };
      }
      return { details: ole ? { ole } : { ooxml: parseOoxml(bytes) }, warnings: [] };
    }
    case 'lnk': {
      const lnk = parseLnk(bytes);
      if (lnk === null) return null;
      const { warnings, ...rest } = lnk;
      return { details: { lnk: rest }, warnings };
    }
    case 'script':
    case 'text': {
      const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 262_144));
      const script = classifyScript(text);
      return script ? { details: { script }, warnings: [] } : null;
    }
    default:
      return null;
  }
}
