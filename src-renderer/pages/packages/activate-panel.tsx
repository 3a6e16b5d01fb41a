import { Alert, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import { useAction, useJob, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { JobProgress } from '../../components/job-progress/job-progress';

/** Activation (checked download of info + fragments), activations list, and assignment to computers. */
export function ActivatePanel({ fileId }: { fileId: string }) {
  const { t } = useTranslation('packages');
  const [infoLoc, setInfoLoc] = useState(localStorage.getItem('ocs-desk-info-loc') ?? '');
  const [packLoc, setPackLoc] = useState(localStorage.getItem('ocs-desk-pack-loc') ?? '');
  const [caFile, setCaFile] = useState(localStorage.getItem('ocs-desk-ca-file') ?? '');
  const [ids, setIds] = useState('');
  const activate = useJob('packages.activate');
  const acts = useRoute('packages.activations', { fileId }, { refetchInterval: 5000 });
  const assign = useAction('packages.assign', {
    invalidates: ['packages.activations', 'packages.stats', 'packages.list'],
  });
  const deactivate = useAction('packages.deactivate', {
    invalidates: ['packages.activations', 'packages.stats', 'packages.list'],
  });
  const rows = acts.data ?? [];
  return (
    <Stack data-testid="activate-panel">
      <RightHint right="activatePackages" />
      <TextInput
        label={t('infoLoc')}
        description={t('infoLocHint')}
        value={infoLoc}
        onChange={(e) => setInfoLoc(e.currentTarget.value)}
      />
      <TextInput
        label={t('packLoc')}
        description={t('packLocHint')}
        value={packLoc}
        onChange={(e) => setPackLoc(e.currentTarget.value)}
      />
      <TextInput
        label={t('caFile')}
        description={t('caFileHint')}
        value={caFile}
        onChange={(e) => setCaFile(e.currentTarget.value)}
      />
      <Group>
        <RightButton
          right="activatePackages"
          data-testid="activate-start"
          loading={activate.running}
          onClick={() => {
            localStorage.setItem('ocs-desk-info-loc', infoLoc);
            localStorage.setItem('ocs-desk-pack-loc', packLoc);
            localStorage.setItem('ocs-desk-ca-file', caFile);
            void activate.start({ fileId, infoLoc, packLoc, caFile: caFile || undefined }).then(
              () => acts.refetch(),
              () => undefined,
            );
          }}
        >
          {t('activate')}
        </RightButton>
      </Group>
      <JobProgress job={activate.job} onCancel={() => void activate.cancel()} />
      <ErrorAlert error={activate.error} />
      {activate.result ? (
        <Alert color="green" data-testid="activate-result">
          {t('activated', {
            enableId: activate.result.enableId,
            fragments: activate.result.checked.fragments,
            bytes: activate.result.checked.bytes,
          })}
        </Alert>
      ) : null}
      <Title order={4}>{t('activations')}</Title>
      <Table withTableBorder striped fz="sm" data-testid="activations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>ID</Table.Th>
            <Table.Th>{t('infoLoc')}</Table.Th>
            <Table.Th>{t('packLoc')}</Table.Th>
            <Table.Th ta="right">{t('assigned')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.enableId}>
              <Table.Td>{a.enableId}</Table.Td>
              <Table.Td>{a.infoLoc}</Table.Td>
              <Table.Td>{a.packLoc}</Table.Td>
              <Table.Td ta="right">{a.assigned}</Table.Td>
              <Table.Td>
                <RightButton
                  right="activatePackages"
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() => deactivate.mutate({ enableId: a.enableId })}
                >
                  {t('deactivate')}
                </RightButton>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length ? (
        <Group align="end">
          <TextInput
            label={t('assignIds')}
            description={t('assignIdsHint')}
            value={ids}
            onChange={(e) => setIds(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <RightButton
            right="assignPackages"
            data-testid="assign-start"
            loading={assign.isPending}
            onClick={() =>
              assign.mutate({
                enableId: rows[rows.length - 1]!.enableId,
                hardwareIds: ids
                  .split(/[\s,;]+/)
                  .filter(Boolean)
                  .map(Number)
                  .filter((n) => Number.isInteger(n) && n > 0),
              })
            }
          >
            {t('assign')}
          </RightButton>
        </Group>
      ) : null}
      <ErrorAlert error={assign.error ?? deactivate.error} />
      {assign.data ? (
        <Alert color="green" data-testid="assign-result">
          {t('assignedResult', assign.data)}
        </Alert>
      ) : null}
    </Stack>
  );
}
