import type { SnmpRow } from '@shared/contract/snmp';
import { Alert, CloseButton, Group, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { useRoute } from '../../api/hooks';
import { type GridColumn, type GridSort } from '../../components/data-grid/data-grid';
import { PagedGrid, usePagedRoute } from '../../components/data-grid/paged-grid';
import { CsvExportButton } from '../../components/csv-export/csv-export-button';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const PAGE_SIZE_KEY = 'ocs-desk-snmp-page-size';

/** A column's header: LASTDATE reads as "last inventory", labels as they are named. */
export function snmpColumnLabel(t: (k: string) => string, column: string): string {
  return column === 'LASTDATE' ? t('snmp:lastInventory') : column;
}

/**
 * SNMP devices: one tab per SNMP type (with its count within the operator's perimeter), the type's
 * table columns, one search over every column, server sorting, CSV of the filtered list; one list or
 * pages as the operator chose (PagedGrid). State lives in the URL (?type=&q=&sort=) so the home
 * dashboard links to a type.
 */
export default function SnmpDevicesPage() {
  const { t, i18n } = useTranslation(['snmp', 'common', 'grid']);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const types = useRoute('snmp.types', {});
  const list = types.data?.types ?? [];
  const typeId = Number(params.get('type')) || list[0]?.id || 0;
  const type = list.find((x) => x.id === typeId);
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const sort: GridSort | null = sortParam
    ? { column: sortParam.replace(/^-/, ''), dir: sortParam.startsWith('-') ? 'desc' : 'asc' }
    : null;
  const [text, setText] = useState(q);
  const nf = new Intl.NumberFormat(i18n.language);

  const update = (patch: Record<string, string | null>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace },
    );
  const setQuick = useDebouncedCallback((v: string) => update({ q: v.trim() }, true), 300);

  const enabled = !!type && !type.tableMissing;
  const view = { typeId, search: q || undefined, sort: sort ?? undefined };
  const feed = usePagedRoute({
    route: 'snmp.devices',
    view,
    fetchPage: (offset, limit) => call('snmp.devices', { ...view, offset, limit }),
    pageSize: 50,
    storeKey: PAGE_SIZE_KEY,
    enabled,
  });
  const res = feed.latest;
  const columns: GridColumn<SnmpRow>[] = [
    ...(res?.columns ?? type?.columns ?? []).map((c) => ({
      id: c,
      header: snmpColumnLabel(t, c),
      sortable: true,
      width: c === 'LASTDATE' ? 170 : 180,
      render: (r: SnmpRow) => {
        const v = r.values[c] ?? '';
        return <span title={v}>{v}</span>;
      },
    })),
    {
      id: 'TAG',
      header: t('tag'),
      width: 120,
      render: (r: SnmpRow) => r.tag ?? '',
    },
  ];

  return (
    <Stack gap="sm">
      <Title order={2}>{t('devicesTitle')}</Title>
      <ErrorAlert error={types.error ?? feed.error} />
      {types.data && !list.length ? (
        <Alert variant="light" color="blue" data-testid="snmp-no-types">
          {t('noTypes')}
        </Alert>
      ) : null}
      {list.length ? (
        <Tabs
          value={String(typeId)}
          onChange={(v) => {
            setText('');
            update({ type: v, q: null, sort: null });
          }}
        >
          <Tabs.List>
            {list.map((x) => (
              <Tabs.Tab key={x.id} value={String(x.id)} data-testid={`snmp-tab-${x.id}`}>
                {x.name}{' '}
                <Text span size="sm" c="dimmed" data-count={x.devices}>
                  ({nf.format(x.devices)})
                </Text>
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      ) : null}
      {type?.tableMissing ? (
        <Alert variant="light" color="blue" data-testid="snmp-table-missing">
          {t('tableMissing', { table: type.table })}
        </Alert>
      ) : null}
      {enabled ? (
        <>
          <Group align="end" justify="space-between">
            <TextInput
              w={320}
              label={t('search')}
              description={t('searchHint')}
              styles={{ description: { color: 'var(--mantine-color-text)' } }}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={text}
              data-testid="snmp-search"
              onChange={(e) => {
                setText(e.currentTarget.value);
                setQuick(e.currentTarget.value);
              }}
              rightSection={
                text ? (
                  <CloseButton
                    aria-label={t('clearSearch')}
                    onClick={() => {
                      setText('');
                      update({ q: null });
                    }}
                  />
                ) : null
              }
            />
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {type ? t('todayCount', { count: type.today }) : ''}
              </Text>
              <CsvExportButton
                exportCsv={() =>
                  call('snmp.exportCsv', {
                    typeId,
                    search: q || undefined,
                    sort: sort ?? undefined,
                    separator: ',',
                  })
                }
                file={`${type?.table ?? 'snmp'}.csv`}
                label={t('exportCsv')}
                done={(out) =>
                  out.truncated
                    ? t('exportTruncated', { count: out.rows })
                    : t('exported', { count: out.rows })
                }
                disabled={!type || !res?.total}
                testId="snmp-export"
              />
            </Group>
          </Group>
          <PagedGrid
            feed={feed}
            label={t('gridLabel', { type: type?.name ?? '' })}
            testId="snmp-grid"
            columns={columns}
            rowKey={(r) => r.id}
            rowAttrs={(r) => ({ 'data-id': String(r.id) })}
            sort={sort}
            onSortChange={(s) => update({ sort: s.dir === 'desc' ? `-${s.column}` : s.column })}
            onOpen={(r) => void navigate(`/snmp/${typeId}/${r.id}`)}
            empty={<Text size="sm">{q ? t('noMatch') : t('noDevices')}</Text>}
            height="calc(100vh - 400px)"
          />
        </>
      ) : null}
    </Stack>
  );
}
