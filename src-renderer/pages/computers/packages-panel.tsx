import type { AssignedPackage } from '@shared/contract/computers';
import { ActionIcon, Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconCircleCheck,
  IconCircleX,
  IconClock,
  IconHelpCircle,
  IconSend,
  IconX,
  type Icon,
} from '@tabler/icons-react';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { RightHint } from '../../components/right-gate/right-gate';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { AssignPackageForm } from '../packages/assign-package-form';
import { ScrollRegion } from './section-table';

const STATE: Record<AssignedPackage['state'], { color: string; icon: Icon }> = {
  waiting: { color: 'gray.7', icon: IconClock },
  notified: { color: 'blue.9', icon: IconSend },
  success: { color: 'teal.9', icon: IconCircleCheck },
  error: { color: 'red.9', icon: IconCircleX },
  other: { color: 'violet.9', icon: IconHelpCircle },
};

/** Packages assigned to the computer, with their statuses (colour + icon + text); an admin assigns and removes. */
export function PackagesPanel({
  packages,
  computerId,
  canEdit,
}: {
  packages: AssignedPackage[];
  computerId: number;
  canEdit: boolean;
}) {
  const { t } = useTranslation(['computers', 'packages', 'common']);
  const unassign = useAction('packages.unassign', { invalidates: ['computers.detail'] });
  return (
    <Stack>
      <RightHint right="assignPackages" />
      {packages.length ? (
        <PackagesTable
          packages={packages}
          canEdit={canEdit}
          onRemove={(p) =>
            // Removing an assignment cancels a pending install: it says which and asks first.
            modals.openConfirmModal({
              title: t('packages:assignForm.unassignLabel', { name: p.name ?? p.fileId }),
              children: (
                <Text size="sm">
                  {t('packages:assignForm.unassignConfirm', { name: p.name ?? p.fileId })}
                </Text>
              ),
              labels: { confirm: t('packages:assignForm.unassign'), cancel: t('common:action.cancel') },
              confirmProps: { color: 'red.8', 'data-testid': 'unassign-confirm' },
              closeButtonProps: { 'aria-label': t('common:action.close') },
              onConfirm: () => unassign.mutate({ enableId: p.enableId, hardwareIds: [computerId] }),
            })
          }
        />
      ) : (
        <Text>{t('packages.none')}</Text>
      )}
      <ErrorAlert error={unassign.error} />
      {canEdit ? (
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            {t('packages:assignForm.title')}
          </Title>
          <AssignPackageForm selection={{ kind: 'ids', ids: [computerId] }} count={1} />
        </Paper>
      ) : null}
    </Stack>
  );
}

function PackagesTable({
  packages,
  canEdit,
  onRemove,
}: {
  packages: AssignedPackage[];
  canEdit: boolean;
  onRemove: (p: AssignedPackage) => void;
}) {
  const { t } = useTranslation(['computers', 'packages']);
  return (
    <ScrollRegion label={t('detail.tab.packages')}>
      <Table withTableBorder striped fz="sm" aria-label={t('detail.tab.packages')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('packages.name')}</Table.Th>
            <Table.Th>{t('packages.fileId')}</Table.Th>
            <Table.Th>{t('packages.state')}</Table.Th>
            <Table.Th>{t('packages.status')}</Table.Th>
            <Table.Th>{t('packages.changedAt')}</Table.Th>
            {canEdit ? <Table.Th>{t('packages:assignForm.unassign')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {packages.map((p) => {
            const s = STATE[p.state];
            return (
              <Table.Tr key={p.enableId}>
                <Table.Td>{p.name ?? '—'}</Table.Td>
                <Table.Td>{p.fileId}</Table.Td>
                <Table.Td>
                  <Badge color={s.color} variant="filled" leftSection={<s.icon size={14} aria-hidden />}>
                    {t(`packages.stateName.${p.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{p.status ?? t('packages.waitingNotification')}</Table.Td>
                <Table.Td>{p.changedAt}</Table.Td>
                {canEdit ? (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red.9"
                      data-right="assignPackages"
                      aria-label={t('packages:assignForm.unassignLabel', { name: p.name ?? p.fileId })}
                      onClick={() => onRemove(p)}
                    >
                      <IconX size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
