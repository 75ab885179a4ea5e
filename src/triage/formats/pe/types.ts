import type { Diagnostic } from '../../../model/diagnostic.js';
import type { DotnetInfo } from './dotnet/types.js';

/** A flag word with its decoded names (PE/COFF spec §3.3.2, §3.4.1, §4.1). */
export interface PeFlags {
  value: number;
  flags: string[];
}

export interface PeTimestamp {
  value: number;
  /** ISO 8601 UTC, or null when the value is 0. */
  iso: string | null;
  /** `zero`, `future` (only with `opts.now`), `before-1995`, `delphi-fixed` (0x2A425E19, Borland linkers). */
  anomalies: string[];
}

export interface PeSection {
  name: string;
  virtual_address: number;
  virtual_size: number;
  raw_offset: number;
  raw_size: number;
  characteristics: PeFlags;
  /** `r`, `w`, `x` or `-` in that order, e.g. `r-x`. */
  perms: string;
  /** Shannon entropy (bits per byte) of the raw data (0 when empty); null when hashing is off or over budget. */
  entropy: number | null;
  /** MD5 of the section's raw data as pefile's `get_data()` returns it; null as for `entropy`. */
  md5: string | null;
}

export interface PeDataDirectory {
  index: number;
  name: string;
  rva: number;
  size: number;
}

export interface PeImportedFunction {
  /** Name, or the ordinal-table name pefile resolves for ws2_32/wsock32/oleaut32; null otherwise. */
  name: string | null;
  ordinal: number | null;
  hint: number | null;
}

export interface PeImport {
  dll: string;
  functions: PeImportedFunction[];
  /** True for delay-load imports (IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT); they do not count for imphash. */
  delayed: boolean;
}

export interface PeExportedFunction {
  name: string | null;
  ordinal: number;
  rva: number;
  /** `OTHER.Func` when the export is forwarded, else null. */
  forwarder: string | null;
}

export interface PeExports {
  dll_name: string | null;
  timestamp: number;
  functions: PeExportedFunction[];
}

export interface PeResource {
  /** RT_* name for standard ids (`RT_ICON`, `RT_RCDATA`…), the string name, or `#<id>`. */
  type: string;
  name: string;
  lang: number;
  rva: number;
  /** File offset of the data, or null when the RVA maps nowhere. */
  offset: number | null;
  size: number;
  /** Null when hashing is off or over budget. */
  entropy: number | null;
}

export interface PeRegion {
  offset: number;
  size: number;
  /** Null when hashing is off or over budget. */
  entropy: number | null;
}

export interface PeRichEntry {
  /** Product id (high word of the comp id). */
  product: number;
  build: number;
  count: number;
  comp_id: number;
}

export interface PeRich {
  offset: number;
  key: number;
  /** True when the key equals the checksum recomputed over the DOS header and entries (untampered). */
  checksum_valid: boolean;
  entries: PeRichEntry[];
  /** MD5 of the XOR-decoded bytes from 0x80 to `Rich` (pefile `get_rich_header_hash`). */
  hash: string;
}

export interface PeTls {
  /** Virtual addresses of TLS callbacks (bounded). */
  callbacks: number[];
  address_of_callbacks: number;
}

export interface PeAuthenticode {
  offset: number;
  size: number;
  /** WIN_CERTIFICATE.wRevision (0x200 = revision 2). */
  revision: number | null;
  /** WIN_CERTIFICATE.wCertificateType (2 = PKCS#7 SignedData). */
  type: number | null;
  /** True when offset+size fits in the file. */
  in_file: boolean;
}

export interface PeDebugEntry {
  type: number;
  type_name: string;
  timestamp: number;
  size: number;
  offset: number;
  /** CodeView RSDS: PDB path, GUID (registry form) and age. */
  pdb?: string;
  guid?: string;
  age?: number;
}

export interface PeRelocations {
  blocks: number;
  entries: number;
  /** Entry count by type name (`dir64`, `highlow`, `absolute` padding…). */
  types: Record<string, number>;
}

export interface PeEntryPoint {
  rva: number;
  va: number;
  offset: number | null;
  section: string | null;
  section_index: number | null;
}

/** Everything `parsePe` learns about a PE32/PE32+ file. Keys are snake_case for JSON output. */
export interface PeInfo {
  format: 'pe32' | 'pe32+';
  machine: string;
  machine_id: number;
  bits: 32 | 64;
  characteristics: PeFlags;
  dll: boolean;
  driver: boolean;
  subsystem: string;
  subsystem_id: number;
  dll_characteristics: PeFlags;
  entry_point: PeEntryPoint;
  image_base: number;
  timestamp: PeTimestamp;
  linker_version: string;
  os_version: string;
  subsystem_version: string;
  image_version: string;
  size_of_image: number;
  size_of_headers: number;
  file_alignment: number;
  section_alignment: number;
  checksum: { stored: number; computed: number | null };
  sections: PeSection[];
  data_directories: PeDataDirectory[];
  imports: PeImport[];
  /** Import hash as python3-pefile 2023.2.7 computes it; '' when there are no imports. */
  imphash: string;
  exports: PeExports | null;
  resources: PeResource[];
  overlay: PeRegion | null;
  rich: PeRich | null;
  tls: PeTls | null;
  relocations: PeRelocations | null;
  authenticode: PeAuthenticode | null;
  debug: PeDebugEntry[];
  dotnet: DotnetInfo | null;
  /** Structural oddities worth an analyst's eye (codes, see anomalies.ts). */
  anomalies: string[];
  warnings: Diagnostic[];
}

/** Hard caps. Defaults in `PE_DEFAULTS`; every loop over file-controlled counts honours one. */
export interface PeOptions {
  maxSections?: number;
  maxImportDlls?: number;
  maxImportFunctions?: number;
  maxExports?: number;
  maxResources?: number;
  maxResourceDepth?: number;
  maxTlsCallbacks?: number;
  maxRelocations?: number;
  maxDebugEntries?: number;
  maxMetadataRows?: number;
  maxUserStrings?: number;
  /** Reference time for the `future` timestamp flag (ms since epoch); without it, no `future` flag. */
  now?: number;
  /** Compute per-section/resource/overlay entropy and MD5 (default true). */
  hashes?: boolean;
  /** Compute the PE checksum (default false: it reads the whole file once more). */
  checksum?: boolean;
}

/** Every option except `now`, filled in. */
export type PeLimits = Required<Omit<PeOptions, 'now'>> & { now?: number };

export const PE_DEFAULTS: Required<Omit<PeOptions, 'now'>> = {
  maxSections: 2048,
  maxImportDlls: 1024,
  maxImportFunctions: 0x2000,
  maxExports: 0x2000,
  maxResources: 4096,
  maxResourceDepth: 8,
  maxTlsCallbacks: 64,
  maxRelocations: 1_000_000,
  maxDebugEntries: 32,
  maxMetadataRows: 100_000,
  maxUserStrings: 2000,
  hashes: true,
  checksum: false,
};
