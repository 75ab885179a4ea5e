import { describe, expect, it } from 'vitest';
import { scriptSamples } from '../../../../test/fixtures/samples/recipes.js';
import { classifyScript, longestBase64Run, obfuscationFlags } from './index.js';

const S = scriptSamples();

describe('classifyScript', () => {
  it.each([
    ['script-ps1', 'powershell'], ['script-js', 'javascript'], ['script-vbs', 'vbscript'],
    ['script-sh', 'shell'], ['script-py', 'python'], ['script-bat', 'batch'],
  ])('%s is %s', (name, lang) => {
    expect(classifyScript(S[name]!)?.language).toBe(lang);
  });

  it('does not call prose a script', () => {
    expect(classifyScript(S['text-plain']!)).toBeNull();
    expect(classifyScript('')).toBeNull();
  });

  it('flags staging and obfuscation markers', () => {
    expect(classifyScript(S['script-ps1']!)!.flags).toEqual(expect.arrayContaining(['long-base64', 'frombase64string', 'encodedcommand']));
    expect(classifyScript(S['script-js']!)!.flags).toEqual(expect.arrayContaining(['eval', 'char-codes']));
    expect(obfuscationFlags('echo hi')).toEqual([]);
    expect(classifyScript(S['script-sh']!)!.shebang).toBe('#!/bin/sh');
  });

  it('scans long hostile lines in linear time', () => {
    const long = 'A'.repeat(2_000_000) + '!' + '-e '.repeat(200_000);
    expect(longestBase64Run(long)).toBe(2_000_000);
    expect(() => classifyScript(long)).not.toThrow();
  });
});
