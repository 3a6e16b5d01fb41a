import type { AssetCategory } from '@shared/contract/assetcategories';
import type { Criterion } from '@shared/contract/computers';
import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { RightButton } from '../../components/right-gate/right-gate';
import classes from '../computers/computers.module.css';
import { CriteriaBuilder } from '../search/criteria-builder';
import './texts';

const INVALIDATES = ['assetCategories.list', 'computers.list', 'computers.total', 'search.run'] as const;
export const CATEGORY_FIELD = 'hardware.CATEGORY_ID';

/** The computers list filtered on one category (null: computers of no category). */
export function categoryLink(id: number | null): string {
  const p = new URLSearchParams({ field: CATEGORY_FIELD, op: id === null ? 'IS_EMPTY' : 'EQUAL' });
  if (id !== null) p.set('value', String(id));
  return `/computers?${p.toString()}`;
}

/** Create or edit: name, description and the search (kept, or replaced, for one ocsreports stored). */
function CategoryEditor({ category, onDone }: { category: AssetCategory | null; onDone: () => void }) {
  const { t } = useTranslation(['assetcats', 'search', 'common']);
  const fields = useRoute('search.fields', {}, { staleTime: 60_000 });
  const [name, setName] = useState(category?.name ?? '');
  const [description, setDescription] = useState(category?.description ?? '');
  const [criteria, setCriteria] = useState<Criterion[]>(category?.filter?.criteria ?? []);
  const [match, setMatch] = useState<'all' | 'any'>(category?.filter?.match ?? 'all');
  // A category of ocsreports keeps its stored search unless the operator asks to replace it.
  const [replace, setReplace] = useState(!category || category.filter !== null);
  const create = useAction('assetCategories.create', { invalidates: [...INVALIDATES] });
  const update = useAction('assetCategories.update', { invalidates: [...INVALIDATES] });
  const filter = { criteria, match, quick: category?.filter?.quick };
  const done = () => {
    notifications.show({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      color: 'green',
      message: t('saved'),
    });
    onDone();
  };
  const submit = () => {
    const base = { name: name.trim(), description: description.trim() };
    if (!category) create.mutate({ ...base, filter }, { onSuccess: done });
    else update.mutate({ id: category.id, ...base, ...(replace ? { filter } : {}) }, { onSuccess: done });
  };
  return (
    <Paper withBorder p="md" data-testid="asset-category-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Title order={3}>{category ? t('editTitle', { name: category.name }) : t('newTitle')}</Title>
          <Group grow align="flex-start">
            <TextInput
              label={t('name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              maxLength={255}
            />
            <TextInput
              label={t('description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              required
              maxLength={255}
            />
          </Group>
          {category && category.filter === null ? (
            <Stack gap={4}>
              <Text size="sm">{t('fromOcsreports')}</Text>
              <Checkbox
                label={t('replaceSearch')}
                checked={replace}
                onChange={(e) => setReplace(e.currentTarget.checked)}
              />
            </Stack>
          ) : null}
          {replace ? (
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600}>{t('search')}</Text>
                <SegmentedControl
                  aria-label={t('search:match.label')}
                  value={match}
                  onChange={(v) => setMatch(v as 'all' | 'any')}
                  data={[
                    { value: 'all', label: t('search:match.all') },
                    { value: 'any', label: t('search:match.any') },
                  ]}
                />
              </Group>
              <CriteriaBuilder fields={fields.data ?? []} criteria={criteria} onChange={setCriteria} />
            </Stack>
          ) : null}
          <ErrorAlert error={fields.error ?? create.error ?? update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common:action.cancel')}
            </Button>
            <RightButton
              right="configure"
              type="submit"
              color="blue.8"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              disabled={!name.trim() || !description.trim()}
              loading={create.isPending || update.isPending}
            >
              {t('save')}
            </RightButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Asset categories (ocsreports' assets_categories): repartition chart, list, create, edit, delete. */
export default function AssetCategoriesPage() {
  const { t, i18n } = useTranslation(['assetcats', 'common']);
  const navigate = useNavigate();
  const list = useRoute('assetCategories.list', {});
  const remove = useAction('assetCategories.delete', { invalidates: [...INVALIDATES] });
  const [editing, setEditing] = useState<AssetCategory | 'new' | null>(null);
  const cats = list.data?.categories ?? [];
  const nf = new Intl.NumberFormat(i18n.language);
  const chart = [
    ...cats.map((c) => ({ name: c.name, id: c.id as number | null, count: c.computers })),
    { name: t('none'), id: null, count: list.data?.none ?? 0 },
  ];
  const confirmDelete = (c: AssetCategory) =>
    modals.openConfirmModal({
      title: t('deleteTitle', { name: c.name }),
      children: <Text size="sm">{t('deleteText')}</Text>,
      labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ id: c.id }),
    });

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>
          {t('title')}{' '}
          <Text span fz="lg">
            ({t('summary', { count: cats.length })})
          </Text>
        </Title>
        <RightButton
          right="configure"
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing('new')}
        >
          {t('new')}
        </RightButton>
      </Group>
      <Text size="sm">{t('intro')}</Text>
      <ErrorAlert error={list.error ?? remove.error} />
      {editing ? (
        <CategoryEditor
          key={editing === 'new' ? 'new' : editing.id}
          category={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {list.data ? (
        <Card withBorder>
          <div role="img" aria-label={t('chartLabel')}>
            <BarChart
              h={Math.max(160, chart.length * 32)}
              data={chart}
              dataKey="name"
              orientation="vertical"
              yAxisProps={{ width: 160 }}
              xAxisProps={{ allowDecimals: false }}
              series={[{ name: 'count', label: t('computers'), color: 'blue.6' }]}
              withBarValueLabel
              barProps={{
                cursor: 'pointer',
                maxBarSize: 32,
                onClick: (entry: { payload?: { id?: number | null } }) => {
                  const id = entry.payload?.id;
                  if (id !== undefined) void navigate(categoryLink(id));
                },
              }}
            />
          </div>
        </Card>
      ) : null}
      <Table withTableBorder striped aria-label={t('tableLabel')} data-testid="asset-categories-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th>{t('description')}</Table.Th>
            <Table.Th ta="right">{t('computers')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data && cats.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text size="sm">{t('empty')}</Text>
              </Table.Td>
            </Table.Tr>
          ) : null}
          {cats.map((c) => (
            <Table.Tr key={c.id} data-testid={`asset-category-${c.id}`}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.description}</Table.Td>
              <Table.Td ta="right">
                <Anchor
                  component={Link}
                  to={categoryLink(c.id)}
                  className={classes.link}
                  aria-label={t('showComputers', { name: c.name })}
                >
                  {nf.format(c.computers)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <RightButton
                    right="configure"
                    size="xs"
                    variant="default"
                    leftSection={<IconEdit size={14} aria-hidden />}
                    onClick={() => setEditing(c)}
                  >
                    {t('edit')}
                  </RightButton>
                  <RightButton
                    right="configure"
                    size="xs"
                    variant="light"
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    onClick={() => confirmDelete(c)}
                  >
                    {t('common:action.delete')}
                  </RightButton>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {list.data ? (
            <Table.Tr>
              <Table.Td>
                <Text span fs="italic">
                  {t('none')}
                </Text>
              </Table.Td>
              <Table.Td />
              <Table.Td ta="right">
                <Anchor component={Link} to={categoryLink(null)} className={classes.link}>
                  {nf.format(list.data.none)}
                </Anchor>
              </Table.Td>
              <Table.Td />
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
