import type { PeImage } from '../image.js';
import { DIR } from '../constants.js';
import { decodeFlags } from '../constants.js';
import { Heaps, type Heap } from './heaps.js';
import { Names } from './names.js';
import { T, TABLES } from './schema.js';
import { TablesStream } from './tables.js';
import type { DotnetAssembly, DotnetInfo } from './types.js';

const BSJB = 0x424a5342;
const COMIMAGE_FLAGS: readonly [number, string][] = [
  [0x01, 'ILONLY'],
  [0x02, '32BITREQUIRED'],
  [0x04, 'IL_LIBRARY'],
  [0x08, 'STRONGNAMESIGNED'],
  [0x10, 'NATIVE_ENTRYPOINT'],
  [0x10000, 'TRACKDEBUGDATA'],
  [0x20000, '32BITPREFERRED'],
];

/**
 * CLR header (ECMA-335 II.25.3.3) and metadata (II.24): streams, then names from the tables.
 * Returns a partial record with warnings when the metadata is damaged.
 */
export function parseDotnet(img: PeImage): DotnetInfo | null {
  const d = img.dir(DIR.COM_DESCRIPTOR)!;
  const cor = img.dataAt(d.rva, 72);
  if (!cor || cor.length < 24) {
    img.warn('dotnet-header', 'CLR header is unreadable', img.rvaToOffset(d.rva));
    return null;
  }
  const dv = new DataView(cor.buffer, cor.byteOffset, cor.length);
  const flags = dv.getUint32(16, true);
  const entryToken = dv.getUint32(20, true);
  const info = emptyInfo(`${dv.getUint16(4, true)}.${dv.getUint16(6, true)}`, flags, entryToken);
  const mdOffset = img.rvaToOffset(dv.getUint32(8, true));
  const mdSize = dv.getUint32(12, true);
  if (mdOffset === undefined || img.b.u32(mdOffset) !== BSJB) {
    img.warn('dotnet-metadata', 'metadata root (BSJB) not found', mdOffset);
    return info;
  }
  const streams = readStreams(img, mdOffset, mdSize, info);
  const tablesAt = streams.get('#~') ?? streams.get('#-');
  const heaps = new Heaps(img.b, { strings: streams.get('#Strings'), us: streams.get('#US'), guid: streams.get('#GUID'), blob: streams.get('#Blob') } as ConstructorParameters<typeof Heaps>[1]);
  info.user_strings = heaps.userStrings(img.limits.maxUserStrings);
  if (!tablesAt) {
    img.warn('dotnet-metadata', 'metadata has no tables stream');
    return info;
  }
  const tables = new TablesStream(img.b, tablesAt.offset, tablesAt.size, (c, m, o) => img.warn(c, m, o));
  if (tables.ok) fillFromTables(img, tables, heaps, info);
  return info;
}

function emptyInfo(runtime: string, flags: number, entryToken: number): DotnetInfo {
  return {
    runtime_version: runtime,
    flags: { value: flags, flags: decodeFlags(flags, COMIMAGE_FLAGS) },
    entry_point_token: entryToken,
    entry_point: null,
    metadata_version: null,
    streams: [],
    module_name: null,
    mvid: null,
    assembly: null,
    assembly_refs: [],
    type_refs: [],
    type_defs: [],
    method_defs: [],
    member_refs: [],
    custom_attributes: [],
    module_refs: [],
    pinvoke: [],
    manifest_resources: [],
    user_strings: [],
    table_rows: {},
  };
}

/** Metadata root (II.24.2.1) and stream headers (II.24.2.2); at most 16 streams. */
function readStreams(img: PeImage, md: number, mdSize: number, info: DotnetInfo): Map<string, Heap> {
  const b = img.b;
  const out = new Map<string, Heap>();
  const vlen = Math.min(b.u32(md + 12) ?? 0, 255);
  info.metadata_version = b.cstr(md + 16, vlen) ?? null;
  let p = md + 16 + ((vlen + 3) & ~3);
  const count = b.u16(p + 2) ?? 0;
  p += 4;
  for (let i = 0; i < Math.min(count, 16); i++) {
    const off = b.u32(p);
    const size = b.u32(p + 4);
    const name = b.cstr(p + 8, 32);
    if (off === undefined || size === undefined || name === undefined) {
      img.warn('truncated', 'metadata stream headers are cut short', p);
      break;
    }
    const start = md + off;
    if (off > mdSize || start + size > b.length) img.warn('dotnet-stream', `stream ${name} lies outside the metadata`, start);
    const clipped = { offset: start, size: Math.max(0, Math.min(size, b.length - start)) };
    info.streams.push({ name, offset: start, size });
    if (!out.has(name)) out.set(name, clipped);
    p += 8 + ((name.length + 4) & ~3);
  }
  return out;
}

function fillFromTables(img: PeImage, t: TablesStream, h: Heaps, info: DotnetInfo): void {
  const max = img.limits.maxMetadataRows;
  const names = new Names(t, h, max, (c, m) => img.warn(c, m));
  TABLES.forEach(([name], i) => {
    if (t.rowCounts[i]) info.table_rows[name] = t.rowCounts[i]!;
  });
  if (t.rows(T.Module) > 0) {
    info.module_name = h.string(t.cell(T.Module, 1, 1));
    info.mvid = h.guidText(t.cell(T.Module, 1, 2));
  }
  if (t.rows(T.Assembly) > 0) info.assembly = assembly(t, h, T.Assembly, 1, [1, 2, 3, 4], 7, 8);
  const rowsOf = (table: number): number[] => {
    const n = Math.min(t.rows(table), max);
    if (t.rows(table) > max) img.warn('limit-metadata-rows', `${t.rows(table)} rows in table ${TABLES[table]![0]}, reading ${max}`);
    return Array.from({ length: n }, (_, i) => i + 1);
  };
  info.assembly_refs = rowsOf(T.AssemblyRef).map((r) => assembly(t, h, T.AssemblyRef, r, [0, 1, 2, 3], 6, 7));
  info.type_refs = unique(rowsOf(T.TypeRef).map((r) => names.typeRef(r)));
  info.type_defs = rowsOf(T.TypeDef).map((r) => names.typeDef(r));
  info.method_defs = rowsOf(T.MethodDef).map((r) => names.methodDef(r));
  info.member_refs = unique(rowsOf(T.MemberRef).map((r) => names.memberRef(r)));
  info.custom_attributes = unique(rowsOf(T.CustomAttribute).map((r) => names.attributeType(r) ?? ''));
  info.module_refs = rowsOf(T.ModuleRef).map((r) => h.string(t.cell(T.ModuleRef, r, 0)));
  info.pinvoke = unique(rowsOf(T.ImplMap).map((r) => `${h.string(t.cell(T.ModuleRef, t.cell(T.ImplMap, r, 3) ?? 0, 0))}!${h.string(t.cell(T.ImplMap, r, 2))}`));
  info.manifest_resources = rowsOf(T.ManifestResource).map((r) => h.string(t.cell(T.ManifestResource, r, 2)));
  if (info.entry_point_token >>> 24 === T.MethodDef) {
    const row = info.entry_point_token & 0xffffff;
    if (row >= 1 && row <= t.rows(T.MethodDef)) info.entry_point = names.methodDef(row);
  }
}

function assembly(t: TablesStream, h: Heaps, table: number, row: number, ver: number[], nameCol: number, cultureCol: number): DotnetAssembly {
  return {
    name: h.string(t.cell(table, row, nameCol)),
    version: ver.map((c) => t.cell(table, row, c) ?? 0).join('.'),
    culture: h.string(t.cell(table, row, cultureCol)),
  };
}

function unique(list: string[]): string[] {
  return [...new Set(list.filter((s) => s !== ''))];
}
