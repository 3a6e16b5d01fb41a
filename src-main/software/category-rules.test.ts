import { describe, expect, it } from 'vitest';
import { categoryOf, compileRule, osApplies, perlNumber, serverRegexSource } from './category-rules';

// Cases read from OCSInventory-Server 2.11.1 SoftwareCategory.pm (regex, remove_special_char, set_category).
describe('category rules as the comm server reads them', () => {
  it('turns wildcard patterns into the same regular expressions', () => {
    expect(serverRegexSource('Firefox')).toBe('^Firefox$');
    expect(serverRegexSource('*Firefox*')).toBe('Firefox');
    expect(serverRegexSource('*Firefox')).toBe('Firefox$');
    expect(serverRegexSource('Firefox*')).toBe('^Firefox');
    expect(serverRegexSource('Fire?ox')).toBe('Fire.ox');
    expect(serverRegexSource('Fire?ox*')).toBe('^Fire.ox');
    // A * in the middle stays a regex quantifier, unanchored.
    expect(serverRegexSource('Java*Update')).toBe('Java*Update');
    expect(serverRegexSource('Visual C++ (x64)*')).toBe('^Visual C x64');
  });

  it('reads numbers the way Perl does', () => {
    expect(perlNumber('19.00'.replace(/\./g, ''))).toBe(1900);
    expect(perlNumber('8u341')).toBe(8);
    expect(perlNumber('abc')).toBe(0);
    expect(perlNumber('')).toBe(0);
    expect(perlNumber(' 12e2x')).toBe(1200);
    expect(perlNumber('inf')).toBe(Infinity);
  });

  it('applies OS, publisher and version conditions, the last matching rule winning', () => {
    const rules = [
      { categoryId: 1, os: 'ALL', pattern: 'Mozilla*', sign: '', version: '', publisher: '' },
      { categoryId: 2, os: 'WINDOWS', pattern: '*Firefox*', sign: '', version: '', publisher: '' },
      { categoryId: 3, os: 'ALL', pattern: '*Java*', sign: 'MORE', version: '8.0.3', publisher: 'Oracle' },
      { categoryId: 4, os: 'ALL', pattern: 'vim', sign: '0', version: '9', publisher: '' },
    ].map(compileRule);
    const sw = (name: string, publisher = '', version = '') => ({ name, publisher, version });
    const win = 'OCS-NG_WINDOWS_AGENT_v2.9.0.0';
    const unix = 'OCS-NG_unified_unix_agent_v2.10.0';
    expect(categoryOf(rules, sw('Mozilla Firefox'), win, null)).toBe(2);
    expect(categoryOf(rules, sw('Mozilla Firefox'), unix, null)).toBe(1);
    expect(categoryOf(rules, sw('Java 8', 'Oracle', '8.0.3410'), win, 9)).toBe(3);
    expect(categoryOf(rules, sw('Java 8', 'Oracle', '7.9'), win, 9)).toBe(9);
    expect(categoryOf(rules, sw('Java 8', 'Sun', '8.0.3410'), win, null)).toBeNull();
    // An unknown sign matches nothing.
    expect(categoryOf(rules, sw('vim', '', '9'), unix, 9)).toBe(9);
    expect(osApplies(null, win)).toBe(false);
    expect(osApplies('unix', unix)).toBe(true);
  });
});
