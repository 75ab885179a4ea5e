import { describe, expect, it } from 'vitest';
import type { HuntType } from '../types.js';
import { IndicatorMatcher } from './matcher.js';
import { registryKey } from './registry.js';
import { LineScanner, type RawHit } from './scanner.js';

describe('registryKey: one comparison key for every way a key is written', () => {
  it.each([
    ['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\X', 'hkcu\\software\\microsoft\\windows\\currentversion\\run\\x'],
    ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\X', 'hkcu\\software\\microsoft\\windows\\currentversion\\run\\x'],
    ['HKU\\S-1-5-21-1004336348-1177238915-682003330-512\\Software\\Run\\X', 'hkcu\\software\\run\\x'],
    ['\\REGISTRY\\USER\\S-1-5-18\\Software\\Run\\X', 'hkcu\\software\\run\\x'],
    ['HKU\\.DEFAULT\\Software\\X', 'hkcu\\software\\x'],
    ['\\REGISTRY\\MACHINE\\SOFTWARE\\X\\', 'hklm\\software\\x'],
    ['HKLM:\\SOFTWARE\\X', 'hklm\\software\\x'],
    ['HKLM\\\\SOFTWARE\\\\X', 'hklm\\software\\x'],
    ['HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\X', 'hklm\\software\\microsoft\\x'],
    ['HKLM\\System\\ControlSet002\\Services\\Svc', 'hklm\\system\\currentcontrolset\\services\\svc'],
    ['HKCR\\CLSID\\{0}', 'hkcr\\clsid\\{0}'],
    ['HKLM\\Software\\Classes\\CLSID\\{0}', 'hkcr\\clsid\\{0}'],
    ['HKCU\\Software\\Classes\\CLSID\\{0}', 'hkcr\\clsid\\{0}'],
    ['HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{0}', 'hkcr\\clsid\\{0}'],
  ])('%s', (raw, key) => {
    expect(registryKey(raw)).toBe(key);
  });

  it.each(['HKLM', 'HKLM\\', 'HKU\\S-1-5-18', 'Software\\Microsoft', '\\REGISTRY\\A\\X', 'HKXX\\Software', 'C:\\Windows\\x.exe', ''])('refuses %j', (raw) => {
    expect(registryKey(raw)).toBeNull();
  });
});

const INTEL: [HuntType, string][] = [
  ['registry', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync'],
  ['registry', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\KxSvc'],
  ['registry', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe'],
  ['registry', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options'],
  ['filepath', '/tmp/.X11-cache/kp'],
  ['domain', 'evil.com'],
];
const m = new IndicatorMatcher(INTEL.map(([type, value]) => ({ type, value, raw: value, source: 's', source_title: 't' })));
const short = (v: string): string => v.slice(v.lastIndexOf('\\') + 1);

function scan(line: string, json = false): string[] {
  const b = Buffer.from(line);
  const out: RawHit[] = [];
  new LineScanner(m, { json, delimiter: -1 }).scan(b, 0, b.length, out);
  return out.map((h) => `${short(INTEL[h.id]![1])}|${h.kind}|${b.toString('utf8', h.offset, h.offset + 4)}`);
}

describe('registry keys in log lines', () => {
  it('builds every key (no unusable-indicator warning)', () => {
    expect(m.warnings).toEqual([]);
  });

  it.each([
    // Sysmon: the per-user hive as HKU\<SID>, JSON-escaped.
    ['{"EventID":13,"TargetObject":"HKU\\\\S-1-5-21-1-2-3-1001\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\DeviceSync","Details":"C:\\\\x.exe"}', ['DeviceSync|registry|HKU\\']],
    // Windows security auditing (4657).
    ['Object Name: \\REGISTRY\\USER\\S-1-5-21-1-2-3-1001\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\devicesync', ['DeviceSync|registry|\\REG']],
    // PowerShell, free text ending in punctuation or words.
    ['Set-ItemProperty -Path HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync -Value x', ['DeviceSync|registry|HKCU']],
    ['wrote HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync.', ['DeviceSync|registry|HKEY']],
    ['set HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync to C:\\ProgramData\\d.exe', ['DeviceSync|registry|HKCU']],
    ["key='HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', ok", ['DeviceSync|registry|HKCU']],
    // A value under a service key; a raw ControlSet number; the 32-bit view.
    ['HKLM\\System\\ControlSet001\\Services\\KxSvc\\Parameters\\ServiceDll', ['KxSvc|subkey|HKLM']],
    ['HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe\\Debugger', ['Image File Execution Options|subkey|HKLM', 'sethc.exe|subkey|HKLM']],
    // Two keys on one line, both reported in order.
    ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\KxSvc HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', ['KxSvc|registry|HKLM', 'DeviceSync|registry|HKCU']],
    // Near-misses.
    ['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync2', []],
    ['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync.exe', []],
    ['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce\\DeviceSync', []],
    ['HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', []],
    ['XHKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', []],
    ['HKCU\\\\\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', []],
    ['\\REGISTRY\\A\\{1}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', []],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\KxSvcHelper', []],
    ['HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe.bak', ['Image File Execution Options|subkey|HKLM']],
  ])('%s', (line, want) => {
    expect(scan(line, line.startsWith('{'))).toEqual(want);
  });

  it('finds a path whose last component has no dot, on path boundaries only', () => {
    expect(scan('cron: exec /tmp/.X11-cache/kp -d')).toEqual(['/tmp/.X11-cache/kp|filepath|/tmp']);
    expect(scan('{"exe":"\\/tmp\\/.X11-cache\\/kp"}', true)).toEqual(['/tmp/.X11-cache/kp|filepath|\\/tm']);
    expect(scan('/tmp/.X11-cache/kp2 /var/tmp/.X11-cache/kp /tmp/.X11-cache/kp.sh /tmp/.X11-cache/kpx')).toEqual([]);
     expect(scan('EXEC /TMP/.X11-CACHE/KP')).toEqual(['/tmp/.X11-cache/kp|filepath|/TMP']);
  });

  it('finds such paths the same way when their last components start with many letters (one pass per separator, not per letter)', () => {
    const paths = ['/opt/a/agent', '/opt/b/beacon', '/opt/c/cron-helper', '/opt/d/dropper', '/opt/e/exfil', '/tmp/.X11-cache/kp'];
    const many = new IndicatorMatcher(paths.map((value) => ({ type: 'filepath' as const, value, raw: value, source: 's', source_title: 't' })));
    const line = Buffer.from('run /opt/a/agent then /OPT/E/EXFIL and /opt/b/beacon2 and /opt/d/dropper -x /tmp/.X11-cache/kp');
    const out: RawHit[] = [];
    new LineScanner(many, { json: false, delimiter: -1 }).scan(line, 0, line.length, out);
    expect(out.map((h) => paths[h.id])).toEqual(['/opt/a/agent', '/opt/e/exfil', '/opt/d/dropper', '/tmp/.X11-cache/kp']);
  });

  it('stays linear on a line of hive names and backslashes', () => {
    const line = 'HKLM\\'.repeat(200_000) + 'HKCU\\\\'.repeat(100_000) + 'a\\'.repeat(300_000);
    const t0 = process.hrtime.bigint();
    expect(scan(line)).toEqual([]);
    // Generous bound (a quadratic walk takes minutes): this guards the shape, not the speed.
    expect(Number(process.hrtime.bigint() - t0) / 1e9).toBeLessThan(20);
  });

  it('matches keys through the string API as the scanner does', () => {
    const got: string[] = [];
    m.matchRegistry('HKU\\S-1-5-21-9\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\DeviceSync', (id, kind) => got.push(`${short(INTEL[id]![1])}|${kind}`));
    expect(got).toEqual(['DeviceSync|registry']);
  });
});
