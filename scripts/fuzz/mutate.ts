// Seeded mutators for the triage fuzzer: every input is a pure function of (corpus, seed, index),
// so a crash or hang found by the full run is reproduced from its two numbers alone.

/** xorshift32: tiny, fast, deterministic (Math.random cannot be seeded). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[r() % list.length]!;
const HUGE = [0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x10000, 0xffff, 0x0, 0x1, 0x40000000];

/** Positions biased towards headers, where counts and offsets live. */
function position(r: Rand, n: number): number {
  if (n === 0) return 0;
  const head = Math.min(n, 4096);
  return r() % 4 === 0 ? r() % n : r() % head;
}

export const MUTATORS = {
  bitflip(b: Uint8Array, r: Rand): Uint8Array {
    const out = b.slice();
    for (let k = 1 + (r() % 16); k > 0 && out.length; k--) out[position(r, out.length)]! ^= 1 << (r() % 8);
    return out;
  },
  byteRun(b: Uint8Array, r: Rand): Uint8Array {
    const out = b.slice();
    const at = position(r, out.length);
    const v = pick(r, [0x00, 0xff, 0x41, r() & 0xff]);
    out.fill(v, at, Math.min(out.length, at + 1 + (r() % 256)));
    return out;
  },
  truncate(b: Uint8Array, r: Rand): Uint8Array {
    return b.slice(0, b.length ? r() % b.length : 0);
  },
  /** A huge or boundary count/offset written into a (likely) header field. */
  hugeField(b: Uint8Array, r: Rand): Uint8Array {
    const out = b.slice();
    if (out.length < 4) return out;
    for (let k = 1 + (r() % 4); k > 0; k--) {
      const at = position(r, out.length - 4) & ~1;
      new DataView(out.buffer).setUint32(at, pick(r, [...HUGE, out.length, out.length - 1, r()]), r() % 2 === 0);
    }
    return out;
  },
  /** An offset field pointing at itself or just before it: loops in linked structures. */
  loop(b: Uint8Array, r: Rand): Uint8Array {
    const out = b.slice();
    if (out.length < 8) return out;
    const dv = new DataView(out.buffer);
    for (let k = 1 + (r() % 8); k > 0; k--) {
      const at = position(r, out.length - 4) & ~3;
      const target = pick(r, [at, at - 4, at - 8, 0, (at & ~0xff) >>> 0]);
      dv.setUint32(at, Math.max(0, target) | (r() % 3 === 0 ? 0x80000000 : 0), true);
    }
    return out;
  },
  /** A region copied over another: overlapping structures. */
  overlap(b: Uint8Array, r: Rand): Uint8Array {
    const out = b.slice();
    if (out.length < 16) return out;
    const len = 1 + (r() % Math.min(512, out.length >> 1));
    const from = r() % (out.length - len);
    const to = position(r, out.length - len);
    out.copyWithin(to, from, from + len);
    return out;
  },
  /** Head of one input, tail of another. */
  splice(b: Uint8Array, r: Rand, other: Uint8Array): Uint8Array {
    const cut = b.length ? r() % b.length : 0;
    const from = other.length ? r() % other.length : 0;
    const out = new Uint8Array(cut + other.length - from);
    out.set(b.subarray(0, cut));
    out.set(other.subarray(from), cut);
    return out;
  },
} as const;

export type MutatorName = keyof typeof MUTATORS;
const NAMES = Object.keys(MUTATORS) as MutatorName[];

/** Input number `index` of run `seed`: 1–3 stacked mutations of a corpus file. */
export function mutant(corpus: readonly Uint8Array[], seed: number, index: number): { bytes: Uint8Array; base: number; ops: MutatorName[] } {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const base = r() % corpus.length;
  let bytes = corpus[base]!;
  const ops: MutatorName[] = [];
  for (let k = 1 + (r() % 3); k > 0; k--) {
    const name = pick(r, NAMES);
    ops.push(name);
    bytes = MUTATORS[name](bytes, r, corpus[r() % corpus.length]!);
  }
  return { bytes, base, ops };
}
