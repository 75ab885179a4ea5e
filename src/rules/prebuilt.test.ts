import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    const dir = mkdtempSync(join(tmpdir(), 'pillbox-rules-'));
    try {
      writePrebuiltRules(join(dir, 'rules.json'));
      expect(readFileSync(join(dir, 'rules.json'), 'utf8')).toBe(readFileSync(PREBUILT_CAPABILITY_RULES, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
