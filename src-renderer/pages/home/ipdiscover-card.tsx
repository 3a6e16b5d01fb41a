import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from '../computers/computers.module.css';
import { DashCard } from './dash-card';

/** Hosts the IP discovery agents saw that are neither inventoried nor identified, per network. */
export function IpdiscoverCard() {
  const { t, i18n } = useTranslation('home');
  const nets = useRoute('ipdiscover.networks', {}, { staleTime: 60_000 });
  const nf = new Intl.NumberFormat(i18n.language);
  const pf = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const rows = nets.data ?? [];
  const inv = rows.reduce((s, r) => s + r.inventoried, 0);
  const non = rows.reduce((s, r) => s + r.nonInventoried, 0);
  const worst = [...rows]
    .filter((r) => r.nonInventoried > 0)
    .sort((a, b) => b.nonInventoried - a.nonInventoried || a.netId.localeCompare(b.netId))
    .slice(0, 5);
  return (
    <DashCard title={t('ipd.title')} loading={nets.isLoading} testId="dash-ipdiscover">
      <ErrorAlert error={nets.error} />
      {nets.data ? (
        <Stack gap="xs">
          <Group gap="lg">
            <Anchor
              component={Link}
              to="/ipdiscover"
              className={classes.link}
              data-testid="dash-noninventoried"
            >
              <Text span fz={24} fw={700} data-count={non}>
                {nf.format(non)}
              </Text>{' '}
              <Text span size="sm">
                {t('ipd.nonInventoried', { count: non })}
              </Text>
            </Anchor>
            <Text size="sm">
              {inv + non > 0
                ? t('ipd.coverage', { share: pf.format(inv / (inv + non)), networks: nf.format(rows.length) })
                : t('ipd.noNetworks')}
            </Text>
          </Group>
          {worst.length ? (
            <Table striped aria-label={t('ipd.perNetwork')} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ipd.network')}</Table.Th>
                  <Table.Th ta="right">{t('ipd.nonInventoriedCol')}</Table.Th>
                  <Table.Th ta="right">{t('ipd.inventoriedCol')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {worst.map((r) => (
                  <Table.Tr key={r.netId}>
                    <Table.Td>
                      {r.netId}
                      {r.name ? ` (${r.name})` : ''}
                    </Table.Td>
                    <Table.Td ta="right">{nf.format(r.nonInventoried)}</Table.Td>
                    <Table.Td ta="right">{nf.format(r.inventoried)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      ) : null}
    </DashCard>
  );
}
