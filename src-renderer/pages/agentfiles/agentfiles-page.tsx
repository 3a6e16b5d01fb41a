import type { AgentFilesList } from '@shared/contract/agentfiles';
import { ActionIcon, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useAction, useRoute } from '../../api/hooks';
import { useSession } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { OptionAlert } from '../../components/option-alert/option-alert';
import { formatBytes } from '../import/upload';
import { AddAgentFile } from './add-agent-file';

/** Whether the comm server serves these files (config DEPLOY): the shared option alert. */
function DeployStatus({ list }: { list: AgentFilesList }) {
  const { t } = useTranslation('agentfiles');
  if (list.deployValue === 1) {
    return (
      <OptionAlert on title={t('deploy.onTitle')} testId="deploy-status">
        {t('deploy.on')}
      </OptionAlert>
    );
  }
  return (
    <OptionAlert on={false} title={t('deploy.offTitle')} testId="deploy-status">
      <Text size="sm">
        {list.deployValue === null ? t('deploy.noRow') : t('deploy.off', { value: list.deployValue })}
      </Text>
      <Text size="sm">{t('deploy.howTo')}</Text>
    </OptionAlert>
  );
}

/** Agent files (`deploy` table) downloaded by the Windows launcher from /ocsinventory/deploy/<name>. */
export default function AgentFilesPage() {
  const { t, i18n } = useTranslation('agentfiles');
  const isAdmin = !!useSession().operator?.rights.includes('configure');
  const list = useRoute('agentfiles.list', {});
  const remove = useAction('agentfiles.delete', { invalidates: ['agentfiles.list'] });
  const files = list.data?.files ?? [];
  const confirmDelete = (name: string) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common:action.close') },
      title: t('delete.title', { name }),
      children: <Text size="sm">{t('delete.text')}</Text>,
      labels: { confirm: t('delete.confirm'), cancel: t('delete.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => remove.mutate({ name }),
    });
  return (
    <Stack maw={900}>
      <Title order={2}>
        {t('title')} ({files.length})
      </Title>
      <Text size="sm">{t('intro')}</Text>
      <ErrorAlert error={list.error ?? remove.error} />
      {list.data ? <DeployStatus list={list.data} /> : null}
      {list.data ? (
        <Text size="sm" c="dimmed" data-testid="size-limit">
          {list.data.maxAllowedPacket > 0
            ? t('limit.known', {
                max: formatBytes(list.data.maxFileBytes, i18n.language),
                packet: formatBytes(list.data.maxAllowedPacket, i18n.language),
              })
            : t('limit.unknown', { max: formatBytes(list.data.maxFileBytes, i18n.language) })}
        </Text>
      ) : null}
      <RightHint right="configure" />
      {isAdmin && list.data ? (
        <AddAgentFile maxFileBytes={list.data.maxFileBytes} existing={files.map((f) => f.name)} />
      ) : null}
      <Table withTableBorder striped data-testid="agentfiles-table">
        <Table.Caption>{files.length ? t('table.caption') : t('table.empty')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.name')}</Table.Th>
            <Table.Th ta="right">{t('table.size')}</Table.Th>
            {isAdmin ? <Table.Th>{t('table.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {files.map((f) => (
            <Table.Tr key={f.name} data-testid="agentfile-row">
              <Table.Td>{f.name}</Table.Td>
              <Table.Td ta="right">{formatBytes(f.size, i18n.language)}</Table.Td>
              {isAdmin ? (
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={t('delete.aria', { name: f.name })}
                    onClick={() => confirmDelete(f.name)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
