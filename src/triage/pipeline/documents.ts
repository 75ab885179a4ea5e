/**
 * Details of non-executable formats: archive listings (C3's `listArchive`, bounded), PDF, OLE2 and
 * OOXML structure, script language and obfuscation markers.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TriageFormat } from '../../model/triage-result.js';
import { listArchive, type ArchiveEntry, type ArchiveOptions } from '../formats/archive/index.js';
import { parseOle, parseOoxml, parsePdf } from '../formats/document/index.js';
import { classifyScript } from '../formats/script/index.js';
import { parseLnk } from '../formats/lnk/index.js';

export interface DocumentFacts {
  details: Record<string, unknown>;
  warnings: Diagnostic[];
  /** Archive members with their bytes (for the caller's bounded member triage). */
  members?: ArchiveEntry[];
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
