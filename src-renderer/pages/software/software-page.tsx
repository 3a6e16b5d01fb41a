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
import { DataGrid, type GridColumn, type GridSort } from '../../components/data-grid/data-grid';
import { GridPager, usePager } from '../../components/data-grid/grid-pager';
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
  const { pageSize, offset, setPage, pagerProps } = usePager(100);

  const cats = useRoute('software.categories', {});
  const input = {
    filter: debounced || undefined,
    category,
    sort: { column: sort.column as SortColumn, dir: sort.dir },
  };
  const list = useRoute('software.list', { ...input, offset, limit: pageSize }, { keepPrevious: true });

  const setCategory = (v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set('category', v);
    else next.delete('category');
    setParams(next, { replace: true });
    setPage(1);
  };

  const columns: GridColumn<SoftwareRow>[] = [
    { id: 'name', header: t('col.name'), width: 340, sortable: true, render: (r) => r.name },
    {
      id: 'publisher',
      header: t('col.publisher'),
      width: 220,
      render: (r) =>
        r.publisherNames.join(', ') +
        (r.publishers > r.publisherNames.length ? ` (+${r.publishers - r.publisherNames.length})` : ''),
    },
    {
      id: 'versions',
      header: t('col.versions'),
      width: 140,
      sortable: true,
      render: (r) => <VersionsButton row={r} />,
    },
    {
      id: 'computers',
      header: t('col.computers'),
      width: 210,
      sortable: true,
      render: (r) => (
        <Group gap="xs" wrap="nowrap">
          <Anchor component={Link} to={hasLink(r.name)} size="sm" aria-label={t('hasLink', { name: r.name })}>
            {nf.format(r.computers)}
          </Anchor>
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
      render: (r) => (
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
      <ErrorAlert error={list.error ?? cats.error} />
      <Group align="end">
        <TextInput
          label={t('filter')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
            setPage(1);
          }}
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
      <DataGrid
        label={t('gridLabel')}
        testId="software-grid"
        columns={columns}
        rows={list.data?.rows ?? []}
        rowKey={(r) => r.nameId}
        total={list.data?.total ?? 0}
        offset={offset}
        sort={sort}
        onSortChange={(s) => {
          setSort(s);
          setPage(1);
        }}
        rowAttrs={(r) => ({ 'data-name': r.name })}
        loading={list.isFetching}
        empty={t('empty')}
        height="max(320px, calc(100vh - 360px))"
      />
      <GridPager total={list.data?.total ?? 0} {...pagerProps} />
    </Stack>
  );
}
