import {
  SELECTION_MAX_IDS,
  type ComputerFilter,
  type ComputerPage,
  type ComputerRow,
  type ComputerSelection,
} from '@shared/contract/computers';
import { Alert, Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { DataGrid, type GridColumn, type GridKey } from '../../components/data-grid/data-grid';
import { GridPager } from '../../components/data-grid/grid-pager';
import { GridScrollStatus } from '../../components/data-grid/grid-scroll-status';
import { ListModeSwitch } from '../../components/data-grid/paged-grid';
import { BLOCK_ROWS, useRowBlocks } from '../../components/data-grid/use-row-blocks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { SlowQueryHint } from '../../components/perf-indexes/slow-query-hint';
import { ColumnChooser } from './column-chooser';
import { numberFormat } from '../../i18n/number-format';
import { columnLabel, daysSince, defaultWidth, formatCell, isLate } from './format';
import { CsvExportButton } from '../../components/csv-export/csv-export-button';
import { MassActions } from './mass-actions';
import classes from './computers.module.css';
import { useGridPrefs } from './use-grid-prefs';

interface Selected {
  /** The filter the selection was made under: a new filter starts a new selection. */
  key: string;
  ids: Set<GridKey>;
  all: boolean;
  /** With `all`: the computers unticked since ("all matching except K"). */
  except: Set<GridKey>;
}

/**
 * Each row's last contact, worked out once per row (its cell and its row's tone both need it; parsing
 * the date is most of what the cell costs), for one "late after" setting and one "now".
 */
function contactCache(lateAfter: number, now: number) {
  const known = new WeakMap<ComputerRow, { late: boolean; days: number | null }>();
  return (r: ComputerRow) => {
    let c = known.get(r);
    if (!c)
      known.set(r, (c = { late: isLate(r.lastCome, lateAfter, now), days: daysSince(r.lastCome, now) }));
    return c;
  };
}

/** From this many IDs in a selection, the banner says how many more it can take. */
const LIMIT_WARN_FROM = SELECTION_MAX_IDS - 1_000;

const none = (key: string): Selected => ({ key, ids: new Set(), all: false, except: new Set() });

/**
 * The computers grid on a filter: server-sorted, chosen columns, selection (ids or every computer
 * matching the filter), CSV export and mass actions. Shared by the list and the search.
 *
 * Two ways to go through the result (grid prefs `mode`): by default one virtual list as tall as the
 * whole result, read by blocks of BLOCK_ROWS rows as they scroll into view (`withTotal: false`, no
 * count per block) while the total comes from its own `computers.total`, so the first rows never
 * wait for the count; or classic pages (`?p=`), each page counted as before.
 */
export function ComputerResults({
  route,
  filter,
  page,
  onPage,
  toolbar,
}: {
  route: 'computers.list' | 'search.run';
  filter: ComputerFilter;
  page: number;
  onPage: (page: number) => void;
  toolbar?: ReactNode;
}) {
  const { t, i18n } = useTranslation(['computers', 'grid']);
  const navigate = useNavigate();
  const grid = useGridPrefs();
  const { prefs } = grid;
  const [now] = useState(() => Date.now());
  const filterKey = JSON.stringify(filter);
  const [sel, setSel] = useState<Selected>(() => none(filterKey));
  const selection = useMemo(() => (sel.key === filterKey ? sel : none(filterKey)), [sel, filterKey]);
  // A tick or untick that would carry more than SELECTION_MAX_IDS computers is refused (the server
  // would refuse the action); the banner says so from LIMIT_WARN_FROM on, before it happens.
  const [refused, setRefused] = useState<string | null>(null);
  const onExcludedChange = (except: Set<GridKey>) => {
    if (except.size > SELECTION_MAX_IDS) return setRefused(filterKey);
    setRefused(null);
    setSel({ ...selection, except });
  };
  const onSelectionChange = (ids: Set<GridKey>) => {
    if (ids.size > SELECTION_MAX_IDS) return setRefused(filterKey);
    setRefused(null);
    setSel({ ...none(filterKey), ids });
  };

  const scroll = prefs.mode === 'scroll';
  const view = { sort: prefs.sort ?? undefined, filter, columns: prefs.columns };
  // Pages too: the page without its count, the total from computers.total beside it (a software search
  // counts for seconds on a big fleet without the optional indexes: issue 22).
  const input = { ...view, offset: (page - 1) * prefs.pageSize, limit: prefs.pageSize, withTotal: false };
  const paged = useRoute(route as 'computers.list', input, {
    enabled: grid.ready && !scroll,
    keepPrevious: true,
  });
  const counted = useRoute('computers.total', { filter }, { enabled: grid.ready, staleTime: 10_000 });
  const blockInput = (offset: number) => ({ ...view, offset, limit: BLOCK_ROWS, withTotal: false });
  const blocks = useRowBlocks<ComputerRow, ComputerPage>({
    baseKey: [route, view, 'block'],
    fetchBlock: (offset) => call(route as 'computers.list', blockInput(offset)),
    total: counted.data?.total ?? null,
    enabled: grid.ready && scroll,
  });
  const res = scroll ? blocks.latest : paged.data;
  const total = scroll ? blocks.total : (counted.data?.total ?? paged.data?.total ?? null);
  const fetching = scroll ? blocks.loading || counted.isFetching : paged.isFetching;
  const lateAfter = res?.lateAfterDays ?? 30;
  // Kept across renders: the grid's rows are memoised on their props, and in the virtual list this
  // component renders on every scroll step (the visible range); new columns would redraw every row.
  const colKey = (res?.columns ?? prefs.columns).join('\n');
  const allColumns = grid.all;
  const lang = i18n.language;

  const contactOf = useMemo(() => contactCache(lateAfter, now), [lateAfter, now]);

  const columns = useMemo((): GridColumn<ComputerRow>[] => {
    const byId = new Map(allColumns.map((c) => [c.id, c]));
    // The cell's texts are translated once here, not once per row scrolled into view (i18next's t()
    // was a good part of a scroll frame's script): "Late (N days)" once per N, the title's text around
    // its date once.
    const upToDate = t('list.upToDate');
    const never = t('list.never');
    const lateText = new Map<number, string>();
    const lateFor = (days: number) => {
      let s = lateText.get(days);
      if (s === undefined) lateText.set(days, (s = t('list.late', { count: days })));
      return s;
    };
    const [titleBefore = '', titleAfter = ''] = t('list.lastContact', { date: '\u0000' }).split('\u0000');
    const lateIcon = <IconAlertTriangle size={16} aria-hidden className={classes.lateIcon} />;
    const okIcon = <IconCircleCheck size={16} aria-hidden className={classes.okIcon} />;
    return [
      {
        id: 'contact',
        header: t('list.contact'),
        width: 140,
        render: (r) => {
          const { late, days } = contactOf(r);
          // Plain elements and a native title: a Mantine Tooltip, Group and Text per row were most of
          // the script of a scroll frame (bench:browser gridtrace).
          return (
            <span
              className={classes.contact}
              title={titleBefore + (r.lastCome ?? '—') + titleAfter}
              data-late={late || undefined}
            >
              {late ? lateIcon : okIcon}
              <span>{days === null ? never : late ? lateFor(days) : upToDate}</span>
            </span>
          );
        },
      },
      ...(colKey ? colKey.split('\n') : []).map((id) => {
        const info = byId.get(id);
        return {
          id,
          header: columnLabel(t, id, info?.label ?? id),
          sortable: info?.sortable ?? false,
          width: defaultWidth(id, info?.type),
          render: (r: ComputerRow) => {
            const v = formatCell(r.values[id], info?.type, lang, info?.admin);
            return <span title={v}>{v}</span>;
          },
        };
      }),
    ];
  }, [colKey, allColumns, lang, contactOf, t]);
  const rowAttrs = useCallback(
    (r: ComputerRow) => ({
      'data-tone': contactOf(r).late ? 'late' : undefined,
      'data-id': String(r.id),
    }),
    [contactOf],
  );

  const excepted = selection.all ? selection.except.size : 0;
  const selCount = selection.all ? Math.max(0, (total ?? 0) - excepted) : selection.ids.size;
  // The exclusions travel with the filter: the main process applies them in SQL with the perimeter.
  const hasTarget = selCount > 0;
  const target = useMemo(
    (): ComputerSelection | null =>
      selection.all
        ? hasTarget
          ? {
              kind: 'filter',
              filter,
              ...(selection.except.size ? { except: [...selection.except].map(Number) } : {}),
            }
          : null
        : selection.ids.size
          ? { kind: 'ids', ids: [...selection.ids].map(Number) }
          : null,
    [selection, filter, hasTarget],
  );
  const rows = paged.data?.rows ?? [];
  // Pages while the total is counted: the rows known so far, and one more when a next page may exist.
  const atLeast = input.offset + rows.length + (rows.length === prefs.pageSize ? 1 : 0);
  const pageAllSelected = rows.length > 0 && rows.every((r) => selection.ids.has(r.id));
  // Pages: offered once the whole page is ticked. Virtual list: once anything is ticked (the header
  // box selects the whole result too).
  const offerAll =
    !selection.all &&
    total !== null &&
    (scroll ? selection.ids.size > 0 && selection.ids.size < total : pageAllSelected && total > rows.length);
  const selectAll = useCallback((on: boolean) => setSel({ ...none(filterKey), all: on }), [filterKey]);

  // While the virtual list scrolls this component renders again and again (the settled range, each
  // block's request and answer): the parts that do not depend on the rows are kept as elements, so
  // React skips them (their Mantine components cost a scroll frame's time otherwise). Their handlers
  // read the latest layout through this ref.
  const latest = useRef({ grid, prefs, onPage });
  useLayoutEffect(() => {
    latest.current = { grid, prefs, onPage };
  });
  const chosenKey = prefs.columns.join('\n');
  const defaultsKey = grid.defaults.join('\n');
  const clear = useCallback(() => setSel(none(filterKey)), [filterKey]);
  const actions = useMemo(
    () => (
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" gap="sm">
          {toolbar}
        </Group>
        <Group gap="xs">
          <MassActions selection={target} count={selCount} onDone={clear} />
          <ColumnChooser
            all={allColumns}
            chosen={chosenKey ? chosenKey.split('\n') : []}
            defaults={defaultsKey ? defaultsKey.split('\n') : []}
            onChange={(cols) => latest.current.grid.update({ columns: cols })}
          />
          <CsvExportButton
            exportCsv={() =>
              call('computers.exportCsv', {
                sort: latest.current.prefs.sort ?? undefined,
                filter,
                columns: latest.current.prefs.columns,
                maxRows: 50_000,
                separator: ',',
              })
            }
            file="computers.csv"
            label={t('list.exportCsv')}
            done={(out) =>
              out.truncated
                ? t('list.exportTruncated', { count: out.rows })
                : t('list.exported', { count: out.rows })
            }
          />
        </Group>
      </Group>
    ),
    [toolbar, target, selCount, clear, allColumns, chosenKey, defaultsKey, filter, t],
  );
  // IDs the selection carries: the unticked ones of "all matching", else the ticked ones.
  const held = selection.all ? selection.except.size : selection.ids.size;
  const limitRefused = refused === filterKey;
  const banner = useMemo(
    () =>
      selCount > 0 ? (
        <Alert variant="light" color="blue" p="xs" data-testid="selection-banner">
          <Group gap="sm">
            <Text size="sm">
              {!selection.all
                ? t('grid:selected', { count: selCount })
                : excepted
                  ? t('list.allSelectedExcept', {
                      count: selCount,
                      n: numberFormat(lang).format(selCount),
                      except: numberFormat(lang).format(excepted),
                    })
                  : t('list.allSelected', { count: selCount, n: numberFormat(lang).format(selCount) })}
            </Text>
            {offerAll ? (
              <Anchor component="button" size="sm" className={classes.link} onClick={() => selectAll(true)}>
                {t('list.selectAllMatching', {
                  count: total ?? 0,
                  n: numberFormat(lang).format(total ?? 0),
                })}
              </Anchor>
            ) : null}
            <Anchor component="button" size="sm" className={classes.link} onClick={clear}>
              {t('list.clearSelection')}
            </Anchor>
          </Group>
          {held >= LIMIT_WARN_FROM || limitRefused ? (
            <Group gap={6} mt={6} wrap="nowrap" data-testid="selection-limit">
              <IconAlertTriangle size={16} aria-hidden className={classes.lateIcon} />
              <Text size="sm" fw={held >= SELECTION_MAX_IDS ? 600 : undefined}>
                {t(
                  selection.all
                    ? held >= SELECTION_MAX_IDS
                      ? 'list.exceptLimitReached'
                      : 'list.exceptLimitNear'
                    : held >= SELECTION_MAX_IDS
                      ? 'list.idsLimitReached'
                      : 'list.idsLimitNear',
                  {
                    count: SELECTION_MAX_IDS - held,
                    left: numberFormat(lang).format(SELECTION_MAX_IDS - held),
                    max: numberFormat(lang).format(SELECTION_MAX_IDS),
                  },
                )}
              </Text>
            </Group>
          ) : null}
        </Alert>
      ) : null,
    [selCount, selection.all, excepted, offerAll, total, lang, selectAll, clear, held, limitRefused, t],
  );
  const modeSwitch = useMemo(
    () => (
      <ListModeSwitch
        value={prefs.mode}
        onChange={(mode) => {
          latest.current.grid.update({ mode });
          latest.current.onPage(1);
        }}
      />
    ),
    [prefs.mode],
  );

  return (
    <Stack gap="sm">
      {actions}
      <ErrorAlert error={grid.error ?? (scroll ? (blocks.error ?? counted.error) : paged.error)} />
      <SlowQueryHint isFetching={fetching} />
      {banner}
      {/* The operator's saved layout first: no grid with default columns that changes a moment later. */}
      {!grid.ready ? (
        <Skeleton height={320} data-testid="computers-grid-loading" aria-label={t('list.loadingLayout')} />
      ) : (
        <DataGrid
          label={t('list.gridLabel')}
          testId="computers-grid"
          columns={columns}
          {...(scroll
            ? {
                source: { rowCount: blocks.count, rowAt: blocks.rowAt, onRangeChange: blocks.onRange },
                total: total ?? -1,
                resetKey: JSON.stringify(view),
                onSelectAll: selectAll,
                selectAllReady: total !== null,
                selectAllLabel: t('list.selectAllHeader'),
              }
            : {
                rows,
                total: total ?? atLeast,
                offset: input.offset,
                resetKey: JSON.stringify([view, page]),
              })}
          rowKey={(r) => r.id}
          sort={res?.sort ?? prefs.sort}
          onSortChange={(s) => grid.update({ sort: s })}
          allSelected={selection.all}
          excluded={selection.except}
          onExcludedChange={onExcludedChange}
          selected={selection.ids}
          onSelectionChange={onSelectionChange}
          onOpen={(r) => void navigate(`/computers/${r.id}`)}
          rowAttrs={rowAttrs}
          loading={fetching}
          empty={t('list.empty')}
          height="max(320px, calc(100vh - 380px))"
          widths={prefs.widths}
          onColumnResize={(id, width) => grid.update({ widths: { ...prefs.widths, [id]: width } })}
        />
      )}
      {!grid.ready ? null : scroll ? (
        <Group justify="space-between" gap="sm" wrap="wrap">
          <GridScrollStatus
            visible={blocks.visible}
            total={total}
            atLeast={blocks.atLeast}
            counting={counted.isFetching || (!counted.data && !counted.error)}
          />
          {modeSwitch}
        </Group>
      ) : (
        <Stack gap={6}>
          <GridPager
            total={total ?? atLeast}
            counting={total === null}
            page={page}
            pageSize={prefs.pageSize}
            onPage={onPage}
            onPageSize={(n) => {
              grid.update({ pageSize: n });
              onPage(1);
            }}
          />
          <Group justify="flex-end">{modeSwitch}</Group>
        </Stack>
      )}
    </Stack>
  );
}
