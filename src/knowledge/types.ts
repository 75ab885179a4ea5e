/** Record shapes of the bundled knowledge files under data/knowledge/ (written by scripts/knowledge/2x-*.ts). */

/** A threat actor / intrusion set with every alias (canonical name first). */
export interface ActorRecord {
  name: string;
  aliases: string[];
  /** Aliases that are plain English words ("Equation", "Sandworm"): they need context to count. */
  common?: string[];
  mitre_id?: string;
  /** Suspected origin, ISO 3166-1 alpha-2. */
  country?: string;
  sources: string[];
}

/** A malware family or tool (packer, protector, framework, admin tool). */
export interface SoftwareRecord {
  name: string;
  kind: 'malware' | 'tool';
  aliases: string[];
  common?: string[];
  mitre_id?: string;
  /** packer, protector, framework, remote-access… (from the team's table). */
  role?: string;
  sources: string[];
}

/** A country (with ISO code), a world region, or a sub-national region (with its country's ISO code and its own ISO 3166-2 code). */
export interface PlaceRecord {
  name: string;
  type: 'country' | 'region' | 'subdivision';
  iso2?: string;
  /** ISO 3166-2 code of a subdivision (`IT-25`). */
  code?: string;
  names: string[];
  /** Demonyms and adjectives: "Italian" → Italy. */
  adjectives: string[];
}

/** An industry sector and the phrases that name it. */
export interface SectorRecord {
  name: string;
  phrases: string[];
}

/** An organisation: security vendor, CERT, agency or company. */
export interface IdentityRecord {
  name: string;
  class: string;
  names: string[];
}

/** The raw contents of data/knowledge/. */
export interface KnowledgeData {
  actors: ActorRecord[];
  software: SoftwareRecord[];
  places: PlaceRecord[];
  sectors: SectorRecord[];
  /** Phrases that contain a sector word but name no sector ("social media", "banking trojan"). */
  sectorIgnore?: string[];
  identities: IdentityRecord[];
}
