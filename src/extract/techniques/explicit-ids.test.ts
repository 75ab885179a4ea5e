import { describe, it, expect } from 'vitest';
import { ExplicitIdList, findExplicitIds } from './explicit-ids.js';

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

describe('ExplicitIdList', () => {
  it('orders entries by start, equal starts in the order they were added', () => {
    const l = new ExplicitIdList();
    l.add('T1059', 40, 45);
    l.add('T1027', 10, 15);
    l.add('T1140', 40, 45);
    l.add('T1027', 5, 10);
    expect([...l.byStart()]).toEqual([3, 1, 0, 2]);
    expect(l.distinct()).toEqual(['T1059', 'T1027', 'T1140']);
    expect(l.idNumber(3)).toBe(1);
    expect(l.toArray()[2]).toEqual({ id: 'T1140', start: 40, end: 45 });
  });

  it('grows past its first tables and keeps every entry', () => {
    const l = new ExplicitIdList();
    for (let i = 0; i < 1000; i++) l.add(`T${1000 + (i % 7)}`, 1000 - i, 1005 - i);
    expect(l.count).toBe(1000);
    const order = l.byStart();
    expect(l.start(order[0]!)).toBe(1);
    expect(l.start(order[999]!)).toBe(1000);
    expect(l.distinct()).toHaveLength(7);
  });
});
