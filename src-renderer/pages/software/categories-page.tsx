import type { SoftwareCategory } from '@shared/contract/software';
import { CATEGORY_OS, SIGNS } from '@shared/contract/software';
import {
  Anchor,
  Badge,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAction, useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import './texts';
import { notifyDone } from '../../components/error-alert/notify';

const INVALIDATES = ['software.categories', 'software.list', 'software.versions'] as const;
type Os = (typeof CATEGORY_OS)[number];
type Sign = (typeof SIGNS)[number];

function useOsOptions() {
  const { t } = useTranslation('software');
  return CATEGORY_OS.map((o) => ({ value: o, label: t(`os.${o}`) }));
}

/** Adds a rule as ocsreports' form does: a pattern, optionally a publisher and a version condition. */
function AddRule({ category }: { category: SoftwareCategory }) {
  const { t } = useTranslation('software');
  const [pattern, setPattern] = useState('');
  const [publisher, setPublisher] = useState('');
  const [sign, setSign] = useState<Sign | null>(null);
  const [version, setVersion] = useState('');
  const add = useAction('software.addRule', { invalidates: [...INVALIDATES] });
  const incomplete = !pattern.trim() || !sign !== !version.trim();
  return (
    <Stack gap="xs">
      <ErrorAlert error={add.error} />
      <Group align="end" gap="xs">
        <TextInput
          label={t('rule.pattern')}
          description={t('rule.patternHint')}
          value={pattern}
          onChange={(e) => setPattern(e.currentTarget.value)}
          w={240}
        />
        <TextInput
          label={t('rule.publisher')}
          value={publisher}
          onChange={(e) => setPublisher(e.currentTarget.value)}
          w={180}
        />
        <Select
          label={t('rule.sign')}
          data={SIGNS.map((s) => ({ value: s, label: t(`sign.${s}`) }))}
          value={sign}
          onChange={(v) => setSign(v as Sign | null)}
          clearable
          w={150}
        />
        <TextInput
          label={t('rule.version')}
          value={version}
          onChange={(e) => setVersion(e.currentTarget.value)}
          w={120}
        />
        <RightButton
          right="configure"
          leftSection={<IconPlus size={14} aria-hidden />}
          disabled={incomplete}
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              {
                categoryId: category.id,
                pattern: pattern.trim(),
                publisher: publisher.trim() || undefined,
                sign: sign ?? undefined,
                version: version.trim() || undefined,
              },
              {
                onSuccess: () => {
                  setPattern('');
                  setPublisher('');
                  setSign(null);
                  setVersion('');
                },
              },
            )
          }
        >
          {t('rule.add')}
        </RightButton>
      </Group>
    </Stack>
  );
}

function CategoryCard({ category }: { category: SoftwareCategory }) {
  const { t } = useTranslation(['software', 'common']);
  const osOptions = useOsOptions();
  const [name, setName] = useState(category.name);
  const [os, setOs] = useState<string>(category.os ?? 'ALL');
  const update = useAction('software.updateCategory', { invalidates: [...INVALIDATES] });
  const remove = useAction('software.deleteCategory', { invalidates: [...INVALIDATES] });
  const delRule = useAction('software.deleteRule', { invalidates: [...INVALIDATES] });
  const changed = name.trim() !== category.name || os !== (category.os ?? 'ALL');
  const knownOs = (CATEGORY_OS as readonly string[]).includes(os);
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('deleteTitle', { name: category.name }),
      children: <Text size="sm">{t('deleteText', { count: category.linked })}</Text>,
      labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate({ id: category.id }),
    });
  return (
    <Paper withBorder p="md" data-testid={`category-${category.id}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3} size="h4">
              {category.name}
            </Title>
            <Badge variant="light" color="gray">
              {category.os ?? '—'}
            </Badge>
          </Group>
          <Anchor component={Link} to={`/software?category=${category.id}`} size="sm">
            {t('linked', { count: category.linked })}
          </Anchor>
        </Group>
        <ErrorAlert error={update.error ?? remove.error ?? delRule.error} />
        <Group align="end" gap="xs">
          <TextInput
            label={t('categoryName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            w={240}
          />
          <Select
            label={t('os.label')}
            data={knownOs ? osOptions : [...osOptions, { value: os, label: os }]}
            value={os}
            onChange={(v) => setOs(v ?? 'ALL')}
            allowDeselect={false}
            w={160}
          />
          <RightButton
            right="configure"
            variant="default"
            disabled={!changed || !name.trim() || !knownOs}
            loading={update.isPending}
            onClick={() => update.mutate({ id: category.id, name: name.trim(), os: os as Os })}
          >
            {t('common:action.save')}
          </RightButton>
          <RightButton
            right="configure"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={confirmDelete}
          >
            {t('common:action.delete')}
          </RightButton>
        </Group>
        <Table withTableBorder aria-label={t('rulesOf', { name: category.name })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('rule.pattern')}</Table.Th>
              <Table.Th>{t('rule.publisher')}</Table.Th>
              <Table.Th>{t('rule.version')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('rule.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {category.rules.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    {t('noRule')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
            {category.rules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <code>{r.pattern}</code>
                </Table.Td>
                <Table.Td>{r.publisher ?? ''}</Table.Td>
                <Table.Td>
                  {r.sign ? `${t(`sign.${r.sign}`, { defaultValue: r.sign })} ${r.version ?? ''}` : ''}
                </Table.Td>
                <Table.Td>
                  <RightButton
                    right="configure"
                    variant="subtle"
                    color="red"
                    size="compact-sm"
                    aria-label={t('rule.delete', { pattern: r.pattern })}
                    onClick={() => delRule.mutate({ id: r.id })}
                  >
                    <IconTrash size={14} aria-hidden />
                  </RightButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <AddRule category={category} />
      </Stack>
    </Paper>
  );
}

/** Software categories (ocsreports' "Software categories"): rules, default category, recompute. */
export default function CategoriesPage() {
  const { t, i18n } = useTranslation(['software', 'common']);
  const osOptions = useOsOptions();
  const view = useRoute('software.categories', {});
  const create = useAction('software.createCategory', { invalidates: [...INVALIDATES] });
  const setDefault = useAction('software.setDefaultCategory', { invalidates: [...INVALIDATES] });
  const recompute = useJob('software.recompute');
  const [newName, setNewName] = useState('');
  const [newOs, setNewOs] = useState<Os>('ALL');
  const [chosenDefault, setChosenDefault] = useState<string | null | undefined>(undefined);
  const cats = view.data?.categories ?? [];
  const storedDefault = view.data?.defaultCategory == null ? 'none' : String(view.data.defaultCategory);
  const defaultValue = chosenDefault === undefined ? storedDefault : (chosenDefault ?? 'none');
  const nf = new Intl.NumberFormat(i18n.language);
  const res = recompute.result;
  // A finished recompute changed the link rows: the counts here and in All software are stale.
  const queries = useQueryClient();
  useEffect(() => {
    if (res) for (const r of INVALIDATES) void queries.invalidateQueries({ queryKey: [r] });
  }, [res, queries]);

  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{t('categoriesTitle')}</Title>
        <Text c="dimmed" size="sm">
          {t('categoriesIntro')}
        </Text>
      </Group>
      <RightHint right="configure" />
      <ErrorAlert error={view.error ?? create.error ?? setDefault.error ?? recompute.error} />
      <Group align="stretch" grow>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('defaultTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('defaultHint')}
            </Text>
            <Group align="end" gap="xs">
              <Select
                label={t('defaultLabel')}
                data={[
                  { value: 'none', label: t('noDefault') },
                  ...cats.map((c) => ({ value: String(c.id), label: c.name })),
                ]}
                value={defaultValue}
                onChange={(v) => setChosenDefault(v)}
                allowDeselect={false}
                w={240}
                data-testid="default-category"
              />
              <RightButton
                right="configure"
                variant="default"
                disabled={defaultValue === storedDefault}
                data-testid="save-default"
                loading={setDefault.isPending}
                onClick={() =>
                  setDefault.mutate(
                    { id: defaultValue === 'none' ? null : Number(defaultValue) },
                    { onSuccess: () => setChosenDefault(undefined) },
                  )
                }
              >
                {t('common:action.save')}
              </RightButton>
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('recomputeTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('recomputeHint')}
            </Text>
            <Group>
              <RightButton
                right="configure"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={recompute.running}
                onClick={() => void recompute.start({}).catch(() => undefined)}
              >
                {t('recompute')}
              </RightButton>
            </Group>
            <JobProgress
              job={recompute.running ? recompute.job : null}
              onCancel={() => void recompute.cancel()}
            />
            {res ? (
              <Text size="sm" data-testid="recompute-result">
                {t('recomputed', {
                  triples: nf.format(res.triples),
                  categorised: nf.format(res.categorised),
                  inserted: nf.format(res.inserted),
                  deleted: nf.format(res.deleted),
                })}
              </Text>
            ) : null}
            {res?.invalidRules.length ? (
              <Text size="sm" c="orange">
                {t('invalidRules', { count: res.invalidRules.length })}
              </Text>
            ) : null}
          </Stack>
        </Paper>
      </Group>
      <Paper withBorder p="md">
        <Group align="end" gap="xs">
          <TextInput
            label={t('newCategory')}
            value={newName}
            onChange={(e) => setNewName(e.currentTarget.value)}
            w={260}
          />
          <Select
            label={t('os.label')}
            data={osOptions}
            value={newOs}
            onChange={(v) => setNewOs((v as Os | null) ?? 'ALL')}
            allowDeselect={false}
            w={160}
          />
          <RightButton
            right="configure"
            leftSection={<IconPlus size={14} aria-hidden />}
            disabled={!newName.trim()}
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                { name: newName.trim(), os: newOs },
                {
                  onSuccess: () => {
                    notifyDone(t('created', { name: newName.trim() }));
                    setNewName('');
                  },
                },
              )
            }
          >
            {t('create')}
          </RightButton>
        </Group>
      </Paper>
      {view.data && cats.length === 0 ? <Text c="dimmed">{t('noCategories')}</Text> : null}
      {cats.map((c) => (
        <CategoryCard key={`${c.id}:${c.name}:${c.os ?? ''}`} category={c} />
      ))}
    </Stack>
  );
}
