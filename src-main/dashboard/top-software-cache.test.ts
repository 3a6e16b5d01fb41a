import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Scope } from '../platform/ocs/scope';

const counts: Array<(rows: Array<{ name: string; computers: number }>) => void> = [];
vi.mock('./dashboard.repo', () => ({
  topSoftwareNames: vi.fn(
    () => new Promise<Array<{ name: string; computers: number }>>((resolve) => counts.push(resolve)),
  ),
}));

describe('topSoftware: kept 5 minutes, then the kept answer while a recount runs', () => {
  afterEach(() => vi.useRealTimers());

  it('only the first call waits; an old answer is returned at once and replaced when the recount ends', async () => {
    // (A first count longer than 5 minutes is shared too: see 'running'.)
    vi.useFakeTimers();
    const { topSoftware } = await import('./dashboard.service');
    const k = {} as Knex;
    // Only its identity in the cache key matters here (the count itself is mocked).
    const scope = { tags: null, groupIds: [] } as unknown as Scope;
    const first = topSoftware(k, scope, 10);
    expect(counts).toHaveLength(1);
    counts[0]!([{ name: 'A', computers: 3 }]);
    expect((await first).rows[0]!.name).toBe('A');
    // Within 5 minutes: no new count.
    await topSoftware(k, scope, 10);
    expect(counts).toHaveLength(1);
    // Older: the kept answer at once, one recount started (shared by callers meanwhile).
    vi.advanceTimersByTime(6 * 60_000);
    expect((await topSoftware(k, scope, 10)).rows[0]!.name).toBe('A');
    expect((await topSoftware(k, scope, 10)).rows[0]!.name).toBe('A');
    expect(counts).toHaveLength(2);
    // A recount longer than 5 minutes: still one count at a time.
    vi.advanceTimersByTime(6 * 60_000);
    expect((await topSoftware(k, scope, 10)).rows[0]!.name).toBe('A');
    expect(counts).toHaveLength(2);
    counts[1]!([{ name: 'B', computers: 4 }]);
    await Promise.resolve();
    await Promise.resolve();
    expect((await topSoftware(k, scope, 10)).rows[0]!.name).toBe('B');
    expect(counts).toHaveLength(2);
  });
});
