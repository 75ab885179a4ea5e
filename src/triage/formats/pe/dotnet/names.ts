import { decodeCoded, type TablesStream } from './tables.js';
import type { Heaps } from './heaps.js';
import { T } from './schema.js';

const MAX_NESTING = 16;

/**
 * Turns table rows into the names analysts read: `Namespace.Type`, `Outer/Inner`,
 * `Namespace.Type::Member`. Nesting chains are bounded, so a TypeRef that scopes itself (a loop)
 * ends as a plain name instead of recursing forever.
 */
export class Names {
  private readonly t: TablesStream;
  private readonly h: Heaps;
  private enclosing: Map<number, number> | undefined;
  private methodStarts: number[] | undefined;
  private readonly maxRows: number;
  private readonly warn: (code: string, message: string) => void;
  private loopWarned = false;

  constructor(t: TablesStream, h: Heaps, maxRows: number, warn: (code: string, message: string) => void) {
    this.t = t;
    this.h = h;
    this.maxRows = maxRows;
    this.warn = warn;
  }

  private qualified(ns: string, name: string): string {
    return ns ? `${ns}.${name}` : name;
  }

  typeRef(row: number, seen: number[] = []): string {
    const name = this.h.string(this.t.cell(T.TypeRef, row, 1));
    const ns = this.h.string(this.t.cell(T.TypeRef, row, 2));
    const scope = this.t.cell(T.TypeRef, row, 0);
    if (scope !== undefined) {
      const [table, r] = decodeCoded('ResolutionScope', scope);
      if (table === T.TypeRef && this.follow(seen, row, r, 'TypeRef')) return `${this.typeRef(r, [...seen, row])}/${name}`;
    }
    return this.qualified(ns, name);
  }

  typeDef(row: number, seen: number[] = []): string {
    const name = this.h.string(this.t.cell(T.TypeDef, row, 1));
    const ns = this.h.string(this.t.cell(T.TypeDef, row, 2));
    const outer = this.nestedIn().get(row);
    if (outer !== undefined && this.follow(seen, row, outer, 'NestedClass')) return `${this.typeDef(outer, [...seen, row])}/${name}`;
    return this.qualified(ns, name);
  }

  /** Whether to follow a nesting link from `row` to `next`; warns once about a loop. */
  private follow(seen: number[], row: number, next: number, what: string): boolean {
    if (next !== row && !seen.includes(next) && seen.length < MAX_NESTING) return true;
    if (!this.loopWarned) {
      this.loopWarned = true;
      this.warn('dotnet-nesting-loop', `${what} nesting refers back to itself or nests deeper than ${MAX_NESTING}`);
    }
    return false;
  }

  private nestedIn(): Map<number, number> {
    if (!this.enclosing) {
      this.enclosing = new Map();
      const n = Math.min(this.t.rows(T.NestedClass), this.maxRows);
      for (let r = 1; r <= n; r++) {
        const inner = this.t.cell(T.NestedClass, r, 0);
        const outer = this.t.cell(T.NestedClass, r, 1);
        if (inner !== undefined && outer !== undefined) this.enclosing.set(inner, outer);
      }
    }
    return this.enclosing;
  }

  /** `TypeDefOrRef` coded index → name (TypeSpec shown through its generic base when it has one). */
  typeDefOrRef(value: number, depth = 0): string {
    const [table, row] = decodeCoded('TypeDefOrRef', value);
    return this.typeOf(table, row, depth);
  }

  private typeOf(table: number, row: number, depth: number): string {
    if (table === T.TypeDef) return this.typeDef(row);
    if (table === T.TypeRef) return this.typeRef(row);
    if (table === T.TypeSpec) return this.typeSpec(row, depth);
    return `?${table}:${row}`;
  }

  /** TypeSpec signature (II.23.2.14): GENERICINST CLASS|VALUETYPE TypeDefOrRefEncoded … → base name. */
  typeSpec(row: number, depth: number): string {
    const sig = this.h.blobAt(this.t.cell(T.TypeSpec, row, 0));
    if (depth < MAX_NESTING && sig[0] === 0x15 && (sig[1] === 0x12 || sig[1] === 0x11) && sig.length > 2) {
      const coded = compressedIn(sig, 2);
      if (coded !== undefined) return `${this.typeDefOrRef(coded, depth + 1)}<...>`;
    }
    return `TypeSpec#${row}`;
  }

  /** TypeDef row that owns MethodDef `row` (TypeDef.MethodList ranges, II.22.37). */
  methodOwner(row: number): number | undefined {
    if (!this.methodStarts) {
      this.methodStarts = [];
      const n = Math.min(this.t.rows(T.TypeDef), this.maxRows);
      for (let r = 1; r <= n; r++) this.methodStarts.push(this.t.cell(T.TypeDef, r, 5) ?? 0);
    }
    const s = this.methodStarts;
    let lo = 0;
    let hi = s.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= row) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found === undefined ? undefined : found + 1;
  }

  methodDef(row: number): string {
    const name = this.h.string(this.t.cell(T.MethodDef, row, 3));
    const owner = this.methodOwner(row);
    return owner === undefined ? name : `${this.typeDef(owner)}::${name}`;
  }

  /** MemberRef (II.22.25) as `Parent::Name`. */
  memberRef(row: number): string {
    const name = this.h.string(this.t.cell(T.MemberRef, row, 1));
    return `${this.memberRefParent(row)}::${name}`;
  }

  memberRefParent(row: number): string {
    const parent = this.t.cell(T.MemberRef, row, 0);
    if (parent === undefined) return '?';
    const [table, r] = decodeCoded('MemberRefParent', parent);
    if (table === T.ModuleRef) return this.h.string(this.t.cell(T.ModuleRef, r, 0));
    if (table === T.MethodDef) return this.methodDef(r);
    return this.typeOf(table, r, 0);
  }

  /** Type of a CustomAttribute row: the class declaring its constructor. */
  attributeType(row: number): string | undefined {
    const ctor = this.t.cell(T.CustomAttribute, row, 1);
    if (ctor === undefined) return undefined;
    const [table, r] = decodeCoded('CustomAttributeType', ctor);
    if (table === T.MemberRef) return this.memberRefParent(r);
    if (table === T.MethodDef) {
      const owner = this.methodOwner(r);
      return owner === undefined ? undefined : this.typeDef(owner);
    }
    return undefined;
  }
}

function compressedIn(a: Uint8Array, off: number): number | undefined {
  const b0 = a[off];
  if (b0 === undefined) return undefined;
  if ((b0 & 0x80) === 0) return b0;
  if ((b0 & 0xc0) === 0x80 && off + 1 < a.length) return ((b0 & 0x3f) << 8) | a[off + 1]!;
  if ((b0 & 0xe0) === 0xc0 && off + 3 < a.length) return (((b0 & 0x1f) << 24) | (a[off + 1]! << 16) | (a[off + 2]! << 8) | a[off + 3]!) >>> 0;
  return undefined;
}
