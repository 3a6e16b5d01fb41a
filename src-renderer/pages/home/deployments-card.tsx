import type { DashboardSummary } from '@shared/contract/dashboard';
import type { Criterion } from '@shared/contract/computers';
import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import classes from '../computers/computers.module.css';
import { DashCard } from './dash-card';
import { searchLink } from './links';

const status = (value: string, fileId?: string): Criterion => ({
  field: 'devices.DOWNLOAD',
  op: 'EQUAL',
  value,
  ...(fileId ? { qualifier: fileId } : {}),
});
/** In progress = no answer yet (WAITING) or NOTIFIED; failing = ERR_* / EXIT_CODE_* (the search's ERROR). */
const inProgressLink = (fileId?: string) =>
  searchLink([status('WAITING', fileId), status('NOTIFIED', fileId)], 'any');
const failingLink = (fileId?: string) => searchLink([status('ERROR', fileId)]);

export function DeploymentsCard({ data, loading }: { data: DashboardSummary | undefined; loading: boolean }) {
  const { t, i18n } = useTranslation('home');
  const nf = new Intl.NumberFormat(i18n.language);
  const d = data?.deployments;
  return (
    <DashCard title={t('deployments.title')} loading={loading} testId="dash-deployments">
      {d ? (
        <Stack gap="xs">
          <Group grow>
            <Anchor
              component={Link}
              to={inProgressLink()}
              className={classes.link}
              data-testid="dash-inprogress"
            >
              <Text span fz={24} fw={700} data-count={d.inProgress}>
                {nf.format(d.inProgress)}
              </Text>{' '}
              <Text span size="sm">
                {t('deployments.inProgress', { count: d.inProgress })}
              </Text>
            </Anchor>
            <Anchor component={Link} to={failingLink()} className={classes.link} data-testid="dash-failing">
              <Text span fz={24} fw={700} data-count={d.failing}>
                {nf.format(d.failing)}
              </Text>{' '}
              <Text span size="sm">
                {t('deployments.failing', { count: d.failing })}
              </Text>
            </Anchor>
          </Group>
          {d.packages.length ? (
            <Table striped aria-label={t('deployments.perPackage')} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('deployments.package')}</Table.Th>
                  <Table.Th ta="right">{t('deployments.inProgressCol')}</Table.Th>
                  <Table.Th ta="right">{t('deployments.failingCol')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.packages.map((p) => (
                  <Table.Tr key={p.fileId}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td ta="right">
                      <Anchor component={Link} to={inProgressLink(p.fileId)} className={classes.link}>
                        {nf.format(p.inProgress)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Anchor component={Link} to={failingLink(p.fileId)} className={classes.link}>
                        {nf.format(p.failing)}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              {t('deployments.none')}
            </Text>
          )}
        </Stack>
      ) : null}
    </DashCard>
  );
}
