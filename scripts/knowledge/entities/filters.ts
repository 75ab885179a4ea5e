// Alias hygiene for the knowledge build: which upstream synonyms are too noisy to match on, and which
// aliases are plain English words (they then need context at recognition time).
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { foldName } from '../../../src/knowledge/fold.js';

/** Anti-virus detection names ("Trojan.Win32.Foo", "Backdoor:Java/Adwind") are not family names. */
const AV_NAME = /^(?:trojan|backdoor|hacktool|riskware|win32|win64|w32|w64|troj|bkdr|tspy|agent|exploit|pws|worm|ransom|generic|heur|mal|virus|spyware|adware|dropper|downloader|js|vbs|html|msil|android|linux|osx)[._:/!-]/i;

/** True when an upstream synonym should not be used as a name (detection names, too short, odd characters). */
export function isNoisyAlias(alias: string, reserved: ReadonlySet<string>): boolean {
  const f = foldName(alias);
  if (f.length < 3 || f.includes('#') || reserved.has(f)) return true;
  if (AV_NAME.test(alias) || /[@!\\]/.test(alias)) return true;
  return /^\d+$/.test(f);
}

let words: Set<string> | undefined;

/** The English dictionary from the `word-list` package (MIT), used at build time only. */
function dictionary(): Set<string> {
  if (words === undefined) {
    words = new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  }
  return words;
}

/** A single alphabetic word found in the English dictionary ("Stone", "Lotus", "Equation", "Play"). */
export function isCommonWord(alias: string): boolean {
  return /^[A-Za-z]+$/.test(alias) && dictionary().has(alias.toLowerCase());
}
