import { ActionIcon, Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const INVALIDATES = ['ipdiscover.deviceTypes', 'ipdiscover.listDevices'] as const;

/** Device types offered when registering a device: create, rename (registrations follow), delete unused. */
export function DeviceTypesPanel({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation('ipdiscover');
  const types = useRoute('ipdiscover.deviceTypes', {});
  const create = useAction('ipdiscover.createDeviceType', { invalidates: [...INVALIDATES] });
  const rename = useAction('ipdiscover.renameDeviceType', { invalidates: [...INVALIDATES] });
  const remove = useAction('ipdiscover.deleteDeviceType', { invalidates: [...INVALIDATES] });
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<{ id: number; name: string } | null>(null);
  return (
    <Stack maw={640}>
      <ErrorAlert error={types.error ?? create.error ?? rename.error ?? remove.error} />
      {isAdmin ? (
        <Group align="end">
          <TextInput label={t('newType')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button
            data-right="manageIpdiscover"
            disabled={!name.trim()}
            loading={create.isPending}
            onClick={() => create.mutate({ name }, { onSuccess: () => setName('') })}
          >
            {t('add')}
          </Button>
        </Group>
      ) : null}
      <Table withTableBorder striped data-testid="types-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('type')}</Table.Th>
            <Table.Th ta="right">{t('used')}</Table.Th>
            {isAdmin ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(types.data ?? []).map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                {editing?.id === d.id ? (
                  <Group gap="xs">
                    <TextInput
                      size="xs"
                      aria-label={t('rename')}
                      value={editing.name}
                      onChange={(e) => setEditing({ id: d.id, name: e.currentTarget.value })}
                    />
                    <Button
                      size="compact-sm"
                      onClick={() => rename.mutate(editing, { onSuccess: () => setEditing(null) })}
                    >
                      {t('save')}
                    </Button>
                  </Group>
                ) : (
                  d.name
                )}
              </Table.Td>
              <Table.Td ta="right">{d.used}</Table.Td>
              {isAdmin ? (
                <Table.Td ta="right">
                  <Group gap={4} justify="end">
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('rename')}
                      onClick={() => setEditing({ id: d.id, name: d.name })}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('delete')}
                      disabled={d.used > 0}
                      title={d.used > 0 ? t('typeInUse') : undefined}
                      onClick={() => remove.mutate({ id: d.id })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
