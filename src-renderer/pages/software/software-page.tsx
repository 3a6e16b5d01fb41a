import type { SoftwareListInput, SoftwareRow } from '@shared/contract/software';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Popover,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { askAgainWhileCounting, CountsNote } from '../../components/counts-note/counts-note';
import { type GridColumn, type GridSort } from '../../components/data-grid/data-grid';
import { PagedGrid, useGridPage } from '../../components/data-grid/paged-grid';
import { CsvExportButton } from '../../components/csv-export/csv-export-button';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { hasNotLink, hasLink } from './links';
import './texts';

type SortColumn = 'name' | 'computers' | 'versions';
type Category = SoftwareListInput['category'];

/** Versions of one name, loaded when the popover opens. */
function VersionsButton({ row }: { row: SoftwareRow }) {
  const { t, i18n } = useTranslation('software');
  const [open, setOpen] = useState(false);
  const nf = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const versions = useRoute('software.versions', { nameId: row.nameId }, { enabled: open });
  return (
    <Popover opened={open} onChange={setOpen} width={460} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button
          variant="default"
          size="compact-sm"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          data-testid={`versions-${row.nameId}`}
        >
          {t('versionsCount', { count: row.versions })}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ErrorAlert error={versions.error} />
        <Table.ScrollContainer minWidth={400} mah={320}>
          <Table striped withTableBorder aria-label={t('versionsOf', { name: row.name })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.version')}</Table.Th>
                <Table.Th>{t('col.publisher')}</Table.Th>
                <Table.Th>{t('col.computers')}</Table.Th>
                <Table.Th>{t('col.category')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(versions.data?.rows ?? []).map((v) => (
                <Table.Tr key={`${v.version}\u0000${v.publisher}`}>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>{v.publisher}</Table.Td>
                  <Table.Td>{nf.format(v.computers)}</Table.Td>
                  <Table.Td>{v.category?.name ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Popover.Dropdown>
    </Popover>
  );
}

/** All software (ocsreports' "All software"): names across the perimeter, server-paged and sorted. */
export default function SoftwarePage() {
  const { t, i18n } = useTranslation(['software', 'common']);
  const nf = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(filter.trim(), 300);
  const catParam = params.get('category');
  const category: Category = catParam === 'none' ? 'none' : catParam ? Number(catParam) : undefined;
  const [sort, setSort] = useState<GridSort>({ column: 'name', dir: 'asc' });

  const cats = useRoute('software.categories', {});
  const input = {
    filter: debounced || undefined,
    category,
    sort: { column: sort.column as SortColumn, dir: sort.dir },
  };
  // Pages only: while the per-name counts are computed the total is unknown and the figures come in a
  // second ask of the same page, which a block source does not model.
  const viewKey = JSON.stringify(input);
  const paging = useGridPage(viewKey, 100);
  const { offset, pageSize } = paging;
  // Two asks of one page: its names at once (figures: false), and the same page with its figures,
  // which come from the background count (total, sorts, publishers, versions, computers) and are
  // pending until it is kept. Both are asked again while it runs.
  const names = useRoute(
    'software.list',
    { ...input, offset, limit: pageSize, figures: false },
    {
      keepPrevious: true,
      refetchInterval: askAgainWhileCounting,
    },
  );
  const full = useRoute(
    'software.list',
    { ...input, offset, limit: pageSize },
    {
      // Sorted by computers or versions the page exists only once the counts do.
      enabled: sort.column === 'name' || (!!names.data && names.data.rows.length > 0),
      refetchInterval: askAgainWhileCounting,
    },
  );
  const counts = names.data?.counts;
  // The figures of this very page when they are there, else its names (never another page's figures).
  const rows = (full.data && !full.isPlaceholderData ? full.data.rows : names.data?.rows) ?? [];
  const counting = !!names.data && names.data.total === null;
  // While counting, the pager knows the rows so far and whether a next page may exist.
  const total = names.data?.total ?? offset + rows.length + (counting && rows.length === pageSize ? 1 : 0);

  const setCategory = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('category', v);
    else next.delete('category');
    setParams(next, { replace: true });
  };

  const pending = (
    <Text c="dimmed" size="sm">
      {t('figuresPending')}
    </Text>
  );
  const columns: GridColumn<SoftwareRow>[] = [
    { id: 'name', header: t('col.name'), width: 340, sortable: true, render: (r) => r.name },
    {
      id: 'publisher',
      header: t('col.publisher'),
      width: 220,
      render: (r) =>
        r.pending
          ? pending
          : r.publisherNames.join(', ') +
            (r.publishers > r.publisherNames.length ? ` (+${r.publishers - r.publisherNames.length})` : ''),
    },
    {
      id: 'versions',
      header: t('col.versions'),
      width: 140,
      sortable: true,
      render: (r) => (r.pending && !r.versions ? pending : <VersionsButton row={r} />),
    },
    {
      id: 'computers',
      header: t('col.computers'),
      width: 210,
      sortable: true,
      render: (r) => (
        <Group gap="xs" wrap="nowrap">
          {r.pending && !r.computers ? (
            pending
          ) : (
            <Anchor
              component={Link}
              to={hasLink(r.name)}
              size="sm"
              aria-label={t('hasLink', { name: r.name })}
            >
              {nf.format(r.computers)}
            </Anchor>
          )}
          <Anchor
            component={Link}
            to={hasNotLink(r.name)}
            size="xs"
            c="dimmed"
            aria-label={t('hasNotLink', { name: r.name })}
          >
            {t('without')}
          </Anchor>
        </Group>
      ),
    },
    {
      id: 'category',
      header: t('col.category'),
      width: 220,
      render: (r) =>
        r.pending ? (
          pending
        ) : (
          <Group gap={4} wrap="nowrap">
            {r.categories.map((c) => (
              <Badge key={c.id} variant="light" size="sm">
                {c.name}
              </Badge>
            ))}
          </Group>
        ),
    },
  ];

  const catOptions = [
    { value: 'all', label: t('allCategories') },
    { value: 'none', label: t('noCategory') },
    ...(cats.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name })),
  ];

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('title')}</Title>
        <Text c="dimmed" size="sm">
          {t('intro')}
        </Text>
      </Group>
      <ErrorAlert error={names.error ?? full.error ?? cats.error} />
      <Group align="end">
        <TextInput
          label={t('filter')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={300}
          data-testid="software-filter"
        />
        <Select
          label={t('col.category')}
          data={catOptions}
          value={catParam ?? 'all'}
          onChange={(v) => setCategory(v === 'all' ? null : v)}
          allowDeselect={false}
          w={240}
          data-testid="software-category"
        />
        <CsvExportButton
          exportCsv={() => call('software.exportCsv', { ...input, maxRows: 50_000 })}
          file="software.csv"
          label={t('export')}
          done={(out) =>
            out.truncated ? t('exportTruncated', { count: out.rows }) : t('exported', { count: out.rows })
          }
        />
        <Anchor component={Link} to="/software-categories" size="sm">
          {t('manageCategories')}
        </Anchor>
      </Group>
      <CountsNote counts={counts} t={t} testId="software-counts" />
      <PagedGrid
        feed={{
          kind: 'pages',
          rows,
          total,
          counting,
          paging,
          loading: names.isFetching || full.isFetching,
          viewKey,
        }}
        label={t('gridLabel')}
        testId="software-grid"
        columns={columns}
        rowKey={(r) => r.nameId}
        sort={sort}
        onSortChange={setSort}
        rowAttrs={(r) => ({ 'data-name': r.name })}
        empty={counting && sort.column !== 'name' ? t('sortWaits') : t('empty')}
        height="max(320px, calc(100vh - 360px))"
      />
    </Stack>
  );
}
