import type { Indicator, IndicatorType } from '../../model/indicator.js';
import { scoId } from './ids.js';
import type { StixObject } from './types.js';

/** What one Pillbox indicator becomes: a STIX pattern and the SCOs it is based on (first = the main one). */
export interface ObservableMapping {
  pattern: string;
  observables: StixObject[];
}

/** STIX hash-algorithm-ov keys (§10.7) for the hash indicator types. */
const HASH_KEYS: Partial<Record<IndicatorType, string>> = {
  md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512', ssdeep: 'SSDEEP',
};

/** Registry hives must be written in full in a windows-registry-key `key` (STIX 2.1 §6.13). */
const HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER', HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS', HKCC: 'HKEY_CURRENT_CONFIG',
};

/**
 * A STIX patterning string literal (§9.3): single-quoted, `\` and `'` escaped.
 * @example patternString("it's") // "'it\\'s'"
 */
export function patternString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function sco(type: string, props: Record<string, unknown>, contributing: Record<string, unknown>): StixObject {
  return { type, spec_version: '2.1', id: scoId(type, contributing), ...props };
}

function valueSco(type: string, value: string): ObservableMapping {
  return { pattern: `[${type}:value = ${patternString(value)}]`, observables: [sco(type, { value }, { value })] };
}

function hashMapping(key: string, value: string): ObservableMapping {
  const hashes = { [key]: value };
  return { pattern: `[file:hashes.'${key}' = ${patternString(value)}]`, observables: [sco('file', { hashes }, { hashes })] };
}

/** `HKLM\Software\X` → `HKEY_LOCAL_MACHINE\Software\X`; forward slashes are not separators in the registry. */
export function fullRegistryKey(key: string): string {
  const cut = key.indexOf('\\');
  const hive = (cut === -1 ? key : key.slice(0, cut)).toUpperCase();
  const full = HIVES[hive];
  return full === undefined ? key : full + (cut === -1 ? '' : key.slice(cut));
}

/** Splits a Windows or POSIX path at its last separator: [directory, file name] (name empty for a directory). */
export function splitPath(path: string): [string, string] {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  if (cut === -1) return ['', path];
  return [path.slice(0, cut) || path.slice(0, 1), path.slice(cut + 1)];
}

function pathMapping(path: string): ObservableMapping {
  const [dir, name] = splitPath(path);
  if (dir === '') return fileName(path);
  if (name === '') return { pattern: `[directory:path = ${patternString(dir)}]`, observables: [sco('directory', { path: dir }, { path: dir })] };
  const directory = sco('directory', { path: dir }, { path: dir });
  const file = sco('file', { name, parent_directory_ref: directory.id }, { name, parent_directory_ref: directory.id });
  return {
    pattern: `[file:name = ${patternString(name)} AND file:parent_directory_ref.path = ${patternString(dir)}]`,
    observables: [file, directory],
  };
}

function fileName(name: string): ObservableMapping {
  return { pattern: `[file:name = ${patternString(name)}]`, observables: [sco('file', { name }, { name })] };
}

function asnMapping(value: string): ObservableMapping | null {
  const digits = /^(?:AS)?\s*(\d{1,10})$/i.exec(value.trim())?.[1];
  const number = digits === undefined ? NaN : Number(digits);
  if (!Number.isSafeInteger(number) || number > 4294967295) return null;
  return { pattern: `[autonomous-system:number = ${number}]`, observables: [sco('autonomous-system', { number }, { number })] };
}

/** `00-1A-2B-3C-4D-5E`, `001a.2b3c.4d5e` → `00:1a:2b:3c:4d:5e`: the only form the mac-addr SCO allows (§6.9). */
export function macColon(value: string): string {
  const hex = value.toLowerCase().replace(/[^0-9a-f]/g, '');
  return hex.length === 12 ? hex.match(/../g)!.join(':') : value.toLowerCase();
}

function ipMapping(value: string): ObservableMapping {
  return valueSco(value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value);
}

/**
 * The STIX pattern and observables for an indicator, or null for types with no SCO in STIX 2.1
 * (cryptocurrency addresses) and for types modelled as SDOs instead (CVE → vulnerability,
 * ATT&CK id → attack-pattern).
 */
export function observableFor(ind: Indicator): ObservableMapping | null {
  const hashKey = HASH_KEYS[ind.type];
  if (hashKey !== undefined) return hashMapping(hashKey, ind.value);
  switch (ind.type) {
    case 'ipv4': case 'ipv6': case 'cidr': return ipMapping(ind.value);
    case 'domain': return valueSco('domain-name', ind.value);
    case 'url': return valueSco('url', ind.value);
    case 'email': return valueSco('email-addr', ind.value);
    case 'mac': return valueSco('mac-addr', macColon(ind.value));
    case 'asn': return asnMapping(ind.value);
    case 'registry': {
      const key = fullRegistryKey(ind.value);
      return { pattern: `[windows-registry-key:key = ${patternString(key)}]`, observables: [sco('windows-registry-key', { key }, { key })] };
    }
    case 'filename': return fileName(ind.value);
    case 'filepath': return pathMapping(ind.value);
    default: return null;
  }
}
