import { z } from 'zod';
import { TRIAGE_SCHEMA_VERSION } from './constants.js';
import { DiagnosticSchema } from './diagnostic-schema.js';
import { IndicatorSchema } from './indicator.js';

export { TRIAGE_SCHEMA_VERSION } from './constants.js';

export const TRIAGE_FORMATS = ['pe', 'elf', 'macho', 'zip', 'gzip', 'tar', 'iso', 'pdf', 'office', 'lnk', 'email', 'script', 'text', 'empty', 'data'] as const;
export type TriageFormat = (typeof TRIAGE_FORMATS)[number];

export const HashesSchema = z.object({
  md5: z.string(),
  sha1: z.string(),
  sha256: z.string(),
  sha512: z.string(),
  /** ssdeep 2.14 CTPH digest `blocksize:hash1:hash2`. */
  ssdeep: z.string(),
  /** TLSH `T1…` (4.x format), or null for inputs too short or too uniform. */
  tlsh: z.string().nullable(),
  /** PE only: import hash as python-pefile computes it. */
  imphash: z.string().optional(),
  /** PE only: MD5 of the decoded Rich header. */
  rich: z.string().optional(),
});
export type Hashes = z.infer<typeof HashesSchema>;

/** A verdict with the facts behind it. */
export const PackerHitSchema = z.object({
  /** Lower-case: `upx`, `vmprotect`, `themida`, `mpress`, `aspack`, `pecompact`, `confuserex`, `generic-packed`… */
  name: z.string(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(z.string()),
});
export type PackerHit = z.infer<typeof PackerHitSchema>;

export const RegionSchema = z.object({
  offset: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  entropy: z.number(),
});
export type Region = z.infer<typeof RegionSchema>;

export const CryptoHitSchema = z.object({ name: z.string(), offset: z.number().int().nonnegative() });

export const CapabilityHitSchema = z.object({
  /** Rule name, e.g. `decrypt data using AES`. */
  name: z.string(),
  namespace: z.string(),
  attack: z.array(z.string()),
  evidence: z.array(z.string()),
});
export type CapabilityHit = z.infer<typeof CapabilityHitSchema>;

export const YaraHitSchema = z.object({
  rule: z.string(),
  namespace: z.string(),
  tags: z.array(z.string()),
  meta: z.record(z.string(), z.unknown()),
  /** First matches: pattern id and file offset. */
  strings: z.array(z.object({ id: z.string(), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() })),
});

/** An indicator found in a file's strings, with file offsets instead of text offsets. */
export const FileIocSchema = IndicatorSchema.extend({
  file_offsets: z.array(z.number().int().nonnegative()),
});

export const RelativeSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  tlsh_distance: z.number().nullable(),
  ssdeep_score: z.number(),
  imphash_equal: z.boolean(),
  rich_equal: z.boolean(),
});

/** The record `pillbox triage --json` prints per file, and `triageFile` returns. */
export const TriageResultSchema = z.object({
  schema_version: z.literal(TRIAGE_SCHEMA_VERSION),
  path: z.string(),
  size: z.number().int().nonnegative(),
  format: z.enum(TRIAGE_FORMATS),
  /** Short human description, e.g. `PE32+ executable (DLL) x86-64, .NET assembly`. */
  description: z.string(),
  arch: z.string().nullable(),
  bits: z.number().int().nullable(),
  dotnet: z.boolean(),
  hashes: HashesSchema,
  entropy: z.number(),
  packers: z.array(PackerHitSchema),
  overlay: RegionSchema.nullable(),
  high_entropy_regions: z.array(RegionSchema),
  embedded: z.array(z.object({ offset: z.number().int().nonnegative(), format: z.string(), size: z.number().int().nonnegative().nullable() })),
  crypto: z.array(CryptoHitSchema),
  iocs: z.array(FileIocSchema),
  capabilities: z.array(CapabilityHitSchema),
  yara: z.array(YaraHitSchema),
  relatives: z.array(RelativeSchema),
  /** Format-specific details (PE headers, sections, imports, .NET metadata, ELF, Mach-O, archive listing…). */
  details: z.record(z.string(), z.unknown()),
  warnings: z.array(DiagnosticSchema),
});
export type TriageResult = z.infer<typeof TriageResultSchema>;
