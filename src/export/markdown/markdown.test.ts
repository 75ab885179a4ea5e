import { describe, expect, it } from 'vitest';
import { indicator, keyplugResult, resultOf } from '../../../test/helpers/extract-results.js';
import { cell, toMarkdown } from './index.js';

describe('toMarkdown', () => {
  const md = toMarkdown(keyplugResult());

  it('starts with the title and the document facts', () => {
    expect(md.split('\n').slice(0, 6)).toEqual([
      '# KeyPlug returns: APT41 hits Italian manufacturers',
      '',
      '- **Source:** `examples/keyplug-report.md`',
      '- **Published:** 2025-03-12',
      '- **Language:** en',
      `- **SHA-256:** \`${'a'.repeat(64)}\``,
    ]);
  });

  it('lists actors with the aliases written and the other known aliases', () => {
    expect(md).toContain('- **APT41** (written as Wicked Panda) — also known as Barium, Winnti Group');
    expect(md).toMatch(/### Malware\n\n- \*\*KeyPlug\*\*/);
    expect(md).toMatch(/### Sectors\n\n- \*\*Manufacturing\*\*/);
  });

  it('has a techniques table with evidence and an indicators table per type', () => {
    expect(md).toContain('| T1027.002 | Software Packing | defense-evasion | 0.90 | The Linux build of KeyPlug is protected with VMProtect. |');
    expect(md).toContain('### domain (1)');
    expect(md).toContain('| `c2.keyplug-demo.net` | 6 |  |');
    expect(md).toContain('| threat-actor:APT41 | uses | malware:KeyPlug | 0.90 |');
  });

  it('keeps hostile text from breaking tables and marks benign indicators', () => {
    const text = 'x|y `z` and good.example';
    const r = resultOf(text, {
      indicators: [indicator(text, 'filename', 'x|y'), indicator(text, 'domain', 'good.example', 'good.example', { benign: { list: 'top|sites', reason: 'r' } })],
      document: { title: 'A | B <script>', published: '2025-04-05', published_ambiguous: true, published_note: 'read day-first', language: null, source: '-' },
    });
    const out = toMarkdown(r);
    expect(out).toContain('# A \\| B \\<script\\>');
    expect(out).toContain('| `x\\|y` | 1 |  |');
    expect(out).toContain('benign (top\\|sites)');
    expect(out).toContain('2025-04-05 (ambiguous: read day-first)');
    for (const line of out.split('\n').filter((l) => l.startsWith('| `'))) expect(line.split(/(?<!\\)\|/).length).toBe(5);
    expect(cell('a\nb|c')).toBe('a b\\|c');
  });

  it('renders an empty result as just the header', () => {
    const out = toMarkdown(resultOf('', {}));
    expect(out).toContain('# examples/keyplug-report.md');
    expect(out).not.toContain('##');
  });
});
