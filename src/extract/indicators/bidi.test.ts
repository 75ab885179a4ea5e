import { describe, expect, it } from 'vitest';
import { extractText } from '../index.js';

describe('file names disguised with a bidirectional control', () => {
  it('keeps the whole name, control included, tagged bidi-control; a host after a control is read as before', () => {
    const r = extractText('Mail with invoice\u202egpj.exe and C:\\Users\\Public\\scan\u202efdp.scr; odd abc\u202elive-c2.com and \u200fnormal-c2.net', {});
    expect(r.indicators.map((i) => [i.type, i.value, i.tags])).toEqual([
      ['filename', 'invoice\u202egpj.exe', ['bidi-control']],
      ['filepath', 'C:\\Users\\Public\\scan\u202efdp.scr', ['bidi-control']],
      ['filename', 'scan\u202efdp.scr', ['bidi-control']],
      ['domain', 'live-c2.com', []],
      ['domain', 'normal-c2.net', []],
    ]);
  });
});
