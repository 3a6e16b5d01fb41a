import { describe, expect, it } from 'vitest';
import { formatErrorEn } from '../../shared/i18n/format-error';
import { brokenRules, SPECIAL_CHARS } from './password-policy';

const on = { enabled: true, minBytes: 8, digit: true, upper: true, special: true };

describe('OCS password policy rules', () => {
  it('checks nothing when SECURITY_PASSWORD_ENABLED is not 1', () => {
    expect(brokenRules({ ...on, enabled: false }, '')).toEqual([]);
  });

  it('lists broken rules in ocsreports order', () => {
    expect(brokenRules(on, 'abc')).toEqual(['length', 'digit', 'upper', 'special']);
    expect(brokenRules(on, 'Abcdefg1-')).toEqual([]);
    expect(brokenRules({ ...on, minBytes: 0 }, 'A1~')).toEqual([]);
  });

  it('accepts exactly the special characters of ocsreports (space and backslash included)', () => {
    for (const c of SPECIAL_CHARS) expect(brokenRules(on, `Abcdefg1${c}`)).toEqual([]);
    for (const c of ['"', "'", '`', '€', 'é']) expect(brokenRules(on, `Abcdefg1${c}`)).toEqual(['special']);
  });

  it('names the broken rule in the message (context) for the CLI too', () => {
    const m = formatErrorEn('AUTH_PASSWORD_POLICY', { context: 'length', min: 12 }).message;
    expect(m).toMatch(/at least 12 characters/);
    expect(formatErrorEn('AUTH_PASSWORD_POLICY', { context: 'upper' }).message).toMatch(/capital/);
  });
});
