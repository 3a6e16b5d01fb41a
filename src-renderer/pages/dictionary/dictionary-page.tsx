import type { DictionaryRow, DictionaryTab } from '@shared/contract/dictionary';
import { Badge, Group, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useAction, useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { type GridColumn, type GridKey } from '../../components/data-grid/data-grid';
import { PagedGrid, useGridPage } from '../../components/data-grid/paged-grid';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { notifyDone } from '../../components/error-alert/notify';
import { MoveBar } from './move-bar';

const TABS: DictionaryTab[] = ['NEW', 'IGNORED', 'UNCHANGED', 'CATEGORY'];

/** Software dictionary (for GLPI): new, ignored and unchanged names, and categories that rename names. */
export default function DictionaryPage() {
  const { t, i18n } = useTranslation(['dictionary', 'common']);
  const isAdmin = !!useSession().operator?.rights.includes('configure');
  const nf = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const [tab, setTab] = useState<DictionaryTab>('NEW');
  const [category, setCategory] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [debounced] = useDebouncedValue(filter.trim(), 300);
  const [selected, setSelected] = useState<Set<GridKey>>(new Set());
  const [moves, setMoves] = useState(0);

  const cats = useRoute('dictionary.categories', {});
  const catNames = (cats.data?.categories ?? []).map((c) => c.name);
  const shownCategory = tab === 'CATEGORY' ? (category ?? catNames[0] ?? null) : null;
  const listEnabled = tab !== 'CATEGORY' || !!shownCategory;
  const view = { tab, category: shownCategory ?? undefined, filter: debounced || undefined };
  // Pages (not the one list): the header box selects this page's names for a move.
  const viewKey = JSON.stringify(view);
  const paging = useGridPage(viewKey, 100);
  const list = useRoute(
    'dictionary.list',
    { ...view, offset: paging.offset, limit: paging.pageSize },
    { keepPrevious: true, enabled: listEnabled },
  );
  const move = useAction('dictionary.move', { invalidates: ['dictionary.list', 'dictionary.categories'] });

  const reset = () => setSelected(new Set());
  const columns: GridColumn<DictionaryRow>[] = [
    { id: 'name', header: t('col.name'), width: 520, render: (r) => r.name },
    { id: 'computers', header: t('col.computers'), width: 140, render: (r) => nf.format(r.computers) },
  ];
  const tabCount = (k: DictionaryTab): number | null =>
    k === 'IGNORED'
      ? (cats.data?.ignored ?? null)
      : k === 'UNCHANGED'
        ? (cats.data?.unchanged ?? null)
        : k === 'CATEGORY'
          ? catNames.length
          : null;
  const rows = listEnabled ? (list.data?.rows ?? []) : [];
  const total = listEnabled ? (list.data?.total ?? 0) : 0;

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('title')}</Title>
        <Text c="dimmed" size="sm">
          {t('intro')}
        </Text>
      </Group>
      <RightHint right="configure" />
      <ErrorAlert error={cats.error ?? list.error ?? move.error} />
      <Tabs
        value={tab}
        onChange={(v) => {
          setTab((v as DictionaryTab | null) ?? 'NEW');
          reset();
        }}
      >
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k} data-testid={`dict-tab-${k}`}>
              <Group gap={6} wrap="nowrap">
                {t(`tab.${k}`)}
                {tabCount(k) !== null ? (
                  <Badge variant="light" color="gray" size="sm">
                    {nf.format(tabCount(k) ?? 0)}
                  </Badge>
                ) : null}
              </Group>
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="end">
        {tab === 'CATEGORY' ? (
          <Select
            label={t('category')}
            data={catNames}
            value={shownCategory}
            onChange={(v) => {
              setCategory(v);
              reset();
            }}
            placeholder={catNames.length ? undefined : t('noCategory')}
            disabled={!catNames.length}
            searchable
            w={260}
            data-testid="dict-category"
          />
        ) : null}
        <TextInput
          label={t('filter')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
            reset();
          }}
          w={300}
        />
        {isAdmin ? (
          <MoveBar
            key={moves}
            count={selected.size}
            categories={catNames}
            pending={move.isPending}
            onMove={(to) =>
              move.mutate(
                { names: [...selected].map(String), to },
                {
                  onSuccess: () => {
                    notifyDone(
                      t('move.done', {
                        count: selected.size,
                        target: to.kind === 'CATEGORY' ? to.name : t(`tab.${to.kind}`),
                      }),
                    );
                    setSelected(new Set());
                    setMoves((n) => n + 1);
                  },
                },
              )
            }
          />
        ) : null}
      </Group>
      <PagedGrid
        feed={{ kind: 'pages', rows, total, paging, loading: list.isFetching, viewKey }}
        label={t('gridLabel')}
        testId="dictionary-grid"
        columns={columns}
        rowKey={(r) => r.name}
        selected={isAdmin ? selected : undefined}
        onSelectionChange={isAdmin ? setSelected : undefined}
        rowAttrs={(r) => ({ 'data-name': r.name })}
        empty={t('empty')}
        height="max(320px, calc(100vh - 400px))"
      />
    </Stack>
  );
}
