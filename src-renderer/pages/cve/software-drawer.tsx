import type { VulnerableSoftware } from '@shared/contract/cve';
import { Anchor, Drawer, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { GridPager } from '../../components/data-grid/grid-pager';
import { useGridPage } from '../../components/data-grid/paged-grid';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { CveTable } from './cve-table';

/** One vulnerable software: its CVEs, then the computers of the perimeter that have it (each opens). */
export function SoftwareDrawer({
  software,
  onClose,
}: {
  software: VulnerableSoftware | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['cve', 'common']);
  const key = software
    ? { nameId: software.nameId, publisherId: software.publisherId, versionId: software.versionId }
    : { nameId: 0, publisherId: 0, versionId: 0 };
  const { pageSize, offset, pagerProps } = useGridPage(JSON.stringify(key), 25);
  const cves = useRoute('cve.cves', key, { enabled: !!software });
  const computers = useRoute(
    'cve.computers',
    { ...key, offset, limit: pageSize },
    { enabled: !!software, keepPrevious: true },
  );
  const names = software ? { name: software.name, version: software.version } : { name: '', version: '' };
  return (
    <Drawer
      opened={!!software}
      onClose={onClose}
      position="right"
      size="xl"
      title={`${names.name} ${names.version}`}
      closeButtonProps={{ 'aria-label': t('common:action.close') }}
    >
      <Stack data-testid="cve-drawer">
        <ErrorAlert error={cves.error ?? computers.error} />
        <Title order={3} size="h4">
          {t('cvesOf', names)}
        </Title>
        <CveTable rows={cves.data?.rows ?? []} label={t('cvesOf', names)} />
        <Title order={3} size="h4">
          {t('computersOf', names)} ({t('computersCount', { count: computers.data?.total ?? 0 })})
        </Title>
        <Table striped withTableBorder aria-label={t('computersOf', names)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.computer')}</Table.Th>
              <Table.Th>{t('col.tag')}</Table.Th>
              <Table.Th>{t('col.lastdate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(computers.data?.rows ?? []).map((c) => (
              <Table.Tr key={c.id} data-computer={c.name}>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/computers/${c.id}`}
                    size="sm"
                    aria-label={t('openComputer', { name: c.name })}
                  >
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.tag ?? ''}</Table.Td>
                <Table.Td>{c.lastdate ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <GridPager total={computers.data?.total ?? 0} {...pagerProps} />
      </Stack>
    </Drawer>
  );
}
