/**
 * Records `pillbox triage` wrote (`--json`: one record or an array; `--jsonl`: one a line), read
 * back as intel to sweep other machines for the same samples: each file's hashes (MD5, SHA-1,
 * SHA-256, SHA-512), the SHA-256 of its archive members, and the network indicators of its strings
 * (domains, URLs, addresses, e-mail addresses). File names and paths from strings are not hunted:
 * they name the libraries and system paths every binary refers to (`mscoree.dll`, `/proc/self/exe`),
 * and read as a report they made every such file on a server a hit. Neither are the imphash or
 * section hashes, which no file's own hash can equal.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import { countsByType, firstLineIs, jsonOrLines } from './json-records.js';
import type { LoadedIntel } from './stix.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A triage record: `schema_version`, `path`, `format`, `hashes` and `iocs`. */
function isRecord(v: unknown): v is Obj & { path: string; hashes: Obj; iocs: unknown[] } {
  return isObj(v) && typeof v['schema_version'] === 'string' && typeof v['path'] === 'string' && typeof v['format'] === 'string' && isObj(v['hashes']) && Array.isArray(v['iocs']);
}

/** Parsed JSON that is `pillbox triage --json` output (one record, or an array of them). */
export function isTriageJson(j: unknown): boolean {
  return Array.isArray(j) ? j.length > 0 && isRecord(j[0]) : isRecord(j);
}

/** Text whose first line is a `pillbox triage --jsonl` record. */
export function isTriageJsonl(head: string): boolean {
  return firstLineIs(head, isRecord);
}

const HASHES = ['md5', 'sha1', 'sha256', 'sha512'] as const;
const NETWORK = new Set(['domain', 'url', 'ipv4', 'ipv6', 'email']);

/** The indicators of triage records (see the module comment); titled by each record's path. */
export function loadTriageRecords(text: string, source: string): LoadedIntel {
  const { whole, lines, unreadable: badLines } = jsonOrLines(text);
  const records = whole === undefined ? lines : Array.isArray(whole) ? whole : [whole];
  let unreadable = badLines;
  const indicators: IntelIndicator[] = [];
  const fromStrings = new Map<string, number>();
  const add = (type: string, value: unknown, title: string): void => {
    if (typeof value !== 'string' || value === '') return;
    const t = huntTypeOf(type);
    const c = t === null || t === 'any' ? null : canonicalize(t, value);
    if (c) indicators.push({ type: c.type, value: c.value, raw: value, source, source_title: title });
  };
  for (const r of records) {
    if (!isRecord(r)) {
      unreadable++;
      continue;
    }
    const title = `triage of ${r.path}`;
    for (const h of HASHES) add(h, r.hashes[h], title);
    const members = isObj(r['details']) ? r['details']['members'] : undefined;
    if (Array.isArray(members)) for (const m of members) if (isObj(m)) add('sha256', m['sha256'], `triage of ${typeof m['path'] === 'string' ? m['path'] : r.path}`);
    for (const ioc of r.iocs) {
      if (!isObj(ioc) || typeof ioc['type'] !== 'string') continue;
      if (NETWORK.has(ioc['type'])) add(ioc['type'], ioc['value'], title);
      else fromStrings.set(ioc['type'], (fromStrings.get(ioc['type']) ?? 0) + 1);
    }
  }
  const warnings: Diagnostic[] = [];
  if (fromStrings.size > 0) {
    const c = countsByType(fromStrings);
    warnings.push({ code: 'triage-strings-not-swept', message: `${source}: ${c.total} indicator(s) of the files' strings are not hunted, only their network ones (${c.list}: names and paths in strings are mostly libraries and system paths)` });
  }
  if (unreadable > 0) warnings.push({ code: 'triage-unreadable', message: `${source}: ${unreadable} line(s) or entries are no triage record` });
  return { title: source, indicators, warnings };
}

