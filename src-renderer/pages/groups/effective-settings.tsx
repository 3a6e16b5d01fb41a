import { Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** On a computer's page: the value of each setting the comm server applies, which layer wins and why. */
export function EffectiveSettings({ id }: { id: number }) {
  const { t } = useTranslation('groups');
  const eff = useRoute('groups.effectiveSettings', { id });
  return (
    <>
      <Title order={4} mt="md">
        {t('effective.title')}
      </Title>
      <ErrorAlert error={eff.error} />
      <Table withTableBorder fz="sm" data-testid="effective-settings" aria-label={t('effective.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('effective.value')}</Table.Th>
            <Table.Th>{t('effective.from')}</Table.Th>
            <Table.Th>{t('effective.why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(eff.data ?? []).map((s) => (
            <Table.Tr key={s.name} data-effective-setting={s.name}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{s.value ?? ''}</Table.Td>
              <Table.Td data-testid="effective-source">
                {s.source === 'group' && s.group ? (
                  <Link to={`/groups?id=${s.group.id}`}>{t('effective.group', { name: s.group.name })}</Link>
                ) : (
                  t(`effective.${s.source}`)
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs">{s.rule}</Text>
                <Text size="xs" c="dimmed">
                  {s.layers
                    .map(
                      (l) =>
                        `${l.source === 'group' ? l.name : t(`effective.${l.source}`)}: ${l.value ?? '—'}`,
                    )
                    .join(' · ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
