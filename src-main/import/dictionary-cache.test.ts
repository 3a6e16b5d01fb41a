import { describe, expect, it } from 'vitest';
import { DictionaryCache, guardChecks } from './dictionary-cache';

describe('DictionaryCache', () => {
  it('keeps exact texts, forgets on demand, and starts a full dictionary again empty (bounded)', () => {
    const c = new DictionaryCache(3);
    c.remember('NAME', 'Firefox', 5);
    c.remember('NAME', 'Firefox', 9); // the first ID stays: a text has one row
    expect(c.get('NAME', 'Firefox')).toBe(5);
    expect(c.get('NAME', 'FIREFOX')).toBeUndefined(); // exact text only: a variant is looked up
    expect(c.get('PUBLISHER', 'Firefox')).toBeUndefined();
    c.forget('NAME', 'Firefox');
    expect(c.get('NAME', 'Firefox')).toBeUndefined();
    for (const t of ['a', 'b', 'c']) c.remember('NAME', t, 1);
    c.remember('NAME', 'd', 2);
    expect(c.size('NAME')).toBe(1);
    expect(c.get('NAME', 'd')).toBe(2);
  });
});

describe('guardChecks', () => {
  it('one locking check per dictionary whose cached IDs a file uses, failing when one is gone', () => {
    expect(
      guardChecks({ NAME: new Set([3, 4]), PUBLISHER: new Set(), VERSION: new Set([7]) }, 1 << 20),
    ).toEqual([
      [
        "SELECT IF(COUNT(*) = 2, 0, (SELECT 1 UNION ALL SELECT 2)) AS ok FROM JSON_TABLE('[3,4]', '$[*]' COLUMNS(i INT PATH '$')) j JOIN ?? d ON d.ID = j.i LOCK IN SHARE MODE",
        ['software_name'],
      ],
      [
        "SELECT IF(COUNT(*) = 1, 0, (SELECT 1 UNION ALL SELECT 2)) AS ok FROM JSON_TABLE('[7]', '$[*]' COLUMNS(i INT PATH '$')) j JOIN ?? d ON d.ID = j.i LOCK IN SHARE MODE",
        ['software_version'],
      ],
    ]);
  });

  it('none when no ID came from the cache, and a long ID list split under the packet budget', () => {
    expect(guardChecks({ NAME: new Set(), PUBLISHER: new Set(), VERSION: new Set() }, 1 << 20)).toEqual([]);
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => 1_000_000 + i));
    const g = guardChecks({ NAME: ids, PUBLISHER: new Set(), VERSION: new Set() }, 16 * 1024);
    expect(g.length).toBeGreaterThan(1);
    let counted = 0;
    for (const [sql] of g) {
      expect(sql.length).toBeLessThan(16 * 1024);
      const n = Number(/COUNT\(\*\) = (\d+)/.exec(sql)![1]);
      expect(/JSON_TABLE\('\[([^\]]*)\]'/.exec(sql)![1]!.split(',')).toHaveLength(n);
      counted += n;
    }
    expect(counted).toBe(5000);
  });
});
