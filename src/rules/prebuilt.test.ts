import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rebuiltText } from '../../test/helpers/rebuilt.js';
import { BUNDLED_CAPABILITY_RULES, PREBUILT_CAPABILITY_RULES, loadCapabilityRules, writePrebuiltRules } from './load.js';

describe('prebuilt capability rules', () => {
  it('are the bundled YAML rules, parsed: same rules, same file paths', () => {
    const prebuilt = loadCapabilityRules();
    // Another spelling of the same folder is parsed from its YAML files.
    const parsed = loadCapabilityRules(`${BUNDLED_CAPABILITY_RULES}/`);
    expect(prebuilt.rules.length).toBeGreaterThan(10);
    expect(prebuilt).toEqual(parsed);
    expect(prebuilt.rules.every((r) => r.file.startsWith(BUNDLED_CAPABILITY_RULES) && r.file.endsWith('.yaml'))).toBe(true);
  });

  it('are what the build step writes now (rerun it after editing a rule)', () => {
    expect(rebuiltText('rules.json', writePrebuiltRules)).toBe(readFileSync(PREBUILT_CAPABILITY_RULES, 'utf8'));
  });
});
