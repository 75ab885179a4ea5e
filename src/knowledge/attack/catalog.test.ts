import { describe, it, expect } from 'vitest';
import { loadAttack } from './index.js';

describe('loadAttack', () => {
  const attack = loadAttack();

  it('knows techniques, sub-techniques and their tactics', () => {
    expect(attack.version).toBe('18.1');
    expect(attack.name('T1053.005')).toBe('Scheduled Task');
    expect(attack.tactics('t1053.005')).toEqual(['execution', 'persistence', 'privilege-escalation']);
    expect(attack.get('T1027.002')?.parent).toBe('T1027');
    expect(attack.listTactics()).toHaveLength(14);
    const active = attack.list().filter((t) => t.revoked !== true && t.deprecated !== true);
    expect(active.length).toBeGreaterThan(650);
  });

  it('maps revoked ids to their replacements and leaves unknown ids unresolved', () => {
    expect(attack.get('T1073')?.revoked).toBe(true);
    expect(attack.resolve('T1073')).toBe('T1574.001');
    expect(attack.resolve('T1140')).toBe('T1140');
    expect(attack.resolve('T9999')).toBeUndefined();
    expect(attack.tactics('T9999')).toEqual([]);
  });

  it('never ships descriptions', () => {
    for (const t of attack.list()) expect(Object.keys(t)).not.toContain('description');
  });
});
