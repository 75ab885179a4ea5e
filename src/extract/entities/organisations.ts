/**
 * Organisations the knowledge does not list, discovered from their names' shape: a capitalised
 * word followed by Labs, Security, Research or Intelligence ("Northwind Labs", "Kestrel Security").
 * The suffixes are found with one linear, non-backtracking regex; the word before is read by hand.
 */

export interface OrgDiscovery {
  name: string;
  start: number;
  end: number;
}

const SUFFIX = /\b(?:Labs|Security|Research|Intelligence)\b/g;
/** Words that make "X Security" a product, a field or a role rather than a company. */
const NOT_ORG = new Set([
  'Windows', 'Microsoft', 'Cyber', 'Information', 'Network', 'Endpoint', 'Internet', 'Application', 'Cloud', 'Email', 'Web', 'Data',
  'National', 'Homeland', 'Threat', 'Security', 'Our', 'The', 'This', 'Internal', 'Local', 'Group', 'Device', 'Mobile', 'Identity',
  'Operational', 'State', 'Public', 'Computer', 'Transport', 'Content', 'Account', 'Browser', 'Java', 'Kernel', 'Platform',
  'Vulnerability', 'Offensive', 'Labs', 'Research', 'Intelligence',
]);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;

/** [start, end) of the word right before `at` when only spaces separate them. */
function wordBefore(text: string, at: number): [number, number] | undefined {
  let e = at;
  while (e > 0 && text.charCodeAt(e - 1) === 32) e--;
  if (e === at) return undefined;
  let s = e;
  while (s > 0 && isLetter(text.charCodeAt(s - 1))) s--;
  return s < e ? [s, e] : undefined;
}

/**
 * @example discoverOrganisations('researchers at Kestrel Security saw') // [{ name: 'Kestrel Security', … }]
 */
export function discoverOrganisations(text: string): OrgDiscovery[] {
  const out: OrgDiscovery[] = [];
  for (const m of text.matchAll(SUFFIX)) {
    const w = wordBefore(text, m.index);
    if (w === undefined) continue;
    const word = text.slice(w[0], w[1]);
    const c = word.charCodeAt(0);
    if (word.length < 3 || c < 65 || c > 90 || NOT_ORG.has(word)) continue;
    // "Ministry of State Security": part of a longer proper name, not a company.
    const prev = wordBefore(text, w[0]);
    if (prev !== undefined && text.slice(prev[0], prev[1]) === 'of') continue;
    const end = m.index + m[0].length;
    out.push({ name: text.slice(w[0], end).replace(/ +/g, " "), start: w[0], end });
  }
  return out;
}
