import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scopeFromParts } from '../platform/ocs/scope';
import type { NameCount, TripleCounts } from './software.repo';

/** Each count the module starts, settled by the test (the statement itself is tested on MariaDB). */
const counts: Array<{
  tags: readonly string[] | null;
  resolve: (rows: NameCount[]) => void;
  reject: (e: unknown) => void;
}> = [];
/** What countTriples reads for these per-name figures: one triple per version, all on one publisher. */
const readOf = (rows: NameCount[]): TripleCounts => ({
  nameOrder: rows.map((r) => r.id),
  nameComputers: new Map(rows.map((r) => [r.id, r.computers])),
  triples: rows.flatMap((r) =>
    Array.from({ length: r.versions }, (_, v) => ({
      nameId: r.id,
      publisherId: 1,
      versionId: v + 1,
      computers: r.computers,
    })),
  ),
});
vi.mock('./software.repo', () => ({
  countTriples: vi.fn(
    (_k: unknown, scope: { tags: readonly string[] | null }) =>
      new Promise<TripleCounts>((resolve, reject) =>
        counts.push({ tags: scope.tags, resolve: (rows) => resolve(readOf(rows)), reject }),
      ),
  ),
}));

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const fleet = scopeFromParts(null, []);
const paris = scopeFromParts(['PARIS'], []);

describe('name counts: counted in the background, kept, one count at a time per pool', () => {
  afterEach(() => {
    vi.useRealTimers();
    counts.length = 0;
  });

  it('answers at once while counting, keeps the answer, recounts when old while serving the kept one', async () => {
    vi.useFakeTimers();
    const { nameCounts, countLimits } = await import('./name-counts');
    const k = {} as Knex;
    const first = await nameCounts(k, fleet, 0);
    expect(first.counts).toBeNull();
    expect(first.state).toMatchObject({ computedAt: null, failed: null });
    expect(first.state.countingSince).not.toBeNull();
    await flush();
    expect(counts).toHaveLength(1);
    // Asked again meanwhile: no second count.
    await nameCounts(k, fleet, 0);
    await flush();
    expect(counts).toHaveLength(1);
    counts[0]!.resolve([
      { id: 2, computers: 3, versions: 1, publishers: 1 },
      { id: 1, computers: 5, versions: 2, publishers: 1 },
    ]);
    await flush();
    const kept = await nameCounts(k, fleet, 0);
    expect(kept.counts!.byName.map((c) => c.id)).toEqual([2, 1]);
    expect(kept.counts!.rank.get(1)).toBe(1);
    expect(kept.state).toMatchObject({ countingSince: null, failed: null });
    // Old: the kept answer at once, and one recount.
    vi.advanceTimersByTime(countLimits.ttlMs + 1);
    const old = await nameCounts(k, fleet, 0);
    expect(old.counts!.computedAt).toBe(kept.counts!.computedAt);
    expect(old.state.countingSince).not.toBeNull();
    await flush();
    expect(counts).toHaveLength(2);
    counts[1]!.resolve([{ id: 1, computers: 6, versions: 2, publishers: 1 }]);
    await flush();
    expect((await nameCounts(k, fleet, 0)).counts!.byName).toEqual([
      { id: 1, computers: 6, versions: 2, publishers: 1 },
    ]);
  });

  it('a caller with a budget gets the count that ends within it', async () => {
    const { nameCounts } = await import('./name-counts');
    const k = {} as Knex;
    const asked = nameCounts(k, fleet, 5_000);
    await flush();
    counts[0]!.resolve([{ id: 7, computers: 1, versions: 1, publishers: 1 }]);
    expect((await asked).counts!.byName).toEqual([{ id: 7, computers: 1, versions: 1, publishers: 1 }]);
  });

  it('runs the counts of two perimeters on one pool one after the other', async () => {
    const { nameCounts } = await import('./name-counts');
    const k = {} as Knex;
    await nameCounts(k, fleet, 0);
    await nameCounts(k, paris, 0);
    await flush();
    expect(counts.map((c) => c.tags)).toEqual([null]);
    counts[0]!.resolve([]);
    await flush();
    expect(counts.map((c) => c.tags)).toEqual([null, ['PARIS']]);
    // Another pool does not wait for this one.
    await nameCounts({} as Knex, paris, 0);
    await flush();
    expect(counts).toHaveLength(3);
  });

  it('a count stopped by max_statement_time says so and is tried again only after retryMs', async () => {
    vi.useFakeTimers();
    const { nameCounts, countLimits } = await import('./name-counts');
    const k = {} as Knex;
    await nameCounts(k, fleet, 0);
    await flush();
    counts[0]!.reject(
      Object.assign(new Error('Query execution was interrupted (max_statement_time exceeded)'), {
        code: 'ER_STATEMENT_TIMEOUT',
        errno: 1969,
      }),
    );
    await flush();
    const stopped = await nameCounts(k, fleet, 0);
    expect(stopped).toMatchObject({
      counts: null,
      state: { computedAt: null, countingSince: null, failed: 'timeout' },
    });
    await flush();
    expect(counts).toHaveLength(1);
    vi.advanceTimersByTime(countLimits.retryMs);
    expect((await nameCounts(k, fleet, 0)).state.countingSince).not.toBeNull();
    await flush();
    expect(counts).toHaveLength(2);
  });
});

describe('kept counts: the triples of each name, in memory', () => {
  it('groups triples by name in name order, counts versions and publishers, finds a triple', async () => {
    const { buildCounts, triplesOfName, tripleComputers } = await import('./name-counts');
    const kept = buildCounts({
      // Name order from the dictionary: 30, 10, 20; name 40 is not installed (no computers).
      nameOrder: [30, 10, 20],
      nameComputers: new Map([
        [30, 5],
        [10, 2],
        [20, 1],
      ]),
      triples: [
        { nameId: 10, publisherId: 2, versionId: 7, computers: 1 },
        { nameId: 30, publisherId: 3, versionId: 1, computers: 4 },
        { nameId: 10, publisherId: 1, versionId: 7, computers: 2 },
        { nameId: 30, publisherId: 3, versionId: 2, computers: 2 },
        { nameId: 20, publisherId: 1, versionId: 9, computers: 1 },
        { nameId: 30, publisherId: 1, versionId: 2, computers: 1 },
      ],
    });
    expect(kept.byName).toEqual([
      // A name's computers are its own distinct count, not the sum of its triples'.
      { id: 30, computers: 5, versions: 2, publishers: 2 },
      { id: 10, computers: 2, versions: 1, publishers: 2 },
      { id: 20, computers: 1, versions: 1, publishers: 1 },
    ]);
    expect(triplesOfName(kept, 30)).toEqual([
      { nameId: 30, publisherId: 1, versionId: 2, computers: 1 },
      { nameId: 30, publisherId: 3, versionId: 1, computers: 4 },
      { nameId: 30, publisherId: 3, versionId: 2, computers: 2 },
    ]);
    expect(triplesOfName(kept, 40)).toEqual([]);
    expect(tripleComputers(kept, 30, 3, 2)).toBe(2);
    expect(tripleComputers(kept, 10, 1, 7)).toBe(2);
    expect(tripleComputers(kept, 10, 2, 7)).toBe(1);
    expect(tripleComputers(kept, 20, 1, 9)).toBe(1);
    expect(tripleComputers(kept, 20, 1, 8)).toBe(0);
    expect(tripleComputers(kept, 30, 2, 1)).toBe(0);
    expect(tripleComputers(kept, 40, 1, 1)).toBe(0);
  });
});
