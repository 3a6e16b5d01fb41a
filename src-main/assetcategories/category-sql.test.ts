import { describe, expect, it } from 'vitest';
import { storedFilter, withoutPlaceholderChars } from './category-sql';

describe('asset category SQL both readers run alike', () => {
  it('spells % and ? inside literals with CHAR() and keeps escapes whole', () => {
    expect(withoutPlaceholderChars("a LIKE '%x\\_y%'")).toBe("a LIKE CONCAT(CHAR(37), 'x\\_y', CHAR(37))");
    expect(withoutPlaceholderChars("a = 'why?'")).toBe("a = CONCAT('why', CHAR(63))");
    expect(withoutPlaceholderChars("a = 'it\\'s %'")).toBe("a = CONCAT('it\\'s ', CHAR(37))");
    expect(withoutPlaceholderChars("a = 'c:\\\\%'")).toBe("a = CONCAT('c:\\\\', CHAR(37))");
    expect(withoutPlaceholderChars("a = 'plain'")).toBe("a = 'plain'");
  });
  it('refuses a % or ? outside a literal, and an unterminated literal', () => {
    expect(withoutPlaceholderChars('a % 2 = 0')).toBeNull();
    expect(withoutPlaceholderChars('a = ?')).toBeNull();
    expect(withoutPlaceholderChars("a = 'open")).toBeNull();
  });
  it('reads back the search of its trailing comment, ignores other comments', () => {
    const filter = {
      criteria: [{ field: 'hardware.NAME', op: 'LIKE' as const, value: 'PC*' }],
      match: 'all' as const,
    };
    const b64 = Buffer.from(JSON.stringify(filter)).toString('base64');
    expect(storedFilter(`SELECT 1 /* ocs-desk-search:${b64} */`)).toEqual(filter);
    expect(storedFilter('SELECT hardware.ID AS hardwareID FROM hardware')).toBeNull();
    expect(storedFilter('SELECT 1 /* ocs-desk-search:!!! */')).toBeNull();
  });
});
