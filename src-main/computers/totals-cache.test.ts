import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { scopeFromParts } from '../platform/ocs/scope';
import { cachedTotal, invalidateTotals, rememberTotal, totalsGeneration, totalsKey } from './totals-cache';

const k = knexFactory({ client: 'mysql2' });
const other = knexFactory({ client: 'mysql2' });

describe('totals cache', () => {
  const filter = {
    match: 'all' as const,
    criteria: [{ field: 'software.NAME', op: 'HAS' as const, value: 'Chrome' }],
  };

  it('keys by filter and operator scope', () => {
    expect(totalsKey(scopeFromParts(['B', 'A'], [1]), filter)).toBe(
      totalsKey(scopeFromParts(['A', 'B'], [1]), filter),
    );
    expect(totalsKey(scopeFromParts(null, []), filter)).not.toBe(
      totalsKey(scopeFromParts(['A'], []), filter),
    );
    expect(totalsKey(scopeFromParts(null, []), filter)).not.toBe(
      totalsKey(scopeFromParts(null, []), {
        ...filter,
        criteria: [{ ...filter.criteria[0]!, op: 'HAS_NOT' }],
      }),
    );
  });

  it('returns a remembered total per pool until a write invalidates it', () => {
    const key = totalsKey(scopeFromParts(null, []), filter);
    rememberTotal(k, key, 42, totalsGeneration());
    expect(cachedTotal(k, key)).toBe(42);
    expect(cachedTotal(other, key)).toBeNull();
    invalidateTotals();
    expect(cachedTotal(k, key)).toBeNull();
  });

  it('does not keep a total counted across a write', () => {
    const key = totalsKey(scopeFromParts(null, []), undefined);
    const gen = totalsGeneration();
    invalidateTotals();
    rememberTotal(k, key, 7, gen);
    expect(cachedTotal(k, key)).toBeNull();
  });
});
