// Merges source records into entities: one entity per ATT&CK id, MISP records folded into the ATT&CK
// entity they name, and alias conflicts resolved so each folded alias belongs to one entity per namespace.
import { foldName } from '../../../src/knowledge/fold.js';
import type { SourceRecord } from './sources.js';

export interface MergedEntity {
  name: string;
  aliases: string[];
  /** Aliases from ATT&CK or the team's tables: they win conflicts over MISP-only aliases. */
  strong: Set<string>;
  sources: Set<string>;
  mitreId?: string;
  country?: string;
  kind?: 'malware' | 'tool';
  role?: string;
}

/** Entities of one namespace (actors, or software) under construction. */
export class EntityMerger {
  readonly entities: MergedEntity[] = [];
  private readonly byFold = new Map<string, number[]>();
  private readonly byMitre = new Map<string, number>();

  /** Adds a record as a new entity whose names are authoritative. */
  addPrimary(r: SourceRecord): number {
    const e: MergedEntity = { name: r.name, aliases: [], strong: new Set(), sources: new Set([r.source]) };
    if (r.mitreId !== undefined) e.mitreId = r.mitreId;
    if (r.country !== undefined) e.country = r.country;
    if (r.kind !== undefined) e.kind = r.kind;
    if (r.role !== undefined) e.role = r.role;
    const idx = this.entities.push(e) - 1;
    if (r.mitreId !== undefined) this.byMitre.set(r.mitreId, idx);
    for (const a of [r.name, ...r.aliases]) this.addAlias(idx, a, true);
    return idx;
  }

  /** Merges a record into an existing entity; aliases strongly owned by another entity are skipped. */
  mergeInto(idx: number, r: SourceRecord, strong: boolean): void {
    const e = this.entities[idx]!;
    e.sources.add(r.source);
    if (e.country === undefined && r.country !== undefined) e.country = r.country;
    if (r.role !== undefined) e.role = r.role;
    if (strong && r.kind !== undefined) e.kind = r.kind;
    for (const a of [r.name, ...r.aliases]) {
      const owners = this.byFold.get(foldName(a)) ?? [];
      if (!strong && owners.some((o) => o !== idx && this.entities[o]!.strong.has(foldName(a)))) continue;
      this.addAlias(idx, a, strong);
    }
  }

  /** Finds the entity a record names: by ATT&CK id, by a strong alias equal to its name, or by votes. */
  find(r: SourceRecord): number | undefined {
    if (r.mitreId !== undefined && this.byMitre.has(r.mitreId)) return this.byMitre.get(r.mitreId);
    const byName = this.owners(r.name, true);
    if (byName.length > 0) return byName[0];
    const refs = (r.mitreRefs ?? []).map((id) => this.byMitre.get(id)).filter((x): x is number => x !== undefined);
    const votes = new Map<number, number>();
    for (const a of r.aliases) for (const o of this.owners(a, true)) votes.set(o, (votes.get(o) ?? 0) + 1);
    for (const o of refs) votes.set(o, (votes.get(o) ?? 0) + 0.5);
    let best: number | undefined;
    let bestVotes = 0;
    for (const [o, v] of [...votes].sort((x, y) => x[0] - y[0])) if (v > bestVotes) [best, bestVotes] = [o, v];
    if (best !== undefined) return best;
    const weak = this.owners(r.name, false);
    return weak[0];
  }

  /** Adds a record: merged into the entity it names, or as a new (weak) entity. */
  add(r: SourceRecord): void {
    const idx = this.find(r);
    if (idx !== undefined) this.mergeInto(idx, r, false);
    else {
      const n = this.addPrimary({ ...r, aliases: [] });
      this.mergeInto(n, { ...r, name: r.name }, false);
    }
  }

  private owners(alias: string, strongOnly: boolean): number[] {
    const f = foldName(alias);
    return (this.byFold.get(f) ?? []).filter((o) => !strongOnly || this.entities[o]!.strong.has(f));
  }

  private addAlias(idx: number, alias: string, strong: boolean): void {
    const a = alias.trim();
    const f = foldName(a);
    if (f.length === 0) return;
    const e = this.entities[idx]!;
    // One alias per folded form, except the lower-case form of a name the team's tables give as well
    // ("rclone" beside "Rclone"): it says the name counts written in lower case too (see name-index.ts).
    const lowerForm = strong && a === a.toLowerCase() && /[a-z]/.test(a) && !e.aliases.includes(a);
    if (!e.aliases.some((x) => foldName(x) === f) || lowerForm) e.aliases.push(a);
    if (strong) e.strong.add(f);
    const list = this.byFold.get(f) ?? [];
    if (!list.includes(idx)) list.push(idx);
    this.byFold.set(f, list);
  }

  /**
   * Leaves each folded alias with one entity: an explicit assignment, else the entity whose canonical
   * name it is, else its only strong owner; otherwise it is ambiguous and removed from all of them.
   */
  resolveConflicts(assign: Map<string, string>, dropped: Set<string>): string[] {
    const removed: string[] = [];
    for (const [f, owners] of [...this.byFold].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      let keep: number | undefined;
      const target = assign.get(f);
      if (dropped.has(f)) keep = -1;
      else if (target !== undefined) keep = owners.find((o) => this.entities[o]!.name === target) ?? -1;
      else if (owners.length === 1) continue;
      else {
        const named = owners.filter((o) => foldName(this.entities[o]!.name) === f);
        const strong = owners.filter((o) => this.entities[o]!.strong.has(f));
        keep = named.length === 1 ? named[0] : strong.length === 1 ? strong[0] : -1;
      }
      for (const o of owners) {
        if (o === keep) continue;
        const e = this.entities[o]!;
        if (foldName(e.name) === f && keep === -1 && !dropped.has(f)) continue; // never strip a canonical name for ambiguity alone
        e.aliases = e.aliases.filter((x) => foldName(x) !== f);
        removed.push(`${f} (from ${e.name})`);
      }
    }
    return removed;
  }
}
