/** STIX 2.1 object shapes Pillbox emits (a loose superset: common properties typed, the rest open). */

/** Any STIX object: SDO, SRO or SCO. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: '2.1';
  [property: string]: unknown;
}

/** A STIX 2.1 bundle (§8): not itself versioned, carries every object. */
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** How actor entities are modelled (see README of this folder: default `intrusion-set`). */
export type ActorModel = 'intrusion-set' | 'threat-actor' | 'both';

export interface StixOptions {
  /** Timestamp for `created`/`modified` (and `published`/`valid_from` when the document has no date). */
  now?: Date;
  /** The producer written as `created_by_ref` (default: an identity named `Pillbox`, class `system`). */
  identity?: { name: string };
  /** Keep indicators a warninglist marked benign (as `indicator_types: ['benign']`). Default false. */
  includeBenign?: boolean;
  /** Actor modelling; default `intrusion-set`. */
  actors?: ActorModel;
}

/** Shared state while one bundle is being built: the common SDO properties and the ref → STIX id map. */
export interface BuildContext {
  /** `created`/`modified` timestamp with milliseconds (the OASIS schema requires them). */
  timestamp: string;
  /** `valid_from` / `published` timestamp: the document date when known, else `timestamp`. */
  published: string;
  createdBy: string;
  /** Pillbox ref (`threat-actor:APT41`, `indicator:sha256:…`, `technique:T1027`) → STIX id, for the refs in `wanted`. */
  refs: Map<string, string>;
  /**
   * The refs relationships name, as written and lower-cased: the only ones looked up, so the only ones
   * kept (a feed's 400,000 indicators would otherwise each leave two entries in `refs`).
   */
  wanted: ReadonlySet<string>;
  /**
   * Every id added, insertion-ordered, with the number of the last walk that added it: an object whose
   * id this walk has added already merges away (first wins). Only ids are kept, so a big feed's bundle
   * can be written as it is made; a second walk over the same result reuses the first walk's map
   * (its order is the bundle's) rather than building its own.
   */
  seen: Map<string, number>;
  /** This walk's number: 1, then 2 for a second walk sharing `seen`. */
  walk: number;
  /** Objects added since the walk last handed them on (see `bundleObjects`); a handful at a time. */
  pending: StixObject[];
}
