import { Group, SegmentedControl, Stack } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { latestSaver } from '../../api/latest-saver';
import { DataGrid, type DataGridProps } from './data-grid';
import { GridPager } from './grid-pager';
import { GridScrollStatus } from './grid-scroll-status';
import { useRowBlocks, type RangeStore } from './use-row-blocks';

/** What a paged route answers: the rows asked for and the whole result's size (null while counted). */
export interface RowPage<R> {
  rows: R[];
  total: number | null;
}

/**
 * The page of a server-paged grid, tied to the view it was chosen on: a new view (filter, sort, tab:
 * anything in `viewKey`) starts again at page 1 by itself, so no screen resets the page by hand after
 * each of its controls. The page size is kept in localStorage under `storeKey` when given.
 */
export function useGridPage(viewKey: string, initialSize: number, storeKey?: string) {
  const [at, setAt] = useState({ view: viewKey, page: 1 });
  const [pageSize, setPageSize] = useState(
    () => (storeKey && Number(localStorage.getItem(storeKey))) || initialSize,
  );
  const page = at.view === viewKey ? at.page : 1;
  return {
    page,
    pageSize,
    offset: (page - 1) * pageSize,
    pagerProps: {
      page,
      pageSize,
      onPage: (p: number) => setAt({ view: viewKey, page: p }),
      onPageSize: (n: number) => {
        if (storeKey) localStorage.setItem(storeKey, String(n));
        setPageSize(n);
        setAt({ view: viewKey, page: 1 });
      },
    },
  };
}
export type GridPage = ReturnType<typeof useGridPage>;

export type ListMode = 'scroll' | 'pages';

/**
 * The operator's "One list / Pages" choice, saved with the computers grid's layout (one choice for
 * every grid): the mode (null until read) and a setter that saves it without touching the rest.
 */
export function useListMode(): { mode: ListMode | null; setMode: (m: ListMode) => void } {
  const qc = useQueryClient();
  const saved = useRoute('computers.getGridPrefs', {}, { staleTime: Infinity });
  const mode = saved.isError ? 'scroll' : saved.isFetched ? (saved.data?.mode ?? 'scroll') : null;
  const setMode = (m: ListMode) => {
    // No saved layout yet: no columns means "the defaults" to the computers grid.
    const next = { ...(saved.data ?? { columns: [], pageSize: 50, sort: null, widths: {} }), mode: m };
    qc.setQueryData(['computers.getGridPrefs', {}], next);
    // The same saver as the computers grid's layout: never two saves of it at once (latest-saver.ts).
    latestSaver('computers.setGridPrefs')(next).catch(() => undefined);
  };
  return { mode, setMode };
}

/** The "One list / Pages" switch under a grid. */
export function ListModeSwitch({ value, onChange }: { value: ListMode; onChange: (m: ListMode) => void }) {
  const { t } = useTranslation('grid');
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('mode.label')}
      value={value}
      onChange={(v) => onChange(v === 'pages' ? 'pages' : 'scroll')}
      data={[
        { value: 'scroll', label: t('mode.scroll') },
        { value: 'pages', label: t('mode.pages') },
      ]}
      data-testid="grid-mode"
    />
  );
}

/** How a PagedGrid gets its rows: a page the caller read, or the whole result as a block source. */
export type GridFeed<R> =
  | {
      kind: 'pages';
      rows: R[];
      /** With `counting`, a lower bound (see GridPager). */
      total: number;
      counting?: boolean;
      paging: GridPage;
      loading: boolean;
      viewKey: string;
      /** The feed can also be one list: the switch under the grid. */
      setMode?: (m: ListMode) => void;
    }
  | {
      kind: 'scroll';
      source: {
        rowCount: number;
        rowAt: (i: number) => R | undefined;
        onRangeChange: (s: number, e: number) => void;
      };
      total: number | null;
      atLeast: number;
      visible: RangeStore;
      loading: boolean;
      viewKey: string;
      setMode: (m: ListMode) => void;
    };

/**
 * Rows of a route that answers any offset with its total (cve, SNMP devices...), as the operator
 * chose to go through results: one virtual list read by blocks (the computers list's block source) or
 * classic pages. `view` is the route's input without offset/limit; a new view starts at the top.
 */
export function usePagedRoute<P extends RowPage<unknown>>({
  route,
  view,
  fetchPage,
  pageSize,
  storeKey,
  enabled = true,
}: {
  route: string;
  view: unknown;
  fetchPage: (offset: number, limit: number) => Promise<P>;
  pageSize: number;
  storeKey?: string;
  enabled?: boolean;
}): GridFeed<P['rows'][number]> & { latest: P | undefined; error: unknown } {
  const { mode, setMode } = useListMode();
  const viewKey = JSON.stringify([route, view]);
  const paging = useGridPage(viewKey, pageSize, storeKey);
  const scroll = mode === 'scroll';
  const paged = useQuery<P>({
    queryKey: [route, view, 'page', paging.offset, paging.pageSize],
    queryFn: () => fetchPage(paging.offset, paging.pageSize),
    placeholderData: keepPreviousData,
    enabled: enabled && mode === 'pages',
  });
  const blocks = useRowBlocks<P['rows'][number], P>({
    baseKey: [route, view, 'block'],
    fetchBlock: fetchPage,
    total: null,
    enabled: enabled && scroll,
  });
  if (scroll) {
    return {
      kind: 'scroll',
      source: { rowCount: enabled ? blocks.count : 0, rowAt: blocks.rowAt, onRangeChange: blocks.onRange },
      total: enabled ? blocks.total : 0,
      atLeast: blocks.atLeast,
      visible: blocks.visible,
      loading: blocks.loading,
      error: blocks.error,
      viewKey,
      setMode,
      latest: blocks.latest,
    };
  }
  return {
    kind: 'pages',
    rows: (paged.data?.rows ?? []) as P['rows'],
    total: paged.data?.total ?? 0,
    paging,
    loading: paged.isFetching || mode === null,
    error: paged.error,
    viewKey,
    setMode,
    latest: paged.data,
  };
}

type OwnProps = 'rows' | 'source' | 'total' | 'offset' | 'resetKey' | 'loading';

/**
 * DataGrid with what goes under it: the pager (pages) or the rows-on-screen status (one list). The
 * one place the grid, its footer and "a new view starts at the top" are put together for the screens
 * beside the computers list.
 */
export function PagedGrid<R>({ feed, ...grid }: { feed: GridFeed<R> } & Omit<DataGridProps<R>, OwnProps>) {
  if (feed.kind === 'scroll') {
    return (
      <>
        <DataGrid<R>
          {...grid}
          source={feed.source}
          total={feed.total ?? -1}
          resetKey={feed.viewKey}
          loading={feed.loading}
        />
        <Group justify="space-between" gap="sm" wrap="wrap">
          <GridScrollStatus
            visible={feed.visible}
            total={feed.total}
            atLeast={feed.atLeast}
            counting={feed.total === null}
          />
          <ListModeSwitch value="scroll" onChange={feed.setMode} />
        </Group>
      </>
    );
  }
  const pager = <GridPager total={feed.total} counting={feed.counting} {...feed.paging.pagerProps} />;
  return (
    <>
      <DataGrid<R>
        {...grid}
        rows={feed.rows}
        total={feed.total}
        offset={feed.paging.offset}
        resetKey={JSON.stringify([feed.viewKey, feed.paging.page])}
        loading={feed.loading}
      />
      {feed.setMode ? (
        <Stack gap={6}>
          {pager}
          <Group justify="flex-end">
            <ListModeSwitch value="pages" onChange={feed.setMode} />
          </Group>
        </Stack>
      ) : (
        pager
      )}
    </>
  );
}
