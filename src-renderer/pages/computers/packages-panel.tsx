import type { AssignedPackage } from '@shared/contract/computers';
import { Badge, Table, Text } from '@mantine/core';
import {
  IconCircleCheck,
  IconCircleX,
  IconClock,
  IconHelpCircle,
  IconSend,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ScrollRegion } from './section-table';

const STATE: Record<AssignedPackage['state'], { color: string; icon: Icon }> = {
  waiting: { color: 'gray.7', icon: IconClock },
  notified: { color: 'blue.9', icon: IconSend },
  success: { color: 'teal.9', icon: IconCircleCheck },
  error: { color: 'red.9', icon: IconCircleX },
  other: { color: 'violet.9', icon: IconHelpCircle },
};

/** Packages assigned to the computer, with their statuses (colour + icon + text). */
export function PackagesPanel({ packages }: { packages: AssignedPackage[] }) {
  const { t } = useTranslation('computers');
  if (!packages.length) return <Text>{t('packages.none')}</Text>;
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
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
