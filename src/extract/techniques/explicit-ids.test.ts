import { describe, it, expect } from 'vitest';
import { findExplicitIds } from './explicit-ids.js';

describe('findExplicitIds', () => {
  it.each([
    ['Uses T1059.001 and T1027.', ['T1059.001', 'T1027']],
    ['See https://attack.mitre.org/techniques/T1053/005/ for details', ['T1053.005']],
    ['(T1140), T1071.001;', ['T1140', 'T1071.001']],
    ['T12345 XT1059 T1059.01 t1059 T105', ['T1059']],
  ])('%s', (text, ids) => {
    expect(findExplicitIds(text).map((x) => x.id)).toEqual(ids);
  });

  it('keeps offsets', () => {
    const [hit] = findExplicitIds('abc T1003.001 def');
    expect(hit).toEqual({ id: 'T1003.001', start: 4, end: 13 });
  });
});
