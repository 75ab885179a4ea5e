import { describe, expect, it } from 'vitest';
import { extractText } from '../index.js';
import { hostOf, lookalikeTags } from './lookalike.js';

describe('look-alike host names', () => {
  it('tags a label mixing Latin with Cyrillic or Greek, and a label of Cyrillic letters that look Latin', () => {
    expect(lookalikeTags('аpple-update.com')).toEqual(['mixed-script']);
    expect(lookalikeTags('аррӏе.com')).toEqual(['lookalike']);
    expect(lookalikeTags('τεστ-greek.gr')).toEqual(['mixed-script']);
    // Accented Latin, a whole-Cyrillic name with letters no Latin one looks like, other scripts: no tag.
    expect(lookalikeTags('bücher-evil.de')).toEqual([]);
    expect(lookalikeTags('пример.рф')).toEqual([]);
    expect(lookalikeTags('例え.jp')).toEqual([]);
  });

  it('reads the host of a URL or an e-mail address, not its path or user', () => {
    expect(hostOf('url', 'https://user@аpple-login.net:8443/при?x#y')).toBe('аpple-login.net');
    expect(hostOf('url', 'ftp://u:p@аpple-files.net/x')).toBe('аpple-files.net');
    expect(hostOf('url', 'http://[2001:db8::1]:80/x')).toBe('[2001:db8::1]');
    expect(hostOf('email', 'аdmin@mail.org')).toBe('mail.org');
    expect(lookalikeTags(hostOf('url', 'http://evil-c2.net/привет.html'))).toEqual([]);
  });

  it('puts the tags on the extracted indicators', () => {
    const r = extractText('C2 \u0430pple-update.com and https://\u0430pple-login.net/x and b\u00fccher-evil.de.', {});
    expect(r.indicators.map((i) => [i.type, i.unicode, i.tags])).toEqual([
      ['domain', '\u0430pple-update.com', ['mixed-script']],
      ['url', 'https://\u0430pple-login.net/x', ['mixed-script']],
      ['domain', '\u0430pple-login.net', ['mixed-script']],
      ['domain', 'b\u00fccher-evil.de', []],
    ]);
  });
});
