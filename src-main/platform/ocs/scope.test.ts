import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { likePattern } from './like';
import { applyScope, scopeFromParts } from './scope';

const k = knexFactory({ client: 'mysql2' });

describe('computer selection with the operator perimeter', () => {
  it('applies the TAG restriction (wildcards as LIKE) and excludes groups', () => {
    const q = k.from({ h: 'hardware' }).select('h.ID');
    applyScope(k, q, scopeFromParts(['PARIS', 'LYON-*'], [7]));
    const r = q.toSQL();
    expect(r.sql).toBe(
      'select `h`.`ID` from `hardware` as `h` where `h`.`ID` not in (?) and `h`.`ID` in (select `ta`.`HARDWARE_ID` from `accountinfo` as `ta` where (`ta`.`TAG` in (?) or `ta`.`TAG` like ?))',
    );
    expect(r.bindings).toEqual([7, 'PARIS', 'LYON-%']);
    const none = k.from({ h: 'hardware' });
    applyScope(k, none, scopeFromParts([], []));
    expect(none.toSQL().sql).toContain('1 = 0');
  });

  it('likePattern escapes LIKE metacharacters', () => {
    expect(likePattern('a_b%c\\')).toBe('%a\\_b\\%c\\\\%');
    expect(likePattern('a*b?', false)).toBe('a%b_');
  });
});
