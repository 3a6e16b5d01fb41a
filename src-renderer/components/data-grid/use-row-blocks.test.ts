import { describe, expect, it } from 'vitest';
import { blocksFor, estimateCount, touchLru } from './use-row-blocks';

describe('blocks of a virtual list', () => {
  it('asks the blocks the visible rows are in, the first one first, and the next one near its end', () => {
    expect(blocksFor(0, 30, 100_000, 200)).toEqual([0]);
    expect(blocksFor(190, 220, 100_000, 200)).toEqual([0, 1]);
    // Within a quarter of a block of the end: read ahead.
    expect(blocksFor(120, 160, 100_000, 200)).toEqual([0, 1]);
    expect(blocksFor(50_000, 50_030, 100_000, 200)).toEqual([250]);
    // Never past the end of the result.
    expect(blocksFor(99_970, 100_010, 100_000, 200)).toEqual([499]);
    expect(blocksFor(0, 40, 0, 200)).toEqual([]);
  });

  it('keeps the most recently shown blocks and evicts the oldest', () => {
    let lru: number[] = [];
    let evicted: number[] = [];
    for (const b of [0, 1, 2, 3]) [lru, evicted] = touchLru(lru, [b], 3);
    expect(lru).toEqual([3, 2, 1]);
    expect(evicted).toEqual([0]);
    [lru, evicted] = touchLru(lru, [1], 3);
    expect(lru).toEqual([1, 3, 2]);
    expect(evicted).toEqual([]);
  });

  it('is as tall as the rows seen plus a block until the count comes, exact once a block is short', () => {
    expect(estimateCount(new Map([[0, 200]]), 200)).toEqual({ count: 400, exact: false });
    expect(
      estimateCount(
        new Map([
          [0, 200],
          [7, 200],
        ]),
        200,
      ),
    ).toEqual({ count: 1800, exact: false });
    expect(
      estimateCount(
        new Map([
          [0, 200],
          [3, 17],
        ]),
        200,
      ),
    ).toEqual({ count: 617, exact: true });
    expect(estimateCount(new Map([[0, 0]]), 200)).toEqual({ count: 0, exact: true });
  });
});
