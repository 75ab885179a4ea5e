import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildPeCorpus } from '../../../../test/fixtures/pe/build.js';
import { parsePe } from './index.js';
import { PeInfoSchema } from './schema.js';
import type { PeInfo } from './types.js';

// Compile-time: every PeInfo is a valid schema value (fields and types line up).
const assignable = (pe: PeInfo): z.infer<typeof PeInfoSchema> => pe;
void assignable;

describe('PeInfoSchema', () => {
  it('accepts what parsePe returns on the corpus, a .NET assembly and a truncated file', () => {
    const corpus = buildPeCorpus();
    const files = [...Object.values(corpus.files), '/usr/lib/mono/4.5/mcs.exe'];
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const b of [bytes, bytes.subarray(0, 1500)]) {
        const pe = parsePe(b, { checksum: true });
        const r = PeInfoSchema.safeParse(JSON.parse(JSON.stringify(pe)));
        expect([f, r.success ? [] : r.error.issues]).toEqual([f, []]);
      }
    }
  });

  it('rejects a record with a field the schema does not know', () => {
    const pe = parsePe(readFileSync('/usr/lib/mono/4.5/mcs.exe'))!;
    expect(PeInfoSchema.safeParse({ ...pe, surprise: 1 }).success).toBe(false);
  });
});
