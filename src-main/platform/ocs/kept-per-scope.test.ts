import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../../../test/helpers/failure';
import { keptPerScope } from './kept-per-scope';
import { scopeFromParts, type Scope } from './scope';

interface Answer {
  computedAt: string;
  n: number;
}
/** Each read started, in the order it started, settled by the test. */
const reads: Array<{
  from: string;
  tags: readonly string[] | null;
  resolve: (n: number) => void;
  reject: (e: unknown) => void;
}> = [];
/** Read at each call by the module, like countLimits. */
const limits = { ttlMs: 5 * 60_000, retryMs: 10 * 60_000 };
const reader = (from: string) =>
  keptPerScope<Answer>(
    (_k, scope: Scope) =>
      new Promise<Answer>((resolve, reject) =>
        reads.push({
          from,
          tags: scope.tags,
          resolve: (n) => resolve({ computedAt: new Date().toISOString(), n }),
          reject,
        }),
      ),
    limits,
  );
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const statementTimeout = () =>
  Object.assign(new Error('Query execution was interrupted (max_statement_time exceeded)'), {
    code: 'ER_STATEMENT_TIMEOUT',
    errno: 1969,
  });
const fleet = scopeFromParts(null, []);
const paris = scopeFromParts(['PARIS'], []);

describe('kept per perimeter: computed in the background, kept for the TTL, retried after a delay, one read at a time per pool', () => {
  afterEach(() => {
    vi.useRealTimers();
    reads.length = 0;
  });

  it('starts one read, keeps its answer, reads again only once it is older than the TTL', async () => {
    vi.useFakeTimers();
    const kept = reader('a');
    const k = {} as Knex;
    expect(kept.state(k, fleet)).toEqual({ computedAt: null, countingSince: null, failed: null });
    const first = await kept.get(k, fleet, 0);
    expect(first.value).toBeNull();
    expect(first.state.countingSince).not.toBeNull();
    await kept.get(k, fleet, 0);
    await flush();
    expect(reads).toHaveLength(1);
    reads[0]!.resolve(1);
    await flush();
    expect((await kept.get(k, fleet, 0)).value?.n).toBe(1);
    // Just under the TTL: kept, no read.
    vi.advanceTimersByTime(limits.ttlMs - 1);
    expect((await kept.get(k, fleet, 0)).state.countingSince).toBeNull();
    await flush();
    expect(reads).toHaveLength(1);
    // At the TTL: the old answer at once, and one new read.
    vi.advanceTimersByTime(1);
    const old = await kept.get(k, fleet, 0);
    expect(old.value?.n).toBe(1);
    expect(old.state.countingSince).not.toBeNull();
    await flush();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve(2);
    await flush();
    expect(kept.kept(k, fleet)?.n).toBe(2);
    expect(kept.state(k, fleet)).toMatchObject({ countingSince: null, failed: null });
  });

  it('a caller with a budget gets the read that ends within it', async () => {
    const kept = reader('a');
    const asked = kept.get({} as Knex, fleet, 5_000);
    await flush();
    reads[0]!.resolve(7);
    expect((await asked).value?.n).toBe(7);
  });

  it('a read stopped by max_statement_time says so and is tried again only after retryMs', async () => {
    vi.useFakeTimers();
    const kept = reader('a');
    const k = {} as Knex;
    await kept.get(k, fleet, 0);
    await flush();
    reads[0]!.reject(statementTimeout());
    await flush();
    expect(await kept.get(k, fleet, 0)).toEqual({
      value: null,
      state: { computedAt: null, countingSince: null, failed: 'timeout' },
    });
    vi.advanceTimersByTime(limits.retryMs - 1);
    await kept.get(k, fleet, 0);
    await flush();
    expect(reads).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect((await kept.get(k, fleet, 0)).state).toMatchObject({ failed: null });
    await flush();
    expect(reads).toHaveLength(2);
    // Any other failure is an 'error'.
    reads[1]!.reject(new Error('lost'));
    await flush();
    expect(kept.state(k, fleet).failed).toBe('error');
  });

  it('now waits for a new read past the TTL and fails as the read did', async () => {
    vi.useFakeTimers();
    const kept = reader('a');
    const k = {} as Knex;
    const first = kept.now(k, fleet);
    await flush();
    reads[0]!.resolve(1);
    expect((await first).n).toBe(1);
    // Fresh enough: no read.
    expect((await kept.now(k, fleet)).n).toBe(1);
    vi.advanceTimersByTime(limits.ttlMs);
    const second = kept.now(k, fleet);
    await flush();
    expect(reads).toHaveLength(2);
    reads[1]!.reject(statementTimeout());
    expect(await failure(second)).toMatchObject({
      code: 'DB_QUERY_KILLED',
      params: { reason: 'max_statement_time' },
    });
    // The failed read leaves the old answer kept.
    expect(kept.kept(k, fleet)?.n).toBe(1);
  });

  it('runs one read at a time per pool, across perimeters and kept answers; other pools do not wait', async () => {
    const a = reader('a');
    const b = reader('b');
    const k = {} as Knex;
    await a.get(k, fleet, 0);
    await a.get(k, paris, 0);
    await b.get(k, fleet, 0);
    await flush();
    expect(reads.map((r) => [r.from, r.tags])).toEqual([['a', null]]);
    // A failed read does not stop the queue.
    reads[0]!.reject(new Error('lost'));
    await flush();
    expect(reads.map((r) => [r.from, r.tags])).toEqual([
      ['a', null],
      ['a', ['PARIS']],
    ]);
    await b.get({} as Knex, paris, 0);
    await flush();
    expect(reads).toHaveLength(3);
    reads[1]!.resolve(1);
    await flush();
    expect(reads.map((r) => [r.from, r.tags])).toEqual([
      ['a', null],
      ['a', ['PARIS']],
      ['b', ['PARIS']],
      ['b', null],
    ]);
    // Each kept answer has its own slots.
    expect(a.kept(k, paris)?.n).toBe(1);
    expect(b.kept(k, paris)).toBeNull();
  });
});
