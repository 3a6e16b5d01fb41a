import type { RegistryQuery } from '@shared/contract/registry';
import { Anchor, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { GridPager } from '../../components/data-grid/grid-pager';
import { useGridPage } from '../../components/data-grid/paged-grid';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** `/search` URL: computers whose registry value (for this query name) equals the value. */
export function searchLink(queryName: string, value: string | null): string {
  const filter = {
    criteria: [
      value === null
        ? { field: 'registry.REGVALUE', op: 'IS_NOT_EMPTY', value: '', qualifier: queryName }
        : { field: 'registry.REGVALUE', op: 'EQUAL', value, qualifier: queryName },
    ],
    match: 'all',
  };
  return `/search?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}`;
}

/** The values computers reported for one query. */
export function ValuesPanel({ query }: { query: RegistryQuery }) {
  const { t } = useTranslation('registry');
  const [filter, setFilter] = useState('');
  const [debounced] = useDebouncedValue(filter.trim(), 300);
  const { pageSize, offset, pagerProps } = useGridPage(JSON.stringify([query.id, debounced]), 50);
  const values = useRoute(
    'registry.values',
    { id: query.id, filter: debounced || undefined, offset, limit: pageSize },
    { keepPrevious: true },
  );
  const total = values.data?.total ?? 0;
  return (
    <Card withBorder data-testid="registry-values">
      <Stack>
        <Group justify="space-between" align="end">
          <Text fw={600} component="h3" m={0}>
            {t('values.title', { name: query.name, count: total })}
          </Text>
          <TextInput
            label={t('values.filter')}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            w={280}
          />
        </Group>
        <ErrorAlert error={values.error} />
        <Table striped fz="sm" aria-label={t('values.table', { name: query.name })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('values.computer')}</Table.Th>
              <Table.Th>{t('values.value')}</Table.Th>
              <Table.Th>{t('values.search')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(values.data?.rows ?? []).map((v, i) => (
              <Table.Tr key={`${v.hardwareId}-${i}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/computers/${v.hardwareId}`}>
                    {v.computer ?? `#${v.hardwareId}`}
                  </Anchor>
                </Table.Td>
                <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {v.value ?? ''}
                </Table.Td>
                <Table.Td>
                  {v.value !== null && v.value !== '' ? (
                    <Anchor component={Link} to={searchLink(query.name, v.value)} size="sm">
                      {t('values.searchLink')}
                    </Anchor>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {total === 0 && !values.isFetching ? <Text c="dimmed">{t('values.empty')}</Text> : null}
        <GridPager total={total} {...pagerProps} />
      </Stack>
    </Card>
  );
}
