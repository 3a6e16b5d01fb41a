import { Box, Center, Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useRef,
  useMemo,
  useState,
  type ChangeEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import classes from './data-grid.module.css';
import { GridCheckbox } from './grid-checkbox';

export type GridKey = string | number;
export interface GridSort {
  column: string;
  dir: 'asc' | 'desc';
}

export interface GridColumn<R> {
  id: string;
  header: string;
  /** The server (or the caller) can sort on this column. */
  sortable?: boolean;
  /** Width in px (table-layout is fixed so virtualised rows do not jump). */
  width?: number;
  render: (row: R) => ReactNode;
}

export interface DataGridProps<R> {
  /** Accessible name of the grid. */
  label: string;
  columns: GridColumn<R>[];
  /** Rows of the current page (or every row for client-side lists); virtualised. */
  rows?: R[];
  /**
   * Instead of rows: a whole result read by blocks (useRowBlocks). The list is rowCount rows tall;
   * rowAt gives a loaded row or undefined (a placeholder row is shown); onRangeChange reports the
   * rows on screen so their blocks are fetched.
   */
  source?: {
    rowCount: number;
    rowAt: (index: number) => R | undefined;
    onRangeChange: (start: number, end: number) => void;
  };
  rowKey: (row: R) => GridKey;
  /** Total rows behind the grid (all pages): aria-rowcount; -1 while unknown. */
  total: number;
  /** Index of rows[0] in the whole result (page offset): aria-rowindex. */
  offset?: number;
  sort?: GridSort | null;
  onSortChange?: (sort: GridSort) => void;
  /** Selected keys; selection is on when onSelectionChange is given. */
  selected?: ReadonlySet<GridKey>;
  onSelectionChange?: (next: Set<GridKey>) => void;
  /**
   * Every row of the result is selected (a selection by filter, not by keys): rows show checked and
   * their own boxes are read-only. With onSelectAll, the header box selects the whole result
   * (its label: selectAllLabel) instead of the page.
   */
  allSelected?: boolean;
  /**
   * With allSelected: the rows unticked since ("every row except these"). Given with
   * onExcludedChange, row boxes stay live and untick (or tick back) rows of the whole-result selection.
   */
  excluded?: ReadonlySet<GridKey>;
  onExcludedChange?: (next: Set<GridKey>) => void;
  onSelectAll?: (on: boolean) => void;
  selectAllLabel?: string;
  /** The header box may select the whole result (false while its size is still being counted). */
  selectAllReady?: boolean;
  /** A change (new filter or sort) scrolls back to the top and makes the first row active. */
  resetKey?: string;
  /** Row click / Enter. */
  onOpen?: (row: R) => void;
  /** Extra attributes per row (data-state, className). */
  rowAttrs?: (row: R) => Record<string, string | undefined>;
  loading?: boolean;
  empty?: ReactNode;
  /** Height of the scrolling body (CSS value). */
  height?: string | number;
  rowHeight?: number;
  testId?: string;
  /** Saved widths (column id → px), over each column's own width. */
  widths?: Record<string, number>;
  /** Makes columns resizable (pointer drag or arrow keys on the handle); called with the final width. */
  onColumnResize?: (column: string, width: number) => void;
}

const MIN_WIDTH = 40;
const MAX_WIDTH = 1000;
const clampWidth = (w: number) => Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w)));

const SELECT_WIDTH = 44;

/**
 * The shared grid: a real <table> (role grid) with a sticky header, fixed column widths and rows
 * virtualised by @tanstack/react-virtual. Semantics survive virtualisation (aria-rowcount = total + header,
 * aria-rowindex per row). Keyboard: arrows/PageUp/PageDown/Home/End move the active row, Enter opens,
 * Space toggles selection, Shift+arrows extend it. The server pages, sorts and filters.
 */
export function DataGrid<R>(props: DataGridProps<R>) {
  const { t } = useTranslation('grid');
  const {
    columns,
    rows: pageRows,
    source,
    rowKey,
    total,
    offset = 0,
    sort,
    onSortChange,
    selected,
    onSelectionChange,
    onOpen,
  } = props;
  const rowHeight = props.rowHeight ?? 36;
  const id = useId().replace(/:/g, '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeState, setActive] = useState(0);
  const rowCount = source ? source.rowCount : (pageRows?.length ?? 0);
  const rowAt = (i: number): R | undefined => (source ? source.rowAt(i) : pageRows?.[i]);
  const active = rowCount ? Math.min(activeState, rowCount - 1) : -1;
  const allSelected = !!props.allSelected;
  const selectable = !!onSelectionChange;
  const [live, setLive] = useState<{ id: string; width: number } | null>(null);
  const drag = useRef<{ id: string; x: number; width: number } | null>(null);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const onRangeChange = source?.onRangeChange;
  useEffect(() => {
    if (onRangeChange && lastIndex >= 0) onRangeChange(firstIndex, lastIndex);
  }, [onRangeChange, firstIndex, lastIndex]);
  const resetKey = props.resetKey;
  useEffect(() => {
    if (resetKey === undefined) return;
    setActive(0);
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const excluded = props.excluded;
  const onExcludedChange = props.onExcludedChange;
  const toggle = (keys: GridKey[], on?: boolean) => {
    if (!onSelectionChange) return;
    if (allSelected) {
      // Inside a whole-result selection a box edits the exclusions: unticked = excluded.
      if (!onExcludedChange) return;
      const out = new Set(excluded ?? []);
      for (const k of keys) {
        const want = on ?? out.has(k);
        if (want) out.delete(k);
        else out.add(k);
      }
      onExcludedChange(out);
      return;
    }
    const next = new Set(selected ?? []);
    for (const k of keys) {
      const want = on ?? !next.has(k);
      if (want) next.add(k);
      else next.delete(k);
    }
    onSelectionChange(next);
  };
  const pageKeys = source ? [] : (pageRows ?? []).map(rowKey);
  const pageSelected = pageKeys.filter((k) => selected?.has(k)).length;
  // Rows are memoised (GridRow): a scroll re-renders only the rows that come into view, so the
  // handlers they get must keep their identity; they read the latest props through a ref.
  const onHeaderBoxNow = (e: ChangeEvent<HTMLInputElement>) => {
    const some = allSelected && !!excluded?.size;
    // Partly unticked: the box selects the whole result again (as a tri-state box does).
    if (props.onSelectAll) props.onSelectAll(!allSelected || some);
    else toggle(pageKeys, some || e.currentTarget.checked);
  };
  const latest = useRef({
    toggle,
    onOpen,
    onSortChange: props.onSortChange,
    onColumnResize: props.onColumnResize,
    onHeaderBox: onHeaderBoxNow,
  });
  latest.current = {
    toggle,
    onOpen,
    onSortChange: props.onSortChange,
    onColumnResize: props.onColumnResize,
    onHeaderBox: onHeaderBoxNow,
  };
  const onRowClick = useCallback((index: number, row: R) => {
    setActive(index);
    latest.current.onOpen?.(row);
  }, []);
  const onRowToggle = useCallback((key: GridKey) => latest.current.toggle([key]), []);
  /** Keys of the loaded rows from..to (a range over blocks not loaded yet selects what is loaded). */
  const keysBetween = (from: number, to: number) => {
    const out: GridKey[] = [];
    for (let i = from; i <= to; i++) {
      const r = rowAt(i);
      if (r !== undefined) out.push(rowKey(r));
    }
    return out;
  };

  const moveTo = (i: number, extend: boolean) => {
    if (!rowCount) return;
    const n = Math.max(0, Math.min(rowCount - 1, i));
    if (extend && selectable) toggle(keysBetween(Math.min(active, n), Math.max(active, n)), true);
    setActive(n);
    virtualizer.scrollToIndex(n, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.target !== e.currentTarget) return;
    const pageStep = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1, e.shiftKey),
      ArrowUp: () => moveTo(active - 1, e.shiftKey),
      PageDown: () => moveTo(active + pageStep, e.shiftKey),
      PageUp: () => moveTo(active - pageStep, e.shiftKey),
      Home: () => moveTo(0, e.shiftKey),
      End: () => moveTo(rowCount - 1, e.shiftKey),
      Enter: () => {
        const r = rowAt(active);
        if (r !== undefined && onOpen) onOpen(r);
      },
      ' ': () => {
        const r = rowAt(active);
        if (r !== undefined) toggle([rowKey(r)]);
      },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const widthOf = (c: GridColumn<R>) =>
    live?.id === c.id ? live.width : (props.widths?.[c.id] ?? c.width ?? 160);
  const tableWidth = columns.reduce((s, c) => s + widthOf(c), selectable ? SELECT_WIDTH : 0);
  const colSpan = columns.length + (selectable ? 1 : 0);
  const someExcluded = allSelected && !!excluded?.size;
  // The header renders with the grid on every scroll step: its cells are memoised (HeaderCell) and
  // get handlers that keep their identity, reading the latest props through `latest`.
  const onSort = useCallback(
    (column: string, dir: 'asc' | 'desc') => latest.current.onSortChange?.({ column, dir }),
    [],
  );
  const resize = useMemo<ResizeHandlers>(
    () => ({
      start: (column, x, width) => {
        drag.current = { id: column, x, width };
        setLive({ id: column, width });
      },
      move: (x) => {
        const d = drag.current;
        if (d) setLive({ id: d.id, width: clampWidth(d.width + x - d.x) });
      },
      end: (x) => {
        const d = drag.current;
        drag.current = null;
        setLive(null);
        if (d) latest.current.onColumnResize?.(d.id, clampWidth(d.width + x - d.x));
      },
      step: (column, width) => latest.current.onColumnResize?.(column, clampWidth(width)),
    }),
    [],
  );
  const onHeaderBox = useCallback((e: ChangeEvent<HTMLInputElement>) => latest.current.onHeaderBox(e), []);
  const headerBox = props.onSelectAll ? (
    <GridCheckbox
      label={props.selectAllLabel ?? t('selectAll')}
      checked={allSelected && !someExcluded}
      indeterminate={someExcluded}
      disabled={rowCount === 0 || props.selectAllReady === false}
      onChange={onHeaderBox}
    />
  ) : (
    <GridCheckbox
      label={t('selectPage')}
      checked={allSelected ? !someExcluded : pageKeys.length > 0 && pageSelected === pageKeys.length}
      indeterminate={someExcluded || (!allSelected && pageSelected > 0 && pageSelected < pageKeys.length)}
      onChange={onHeaderBox}
    />
  );

  return (
    <Box
      ref={scrollRef}
      className={classes.scroll}
      style={{ height: props.height ?? 'calc(100vh - 290px)' }}
      data-testid={props.testId}
    >
      <table
        className={classes.table}
        style={{ width: tableWidth, minWidth: '100%' }}
        role="grid"
        aria-label={props.label}
        aria-rowcount={total < 0 ? -1 : total + 1}
        aria-colcount={columns.length + (selectable ? 1 : 0)}
        aria-multiselectable={selectable || undefined}
        aria-busy={props.loading || undefined}
        // Only a row in the DOM: the active one may have scrolled out of the rendered window.
        aria-activedescendant={active >= firstIndex && active <= lastIndex ? `${id}-r${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <colgroup>
          {selectable ? <col style={{ width: SELECT_WIDTH }} /> : null}
          {columns.map((c) => (
            <col key={c.id} style={{ width: widthOf(c) }} />
          ))}
        </colgroup>
        <thead className={classes.thead}>
          <tr aria-rowindex={1}>
            {selectable ? (
              <th className={classes.th} scope="col">
                {headerBox}
              </th>
            ) : null}
            {columns.map((c) => (
              <HeaderCell
                key={c.id}
                column={c}
                domId={`${id}-h-${c.id}`}
                dir={sort?.column === c.id ? sort.dir : null}
                width={widthOf(c)}
                resizing={live?.id === c.id}
                onSort={c.sortable && onSortChange ? onSort : undefined}
                resize={props.onColumnResize ? resize : undefined}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" className={classes.spacer}>
              <td style={{ height: padTop }} colSpan={colSpan} />
            </tr>
          ) : null}
          {items.map((v) => {
            const row = rowAt(v.index);
            if (row === undefined) {
              return (
                <PlaceholderRow
                  key={`placeholder-${v.index}`}
                  domId={`${id}-r${v.index}`}
                  ariaRowIndex={offset + v.index + 2}
                  active={v.index === active}
                  colSpan={colSpan}
                  rowHeight={rowHeight}
                  label={t('loadingRow')}
                />
              );
            }
            const key = rowKey(row);
            return (
              <GridRow<R>
                key={key}
                row={row}
                rowKey={key}
                index={v.index}
                domId={`${id}-r${v.index}`}
                ariaRowIndex={offset + v.index + 2}
                selectable={selectable}
                selected={allSelected ? !excluded?.has(key) : !!selected?.has(key)}
                selectLocked={allSelected && !onExcludedChange}
                active={v.index === active}
                columns={columns}
                rowHeight={rowHeight}
                rowAttrs={props.rowAttrs}
                selectLabel={t('selectRow')}
                onRowClick={onRowClick}
                onRowToggle={onRowToggle}
              />
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className={classes.spacer}>
              <td style={{ height: padBottom }} colSpan={colSpan} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {rowCount === 0 ? (
        <Center p="xl">
          {props.loading ? (
            <Loader size="sm" aria-label={t('loading')} />
          ) : (
            <Text>{props.empty ?? t('empty')}</Text>
          )}
        </Center>
      ) : null}
    </Box>
  );
}

interface ResizeHandlers {
  start: (column: string, x: number, width: number) => void;
  move: (x: number) => void;
  end: (x: number) => void;
  step: (column: string, width: number) => void;
}

/** A column's header: its sort button (when sortable) and its resize handle (when resizable). */
const HeaderCell = memo(function HeaderCell(p: {
  column: { id: string; header: string };
  domId: string;
  dir: 'asc' | 'desc' | null;
  width: number;
  resizing: boolean;
  onSort?: (column: string, dir: 'asc' | 'desc') => void;
  resize?: ResizeHandlers;
}) {
  const { t } = useTranslation('grid');
  const { column: c, dir, onSort, resize } = p;
  return (
    <th
      className={classes.th}
      scope="col"
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
      aria-labelledby={p.domId}
    >
      {onSort ? (
        <UnstyledButton
          className={classes.sortButton}
          onClick={() => onSort(c.id, dir === 'asc' ? 'desc' : 'asc')}
          data-column={c.id}
        >
          <span className={classes.headerText} id={p.domId} title={c.header}>
            {c.header}
          </span>
          {dir === 'asc' ? (
            <IconArrowUp size={14} aria-hidden />
          ) : dir === 'desc' ? (
            <IconArrowDown size={14} aria-hidden />
          ) : (
            <IconArrowsSort size={14} aria-hidden className={classes.sortIdle} />
          )}
        </UnstyledButton>
      ) : (
        <span className={classes.headerText} data-column={c.id} id={p.domId} title={c.header}>
          {c.header}
        </span>
      )}
      {resize ? (
        <div
          role="separator"
          aria-orientation="vertical"
          aria-label={t('resize', { column: c.header })}
          aria-valuenow={p.width}
          aria-valuemin={MIN_WIDTH}
          aria-valuemax={MAX_WIDTH}
          tabIndex={0}
          className={classes.resizer}
          data-resizing={p.resizing || undefined}
          onClick={(e) => e.stopPropagation()}
          onPointerDown={(e) => {
            e.preventDefault();
            e.currentTarget.setPointerCapture(e.pointerId);
            resize.start(c.id, e.clientX, p.width);
          }}
          onPointerMove={(e) => resize.move(e.clientX)}
          onPointerUp={(e) => resize.end(e.clientX)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            resize.step(c.id, p.width + (e.key === 'ArrowRight' ? 16 : -16));
          }}
        />
      ) : null}
    </th>
  );
});

interface GridRowProps<R> {
  row: R;
  rowKey: GridKey;
  index: number;
  domId: string;
  ariaRowIndex: number;
  selectable: boolean;
  selected: boolean;
  /** The whole result is selected by filter: the row's box shows it and cannot change it. */
  selectLocked: boolean;
  active: boolean;
  columns: GridColumn<R>[];
  rowHeight: number;
  rowAttrs?: (row: R) => Record<string, string | undefined>;
  selectLabel: string;
  onRowClick: (index: number, row: R) => void;
  onRowToggle: (key: GridKey) => void;
}

/**
 * One body row. Memoised on its props: while the grid scrolls, rows already on screen keep theirs and
 * are not rendered again (with Mantine cells, re-rendering every visible row on each scroll frame cost
 * frames of 80-300 ms on a loaded machine; see docs/performance.md, Browser benchmarks).
 */
function GridRowImpl<R>(p: GridRowProps<R>) {
  return (
    <tr
      id={p.domId}
      data-index={p.index}
      aria-rowindex={p.ariaRowIndex}
      aria-selected={p.selectable ? p.selected : undefined}
      data-active={p.active || undefined}
      className={classes.row}
      style={{ height: p.rowHeight }}
      onClick={() => p.onRowClick(p.index, p.row)}
      {...p.rowAttrs?.(p.row)}
    >
      {p.selectable ? (
        <td className={classes.td} onClick={(e) => e.stopPropagation()}>
          <GridCheckbox
            label={p.selectLabel}
            checked={p.selected}
            disabled={p.selectLocked}
            onChange={() => p.onRowToggle(p.rowKey)}
          />
        </td>
      ) : null}
      {p.columns.map((c) => (
        <GridCell<R> key={c.id} row={p.row} column={c} />
      ))}
    </tr>
  );
}
const GridRow = memo(GridRowImpl) as typeof GridRowImpl;

/**
 * One cell, memoised on its row and column: a row drawn again because it became active or was
 * (un)ticked keeps its cells (their formatting, icons and titles) as they were.
 */
function GridCellImpl<R>(p: { row: R; column: GridColumn<R> }) {
  return <td className={classes.td}>{p.column.render(p.row)}</td>;
}
const GridCell = memo(GridCellImpl) as typeof GridCellImpl;

/** A row whose block is still loading: same height, its place in the result, a busy cell. */
const PlaceholderRow = memo(function PlaceholderRow(p: {
  domId: string;
  ariaRowIndex: number;
  active: boolean;
  colSpan: number;
  rowHeight: number;
  label: string;
}) {
  return (
    <tr
      id={p.domId}
      aria-rowindex={p.ariaRowIndex}
      aria-busy="true"
      data-placeholder=""
      data-active={p.active || undefined}
      className={classes.row}
      style={{ height: p.rowHeight }}
    >
      <td className={classes.td} colSpan={p.colSpan}>
        <span className={classes.placeholder}>{p.label}</span>
      </td>
    </tr>
  );
});
