import { describe, expect, it } from 'vitest';
import { cachedIdsMissing, DictionaryCache, guardReads } from './dictionary-cache';

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

describe('guardReads / cachedIdsMissing', () => {
  it('counts the cached IDs of each dictionary with a locking read, and names the dictionaries with one gone', () => {
    const g = guardReads({ NAME: new Set([3, 4]), PUBLISHER: new Set(), VERSION: new Set([7]) }, 1 << 20)!;
    expect(g.reads).toEqual([
      ['SELECT COUNT(*) AS n FROM ?? WHERE ID IN (3,4) LOCK IN SHARE MODE', ['software_name']],
      ['SELECT COUNT(*) AS n FROM ?? WHERE ID IN (7) LOCK IN SHARE MODE', ['software_version']],
    ]);
    expect(cachedIdsMissing(g, [[{ n: 2 }], [{ n: '1' }]])).toEqual([]);
    expect(cachedIdsMissing(g, [[{ n: 1 }], [{ n: 1 }]])).toEqual(['NAME']);
  });

  it('needs no read when no ID came from the cache, and splits a long ID list under the packet budget', () => {
    expect(guardReads({ NAME: new Set(), PUBLISHER: new Set(), VERSION: new Set() }, 1 << 20)).toBeNull();
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => 1_000_000 + i));
    const g = guardReads({ NAME: ids, PUBLISHER: new Set(), VERSION: new Set() }, 16 * 1024)!;
    expect(g.reads.length).toBeGreaterThan(1);
    for (const [sql] of g.reads) expect(sql.length).toBeLessThan(16 * 1024);
    expect(
      cachedIdsMissing(
        g,
        g.reads.map((r) => [{ n: (r[0].match(/,/g)?.length ?? 0) + 1 }]),
      ),
    ).toEqual([]);
  });
});
