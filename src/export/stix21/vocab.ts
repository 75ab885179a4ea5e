/** STIX 2.1 open vocabularies Pillbox maps onto (§10.10 industry-sector-ov, §10.16 region-ov). */

export const INDUSTRY_SECTORS = new Set([
  'agriculture', 'aerospace', 'automotive', 'chemical', 'commercial', 'communications', 'construction',
  'defense', 'education', 'energy', 'engineering', 'entertainment', 'financial-services', 'government',
  'emergency-services', 'government-local', 'government-national', 'government-public-services',
  'government-regional', 'healthcare', 'hospitality-leisure', 'infrastructure', 'dams', 'nuclear', 'water',
  'insurance', 'manufacturing', 'mining', 'non-profit', 'pharmaceuticals', 'retail', 'technology',
  'telecommunications', 'transportation', 'utilities',
]);

/** Common sector words that are not themselves vocabulary values. */
const SECTOR_SYNONYMS: Record<string, string> = {
  industrial: 'manufacturing', industry: 'manufacturing', manufacturers: 'manufacturing',
  finance: 'financial-services', financial: 'financial-services', banking: 'financial-services', banks: 'financial-services',
  health: 'healthcare', 'health-care': 'healthcare', hospitals: 'healthcare', medical: 'healthcare',
  defence: 'defense', military: 'defense', telecom: 'telecommunications', telecoms: 'telecommunications',
  'oil-and-gas': 'energy', oil: 'energy', gas: 'energy', power: 'utilities', electricity: 'utilities',
  'information-technology': 'technology', it: 'technology', software: 'technology', 'high-tech': 'technology',
  logistics: 'transportation', shipping: 'transportation', aviation: 'aerospace', pharma: 'pharmaceuticals',
  'pharmaceutical': 'pharmaceuticals', chemicals: 'chemical', education: 'education', universities: 'education',
  academia: 'education', 'public-sector': 'government', ngo: 'non-profit', ngos: 'non-profit', 'non-profits': 'non-profit',
  hospitality: 'hospitality-leisure', media: 'entertainment', 'critical-infrastructure': 'infrastructure',
};

export const REGIONS = new Set([
  'africa', 'eastern-africa', 'middle-africa', 'northern-africa', 'southern-africa', 'western-africa', 'americas',
  'latin-america-caribbean', 'south-america', 'caribbean', 'central-america', 'northern-america', 'asia',
  'central-asia', 'eastern-asia', 'southern-asia', 'south-eastern-asia', 'western-asia', 'europe', 'eastern-europe',
  'northern-europe', 'southern-europe', 'western-europe', 'oceania', 'australia-new-zealand', 'melanesia',
  'micronesia', 'polynesia', 'antarctica',
]);

const REGION_SYNONYMS: Record<string, string> = {
  'east-asia': 'eastern-asia', 'south-east-asia': 'south-eastern-asia', 'southeast-asia': 'south-eastern-asia',
  'middle-east': 'western-asia', 'north-america': 'northern-america', 'latin-america': 'latin-america-caribbean',
  'east-europe': 'eastern-europe', 'west-europe': 'western-europe', 'south-asia': 'southern-asia',
};

/** `Financial Services` → `financial-services`. */
export function kebab(s: string): string {
  return s.trim().toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The industry-sector-ov value for a sector name, or null when none fits. */
export function sectorVocab(name: string): string | null {
  const k = kebab(name);
  if (INDUSTRY_SECTORS.has(k)) return k;
  const syn = SECTOR_SYNONYMS[k];
  if (syn !== undefined) return syn;
  const singular = k.endsWith('s') ? k.slice(0, -1) : k;
  return INDUSTRY_SECTORS.has(singular) ? singular : null;
}

/** The region-ov value for a region name, or null. */
export function regionVocab(name: string): string | null {
  const k = kebab(name);
  if (REGIONS.has(k)) return k;
  return REGION_SYNONYMS[k] ?? null;
}
