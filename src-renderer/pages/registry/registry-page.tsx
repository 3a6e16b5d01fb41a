import { HIVES, type RegistryQuery } from '@shared/contract/registry';
import { ActionIcon, Alert, Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconInfoCircle, IconList, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { Link } from 'react-router';
import { useAction, useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { QueryForm } from './query-form';
import { searchLink, ValuesPanel } from './values-panel';
import { notifyDone } from '../../components/error-alert/notify';

/** Registry queries sent to Windows agents (regconfig), how many computers answered, and their values. */
export default function RegistryPage() {
  const { t } = useTranslation(['registry', 'common']);
  const isAdmin = !!useSession().operator?.rights.includes('configure');
  const list = useRoute('registry.list', {});
  const remove = useAction('registry.delete', { invalidates: ['registry.list'] });
  const [editing, setEditing] = useState<RegistryQuery | 'new' | null>(null);
  const [shownId, setShownId] = useState<number | null>(null);
  const queries = list.data?.queries ?? [];
  const shown = queries.find((q) => q.id === shownId) ?? null;

  const askDelete = (q: RegistryQuery) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('delete.title', { name: q.name }),
      children: <Text size="sm">{t('delete.text', { count: q.computers })}</Text>,
      labels: { confirm: t('common:action.delete'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: q.id },
          {
            onSuccess: () => {
              if (shownId === q.id) setShownId(null);
              notifyDone(t('delete.done', { name: q.name }));
            },
          },
        ),
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          {t('title')}{' '}
          <Text span c="dimmed" fz="lg">
            ({queries.length})
          </Text>
        </Title>
        <RightButton
          right="configure"
          leftSection={<IconPlus size={16} aria-hidden />}
          color="blue.8"
          onClick={() => setEditing('new')}
        >
          {t('add')}
        </RightButton>
      </Group>
      {list.data && !list.data.enabled ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconInfoCircle aria-hidden />}
          data-testid="registry-disabled"
        >
          {t('disabled')}
        </Alert>
      ) : null}
      <ErrorAlert error={list.error ?? remove.error} />
      {editing ? (
        <Card withBorder maw={720}>
          <Title order={3} size="h4" mb="sm">
            {editing === 'new' ? t('form.createTitle') : t('form.editTitle', { name: editing.name })}
          </Title>
          <QueryForm
            key={editing === 'new' ? 'new' : editing.id}
            query={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onDone={() => setEditing(null)}
          />
        </Card>
      ) : null}
      <Table withTableBorder striped fz="sm" data-testid="registry-table" aria-label={t('title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('col.name')}</Table.Th>
            <Table.Th>{t('col.hive')}</Table.Th>
            <Table.Th>{t('col.key')}</Table.Th>
            <Table.Th>{t('col.value')}</Table.Th>
            <Table.Th ta="right">{t('col.computers')}</Table.Th>
            <Table.Th>
              <span className="visually-hidden">{t('col.actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queries.map((q) => (
            <Table.Tr key={q.id} data-name={q.name} aria-selected={q.id === shownId}>
              <Table.Td fw={500}>{q.name}</Table.Td>
              <Table.Td ff="monospace">{q.hive === null ? '' : (HIVES[q.hive] ?? String(q.hive))}</Table.Td>
              <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                {q.key}
              </Table.Td>
              <Table.Td ff="monospace">{q.value === '*' ? t('allValues') : q.value}</Table.Td>
              <Table.Td ta="right">
                {q.computers > 0 ? (
                  <Anchor
                    component={Link}
                    to={searchLink(q.name, null)}
                    aria-label={t('searchAll', { name: q.name, count: q.computers })}
                  >
                    {q.computers}
                  </Anchor>
                ) : (
                  0
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4} justify="end" wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('showValues', { name: q.name })}
                    onClick={() => setShownId(q.id)}
                  >
                    <IconList size={16} aria-hidden />
                  </ActionIcon>
                  {isAdmin ? (
                    <>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('edit', { name: q.name })}
                        onClick={() => setEditing(q)}
                      >
                        <IconPencil size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('delete.label', { name: q.name })}
                        onClick={() => askDelete(q)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && !queries.length ? <Text c="dimmed">{t('empty')}</Text> : null}
      {shown ? <ValuesPanel key={shown.id} query={shown} /> : null}
    </Stack>
  );
}
