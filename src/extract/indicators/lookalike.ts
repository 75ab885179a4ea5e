/**
 * Scripts of an internationalised host name, for the tags that point out a look-alike domain: a label
 * that mixes Latin with Cyrillic or Greek letters (`аpple-update.com` with a Cyrillic `а`), or one
 * written wholly in Cyrillic or Greek letters that look Latin (`аррӏе.com`). Letters only; digits and
 * hyphens belong to no script here.
 */

type Script = 'latin' | 'cyrillic' | 'greek' | 'other';

function scriptOf(c: number): Script | null {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)) return 'latin';
  if (c >= 0x400 && c <= 0x52f) return 'cyrillic';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c < 128) return null;
  return 'other';
}

/**
 * Cyrillic and Greek lower-case letters drawn like Latin ones (а е о р с у х і ј ѕ ӏ ԁ ԛ ԝ ү һ; ο α ν ι κ ρ τ υ χ),
 * the letters of a whole-script look-alike. A fact about glyph shapes, listed by hand.
 */
const LATIN_LOOKING = new Set('аеорсухіјѕӏԁԛԝүһοανικρτυχ');

/** The host of an indicator's Unicode form: the domain itself, a URL's host, an e-mail's domain. */
export function hostOf(type: string, unicode: string): string {
  if (type === 'email') return unicode.slice(unicode.lastIndexOf('@') + 1);
  if (type !== 'url') return unicode;
  const start = unicode.indexOf('://') + 3;
  let end = start;
  while (end < unicode.length && !'/?#'.includes(unicode[end]!)) end++;
  // authority = [user[:password]@]host[:port]
  const hostPort = unicode.slice(unicode.lastIndexOf('@', end) >= start ? unicode.lastIndexOf('@', end) + 1 : start, end);
  const colon = hostPort.lastIndexOf(':');
  return colon > hostPort.lastIndexOf(']') ? hostPort.slice(0, colon) : hostPort;
}

/** The look-alike tags of a host name in Unicode form: `mixed-script` and/or `lookalike`, or none. */
export function lookalikeTags(host: string): string[] {
  let mixed = false;
  let lookalike = false;
  for (const label of host.toLowerCase().split('.')) {
    const scripts = new Set<Script>();
    let allLatinLooking = true;
    let letters = 0;
    for (const ch of label) {
      const s = scriptOf(ch.codePointAt(0)!);
      if (s === null) continue;
      letters++;
      scripts.add(s);
      if (!LATIN_LOOKING.has(ch)) allLatinLooking = false;
    }
    if (scripts.has('latin') && (scripts.has('cyrillic') || scripts.has('greek'))) mixed = true;
    else if (letters > 0 && !scripts.has('latin') && !scripts.has('other') && allLatinLooking) lookalike = true;
  }
  return [...(mixed ? ['mixed-script'] : []), ...(lookalike ? ['lookalike'] : [])];
}
