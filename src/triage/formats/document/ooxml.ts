import { listArchive } from '../archive/index.js';

export interface OoxmlInfo {
  /** `docx`, `xlsx`, `pptx` (or their macro-enabled `docm`/`xlsm`/`pptm`), or `ooxml`. */
  kind: string;
  content_types: string[];
  vba_project: boolean;
  /** Relationship targets with `TargetMode="External"` (remote templates, OLE links). */
  external_relationships: string[];
  parts: number;
}

const MAIN_TYPES: [string, string][] = [
  ['wordprocessingml.document.main', 'docx'], ['ms-word.document.macroEnabled.main', 'docm'],
  ['spreadsheetml.sheet.main', 'xlsx'], ['ms-excel.sheet.macroEnabled.main', 'xlsm'],
  ['presentationml.presentation.main', 'pptx'], ['ms-powerpoint.presentation.macroEnabled.main', 'pptm'],
];

/**
 * OOXML package facts from its ZIP members: `[Content_Types].xml` overrides, `vbaProject.bin`, and
 * external relationship targets. Returns null when the ZIP has no `[Content_Types].xml`.
 * @example parseOoxml(bytes)?.external_relationships
 */
export function parseOoxml(bytes: Uint8Array): OoxmlInfo | null {
  const zip = listArchive(bytes, { format: 'zip', includeBytes: true, maxDepth: 0, maxTotalSize: 64 * 1024 * 1024, maxIncludedBytes: 64 * 1024 * 1024 });
  const ct = zip.entries.find((e) => e.name === '[Content_Types].xml');
  if (!ct) return null;
  const text = (b: Uint8Array | undefined): string => (b ? new TextDecoder().decode(b.subarray(0, 4 * 1024 * 1024)) : '');
  const types = [...new Set([...text(ct.bytes).matchAll(/ContentType="([^"]{1,200})"/g)].map((m) => m[1]!))].sort();
  const external: string[] = [];
  for (const e of zip.entries) {
    if (!e.name.endsWith('.rels')) continue;
    for (const m of text(e.bytes).matchAll(/<Relationship\b[^>]{0,2000}>/g)) {
      if (!/TargetMode="External"/i.test(m[0])) continue;
      const target = /Target="([^"]{0,2000})"/.exec(m[0])?.[1];
      if (target && external.length < 200) external.push(target);
    }
  }
  const main = MAIN_TYPES.find(([t]) => types.some((x) => x.includes(t)));
  return {
    kind: main?.[1] ?? 'ooxml',
    content_types: types,
    vba_project: zip.entries.some((e) => e.name.toLowerCase().endsWith('vbaproject.bin')),
    external_relationships: external,
    parts: zip.entries.length,
  };
}
