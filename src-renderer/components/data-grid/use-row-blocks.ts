import { useQueries, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

/** Rows per block request. */
export const BLOCK_ROWS = 200;
/** Blocks kept in the query cache (most recently shown first): memory stays flat over 100k rows. */
export const KEPT_BLOCKS = 8;
/** A range must stay this long on screen before its blocks are asked: a fast scroll asks nothing. */
export const SETTLE_MS = 60;
/** During a continuous scroll, the range on screen is still handed on this often (rows appear). */
export const SETTLE_MAX_WAIT_MS = 300;

export interface Block<R> {
  rows: R[];
  /** Matches of the whole result when the server knew it for free, else null. */
  total: number | null;
}

/** The blocks a visible row range needs, the one holding its first rows first, then the next one when near. */
export function blocksFor(start: number, end: number, count: number, size = BLOCK_ROWS): number[] {
  if (count <= 0 || end < start) return [];
  const last = Math.max(0, Math.min(end, count - 1));
  const first = Math.max(0, Math.min(start, last));
  const out: number[] = [];
  for (let b = Math.floor(first / size); b <= Math.floor(last / size); b++) out.push(b);
  // Read ahead: the block after the range once its last rows are near (within a quarter of a block).
  const next = Math.floor(last / size) + 1;
  if ((next * size - last) * 4 <= size && next * size < count) out.push(next);
  return out;
}

/** Most recent first, deduplicated, at most `keep`: returns the kept list and the blocks evicted. */
export function touchLru(lru: number[], used: number[], keep = KEPT_BLOCKS): [number[], number[]] {
  const next = [...used, ...lru.filter((b) => !used.includes(b))];
  return [next.slice(0, keep), next.slice(keep)];
}

/**
 * Rows count the virtual list shows before the exact total arrives: a short block ends the result
 * (then it is exact); otherwise one block of placeholders past the last block seen, so scrolling
 * there asks for it.
 */
export function estimateCount(
  seen: ReadonlyMap<number, number>,
  size = BLOCK_ROWS,
): { count: number; exact: boolean } {
  let end = 0;
  for (const [b, n] of seen) {
    if (n < size) return { count: b * size + n, exact: true };
    end = Math.max(end, (b + 1) * size);
  }
  return { count: end + size, exact: false };
}

/**
 * A whole result read by blocks of BLOCK_ROWS rows for a virtual list: each block is its own
 * TanStack query (`[...baseKey, block]`, so invalidating the route refreshes them), asked once the
 * visible range has settled on it, the visible block first; the KEPT_BLOCKS most recently shown stay
 * cached and the others are dropped. `total` is the exact count when known (a separate request); until
 * then the list is as tall as the rows seen plus one block of placeholders.
 */
export function useRowBlocks<R, B extends Block<R> = Block<R>>({
  baseKey,
  fetchBlock,
  total,
  enabled,
}: {
  /** Route and view (filter, sort, columns): a new one starts again at the top with nothing seen. */
  baseKey: readonly unknown[];
  fetchBlock: (offset: number, limit: number) => Promise<B>;
  total: number | null;
  enabled: boolean;
}) {
  const qc = useQueryClient();
  const viewKey = JSON.stringify(baseKey);
  const keyOf = (b: number): QueryKey => [...baseKey, b];
  // The rows on screen change on every scroll step: they live in a small store (read by the footer
  // through useVisibleRows), not in state, so a step re-renders neither the caller nor its rows. Only
  // the settled range (SETTLE_MS without a change) is state: it chooses the blocks.
  const [store] = useState(createRangeStore);
  const [settled, setSettled] = useState({ view: viewKey, start: 0, end: 40 });
  const target = settled.view === viewKey ? settled : { view: viewKey, start: 0, end: 40 };

  // Blocks of this view still cached: a short one gives the exact total before the count does.
  const cached = qc.getQueriesData<B>({ queryKey: baseKey });
  const seen = new Map<number, number>();
  for (const [key, data] of cached) {
    const b = key[baseKey.length];
    if (data && typeof b === 'number') seen.set(b, data.rows.length);
  }
  const estimate = seen.size ? estimateCount(seen) : null;
  const exactTotal = total ?? (estimate?.exact ? estimate.count : null);
  const count = exactTotal ?? estimate?.count ?? BLOCK_ROWS;
  const wanted = enabled ? blocksFor(target.start, target.end, count) : [];

  const results = useQueries({
    queries: wanted.map((b) => ({
      queryKey: keyOf(b),
      queryFn: () => fetchBlock(b * BLOCK_ROWS, BLOCK_ROWS),
      staleTime: 30_000,
    })),
  });
  const knownTotal = exactTotal ?? results.find((r) => r.data?.total != null)?.data?.total ?? null;

  const lru = useRef<{ view: string; blocks: number[] }>({ view: viewKey, blocks: [] });
  const wantedKey = wanted.join(',');
  useEffect(() => {
    if (!wantedKey) return;
    const base = JSON.parse(viewKey) as unknown[];
    const before = lru.current.view === viewKey ? lru.current.blocks : [];
    const [kept, evicted] = touchLru(before, wantedKey.split(',').map(Number));
    lru.current = { view: viewKey, blocks: kept };
    for (const b of evicted) qc.removeQueries({ queryKey: [...base, b], exact: true });
  }, [wantedKey, viewKey, qc]);

  const onRange = useCallback(
    (start: number, end: number) => store.set({ view: viewKey, start, end }, setSettled),
    [store, viewKey],
  );
  useEffect(() => () => store.cancel(), [store]);

  return {
    /** A loaded block of this view (for what every block repeats: columns, sort...). */
    latest: results.find((r) => r.data)?.data ?? cached.find(([, d]) => d)?.[1],
    /** Rows the list is tall: the exact total once known, else the estimate. */
    count: knownTotal ?? count,
    /** Rows known to exist (a lower bound while counting). */
    atLeast: knownTotal ?? (estimate ? estimate.count - (estimate.exact ? 0 : BLOCK_ROWS) : 0),
    /** The exact total, or null while counting. */
    total: knownTotal,
    /** The row at a position of the result, or undefined while its block loads. */
    rowAt: (i: number): R | undefined =>
      qc.getQueryData<B>(keyOf(Math.floor(i / BLOCK_ROWS)))?.rows[i % BLOCK_ROWS],
    onRange,
    /** The rows on screen, for useVisibleRows. */
    visible: store,
    loading: results.some((r) => r.isFetching),
    error: results.find((r) => r.error)?.error ?? null,
  };
}

interface Range {
  view: string;
  start: number;
  end: number;
}

/** The visible rows of a virtual list, with a settle timer that hands a range on once it stays. */
export interface RangeStore {
  set(r: Range, settle: (r: Range) => void): void;
  get(): Range | null;
  subscribe(fn: () => void): () => void;
  cancel(): void;
}

function createRangeStore(): RangeStore {
  let range: Range | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingSince: number | undefined;
  const listeners = new Set<() => void>();
  return {
    set(r, settle) {
      if (range && range.view === r.view && range.start === r.start && range.end === r.end) return;
      range = r;
      for (const l of listeners) l();
      clearTimeout(timer);
      const fire = () => {
        pendingSince = undefined;
        settle(r);
      };
      const now = Date.now();
      pendingSince ??= now;
      if (now - pendingSince >= SETTLE_MAX_WAIT_MS) fire();
      else timer = setTimeout(fire, SETTLE_MS);
    },
    get: () => range,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    cancel: () => clearTimeout(timer),
  };
}

/** First and last row on screen (0, 0 before the list reports), re-rendering only the caller. */
export function useVisibleRows(store: RangeStore): { start: number; end: number } {
  const r = useSyncExternalStore(store.subscribe, store.get);
  return { start: r?.start ?? 0, end: r?.end ?? 0 };
}
