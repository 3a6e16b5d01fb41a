import type { ComputerFilter, ComputerRow, ComputerSelection } from '@shared/contract/computers';
import { Alert, Anchor, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { DataGrid, type GridColumn, type GridKey } from '../../components/data-grid/data-grid';
import { GridPager } from '../../components/data-grid/grid-pager';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { SlowQueryHint } from '../../components/perf-indexes/slow-query-hint';
import { ColumnChooser } from './column-chooser';
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
}

/**
 * The computers grid on a filter: server-paged and sorted, chosen columns, selection (ids or every
 * computer matching the filter), CSV export and mass actions. Shared by the list and the search.
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
  const [sel, setSel] = useState<Selected>({ key: filterKey, ids: new Set(), all: false });
  const selection = sel.key === filterKey ? sel : { key: filterKey, ids: new Set<GridKey>(), all: false };

  const input = {
    offset: (page - 1) * prefs.pageSize,
    limit: prefs.pageSize,
    sort: prefs.sort ?? undefined,
    filter,
    columns: prefs.columns,
  };
  const data = useRoute(route as 'computers.list', input, { enabled: grid.ready, keepPrevious: true });
  const res = data.data;
  const total = res?.total ?? 0;
  const lateAfter = res?.lateAfterDays ?? 30;
  const byId = new Map(grid.all.map((c) => [c.id, c]));

  const columns: GridColumn<ComputerRow>[] = [
    {
      id: 'contact',
      header: t('list.contact'),
      width: 140,
      render: (r) => {
        const late = isLate(r.lastCome, lateAfter, now);
        const days = daysSince(r.lastCome, now);
        const text = late ? t('list.late', { count: days ?? 0 }) : t('list.upToDate');
        return (
          <Tooltip label={t('list.lastContact', { date: r.lastCome ?? '—' })} openDelay={400}>
            <Group gap={4} wrap="nowrap" data-late={late || undefined}>
              {late ? (
                <IconAlertTriangle size={16} aria-hidden className={classes.lateIcon} />
              ) : (
                <IconCircleCheck size={16} aria-hidden className={classes.okIcon} />
              )}
              <Text size="sm" fw={late ? 600 : undefined} span>
                {days === null ? t('list.never') : text}
              </Text>
            </Group>
          </Tooltip>
        );
      },
    },
    ...(res?.columns ?? prefs.columns).map((id) => {
      const info = byId.get(id);
      return {
        id,
        header: columnLabel(t, id, info?.label ?? id),
        sortable: info?.sortable ?? false,
        width: defaultWidth(id, info?.type),
        render: (r: ComputerRow) => {
          const v = formatCell(r.values[id], info?.type, i18n.language, info?.admin);
          return <span title={v}>{v}</span>;
        },
      };
    }),
  ];

  const selCount = selection.all ? total : selection.ids.size;
  const target: ComputerSelection | null = selection.all
    ? { kind: 'filter', filter }
    : selection.ids.size
      ? { kind: 'ids', ids: [...selection.ids].map(Number) }
      : null;
  const rows = res?.rows ?? [];
  const pageAllSelected = rows.length > 0 && rows.every((r) => selection.ids.has(r.id));

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" gap="sm">
          {toolbar}
        </Group>
        <Group gap="xs">
          <MassActions
            selection={target}
            count={selCount}
            onDone={() => setSel({ key: filterKey, ids: new Set(), all: false })}
          />
          <ColumnChooser
            all={grid.all}
            chosen={prefs.columns}
            defaults={grid.defaults}
            onChange={(cols) => grid.update({ columns: cols })}
          />
          <CsvExportButton
            exportCsv={() =>
              call('computers.exportCsv', {
                sort: prefs.sort ?? undefined,
                filter,
                columns: prefs.columns,
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
      <ErrorAlert error={grid.error ?? data.error} />
      <SlowQueryHint isFetching={data.isFetching} />
      {selCount > 0 ? (
        <Alert variant="light" color="blue" p="xs" data-testid="selection-banner">
          <Group gap="sm">
            <Text size="sm">
              {selection.all
                ? t('list.allSelected', { count: total })
                : t('grid:selected', { count: selCount })}
            </Text>
            {!selection.all && pageAllSelected && total > rows.length ? (
              <Anchor
                component="button"
                size="sm"
                className={classes.link}
                onClick={() => setSel({ key: filterKey, ids: new Set(), all: true })}
              >
                {t('list.selectAllMatching', { count: total })}
              </Anchor>
            ) : null}
            <Anchor
              component="button"
              size="sm"
              className={classes.link}
              onClick={() => setSel({ key: filterKey, ids: new Set(), all: false })}
            >
              {t('list.clearSelection')}
            </Anchor>
          </Group>
        </Alert>
      ) : null}
      {/* The operator's saved layout first: no grid with default columns that changes a moment later. */}
      {!grid.ready ? (
        <Skeleton height={320} data-testid="computers-grid-loading" aria-label={t('list.loadingLayout')} />
      ) : (
        <DataGrid
          label={t('list.gridLabel')}
          testId="computers-grid"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.id}
          total={total}
          offset={input.offset}
          sort={res?.sort ?? prefs.sort}
          onSortChange={(s) => grid.update({ sort: s })}
          selected={selection.all ? new Set(rows.map((r) => r.id)) : selection.ids}
          onSelectionChange={(ids) => setSel({ key: filterKey, ids, all: false })}
          onOpen={(r) => void navigate(`/computers/${r.id}`)}
          rowAttrs={(r) => ({
            'data-tone': isLate(r.lastCome, lateAfter, now) ? 'late' : undefined,
            'data-id': String(r.id),
          })}
          loading={data.isFetching}
          empty={t('list.empty')}
          height="max(320px, calc(100vh - 380px))"
          widths={prefs.widths}
          onColumnResize={(id, width) => grid.update({ widths: { ...prefs.widths, [id]: width } })}
        />
      )}
      <GridPager
        total={total}
        page={page}
        pageSize={prefs.pageSize}
        onPage={onPage}
        onPageSize={(n) => {
          grid.update({ pageSize: n });
          onPage(1);
        }}
      />
    </Stack>
  );
}
