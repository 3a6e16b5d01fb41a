import { Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RightButton } from '../../components/right-gate/right-gate';
import { modals } from '@mantine/modals';
import { useAction, useRoute } from '../../api/hooks';
import { useCan } from '../../app-shell/use-session';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { ActivatePanel } from './activate-panel';
import { BuildWizard } from './build-wizard';
import { DownloadOffWarning } from '../../components/option-alert/option-alert';
import { StatsPanel } from './stats-panel';

/** Deployment: packages list, build wizard, activation/assignment and statistics of the selected package. */
export default function PackagesPage() {
  const { t } = useTranslation(['packages', 'nav', 'common']);
  const list = useRoute('packages.list', { includeDeleted: false }, { refetchInterval: 5000 });
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('activate');
  const [wizard, setWizard] = useState(false);
  // `?new=1` (the command palette's "New package") opens the build wizard.
  const [params, setParams] = useSearchParams();
  const wizardOpen = wizard || params.get('new') === '1';
  const toggleWizard = () => {
    if (params.has('new')) setParams({}, { replace: true });
    setWizard(!wizardOpen);
  };
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
  const can = useCan();
  const remove = useAction('packages.delete', { invalidates: ['packages.list', 'packages.stats'] });
  const current = rows.find((p) => p.fileId === selected);
  // Deleting names what goes: the package, its files and the computers it is still assigned to.
  const askDelete = () => {
    if (!current) return;
    remove.reset();
    modals.openConfirmModal({
      title: t('delete.title', { name: current.name }),
      children: (
        <Text size="sm">
          {t('delete.message', {
            name: current.name,
            fileId: current.fileId,
            count: current.waiting + current.notified + current.success + current.errors,
          })}
        </Text>
      ),
      labels: { confirm: t('delete.confirm'), cancel: t('common:action.cancel') },
      confirmProps: { color: 'red.8', 'data-testid': 'package-delete-confirm' },
      closeButtonProps: { 'aria-label': t('common:action.close') },
      onConfirm: () =>
        remove.mutate({ fileId: current.fileId, confirm: true }, { onSuccess: () => setSelected(null) }),
    });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav:packages')}</Title>
        {/* A User never walks the wizard to be refused at Build: without the right the actions say why. */}
        <Group>
          {current ? (
            <RightButton
              right="buildPackages"
              color="red.9"
              variant="outline"
              onClick={askDelete}
              data-testid="package-delete"
            >
              {t('delete.button', { fileId: current.fileId })}
            </RightButton>
          ) : null}
          <RightButton
            right="buildPackages"
            data-testid="new-package"
            onClick={toggleWizard}
            variant={wizardOpen ? 'default' : 'filled'}
          >
            {wizardOpen ? t('closeWizard') : t('newPackage')}
          </RightButton>
        </Group>
      </Group>
      <DownloadOffWarning />
      {wizardOpen && can('buildPackages') ? <BuildWizard onBuilt={onBuilt} /> : null}
      <ErrorAlert error={list.error ?? remove.error} />
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
