// An indicator written more than MAX_OCCURRENCES times lists the first ones by offset and counts them
// all (occurrences_total), with a warning: a 10 MB line of one short indicator would otherwise hold an
// object per occurrence, 11× the text.
import { describe, expect, it } from 'vitest';
import { extractText } from '../index.js';
import { MAX_OCCURRENCES } from './build.js';
import { buildIndicators, extractIndicators, MatchTable } from './index.js';

describe('occurrence limit', () => {
  const n = MAX_OCCURRENCES + 2345;
  const text = 'a.io '.repeat(n);

  it('lists the first occurrences by offset and counts them all', () => {
    const [ind, ...rest] = extractIndicators(text, { warninglists: null });
    expect(rest).toEqual([]);
    expect(ind?.value).toBe('a.io');
    expect(ind?.occurrences).toHaveLength(MAX_OCCURRENCES);
    expect(ind?.occurrences_total).toBe(n);
    expect(ind?.occurrences[0]).toEqual({ offset: 0, line: 1, raw: 'a.io' });
    expect(ind?.occurrences[MAX_OCCURRENCES - 1]?.offset).toBe(5 * (MAX_OCCURRENCES - 1));
    const r = extractText('See a.io once.', { warninglists: null });
    expect(r.indicators[0]?.occurrences_total).toBeUndefined();
    const big = extractText(text, { warninglists: null, stages: ['indicators'] });
    expect(big.warnings.map((w) => w.message)).toEqual([`domain a.io: ${n} occurrences; the first ${MAX_OCCURRENCES} (by offset) are listed`]);
  });

  it('takes the first by offset when they were recorded out of order (ties in recording order)', () => {
    const table = new MatchTable();
    const count = MAX_OCCURRENCES + 10;
    // Recorded backwards, with two occurrences at the smallest offset (the later-recorded one second).
    for (let k = count - 1; k >= 0; k--) table.add({ type: 'domain', value: 'a.io', start: k * 5, end: k * 5 + 4, defanged: false, prio: 0 });
    table.add({ type: 'domain', value: 'a.io', start: 0, end: 4, defanged: false, prio: 0 });
    for (let k = 0; k < table.occurrences; k++) table.occLine[k] = k + 1;
    const [ind] = buildIndicators('a.io '.repeat(count), table, null, false);
    expect(ind?.occurrences_total).toBe(count + 1);
    const offsets = ind!.occurrences.map((o) => o.offset);
    expect(offsets.slice(0, 3)).toEqual([0, 0, 5]);
    // The two at offset 0: the first recorded (line count) before the second (line count + 1).
    expect(ind!.occurrences.slice(0, 2).map((o) => o.line)).toEqual([count, count + 1]);
    expect(offsets.at(-1)).toBe(5 * (MAX_OCCURRENCES - 2));
  });
});
