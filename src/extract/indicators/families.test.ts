import { describe, expect, it } from 'vitest';
import type { IndicatorType } from '../../model/indicator.js';
import { extractIndicators } from './index.js';

function found(text: string, type?: IndicatorType): string[] {
  return extractIndicators(text, { warninglists: null })
    .filter((i) => type === undefined || i.type === type)
    .map((i) => `${i.type} ${i.value}`);
}

describe('hashes', () => {
  const sha256 = 'e7cd8c832a4e875c322ee66eb9f2b63ea316b164e293c47ab3132b0ab8e868e1';
  it.each([
    ['MD5 9DAE161C672E68A282BEC912810B93F0.', ['md5 9dae161c672e68a282bec912810b93f0']],
    ['sha1=a2523b109caefc7437488c58359da3df2d4558e5', ['sha1 a2523b109caefc7437488c58359da3df2d4558e5']],
    [sha256, [`sha256 ${sha256}`]],
    [`${sha256}ab`, []],
    [`0x${sha256.slice(0, 32)}`, []],
    ['0'.repeat(32), []],
    ['f'.repeat(40), []],
    [`x_${sha256.slice(0, 32)}`, []],
  ])('%s', (text, want) => {
    expect(found(text)).toEqual(want);
  });

  it('never reports a slice of a longer hex string', () => {
    const long = sha256.repeat(3);
    expect(found(long)).toEqual([]);
  });

  it.each([
    ['3:hMCE7pVRRb:hMCEpV', ['ssdeep 3:hMCE7pVRRb:hMCEpV']],
    ['100:abcdef:abc', []],
    ['12:30:45', []],
  ])('ssdeep %s', (text, want) => {
    expect(found(text, 'ssdeep')).toEqual(want);
  });
});

describe('network', () => {
  it.each([
    ['to 45.77.120.14:443.', ['ipv4 45.77.120.14']],
    ['version 1.2.3.4', []],
    ['v1.2.3.4', []],
    ['1.2.3.4-beta', []],
    ['1.2.3.4.5', []],
    ['300.1.1.1', []],
    ['version 2 uses 1.2.3[.]4', ['ipv4 1.2.3.4']],
    ['AssemblyVersion("1.0.0.0")', []],
    ['net 10.0.0.0/8', ['cidr 10.0.0.0/8']],
    ['2001:DB8:0:0:0:0:0:1', ['ipv6 2001:db8::1']],
    ['fe80::1/64', ['cidr fe80::1/64']],
    ['std::string', []],
    ['00:1A:2B:3C:4D:5E', ['mac 00:1a:2b:3c:4d:5e']],
    ['0800.274e.66a1', ['mac 08:00:27:4e:66:a1']],
    ['AS13335 and ASN 15169', ['asn AS13335', 'asn AS15169']],
    ['as 2 users', []],
    // ASN.1 written glued (certificate libraries, their function names) is no AS number.
    ['ASN1 DER encoding, ASN1_item_new, AS1234_x', []],
    ['ASN1234 and AS1', ['asn AS1234', 'asn AS1']],
    // A host whose first label is a word code uses as a receiver (data, client, config) is still a
    // host when a label has a hyphen or it ends in a hosts' TLD; a property chain stays code.
    ['C2 at data.kx-beacon.org and client.update-srv.com, then config.kxbeacon.net', ['domain data.kx-beacon.org', 'domain client.update-srv.com', 'domain config.kxbeacon.net']],
    ['read data.user.id, request.headers.host and self.config.name', []],
  ])('%s', (text, want) => {
    expect(found(text)).toEqual(want);
  });
});

describe('ids and wallets', () => {
  it.each([
    ['cve-2021-44228.', ['cve CVE-2021-44228']],
    ['CVE-2021-123', []],
    ['T1059.001, T1027', ['attack_technique T1059.001', 'attack_technique T1027']],
    ['RT1059 T1059.1', []],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', ['btc 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', []],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', ['btc bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4']],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', ['eth 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed']],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', []],
    ['44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A',
      ['xmr 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A']],
  ])('%s', (text, want) => {
    expect(found(text)).toEqual(want);
  });
});

describe('urls, e-mails, domains and files', () => {
  it.each([
    ['see https://evil.com/a.', ['url https://evil.com/a', 'domain evil.com']],
    ['(http://evil.com/a)', ['url http://evil.com/a', 'domain evil.com']],
    ['http://evil.com/x_(y)', ['url http://evil.com/x_(y)', 'domain evil.com']],
    ['HTTP://EVIL.com:80/A', ['url http://evil.com/A', 'domain evil.com']],
    ['http://localhost/x', []],
    ['bad[at]evil[.]ru', ['email bad@evil.ru', 'domain evil.ru']],
    ['@handle', []],
    ['loader.dll', ['filename loader.dll']],
    ['invoice.pdf.exe', ['filename invoice.pdf.exe']],
    ['open setup.sh now', ['filename setup.sh']],
    ['C2 domain setup.sh now', ['domain setup.sh']],
    ['evil[.]zip', ['domain evil.zip']],
    ['System.IO System.Security.Cryptography .NET Console.app Assembly.Load window.location', ['filename Console.app']],
    ['document.write(x)', []],
    ['bücher.de', ['domain xn--bcher-kva.de']],
    ['the C2 is relay-node dot org on port 443', ['domain relay-node.org']],
    ['x evil dot co dot uk y z', ['domain evil.co.uk']],
    ['the dot com bubble', []],
  ])('%s', (text, want) => {
    expect(found(text)).toEqual(want);
  });

  it('keeps the Unicode form of an IDN', () => {
    const [d] = extractIndicators('bücher.de', { warninglists: null });
    expect(d?.unicode).toBe('bücher.de');
  });
});

describe('paths and registry', () => {
  it.each([
    ['C:\\Program Files\\Common Files\\x.dll and more', ['filepath C:\\Program Files\\Common Files\\x.dll', 'filename x.dll']],
    ['"C:\\My Dir\\a b.exe"', ['filepath C:\\My Dir\\a b.exe', 'filename a b.exe']],
    ['/etc/passwd', ['filepath /etc/passwd']],
    ['and/or', []],
    ['HKEY_CURRENT_USER\\Software\\X\\', ['registry HKCU\\Software\\X']],
    ['HKLM:\\Software\\Y', ['registry HKLM\\Software\\Y']],
  ])('%s', (text, want) => {
    expect(found(text)).toEqual(want);
  });
});

describe('indicator records', () => {
  const text = 'first line\nC2 evil[.]com and again evil.com\nthird evil.com';
  const [d] = extractIndicators(text, { warninglists: null });

  it('keeps value, first raw, defanged flag and every occurrence with line numbers', () => {
    expect(d?.value).toBe('evil.com');
    expect(d?.raw).toBe('evil[.]com');
    expect(d?.defanged).toBe(true);
    expect(d?.occurrences.map((o) => [o.offset, o.line, o.raw])).toEqual([
      [text.indexOf('evil[.]com'), 2, 'evil[.]com'],
      [text.indexOf('evil.com'), 2, 'evil.com'],
      [text.lastIndexOf('evil.com'), 3, 'evil.com'],
    ]);
    expect(d?.context).toBe('C2 evil[.]com and again evil.com');
    expect(d?.tags).toContain('defanged');
  });

  it('filters by type and sorts by first offset', () => {
    const r = extractIndicators('b.com 1.2.3.4 a.com', { warninglists: null, types: ['domain'] });
    expect(r.map((i) => i.value)).toEqual(['b.com', 'a.com']);
  });
});
