import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { CountList } from './count-list';
import { DashCard } from './dash-card';

/** SNMP devices per type within the operator's perimeter; each type opens its list. */
export function SnmpCard() {
  const { t, i18n } = useTranslation('home');
  const types = useRoute('snmp.types', {}, { staleTime: 60_000 });
  const list = types.data?.types ?? [];
  const total = list.reduce((s, x) => s + x.devices, 0);
  const today = list.reduce((s, x) => s + x.today, 0);
  const nf = new Intl.NumberFormat(i18n.language);
  return (
    <DashCard title={t('snmp.title')} loading={types.isLoading} testId="dash-snmp">
      <ErrorAlert error={types.error} />
      {types.data ? (
        list.length ? (
          <>
            <Text size="sm" mb="xs" data-testid="dash-snmp-total" data-count={total}>
              {t('snmp.total', { count: total, total: nf.format(total), today: nf.format(today) })}
            </Text>
            <CountList
              label={t('snmp.title')}
              testId="dash-snmp-list"
              of={Math.max(...list.map((x) => x.devices), 1)}
              items={list.map((x) => ({
                key: String(x.id),
                label: x.name,
                count: x.devices,
                to: `/snmp?type=${x.id}`,
              }))}
            />
          </>
        ) : (
          <Text size="sm">{t('snmp.none')}</Text>
        )
      ) : null}
    </DashCard>
  );
}
