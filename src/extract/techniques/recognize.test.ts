import { describe, it, expect } from 'vitest';
import { TechniqueHitSchema } from '../../model/entity.js';
import { ExplicitIdList, LONG_REPORT, recognizeTechniques } from './index.js';

const ids = (text: string, opts: Parameters<typeof recognizeTechniques>[1] = {}): string[] => recognizeTechniques(text, opts).map((t) => t.id);

describe('recognizeTechniques', () => {
  it.each([
    ['The loader decrypts an AES-encrypted file before running it.', ['T1140']],
    ['The Linux build is protected with VMProtect.', ['T1027.002']],
    ['The dropper was packed with UPX.', ['T1027.002']],
    ['The implant communicates over WebSocket with its server.', ['T1071.001']],
    ['Hector talks WSS to its controller.', ['T1071.001', 'T1573']],
    ['The backdoor sends beacons over HTTPS and the C2 traffic is encrypted with RC4.', ['T1071.001', 'T1573.001']],
    ['Persistence is a scheduled task named GoogleUpdater.', ['T1053.005']],
    ['The operators dumped LSASS with a renamed ProcDump.', ['T1003.001']],
  ])('described behaviour: %s', (text, expected) => {
    const got = ids(text, { model: false });
    for (const id of expected) expect(got).toContain(id);
  });

  it('reads explicit ids, maps revoked ones to their replacement and drops unknown ones', () => {
    const text = 'Mapped to T1059.001 and T1073. T9999 is not a technique.';
    const hits = recognizeTechniques(text, { model: false });
    expect(hits.map((h) => h.id)).toEqual(['T1059.001', 'T1574.001']);
    const side = hits.find((h) => h.id === 'T1574.001')!;
    expect(side.name).toBe('DLL');
    expect(side.evidence[0]?.rule).toBe('explicit-id');
    expect(ids(text, { model: false, explicitIds: false })).toEqual([]);
  });

  it('merges ids found by the indicators stage', () => {
    const text = 'Technique: T1566.001 observed.';
    const hits = recognizeTechniques(text, { model: false, explicitIds: false, explicit: [{ id: 'T1566.001', start: 11, end: 20 }] });
    expect(hits.map((h) => h.id)).toEqual(['T1566.001']);
    const list = new ExplicitIdList();
    list.add('T1566.001', 11, 20);
    expect(recognizeTechniques(text, { model: false, explicitIds: false, explicit: list })).toEqual(hits);
    // Given as a list and also written in the text: one evidence sentence, as with objects.
    expect(recognizeTechniques(text, { model: false, explicit: list })).toEqual(recognizeTechniques(text, { model: false, explicit: [{ id: 'T1566.001', start: 11, end: 20 }] }));
  });

  it('gives evidence that points at the source sentence, with a valid schema', () => {
    const text = 'Intro line.\n\nThe payload is packed with UPX. It then creates a scheduled task.';
    const hits = recognizeTechniques(text);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(TechniqueHitSchema.parse(h)).toEqual(h);
      for (const e of h.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
    const pack = hits.find((h) => h.id === 'T1027.002')!;
    expect(pack.tactics).toEqual(['defense-evasion']);
    expect(pack.evidence.some((e) => e.rule === 'phrase:T1027.002/software-packing')).toBe(true);
  });

  it('adds techniques a rule implies, with lower confidence', () => {
    const hits = recognizeTechniques('Staff received an email with a malicious Word attachment.', { model: false });
    const phish = hits.find((h) => h.id === 'T1566.001')!;
    const user = hits.find((h) => h.id === 'T1204.002')!;
    expect(user.evidence[0]?.rule).toBe('implied:T1566.001/spearphishing-attachment');
    expect(user.confidence).toBeLessThan(phish.confidence);
  });

  it('ignores negated phrases', () => {
    expect(ids('Unlike earlier versions, this one does not create a scheduled task.', { model: false })).not.toContain('T1053.005');
  });

  it('adds classifier hits with model evidence', () => {
    const hits = recognizeTechniques('The malware injects its payload into a remote process by calling WriteProcessMemory and CreateRemoteThread.', { explicitIds: false });
    const inj = hits.find((h) => h.id === 'T1055');
    expect(inj?.evidence.map((e) => e.rule)).toContain('model:tram-lr');
  });

  it('returns an empty list for empty or hostile input', () => {
    expect(recognizeTechniques('')).toEqual([]);
    const junk = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join('');
    expect(Array.isArray(recognizeTechniques(junk))).toBe(true);
    expect(Array.isArray(recognizeTechniques('T'.repeat(100_000) + ' x'.repeat(50_000)))).toBe(true);
  });
});

describe('recognizeTechniques: long reports (LONG_REPORT policy)', () => {
  // Filler sentences that no rule or classifier label fires on, to make a report long.
  const filler = (n: number): string => Array.from({ length: n }, (_, i) => `Section ${i} of the report has a short note about the weather.`).join(' ');
  const once = 'The dropper was packed with UPX.';
  const thrice = 'The dropper was packed with UPX. The second stage is also packed with UPX. A third file is packed with UPX too.';

  it('keeps a one-sentence phrase hit in a short report', () => {
    expect(ids(`${filler(5)} ${once}`, { model: false })).toContain('T1027.002');
  });

  it('drops a one-sentence phrase hit in a long report, keeps it when repeated or when the policy is off', () => {
    const long = filler(LONG_REPORT.sentences + 5);
    expect(ids(`${long} ${once}`, { model: false })).not.toContain('T1027.002');
    expect(ids(`${long} ${thrice}`, { model: false })).toContain('T1027.002');
    expect(ids(`${long} ${once}`, { model: false, longReport: false })).toContain('T1027.002');
  });

  it('drops an id written once in a long report (passing mention), keeps it in a short one', () => {
    const mention = 'See also T1055 for related tradecraft.';
    expect(ids(`${filler(LONG_REPORT.sentences + 5)} ${mention}`, { model: false })).not.toContain('T1055');
    expect(ids(`${filler(3)} ${mention}`, { model: false })).toContain('T1055');
  });
});
