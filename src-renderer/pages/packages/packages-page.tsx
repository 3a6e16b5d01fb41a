import { Button, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { ActivatePanel } from './activate-panel';
import { BuildWizard } from './build-wizard';
import { StatsPanel } from './stats-panel';

/** Deployment: packages list, build wizard, activation/assignment and statistics of the selected package. */
export default function PackagesPage() {
  const { t } = useTranslation(['packages', 'nav']);
  const list = useRoute('packages.list', { includeDeleted: false }, { refetchInterval: 5000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('activate');
  const [wizard, setWizard] = useState(false);
  const refetch = list.refetch;
  const onBuilt = useCallback(
    (fileId: string) => {
      setSelected(fileId);
      setTab('activate');
      void refetch();
    },
    [refetch],
  );
  const rows = list.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav:packages')}</Title>
        <Button
          data-testid="new-package"
          onClick={() => setWizard((w) => !w)}
          variant={wizard ? 'default' : 'filled'}
        >
          {wizard ? t('closeWizard') : t('newPackage')}
        </Button>
      </Group>
      {wizard ? <BuildWizard onBuilt={onBuilt} /> : null}
      <ErrorAlert error={list.error} />
      <Table withTableBorder striped highlightOnHover fz="sm" data-testid="packages-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fileId')}</Table.Th>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th>{t('os')}</Table.Th>
            <Table.Th ta="right">{t('fragmentsCol')}</Table.Th>
            <Table.Th ta="right">{t('activations')}</Table.Th>
            <Table.Th ta="right">{t('waitingNotification')}</Table.Th>
            <Table.Th ta="right">NOTIFIED</Table.Th>
            <Table.Th ta="right">SUCCESS</Table.Th>
            <Table.Th ta="right">ERR</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((p) => (
            <Table.Tr
              key={p.fileId}
              onClick={() => setSelected(p.fileId)}
              style={{ cursor: 'pointer' }}
              bg={p.fileId === selected ? 'var(--mantine-color-blue-light)' : undefined}
              data-fileid={p.fileId}
            >
              <Table.Td>{p.fileId}</Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.os}</Table.Td>
              <Table.Td ta="right">{p.fragments}</Table.Td>
              <Table.Td ta="right">{p.activations}</Table.Td>
              <Table.Td ta="right">{p.waiting}</Table.Td>
              <Table.Td ta="right">{p.notified}</Table.Td>
              <Table.Td ta="right">{p.success}</Table.Td>
              <Table.Td ta="right">{p.errors}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!rows.length && !list.isLoading ? <Text c="dimmed">{t('none')}</Text> : null}
      {selected ? (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="activate">{t('tabActivate', { fileId: selected })}</Tabs.Tab>
            <Tabs.Tab value="stats" data-testid="tab-stats">
              {t('tabStats')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="activate" pt="md">
            <ActivatePanel fileId={selected} />
          </Tabs.Panel>
          <Tabs.Panel value="stats" pt="md">
            <StatsPanel fileId={selected} />
          </Tabs.Panel>
        </Tabs>
      ) : null}
    </Stack>
  );
}
