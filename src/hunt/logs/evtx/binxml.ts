/**
 * Binary XML (BinXML) of Windows event records, read into flat fields: what a hunt needs of an event
 * is its values and the name of each (`IpAddress`, `Hashes`, `Computer`, `Provider.Name`), not its
 * XML. A record is a template instance: a template (the event's XML with numbered holes, defined
 * once per chunk and referenced by later records) and the values that fill the holes. A template is
 * compiled once per chunk into a list of fields (name, and a hole number or a fixed text); a record
 * then costs one pass over its values.
 *
 * Hand-written (no maintained npm parser of the format exists) and written for hostile input: every
 * read is checked against the chunk, each token moves forward, nesting is bounded, and anything that
 * does not parse raises EvtxError, which the caller turns into a counted, skipped record.
 *
 * Field names: an element's own name (`EventID`, `Computer`), `Element.Attribute` for attribute
 * values (`Provider.Name`, `TimeCreated.SystemTime`), and for `<Data Name="X">` the name X (Security
 * and Sysmon event data); a name met again with another value gets `_2`, `_3`….
 */
import { renderValue, utf16, VT, type JsonValue } from './values.js';

export class EvtxError extends Error {}

/** A compiled template field: a hole filled by value `sub`, or a fixed text. */
type Field = { key: string; sub: number } | { key: string; text: string };

/** Nested BinXML values (an event's data held as a fragment of its own) followed this deep at most. */
const MAX_DEPTH = 8;
/** Elements open at once in one template, at most (real events nest 4 or 5 deep). */
const MAX_OPEN = 64;
/** Values of one template instance, at most. */
const MAX_VALUES = 4096;

const T = {
  EOF: 0x00, OPEN: 0x01, CLOSE_START: 0x02, CLOSE_EMPTY: 0x03, END: 0x04, VALUE: 0x05, ATTR: 0x06, CDATA: 0x07,
  CHARREF: 0x08, ENTITY: 0x09, PI_TARGET: 0x0a, PI_DATA: 0x0b, TEMPLATE: 0x0c, SUB: 0x0d, OPT_SUB: 0x0e, FRAGMENT: 0x0f,
} as const;

/** Tokens that may carry the 0x40 flag. */
const MAY_CONTINUE: ReadonlySet<number> = new Set([T.OPEN, T.VALUE, T.ATTR, T.CDATA, T.CHARREF, T.ENTITY]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Reads the records of one chunk (64 KiB); its compiled templates are kept while it is read. */
export class ChunkReader {
  private readonly templates = new Map<number, Field[]>();
  private readonly names = new Map<number, string>();

  constructor(private readonly b: Buffer) {}

  /** The fields of the record whose BinXML is b[s, e), added to `out` in order. */
  record(s: number, e: number, out: RecordFields): void {
    this.fragment(s, e, out, 0);
  }

  private need(p: number, n: number, end: number): void {
    if (p < 0 || p + n > end) throw new EvtxError(`binary XML cut at chunk offset ${p}`);
  }

  /**
   * A fragment b[s, e): a template instance with its values, or plain elements (rare: fixed XML with
   * no template), whose texts become fields.
   */
  private fragment(s: number, e: number, out: RecordFields, depth: number): void {
    if (depth > MAX_DEPTH) throw new EvtxError('binary XML nested too deep');
    let p = s;
    if (p < e && this.b[p] === T.FRAGMENT) p += 4;
    this.need(p, 1, e);
    if (this.b[p] === T.TEMPLATE) {
      this.instance(p, e, out, depth);
      return;
    }
    for (const f of this.compile(p, e, false).fields) if ('text' in f) out.put(f.key, f.text);
  }

  /** A template instance at `p`: its template (defined here or earlier in the chunk) filled with the values after it. */
  private instance(p: number, e: number, out: RecordFields, depth: number): void {
    const b = this.b;
    this.need(p, 10, e);
    const defAt = b.readUInt32LE(p + 6);
    let q = p + 10;
    if (defAt === q) {
      // Defined here: next-definition offset, GUID, size, then the template's BinXML.
      this.need(q, 24, e);
      const size = b.readUInt32LE(q + 20);
      this.need(q + 24, size, e);
      q += 24 + size;
    }
    const fields = this.template(defAt);
    // The values: their count, a (size, type) pair each, then the values one after another.
    this.need(q, 4, e);
    const count = b.readUInt32LE(q);
    if (count > MAX_VALUES) throw new EvtxError(`template instance with ${count} values`);
    q += 4;
    this.need(q, count * 4, e);
    const at = new Int32Array(count);
    const size = new Int32Array(count);
    const type = new Uint8Array(count);
    let v = q + count * 4;
    for (let i = 0; i < count; i++) {
      size[i] = b.readUInt16LE(q + i * 4);
      type[i] = b[q + i * 4 + 2] as number;
      at[i] = v;
      v += size[i] as number;
    }
    this.need(q, v - q, e);
    for (const f of fields) {
      if ('text' in f) {
        out.put(f.key, f.text);
        continue;
      }
      const i = f.sub;
      if (i >= count) continue;
      const t = type[i] as number;
      if (t === VT.BINXML) {
        if ((size[i] as number) > 0) this.fragment(at[i] as number, (at[i] as number) + (size[i] as number), out, depth + 1);
        continue;
      }
      const value = renderValue(b, at[i] as number, size[i] as number, t);
      if (value !== undefined) out.put(f.key, value);
    }
  }

  /** The compiled template defined at chunk offset `at` (compiled on first use). */
  private template(at: number): Field[] {
    const known = this.templates.get(at);
    if (known !== undefined) return known;
    const b = this.b;
    this.need(at, 24, b.length);
    const size = b.readUInt32LE(at + 20);
    this.need(at + 24, size, b.length);
    // Marked before compiling, so that a template that reaches itself is no loop.
    this.templates.set(at, []);
    try {
      const fields = this.compile(at + 24, at + 24 + size, true).fields;
      this.templates.set(at, fields);
      return fields;
    } catch (e) {
      // Every record that uses a broken template fails alike (none is rendered empty).
      this.templates.delete(at);
      throw e;
    }
  }

  /**
   * The fields of the BinXML elements in b[s, e): walks the tokens once, keeping the open elements to
   * name each text and hole.
   */
  private compile(s: number, e: number, inTemplate: boolean): { fields: Field[] } {
    const b = this.b;
    const fields: Field[] = [];
    const open: { name: string; label: string | null }[] = [];
    let attr: string | null = null;
    let p = s;
    const keyOf = (): string => {
      const el = open[open.length - 1];
      if (el === undefined) return 'Value';
      return attr !== null ? `${el.name}.${attr}` : el.label ?? el.name;
    };
    const text = (t: string): void => {
      const el = open[open.length - 1];
      // `<Data Name="X">`: X names the element's value instead of being one. Namespace declarations
      // are no event data.
      if (attr === 'Name' && el !== undefined && el.name === 'Data') el.label = t;
      else if (attr === null || !(attr === 'xmlns' || attr.startsWith('xmlns:'))) fields.push({ key: keyOf(), text: t });
      attr = null;
    };
    while (p < e) {
      const tok = b[p] as number;
      const kind = tok & 0x0f;
      const start = p;
      // The only flag is 0x40 ("more follows"), on the tokens that carry it: anything else is damage
      // (read as a plain token, it would misalign the walk and drop fields without a word).
      if ((tok & 0xb0) !== 0 || ((tok & 0x40) !== 0 && !MAY_CONTINUE.has(kind))) {
        throw new EvtxError(`unknown binary XML token 0x${tok.toString(16)} at chunk offset ${p}`);
      }
      switch (kind) {
        case T.EOF:
          if (open.length > 0) throw new EvtxError(`binary XML ends inside element ${open[open.length - 1]!.name}`);
          return { fields };
        case T.FRAGMENT:
          this.need(p, 4, e);
          p += 4;
          break;
        case T.OPEN: {
          this.need(p, 11, e);
          const nameAt = b.readUInt32LE(p + 7);
          p += 11;
          const name = this.name(nameAt, p, e);
          if (nameAt === p) p = this.skipName(p, e);
          if ((tok & 0x40) !== 0) {
            this.need(p, 4, e);
            p += 4;
          }
          if (open.length >= MAX_OPEN) throw new EvtxError('binary XML nested too deep');
          open.push({ name, label: null });
          attr = null;
          break;
        }
        case T.CLOSE_START:
          p += 1;
          attr = null;
          break;
        case T.CLOSE_EMPTY:
        case T.END:
          if (open.length === 0) throw new EvtxError(`binary XML closes an element never opened at chunk offset ${p}`);
          p += 1;
          open.pop();
          attr = null;
          break;
        case T.ATTR: {
          this.need(p, 5, e);
          const nameAt = b.readUInt32LE(p + 1);
          p += 5;
          attr = this.name(nameAt, p, e);
          if (nameAt === p) p = this.skipName(p, e);
          break;
        }
        case T.VALUE: {
          this.need(p, 4, e);
          const n = b.readUInt16LE(p + 2);
          this.need(p + 4, n * 2, e);
          // Type 1 (a string) is the only one templates use.
          text(b.toString('utf16le', p + 4, p + 4 + n * 2));
          p += 4 + n * 2;
          break;
        }
        case T.CDATA: {
          this.need(p, 3, e);
          const n = b.readUInt16LE(p + 1);
          this.need(p + 3, n * 2, e);
          text(b.toString('utf16le', p + 3, p + 3 + n * 2));
          p += 3 + n * 2;
          break;
        }
        case T.CHARREF:
          this.need(p, 3, e);
          text(String.fromCharCode(b.readUInt16LE(p + 1)));
          p += 3;
          break;
        case T.ENTITY: {
          this.need(p, 5, e);
          const nameAt = b.readUInt32LE(p + 1);
          p += 5;
          const name = this.name(nameAt, p, e);
          if (nameAt === p) p = this.skipName(p, e);
          text(ENTITIES[name] ?? `&${name};`);
          break;
        }
        case T.PI_TARGET: {
          this.need(p, 5, e);
          const nameAt = b.readUInt32LE(p + 1);
          p += 5;
          this.name(nameAt, p, e);
          if (nameAt === p) p = this.skipName(p, e);
          break;
        }
        case T.PI_DATA: {
          this.need(p, 3, e);
          p += 3 + b.readUInt16LE(p + 1) * 2;
          this.need(p, 0, e);
          break;
        }
        case T.SUB:
        case T.OPT_SUB: {
          this.need(p, 4, e);
          if (!inTemplate) throw new EvtxError('value hole outside a template');
          fields.push({ key: keyOf(), sub: b.readUInt16LE(p + 1) });
          attr = null;
          p += 4;
          break;
        }
        default:
          throw new EvtxError(`unknown binary XML token 0x${tok.toString(16)} at chunk offset ${p}`);
      }
      if (p <= start) throw new EvtxError('binary XML does not advance');
    }
    if (open.length > 0) throw new EvtxError(`binary XML cut inside element ${open[open.length - 1]!.name}`);
    return { fields };
  }

  /** The name at chunk offset `at` (u32 next, u16 hash, u16 length, UTF-16 characters). */
  private name(at: number, here: number, e: number): string {
    const known = this.names.get(at);
    if (known !== undefined) return known;
    const b = this.b;
    const end = at === here ? e : b.length;
    this.need(at, 8, end);
    const n = b.readUInt16LE(at + 6);
    this.need(at + 8, n * 2, end);
    const name = utf16(b, at + 8, n * 2);
    this.names.set(at, name);
    return name;
  }

  /** Past a name defined in place at `p` (with its closing NUL). */
  private skipName(p: number, e: number): number {
    const n = this.b.readUInt16LE(p + 6);
    const q = p + 8 + n * 2 + 2;
    this.need(p, q - p, e);
    return q;
  }
}

/**
 * The fields of one record, in the order met: a name met again with another value gets the next free
 * `_2`, `_3`… (the next number per name is kept, so a hostile record of thousands of equal names costs
 * one step each).
 */
export class RecordFields {
  readonly out: Record<string, JsonValue> = {};
  private readonly next = new Map<string, number>();

  put(key: string, value: JsonValue): void {
    const out = this.out;
    const had = out[key];
    if (had === undefined) {
      out[key] = value;
      return;
    }
    if (had === value) return;
    let i = this.next.get(key) ?? 2;
    while (out[`${key}_${i}`] !== undefined) i++;
    out[`${key}_${i}`] = value;
    this.next.set(key, i + 1);
  }
}
