import type { SnmpLabel } from '@shared/contract/snmp';
import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { confirmDelete } from './confirm';
import { CONFIG_INVALIDATES } from './snmp-types-panel';

/** Labels: the column names the types' OIDs are stored under (and the XML elements agents send). */
export function SnmpLabelsPanel({ labels }: { labels: SnmpLabel[] }) {
  const { t } = useTranslation(['snmp', 'common']);
  const create = useAction('snmp.createLabel', { invalidates: [...CONFIG_INVALIDATES] });
  const remove = useAction('snmp.deleteLabel', { invalidates: [...CONFIG_INVALIDATES] });
  const [name, setName] = useState('');
  return (
    <Stack maw={720}>
      <Text size="sm">{t('labels.intro')}</Text>
      <ErrorAlert error={create.error ?? remove.error} />
      <Group align="end">
        <TextInput
          label={t('labels.new')}
          description={t('labels.newHint')}
          value={name}
          data-testid="snmp-new-label"
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button
          disabled={!name.trim()}
          loading={create.isPending}
          onClick={() => create.mutate({ name }, { onSuccess: () => setName('') })}
        >
          {t('labels.create')}
        </Button>
      </Group>
      <Table withTableBorder striped fz="sm" data-testid="snmp-labels-table">
        <Table.Caption>{labels.length ? t('labels.caption') : t('labels.none')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('label')}</Table.Th>
            <Table.Th ta="right">{t('labels.uses')}</Table.Th>
            <Table.Th w={60}>
              <span className="visually-hidden">{t('actions')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {labels.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ta="right">{l.uses}</Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red.9"
                  aria-label={t('labels.delete', { name: l.name })}
                  onClick={() =>
                    confirmDelete(
                      t,
                      t('labels.deleteTitle', { name: l.name }),
                      l.uses ? t('labels.deleteUsed', { count: l.uses }) : t('labels.deleteText'),
                      () => remove.mutate({ id: l.id }),
                    )
                  }
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
