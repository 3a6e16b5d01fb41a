import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { cachedTotal, invalidateTotals, rememberTotal, totalsGeneration, totalsKey } from './totals-cache';

const k = knexFactory({ client: 'mysql2' });
const other = knexFactory({ client: 'mysql2' });

describe('totals cache', () => {
  const filter = {
    match: 'all' as const,
    criteria: [{ field: 'software.NAME', op: 'HAS' as const, value: 'Chrome' }],
  };

  it('keys by filter and operator scope', () => {
    expect(totalsKey({ tags: ['B', 'A'], groupIds: [1] }, filter)).toBe(
      totalsKey({ tags: ['A', 'B'], groupIds: [1] }, filter),
    );
    expect(totalsKey({ tags: null, groupIds: [] }, filter)).not.toBe(
      totalsKey({ tags: ['A'], groupIds: [] }, filter),
    );
    expect(totalsKey({ tags: null, groupIds: [] }, filter)).not.toBe(
      totalsKey(
        { tags: null, groupIds: [] },
        { ...filter, criteria: [{ ...filter.criteria[0]!, op: 'HAS_NOT' }] },
      ),
    );
  });

  it('returns a remembered total per pool until a write invalidates it', () => {
    const key = totalsKey({ tags: null, groupIds: [] }, filter);
    rememberTotal(k, key, 42, totalsGeneration());
    expect(cachedTotal(k, key)).toBe(42);
    expect(cachedTotal(other, key)).toBeNull();
    invalidateTotals();
    expect(cachedTotal(k, key)).toBeNull();
  });

  it('does not keep a total counted across a write', () => {
    const key = totalsKey({ tags: null, groupIds: [] }, undefined);
    const gen = totalsGeneration();
    invalidateTotals();
    rememberTotal(k, key, 7, gen);
    expect(cachedTotal(k, key)).toBeNull();
  });
});
