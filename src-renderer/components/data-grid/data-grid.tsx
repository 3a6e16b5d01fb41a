import { Box, Checkbox, Center, Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './data-grid.module.css';

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
  rows: R[];
  rowKey: (row: R) => GridKey;
  /** Total rows behind the grid (all pages): aria-rowcount. */
  total: number;
  /** Index of rows[0] in the whole result (page offset): aria-rowindex. */
  offset?: number;
  sort?: GridSort | null;
  onSortChange?: (sort: GridSort) => void;
  /** Selected keys; selection is on when onSelectionChange is given. */
  selected?: ReadonlySet<GridKey>;
  onSelectionChange?: (next: Set<GridKey>) => void;
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
    rows,
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
  const active = rows.length ? Math.min(activeState, rows.length - 1) : -1;
  const selectable = !!onSelectionChange;
  const [live, setLive] = useState<{ id: string; width: number } | null>(null);
  const drag = useRef<{ id: string; x: number; width: number } | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const toggle = (keys: GridKey[], on?: boolean) => {
    if (!onSelectionChange) return;
    const next = new Set(selected ?? []);
    for (const k of keys) {
      const want = on ?? !next.has(k);
      if (want) next.add(k);
      else next.delete(k);
    }
    onSelectionChange(next);
  };
  // Rows are memoised (GridRow): a scroll re-renders only the rows that come into view, so the
  // handlers they get must keep their identity; they read the latest props through a ref.
  const latest = useRef({ toggle, onOpen });
  latest.current = { toggle, onOpen };
  const onRowClick = useCallback((index: number, row: R) => {
    setActive(index);
    latest.current.onOpen?.(row);
  }, []);
  const onRowToggle = useCallback((key: GridKey) => latest.current.toggle([key]), []);
  const pageKeys = rows.map(rowKey);
  const pageSelected = pageKeys.filter((k) => selected?.has(k)).length;

  const moveTo = (i: number, extend: boolean) => {
    if (!rows.length) return;
    const n = Math.max(0, Math.min(rows.length - 1, i));
    if (extend && selectable) {
      const from = Math.min(active, n);
      const to = Math.max(active, n);
      toggle(pageKeys.slice(from, to + 1), true);
    }
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
      End: () => moveTo(rows.length - 1, e.shiftKey),
      Enter: () => {
        const r = rows[active];
        if (r && onOpen) onOpen(r);
      },
      ' ': () => {
        const r = rows[active];
        if (r) toggle([rowKey(r)]);
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
  const onColumnResize = props.onColumnResize;
  const resizer = (c: GridColumn<R>) =>
    onColumnResize ? (
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label={t('resize', { column: c.header })}
        aria-valuenow={widthOf(c)}
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        tabIndex={0}
        className={classes.resizer}
        data-resizing={live?.id === c.id || undefined}
        onClick={(e) => e.stopPropagation()}
        onPointerDown={(e) => {
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { id: c.id, x: e.clientX, width: widthOf(c) };
          setLive({ id: c.id, width: widthOf(c) });
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d) setLive({ id: d.id, width: clampWidth(d.width + e.clientX - d.x) });
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          setLive(null);
          if (d) onColumnResize(d.id, clampWidth(d.width + e.clientX - d.x));
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          onColumnResize(c.id, clampWidth(widthOf(c) + (e.key === 'ArrowRight' ? 16 : -16)));
        }}
      />
    ) : null;
  const tableWidth = columns.reduce((s, c) => s + widthOf(c), selectable ? SELECT_WIDTH : 0);
  const activeRow = active >= 0 ? rows[active] : undefined;

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
        aria-rowcount={total + 1}
        aria-colcount={columns.length + (selectable ? 1 : 0)}
        aria-multiselectable={selectable || undefined}
        aria-busy={props.loading || undefined}
        aria-activedescendant={activeRow ? `${id}-r${active}` : undefined}
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
                <Checkbox
                  size="xs"
                  tabIndex={-1}
                  aria-label={t('selectPage')}
                  checked={rows.length > 0 && pageSelected === rows.length}
                  indeterminate={pageSelected > 0 && pageSelected < rows.length}
                  onChange={(e) => toggle(pageKeys, e.currentTarget.checked)}
                />
              </th>
            ) : null}
            {columns.map((c) => {
              const dir = sort?.column === c.id ? sort.dir : null;
              return (
                <th
                  key={c.id}
                  className={classes.th}
                  scope="col"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                  aria-labelledby={`${id}-h-${c.id}`}
                >
                  {c.sortable && onSortChange ? (
                    <UnstyledButton
                      className={classes.sortButton}
                      onClick={() => onSortChange({ column: c.id, dir: dir === 'asc' ? 'desc' : 'asc' })}
                      data-column={c.id}
                    >
                      <span className={classes.headerText} id={`${id}-h-${c.id}`} title={c.header}>
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
                    <span
                      className={classes.headerText}
                      data-column={c.id}
                      id={`${id}-h-${c.id}`}
                      title={c.header}
                    >
                      {c.header}
                    </span>
                  )}
                  {resizer(c)}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true" className={classes.spacer}>
              <td style={{ height: padTop }} colSpan={columns.length + (selectable ? 1 : 0)} />
            </tr>
          ) : null}
          {items.map((v) => {
            const row = rows[v.index] as R;
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
                selected={!!selected?.has(key)}
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
              <td style={{ height: padBottom }} colSpan={columns.length + (selectable ? 1 : 0)} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {rows.length === 0 ? (
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

interface GridRowProps<R> {
  row: R;
  rowKey: GridKey;
  index: number;
  domId: string;
  ariaRowIndex: number;
  selectable: boolean;
  selected: boolean;
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
          <Checkbox
            size="xs"
            tabIndex={-1}
            aria-label={p.selectLabel}
            checked={p.selected}
            onChange={() => p.onRowToggle(p.rowKey)}
          />
        </td>
      ) : null}
      {p.columns.map((c) => (
        <td key={c.id} className={classes.td}>
          {c.render(p.row)}
        </td>
      ))}
    </tr>
  );
}
const GridRow = memo(GridRowImpl) as typeof GridRowImpl;
