import type { Diagnostic } from '../../../model/diagnostic.js';
import type { TriageFormat } from '../../../model/triage-result.js';

export type ArchiveFormat = 'zip' | 'gzip' | 'tar' | 'iso';

/** One member, flattened: nested members carry `path` like `outer.zip!/inner.zip!/a.exe`. */
export interface ArchiveEntry {
  name: string;
  path: string;
  /** Nesting depth (0 = member of the top-level archive). */
  depth: number;
  /** The container it came out of (`msg`, `email`: an Outlook or e-mail message's attachment). */
  container: ArchiveFormat | 'msg' | 'email';
  /** Declared uncompressed size (null when unknown). */
  size: number | null;
  compressed_size: number | null;
  /** `stored`, `deflate`, `aes`, `method-N`… */
  method: string;
  directory: boolean;
  encrypted: boolean;
  encryption: 'zipcrypto' | 'aes' | null;
  /** Password that decrypted it (`infected` by convention), or null. */
  password: string | null;
  /** Inner format of the (decrypted, inflated) bytes; null when the bytes could not be read. */
  format: TriageFormat | null;
  description: string | null;
  /** CRC or MAC checked and correct; null when not checked. */
  integrity_ok: boolean | null;
  /** The member's bytes, when `includeBytes` is set and within `maxIncludedBytes`. Never written or executed. */
  bytes?: Uint8Array;
}

export interface ArchiveInfo {
  format: ArchiveFormat;
  entries: ArchiveEntry[];
  /** Sum of inflated bytes actually produced (all depths). */
  total_uncompressed: number;
  encrypted_entries: number;
  /** Which limits were hit: `depth`, `entries`, `total-size`, `entry-size`, `included-bytes`. */
  limits_hit: string[];
  /** Format-specific header facts (GZIP name/mtime/os, ZIP comment…). */
  header: Record<string, string | number | null>;
  warnings: Diagnostic[];
}

export interface ArchiveOptions {
  maxDepth?: number;
  maxEntries?: number;
  /** Budget of inflated bytes over the whole listing (zip-bomb guard). */
  maxTotalSize?: number;
  /** Largest single member to inflate. */
  maxEntrySize?: number;
  passwords?: string[];
  /** Keep members' bytes on the entries (for recursive triage by the caller). */
  includeBytes?: boolean;
  maxIncludedBytes?: number;
  /** The archive's file name, when known: a gzip member stored without one is named after it (`x.tar.gz` → `x.tar`). */
  name?: string;
}

export const ARCHIVE_DEFAULTS: Required<ArchiveOptions> = {
  maxDepth: 3,
  maxEntries: 2000,
  maxTotalSize: 256 * 1024 * 1024,
  maxEntrySize: 64 * 1024 * 1024,
  passwords: ['infected'],
  includeBytes: false,
  maxIncludedBytes: 128 * 1024 * 1024,
  name: '',
};
