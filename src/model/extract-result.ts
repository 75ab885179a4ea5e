import { z } from 'zod';
import { DiagnosticSchema } from './diagnostic-schema.js';
import { DocumentMetaSchema, EntitySchema, RelationshipSchema, TechniqueHitSchema } from './entity.js';
import { IndicatorSchema } from './indicator.js';
import { EXTRACT_SCHEMA_VERSION } from './constants.js';

export { EXTRACT_SCHEMA_VERSION } from './constants.js';

/** Where the text came from and how it was read. */
export const SourceInfoSchema = z.object({
  /** Path, URL, or `-` for stdin. */
  name: z.string(),
  kind: z.enum(['file', 'url', 'stdin', 'text']),
  /** Detected content type: `text/plain`, `text/markdown`, `text/html`, `application/pdf`. */
  media_type: z.string(),
  /** Encoding the bytes were decoded from (`utf-8`, `utf-16le`, `utf-16be`, `latin1`). */
  encoding: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

/** The whole result of `extract` — the library return value and the `--json` output are this object. */
export const ExtractResultSchema = z.object({
  schema_version: z.literal(EXTRACT_SCHEMA_VERSION),
  source: SourceInfoSchema,
  document: DocumentMetaSchema,
  indicators: z.array(IndicatorSchema),
  entities: z.array(EntitySchema),
  techniques: z.array(TechniqueHitSchema),
  relationships: z.array(RelationshipSchema),
  warnings: z.array(DiagnosticSchema),
});
export type ExtractResult = z.infer<typeof ExtractResultSchema>;
