import { z } from 'zod';

/** Evidence: the sentence (or passage) of the source that supports a finding, with its offsets. */
export const EvidenceSchema = z.object({
  text: z.string(),
  /** UTF-16 code-unit offsets into the document text, end exclusive. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Which rule or model produced the finding (e.g. `phrase:T1140/aes-decrypt`, `model:tram-nb`, `explicit-id`). */
  rule: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ENTITY_KINDS = ['threat-actor', 'malware', 'tool', 'vulnerability', 'location', 'sector', 'identity'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const MentionSchema = z.object({
  text: z.string(),
  offset: z.number().int().nonnegative(),
  line: z.number().int().positive(),
});
export type Mention = z.infer<typeof MentionSchema>;

export const EntitySchema = z.object({
  kind: z.enum(ENTITY_KINDS),
  /** Canonical name from the bundled knowledge (or as written, for unknown entities). */
  name: z.string(),
  /** Every known alias of the canonical entity. */
  aliases: z.array(z.string()),
  /** The aliases actually written in this document. */
  aliases_seen: z.array(z.string()),
  mentions: z.array(MentionSchema),
  /** False for names discovered from phrasing ("a backdoor called X") and absent from the knowledge. */
  known: z.boolean(),
  /** Kind-specific facts: `country` (actor origin, ISO 3166 alpha-2), `iso2`, `mitre_id`, `region`, `role` (victim/source)… */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const TechniqueHitSchema = z.object({
  /** ATT&CK id, e.g. `T1027.002`. */
  id: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  name: z.string(),
  tactics: z.array(z.string()),
  evidence: z.array(EvidenceSchema),
  /** 0–1. */
  confidence: z.number().min(0).max(1),
});
export type TechniqueHit = z.infer<typeof TechniqueHitSchema>;

/**
 * A reference to a finding of this document: `<kind>:<name>` for entities (e.g. `threat-actor:APT41`),
 * `technique:<id>`, `indicator:<type>:<value>`.
 */
export const RefSchema = z.string();

export const RELATIONSHIP_TYPES = ['uses', 'targets', 'indicates', 'attributed-to'] as const;
export const RelationshipSchema = z.object({
  type: z.enum(RELATIONSHIP_TYPES),
  source: RefSchema,
  target: RefSchema,
  evidence: z.array(EvidenceSchema),
  confidence: z.number().min(0).max(1),
});
export type Relationship = z.infer<typeof RelationshipSchema>;

export const DocumentMetaSchema = z.object({
  title: z.string().nullable(),
  /** ISO 8601 date (YYYY-MM-DD) or null. */
  published: z.string().nullable(),
  /** Set when the written date could be read day-first or month-first and a convention decided. */
  published_ambiguous: z.boolean(),
  published_note: z.string().optional(),
  /** ISO 639-1 language code, or null when undetermined. */
  language: z.string().nullable(),
  /** Where the text came from: a path, a URL or `-` for stdin. */
  source: z.string(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;
