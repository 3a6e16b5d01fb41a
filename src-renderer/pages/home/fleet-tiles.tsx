import type { DashboardSummary } from '@shared/contract/dashboard';
import { Card, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import classes from '../computers/computers.module.css';
import { searchLink } from './links';

/** Total, seen within a day / week / month, not seen for 30 days: each opens the computers it counts. */
export function FleetTiles({ data }: { data: DashboardSummary | undefined }) {
  const { t, i18n } = useTranslation('home');
  const nf = new Intl.NumberFormat(i18n.language);
  const contact = (op: 'NEWER_THAN_DAYS' | 'OLDER_THAN_DAYS', days: number) =>
    searchLink([{ field: 'hardware.LASTCOME', op, value: String(days) }]);
  const tiles = [
    { id: 'total', count: data?.total, to: searchLink([]) },
    { id: 'seenDay', count: data?.seen.day, to: contact('NEWER_THAN_DAYS', 1) },
    { id: 'seenWeek', count: data?.seen.week, to: contact('NEWER_THAN_DAYS', 7) },
    { id: 'seenMonth', count: data?.seen.month, to: contact('NEWER_THAN_DAYS', 30) },
    { id: 'notSeen30', count: data?.notSeen30, to: contact('OLDER_THAN_DAYS', 30) },
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      {tiles.map((tile) => (
        <UnstyledButton
          key={tile.id}
          component={Link}
          to={tile.to}
          data-testid={`tile-${tile.id}`}
          aria-label={`${t(`fleet.${tile.id}`)}: ${tile.count === undefined ? '…' : nf.format(tile.count)}`}
        >
          <Card withBorder h="100%">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t(`fleet.${tile.id}`)}
            </Text>
            <Text
              fz={28}
              fw={700}
              className={tile.id === 'notSeen30' && tile.count ? classes.lateIcon : undefined}
              data-count={tile.count}
              data-testid={tile.id === 'total' ? 'home-computers' : undefined}
            >
              {tile.count === undefined ? '…' : nf.format(tile.count)}
            </Text>
            {data && data.total > 0 && tile.id !== 'total' ? (
              <Text size="xs" c="dimmed">
                {t('fleet.share', {
                  share: new Intl.NumberFormat(i18n.language, {
                    style: 'percent',
                    maximumFractionDigits: 0,
                  }).format((tile.count ?? 0) / data.total),
                })}
              </Text>
            ) : null}
          </Card>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}
