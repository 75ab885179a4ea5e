/**
* Organisations the knowledge does not list, discovered from their names' shape: a capitalised
 * word followed by Labs, Security, Research or Intelligence ("Northwind Labs",
 * "Kestrel Security"). One linear token pass.
 */

export interface OrgDiscovery {
  name: string;
  start: number;
  end: number;
}

const SUFFIXES = new Set(['Labs', 'Security', 'Research', 'Intelligence']);
/** Words that make "X Security" a product, a field or a role rather than a company. */
const NOT_ORG = new Set([
  'Windows', 'Microsoft', 'Cyber', 'Information', 'Network', 'Endpoint', 'Internet', 'Application', 'Cloud', 'Email', 'Web', 'Data',
  'National', 'Homeland', 'Threat', 'Security', 'Our', 'The', 'This', 'Internal', 'Local', 'Group', 'Device', 'Mobile', 'Identity',
  'Operational', 'State', 'Public', 'Computer', 'Transport', 'Content', 'Account', 'Browser', 'Java', 'Kernel', 'Platform', 'Vulnerability', 'Offensive',
]);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

interface Word {
  text: string;
  start: number;
  end: number;
  /** Only spaces between this word and the previous one. */
  joined: boolean;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  let gapOnlySpaces = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLetter(c)) {
      const s = i;
      while (i < text.length && (isLetter(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i++;
      out.push({ text: text.slice(s, i), start: s, end: i, joined: gapOnlySpaces });
      gapOnlySpaces = true;
      continue;
    }
    if (c !== 32) gapOnlySpaces = false;
    i++;
  }
  return out;
}

const isCapitalised = (w: Word | undefined): w is Word => w !== undefined && w.text.length >= 3 && w.text.charCodeAt(0) >= 65 && w.text.charCodeAt(0) <= 90 && !NOT_ORG.has(w.text);

/**
 * @example discoverOrganisations('researchers at Kestrel Security saw') // [{ name: 'Kestrel Security', … }]
 */
export function discoverOrganisations(text: string): OrgDiscovery[] {
  const ws = words(text);
  const out: OrgDiscovery[] = [];
  for (let i = 1; i < ws.length; i++) {
    const w = ws[i]!;
    if (!SUFFIXES.has(w.text) || !w.joined) continue;
    const a = ws[i - 1];
    if (!isCapitalised(a) || SUFFIXES.has(a.text)) continue;
    // "Ministry of State Security": part of a longer proper name, not a company.
    if (a.joined && ws[i - 2]?.text === 'of') continue;
    out.push({ name: text.slice(a.start, w.end), start: a.start, end: w.end });
  }
  return out;
}
