// Readers for the actor and software sources: MISP galaxy clusters and ATT&CK (mitre/cti) objects.
// They return plain records (name, aliases, ids, country); descriptions and references are never read out.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One source record before merging. `kind` is set for software. */
export interface SourceRecord {
  name: string;
  aliases: string[];
  source: string;
  mitreId?: string;
  country?: string;
  kind?: 'malware' | 'tool';
  role?: string;
  /** ATT&CK ids mentioned among MISP synonyms (G0096…), used to find the ATT&CK record. */
  mitreRefs?: string[];
}

interface GalaxyValue {
  value: string;
  meta?: { synonyms?: string[]; country?: string; external_id?: string; type?: string[] };
}

export interface Galaxy {
  version: number;
  values: GalaxyValue[];
}

export function readGalaxy(sharedDir: string, name: string): Galaxy {
  return JSON.parse(readFileSync(join(sharedDir, 'misp-galaxy', 'clusters', `${name}.json`), 'utf8')) as Galaxy;
}

const MITRE_ID = /^[GS]\d{4}$/;
/** MISP mitre-* cluster values are "Name - G0096"; strip the id suffix. */
const ID_SUFFIX = / - [GS]\d{4}$/;

/** MISP threat-actor or tool cluster values. */
export function galaxyRecords(g: Galaxy, source: string, kindOf?: (types: string[]) => 'malware' | 'tool'): SourceRecord[] {
  return g.values.map((v) => {
    const syn = v.meta?.synonyms ?? [];
    const rec: SourceRecord = { name: v.value.replace(ID_SUFFIX, '').trim(), aliases: syn.map((s) => s.trim()).filter((s) => !MITRE_ID.test(s)), source };
    const refs = syn.filter((s) => MITRE_ID.test(s));
    const ext = v.meta?.external_id;
    if (ext !== undefined && MITRE_ID.test(ext)) rec.mitreId = ext;
    if (refs.length > 0) rec.mitreRefs = refs;
    if (v.meta?.country !== undefined && /^[A-Z]{2}$/.test(v.meta.country)) rec.country = v.meta.country;
    if (kindOf !== undefined) rec.kind = kindOf(v.meta?.type ?? []);
    return rec;
  });
}

interface StixObject {
  name: string;
  type: string;
  aliases?: string[];
  x_mitre_aliases?: string[];
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_domains?: string[];
  external_references?: { source_name?: string; external_id?: string }[];
}

/** Active (not revoked, not deprecated) ATT&CK Enterprise intrusion sets, malware or tools. */
export function mitreRecords(sharedDir: string, type: 'intrusion-set' | 'malware' | 'tool'): SourceRecord[] {
  const dir = join(sharedDir, 'mitre-cti-attack', 'enterprise-attack', type);
  const out: SourceRecord[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const objs = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { objects: StixObject[] }).objects;
    for (const o of objs) {
      if (o.type !== type || o.revoked === true || o.x_mitre_deprecated === true) continue;
      const id = o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
      const rec: SourceRecord = { name: o.name, aliases: o.aliases ?? o.x_mitre_aliases ?? [], source: 'mitre-attack' };
      if (id !== undefined) rec.mitreId = id;
      if (type !== 'intrusion-set') rec.kind = type;
      out.push(rec);
    }
  }
  return out;
}
