import type { AdminField } from '@shared/contract/computers';
import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { FieldDialog } from './field-dialog';
import { LabelCard } from './label-card';
import { notifyDone } from '../../components/error-alert/notify';

const INVALIDATES = ['adminfields.list', 'computers.columns', 'computers.detail', 'search.fields'] as const;

/** Admin info fields (accountinfo columns): create, edit, reorder, delete; plus the TAG question label. */
export default function AdminfieldsPage() {
  const { t } = useTranslation(['adminfields', 'common']);
  const list = useRoute('adminfields.list', {});
  const move = useAction('adminfields.move', { invalidates: [...INVALIDATES] });
  const remove = useAction('adminfields.delete', { invalidates: [...INVALIDATES] });
  const [dialog, setDialog] = useState<{ field: AdminField | null } | null>(null);
  const fields = list.data?.fields ?? [];
  const tabs = list.data?.tabs ?? [];
  const tabLabel = (id: number | null) =>
    tabs.find((x) => x.id === id)?.label ?? (id == null ? '' : String(id));
  const confirmDelete = (f: AdminField) =>
    modals.openConfirmModal({
      title: t('confirm.title', { name: f.name }),
      children: <Text size="sm">{t('confirm.text', { column: f.column })}</Text>,
      labels: { confirm: t('confirm.confirm'), cancel: t('confirm.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { fieldId: f.fieldId! },
          {
            onSuccess: () => notifyDone(t('confirm.deleted', { name: f.name })),
          },
        ),
    });
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>
          {t('title')}{' '}
          <Badge variant="light" size="lg" aria-hidden={list.isLoading}>
            {fields.length}
          </Badge>
        </Title>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setDialog({ field: null })}
          disabled={!list.data}
        >
          {t('fields.new')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <ErrorAlert error={list.error ?? move.error ?? remove.error} />
      <Card withBorder padding="lg" component="section" aria-labelledby="fields-card-title">
        <Stack>
          <Title order={3} id="fields-card-title">
            {t('fields.title')}
          </Title>
          <Table.ScrollContainer minWidth={700}>
            <Table striped withTableBorder data-testid="fields-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.label')}</Table.Th>
                  <Table.Th>{t('fields.type')}</Table.Th>
                  <Table.Th>{t('fields.tab')}</Table.Th>
                  <Table.Th>{t('fields.choices')}</Table.Th>
                  <Table.Th>{t('fields.column')}</Table.Th>
                  <Table.Th ta="right">{t('fields.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f, i) => {
                  const isTag = f.column === 'TAG';
                  const configured = f.fieldId != null && (isTag || f.name !== f.column);
                  return (
                    <Table.Tr key={f.column} data-field={f.name}>
                      <Table.Td>{f.name}</Table.Td>
                      <Table.Td>{f.label}</Table.Td>
                      <Table.Td>{t(`types.${f.type}`)}</Table.Td>
                      <Table.Td>{tabLabel(f.tab)}</Table.Td>
                      <Table.Td>
                        {f.choices.length ? f.choices.map((c) => c.label).join(', ') : t('fields.noChoices')}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {f.column}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} justify="end" wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('fields.up', { label: f.label })}
                            disabled={!configured || i === 0 || move.isPending}
                            onClick={() => move.mutate({ fieldId: f.fieldId!, direction: 'up' })}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('fields.down', { label: f.label })}
                            disabled={!configured || i === fields.length - 1 || move.isPending}
                            onClick={() => move.mutate({ fieldId: f.fieldId!, direction: 'down' })}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('fields.edit', { label: f.label })}
                            disabled={!configured}
                            onClick={() => setDialog({ field: f })}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={
                              isTag ? t('fields.tagLocked') : t('fields.delete', { label: f.label })
                            }
                            disabled={isTag || !configured}
                            onClick={() => confirmDelete(f)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Card>
      <LabelCard />
      <FieldDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        tabs={tabs}
        field={dialog?.field ?? null}
      />
    </Stack>
  );
}
