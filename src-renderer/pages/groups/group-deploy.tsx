import type { GroupDetail } from '@shared/contract/groups';
import { Checkbox, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadOffWarning } from '../../components/option-alert/option-alert';
import { RightButton, RightHint } from '../../components/right-gate/right-gate';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const INV = { invalidates: ['groups.get', 'groups.packageStats'] as const };

function PackageStatsRow({
  groupId,
  p,
  canEdit,
}: {
  groupId: number;
  p: GroupDetail['packages'][number];
  canEdit: boolean;
}) {
  const { t } = useTranslation('groups');
  const stats = useRoute('groups.packageStats', { id: groupId, enableId: p.enableId });
  const [cancel, setCancel] = useState(true);
  const unassign = useAction('groups.unassignPackage', { invalidates: [...INV.invalidates] });
  const s = stats.data;
  return (
    <Table.Tr data-testid="group-package" data-file={p.fileId}>
      <Table.Td>{p.name || p.fileId}</Table.Td>
      <Table.Td data-testid="group-package-stats">
        {s
          ? t('deploy.stats', {
              notYet: s.notYet,
              waiting: s.byCategory.waiting + s.byCategory.notified,
              success: s.byCategory.success,
              error: s.byCategory.error,
            })
          : ''}
        <ErrorAlert error={stats.error ?? unassign.error} />
      </Table.Td>
      {canEdit ? (
        <Table.Td>
          <Group gap="xs">
            <Checkbox
              size="xs"
              label={t('deploy.cancelPending')}
              checked={cancel}
              onChange={(e) => setCancel(e.currentTarget.checked)}
            />
            <RightButton
              right="assignPackages"
              size="xs"
              variant="default"
              onClick={() => unassign.mutate({ id: groupId, enableId: p.enableId, cancelPending: cancel })}
            >
              {t('deploy.unassign')}
            </RightButton>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Packages assigned to the group (as ocsreports does), members' statuses, assign another one. */
export function GroupDeploy({ g, canEdit }: { g: GroupDetail; canEdit: boolean }) {
  const { t } = useTranslation('groups');
  const [fileId, setFileId] = useState<string | null>(null);
  const [enableId, setEnableId] = useState<string | null>(null);
  const packages = useRoute('packages.list', { includeDeleted: false }, { enabled: canEdit });
  const activations = useRoute(
    'packages.activations',
    { fileId: fileId ?? '' },
    { enabled: canEdit && !!fileId },
  );
  const assign = useAction('groups.assignPackage', { invalidates: [...INV.invalidates] });
  return (
    <Stack gap="xs" data-testid="group-deploy">
      <Title order={4}>{t('deploy.title')}</Title>
      <Text size="sm">{t('deploy.intro')}</Text>
      <RightHint right="assignPackages" />
      {canEdit ? <DownloadOffWarning /> : null}
      {g.packages.length ? (
        <Table withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deploy.package')}</Table.Th>
              <Table.Th>{t('deploy.members')}</Table.Th>
              {canEdit ? <Table.Th>{t('deploy.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {g.packages.map((p) => (
              <PackageStatsRow key={p.enableId} groupId={g.id} p={p} canEdit={canEdit} />
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">{t('deploy.none')}</Text>
      )}
      {canEdit ? (
        <Group align="flex-end">
          <Select
            w={260}
            label={t('deploy.choose')}
            data={(packages.data ?? [])
              .filter((p) => p.activations > 0)
              .map((p) => ({ value: p.fileId, label: p.name }))}
            value={fileId}
            onChange={(v) => {
              setFileId(v);
              setEnableId(null);
            }}
            searchable
          />
          <Select
            w={300}
            label={t('deploy.activation')}
            data={(activations.data ?? []).map((a) => ({
              value: String(a.enableId),
              label: `${a.enableId} · ${a.packLoc}`,
            }))}
            value={enableId}
            onChange={setEnableId}
            disabled={!fileId}
          />
          <RightButton
            right="assignPackages"
            color="blue.8"
            disabled={!enableId}
            loading={assign.isPending}
            onClick={() => assign.mutate({ id: g.id, enableId: Number(enableId) })}
          >
            {t('deploy.assign')}
          </RightButton>
        </Group>
      ) : null}
      <ErrorAlert error={packages.error ?? activations.error ?? assign.error} />
    </Stack>
  );
}
