import type { BlacklistKind } from '@shared/contract/duplicates';
import {
  ActionIcon,
  Button,
  Card,
  Group,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const INVALIDATES = ['duplicates.blacklist', 'duplicates.summary', 'duplicates.groups'] as const;

/** MAC addresses and serials that never make a duplicate (also used by the comm server's automatic merge). */
export function BlacklistsPanel({ isAdmin }: { isAdmin: boolean }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <BlacklistCard kind="mac" isAdmin={isAdmin} />
      <BlacklistCard kind="serial" isAdmin={isAdmin} />
    </SimpleGrid>
  );
}

function BlacklistCard({ kind, isAdmin }: { kind: BlacklistKind; isAdmin: boolean }) {
  const { t } = useTranslation('duplicates');
  const list = useRoute('duplicates.blacklist', { kind });
  const add = useAction('duplicates.addBlacklist', { invalidates: [...INVALIDATES] });
  const remove = useAction('duplicates.removeBlacklist', { invalidates: [...INVALIDATES] });
  const [value, setValue] = useState('');
  const submit = () => {
    if (!value.trim()) return;
    add.mutate({ kind, value }, { onSuccess: () => setValue('') });
  };
  return (
    <Card withBorder data-testid={`blacklist-${kind}`}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t(`blacklist.${kind}.title`)}
        </Title>
        <Text size="sm" c="dimmed">
          {t(`blacklist.${kind}.help`)}
        </Text>
        {isAdmin ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Group align="end" gap="xs">
              <TextInput
                label={t(`blacklist.${kind}.add`)}
                placeholder={kind === 'mac' ? 'AA:BB:CC:DD:EE:FF' : 'SN-0000'}
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                maxLength={100}
                style={{ flex: 1 }}
              />
              <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
                {t('blacklist.addButton')}
              </Button>
            </Group>
          </form>
        ) : null}
        <ErrorAlert error={list.error ?? add.error ?? remove.error} />
        <ScrollArea.Autosize mah={420}>
          <Table verticalSpacing={2}>
            <Table.Tbody>
              {(list.data ?? []).map((e) => (
                <Table.Tr key={e.id} data-entry={e.value}>
                  <Table.Td>
                    <Text size="sm" ff={kind === 'mac' ? 'monospace' : undefined}>
                      {e.value === '' ? <i>{t('blacklist.empty')}</i> : e.value}
                    </Text>
                  </Table.Td>
                  {isAdmin ? (
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('blacklist.remove', { value: e.value || t('blacklist.empty') })}
                        onClick={() => remove.mutate({ kind, id: e.id })}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Stack>
    </Card>
  );
}
