import * as crypto from 'node:crypto';

/** The namespace STIX 2.1 §2.9 fixes for deterministic SCO identifiers. */
export const STIX_NAMESPACE = '00abedb4-aa42-5ff0-9e9e-5d03f2c6b5ad';

/** Namespace bytes by namespace text: one or two namespaces are ever used. */
const namespaces = new Map<string, Buffer>();

function namespaceBytes(namespace: string): Buffer {
  let ns = namespaces.get(namespace);
  if (ns === undefined) {
    if (namespaces.size >= 16) namespaces.clear();
    ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    namespaces.set(namespace, ns);
  }
  return ns;
}

/**
 * One-shot SHA-1 (`crypto.hash`, Node 20.12 and later): no Hash object per call, which was most of
 * the cost of a big feed's STIX export (1.7 million ids, each hashed on two walks). Else createHash.
 */
const oneShot = typeof (crypto as { hash?: unknown }).hash === 'function' ? crypto.hash : undefined;

/** RFC 4122 UUIDv5 (SHA-1, name-based). Deterministic: same namespace and name, same id. */
export function uuidv5(name: string, namespace: string = STIX_NAMESPACE): string {
  const ns = namespaceBytes(namespace);
  let hash: Buffer;
  if (oneShot) {
    const data = Buffer.allocUnsafe(ns.length + Buffer.byteLength(name, 'utf8'));
    ns.copy(data, 0);
    data.write(name, ns.length, 'utf8');
    hash = oneShot('sha1', data, 'buffer');
  } else hash = crypto.createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  // Joined, not concatenated, so the id is one flat string (see typedId).
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join('-');
}

/**
 * A STIX id `type--uuid` as one flat string. Why join rather than `+` or a template: concatenation
 * makes a tree of the pieces (a V8 cons string) that is kept as it is when the id is stored, about
 * 450 bytes an id where the flat string takes about 70; a big feed's STIX bundle stores over a million.
 */
export function typedId(type: string, uuid: string): string {
  return [type, uuid].join('--');
}

/** A STIX id `type--uuidv5(...)` built from a canonical string of the object's identifying properties. */
export function stixId(type: string, identity: string): string {
  return typedId(type, uuidv5(identity));
}
