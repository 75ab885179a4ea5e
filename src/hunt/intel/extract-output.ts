/**
 * What `pillbox extract` wrote, read back as intel: its `--json` result (an object with
 * `schema_version` and an `indicators` list) or its `--jsonl` lines (one indicator record each). Each
 * indicator is taken with its own type. Read as a report instead, the JSON's other strings became
 * indicators too: the report file's own name and SHA-256 (`source`), so hunting the folder that held
 * the report found the report.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { IntelIndicator } from '../types.js';
import { canonicalize, huntTypeOf } from './canonical.js';
import { countsByType, firstLineIs, jsonOrLines } from './json-records.js';
import type { LoadedIntel } from './stix.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An indicator record of the extract contract: string `type` and `value`, and its `occurrences`. */
function isIndicatorRecord(v: unknown): v is { type: string; value: string } {
  return isObj(v) && typeof v['type'] === 'string' && typeof v['value'] === 'string' && Array.isArray(v['occurrences']);
}

/** Parsed JSON that is a `pillbox extract --json` result. */
export function isExtractJson(j: unknown): boolean {
  if (!isObj(j) || typeof j['schema_version'] !== 'string' || !Array.isArray(j['indicators']) || !isObj(j['source'])) return false;
  const first = (j['indicators'] as unknown[])[0];
  return first === undefined || isIndicatorRecord(first);
}

/** Text whose first line is a `pillbox extract --jsonl` indicator record. */
export function isExtractJsonl(head: string): boolean {
  return firstLineIs(head, isIndicatorRecord);
}

/**
 * The indicators of an extract result (JSON or JSON lines), titled by the document's title. Types
 * hunt does not sweep (`cve`, `attack_technique`, `asn`…) are counted by type in a warning, and so
 * are values not valid for their type and lines that are no record.
 */
export function loadExtractOutput(text: string, source: string): LoadedIntel {
  let title = source;
  const { whole, lines, unreadable } = jsonOrLines(text);
  let badLines = unreadable;
  let records = lines;
  if (isObj(whole) && Array.isArray(whole['indicators'])) {
    records = whole['indicators'] as unknown[];
    const doc = whole['document'];
    if (isObj(doc) && typeof doc['title'] === 'string' && doc['title'].trim() !== '') title = doc['title'];
  } else if (whole !== undefined) records = [whole];
  const indicators: IntelIndicator[] = [];
  const notSwept = new Map<string, number>();
  let invalid = 0;
  for (const r of records) {
    if (!isIndicatorRecord(r)) {
      badLines++;
      continue;
    }
    const t = huntTypeOf(r.type);
    if (t === null || t === 'any') {
      notSwept.set(r.type, (notSwept.get(r.type) ?? 0) + 1);
      continue;
    }
    const c = canonicalize(t, r.value);
    if (c) indicators.push({ type: c.type, value: c.value, raw: r.value, source, source_title: title });
    else invalid++;
  }
  const warnings: Diagnostic[] = [];
  if (notSwept.size > 0) {
    const c = countsByType(notSwept);
    warnings.push({ code: 'extract-not-swept', message: `${source}: ${c.total} indicator(s) of types hunt does not sweep (${c.list})` });
  }
  if (invalid > 0) warnings.push({ code: 'extract-invalid', message: `${source}: ${invalid} indicator value(s) not valid for their type` });
  if (badLines > 0) warnings.push({ code: 'extract-unreadable', message: `${source}: ${badLines} line(s) or entries are no indicator record` });
  return { title, indicators, warnings };
}

