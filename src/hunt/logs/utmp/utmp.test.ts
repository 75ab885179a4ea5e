import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTool } from '../../../../test/helpers/triage-reference.js';
import { hunt } from '../../index.js';
import { renderBinaryLog } from '../../../../test/helpers/binary-log.js';
import { isUtmp, UTMP_RECORD } from './reader.js';

// Our own logins in utmpdump's text form; util-linux's `utmpdump -r` writes the binary records.
const TEXT = [
  '[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-10-01T06:00:01,000000+00:00]',
  '[7] [01234] [ts/0] [ops     ] [pts/0       ] [10.8.0.14           ] [10.8.0.14      ] [2026-10-02T07:14:09,125000+00:00]',
  '[8] [01234] [    ] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2026-10-02T07:20:00,000000+00:00]',
  '[7] [01301] [ts/1] [root    ] [pts/1       ] [103.56.17.201       ] [103.56.17.201  ] [2026-10-02T07:15:44,500000+00:00]',
  '[6] [01302] [ts/2] [admin   ] [ssh:notty   ] [gw.kp-cdn-sync.net  ] [2001:db8::7     ] [2026-10-02T07:16:00,000000+00:00]',
].join('\n');

const HAVE = hasTool('utmpdump');
const dir = mkdtempSync(join(tmpdir(), 'pillbox-utmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WTMP = HAVE ? execFileSync('utmpdump', ['-r'], { input: `${TEXT}\n`, stdio: ['pipe', 'pipe', 'ignore'] }) : Buffer.alloc(0);

async function render(bytes: Buffer, size = 1 << 20): Promise<{ records: Record<string, unknown>[]; warnings: string[]; format: string | null }> {
  const r = await renderBinaryLog(bytes, 'wtmp', size);
  return { records: r.lines, warnings: r.warnings, format: r.format };
}

describe('Linux login records (wtmp, btmp, utmp)', { skip: !HAVE }, () => {
  it('give one JSON line per record, field for field as utmpdump reads them', async () => {
    expect(WTMP.length).toBe(5 * UTMP_RECORD);
    for (const size of [1 << 20, 100, 7]) {
      const { records, warnings, format } = await render(WTMP, size);
      expect(format).toBe('utmp');
      expect(warnings).toEqual([]);
      const ref = execFileSync('utmpdump', [], { input: WTMP, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }).trim().split('\n');
      expect(records.length).toBe(ref.length);
      ref.forEach((line, i) => {
        const f = [...line.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!.trim());
        const r = records[i]!;
        expect(r.pid).toBe(Number(f[1]));
        expect([r.user, r.line, r.host]).toEqual([f[3], f[4], f[5]]);
        expect(r.addr ?? '0.0.0.0').toBe(f[6]);
        expect(r.time).toBe(f[7]!.replace(',', '.').replace('+00:00', 'Z'));
      });
    }
  });

  it('are told by their shape, and other files are not taken for them', () => {
    expect(isUtmp(WTMP)).toBe(true);
    expect(isUtmp(Buffer.alloc(UTMP_RECORD * 4))).toBe(false);
    expect(isUtmp(readFileSync(process.execPath).subarray(0, 65536))).toBe(false);
    expect(isUtmp(Buffer.from('Oct  2 07:14:09 gw sshd[1234]: Accepted publickey for ops\n'.repeat(200)))).toBe(false);
    const bad = Buffer.from(WTMP);
    bad[UTMP_RECORD + 50] = 1; // a control byte inside a user name
    expect(isUtmp(bad)).toBe(false);
  });

  it('say when the file ends inside a record', async () => {
    const { records, warnings } = await render(WTMP.subarray(0, 4 * UTMP_RECORD + 100));
    expect(records).toHaveLength(4);
    expect(warnings).toEqual(['utmp-damaged: wtmp: login records: the file ends inside a record (100 bytes left over)']);
  });

  it('are swept by hunt, gzipped too (btmp.1.gz): the intruder address in host and addr', async () => {
    writeFileSync(join(dir, 'wtmp'), WTMP);
    writeFileSync(join(dir, 'btmp.1.gz'), gzipSync(WTMP));
    writeFileSync(join(dir, 'intel.txt'), '103.56.17.201\nkp-cdn-sync.net\n');
    const r = await hunt({ intel: [join(dir, 'intel.txt')], targets: [join(dir, 'wtmp'), join(dir, 'btmp.1.gz')], threads: 1 });
    const want = ['4 host 103.56.17.201', '4 addr 103.56.17.201', '5 host kp-cdn-sync.net'];
    for (const f of ['wtmp', 'btmp.1.gz']) expect(r.hits.filter((h) => h.file === join(dir, f)).map((h) => `${h.line} ${h.field} ${h.indicator}`)).toEqual(want);
    expect(r.summary.by_file.map((f) => f.format)).toEqual(['utmp', 'utmp']);
  });
});
