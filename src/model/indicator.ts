import { z } from 'zod';
import { INDICATOR_TYPES } from './constants.js';

export { INDICATOR_TYPES, type IndicatorType } from './constants.js';

export const IndicatorTypeSchema = z.enum(INDICATOR_TYPES);

/** One place an indicator was written. `offset` is a UTF-16 code-unit index into the document text; `line` is 1-based. */
export const OccurrenceSchema = z.object({
  offset: z.number().int().nonnegative(),
  line: z.number().int().positive(),
  raw: z.string(),
});
export type Occurrence = z.infer<typeof OccurrenceSchema>;

/** Why an indicator is considered benign (from a bundled warninglist). */
export const BenignSchema = z.object({
  list: z.string(),
  reason: z.string(),
});
export type Benign = z.infer<typeof BenignSchema>;

export const IndicatorSchema = z.object({
  type: IndicatorTypeSchema,
  /** Canonical, refanged value (lower-case hashes and hosts, RFC 5952 IPv6, punycode IDN). */
  value: z.string(),
  /** The first occurrence as written in the source. */
  raw: z.string(),
  /** True when any occurrence was written defanged. */
  defanged: z.boolean(),
  occurrences: z.array(OccurrenceSchema),
  /** A snippet of text around the first occurrence. */
  context: z.string(),
  /** Free tags; `benign` is set when a warninglist matched. */
  tags: z.array(z.string()),
  benign: BenignSchema.optional(),
  /** Unicode form of an IDN domain, email or URL host, when `value` is punycode. */
  unicode: z.string().optional(),
  /**
   * Present only when `occurrences` lists the first MAX_OCCURRENCES (by offset) of more: how many
   * there are in all (a `limit-occurrences` warning names the indicator).
   */
  occurrences_total: z.number().int().positive().optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;
