import type { StatusCategory } from '@shared/contract/packages';
import { DonutChart } from '@mantine/charts';
import { Anchor, Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RightButton } from '../../components/right-gate/right-gate';
import { Link } from 'react-router';
import { modals } from '@mantine/modals';
import { useAction, useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

const COLOR: Record<StatusCategory, string> = {
  waiting: 'gray.5',
  notified: 'blue.5',
  success: 'green.6',
  error: 'red.6',
  other: 'yellow.6',
};

/** Counts per status (donut + table, refreshed while open), computers per status, clean-up actions. */
export function StatsPanel({ fileId }: { fileId: string }) {
  const { t } = useTranslation('packages');
  const stats = useRoute('packages.stats', { fileId }, { refetchInterval: 5000 });
  const [sel, setSel] = useState<{ status: string | null } | null>(null);
  const list = useRoute(
    'packages.statusComputers',
    { fileId, status: sel?.status ?? null, limit: 200 },
    { enabled: !!sel, refetchInterval: 5000 },
  );
  const validate = useAction('packages.validate', {
    invalidates: ['packages.stats', 'packages.statusComputers', 'packages.list'],
  });
  const s = stats.data;
  // Each statistics action removes assignments: it says which ones, for which package, and asks first.
  const ask = (action: 'success' | 'notNotified' | 'all', what: string) =>
    modals.openConfirmModal({
      title: what,
      children: <Text size="sm">{t(`confirm.${action}`, { fileId })}</Text>,
      labels: { confirm: what, cancel: t('common:action.cancel') },
      confirmProps: { color: 'red.8', 'data-testid': 'stats-confirm' },
      closeButtonProps: { 'aria-label': t('common:action.close') },
      onConfirm: () => validate.mutate({ fileId, action }),
    });
  const label = (status: string | null) => status ?? t('waitingNotification');
  const data = (s?.statuses ?? []).map((x, i) => ({
    name: label(x.status),
    value: x.count,
    color: x.category === 'error' && i % 2 ? 'red.8' : COLOR[x.category],
  }));
  return (
    <Stack data-testid="stats-panel">
      <ErrorAlert error={stats.error ?? validate.error} />
      <Group align="start" wrap="wrap">
        <Card withBorder>
          {data.length ? (
            <div role="img" aria-label={t('chartLabel', { total: s?.total ?? 0 })}>
              <DonutChart
                data={data}
                withLabelsLine
                withLabels
                size={180}
                thickness={28}
                chartLabel={String(s?.total ?? 0)}
              />
            </div>
          ) : (
            <Text c="dimmed">{t('noAssignment')}</Text>
          )}
        </Card>
        <Table withTableBorder striped fz="sm" style={{ flex: 1, minWidth: 320 }} data-testid="status-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('status')}</Table.Th>
              <Table.Th ta="right">{t('computers')}</Table.Th>
              <Table.Th ta="right">%</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(s?.statuses ?? []).map((x) => (
              <Table.Tr key={x.status ?? '\u0000'} data-status={x.status ?? 'WAITING'}>
                <Table.Td>
                  <Anchor component="button" onClick={() => setSel({ status: x.status })}>
                    <Badge variant="light" color={COLOR[x.category].split('.')[0]}>
                      {label(x.status)}
                    </Badge>
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{x.count}</Table.Td>
                <Table.Td ta="right">{s?.total ? ((100 * x.count) / s.total).toFixed(1) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Group>
      {/* Without the right the actions stay visible, disabled, with the reason. */}
      <Group>
        <RightButton
          right="assignPackages"
          variant="default"
          onClick={() => ask('success', t('validateSuccess'))}
        >
          {t('validateSuccess')}
        </RightButton>
        <RightButton
          right="assignPackages"
          variant="default"
          onClick={() => ask('notNotified', t('unassignNotNotified'))}
        >
          {t('unassignNotNotified')}
        </RightButton>
        <RightButton right="assignPackages" variant="default" onClick={() => ask('all', t('validateAll'))}>
          {t('validateAll')}
        </RightButton>
        {validate.data ? <Text fz="sm">{t('removed', { count: validate.data.removed })}</Text> : null}
      </Group>
      {sel ? (
        <Table withTableBorder striped fz="sm" data-testid="status-computers">
          <Table.Caption>
            {t('computersWith', { status: label(sel.status), total: list.data?.total ?? 0 })}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('computer')}</Table.Th>
              <Table.Th>{t('status')}</Table.Th>
              <Table.Th>{t('changedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.rows ?? []).map((c) => (
              <Table.Tr key={`${c.hardwareId}-${c.enableId}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/computers/${c.hardwareId}`}>
                    {c.name ?? c.deviceId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{label(c.status)}</Table.Td>
                <Table.Td>{c.comments ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
