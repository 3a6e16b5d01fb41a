import { DUPLICATE_CRITERIA, type DuplicateCriterion } from '@shared/contract/duplicates';
import { SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import classes from './duplicates.module.css';

/** One card per criterion with its count of groups; the selected one drives the groups table. */
export function SummaryCards({
  value,
  onChange,
}: {
  value: DuplicateCriterion;
  onChange: (c: DuplicateCriterion) => void;
}) {
  const { t, i18n } = useTranslation('duplicates');
  const summary = useRoute('duplicates.summary', {});
  const fmt = new Intl.NumberFormat(i18n.language);
  return (
    <>
      <ErrorAlert error={summary.error} />
      <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} data-testid="duplicates-summary">
        {DUPLICATE_CRITERIA.map((c) => {
          const row = summary.data?.find((r) => r.criterion === c);
          return (
            <UnstyledButton
              key={c}
              className={classes.card}
              data-active={c === value || undefined}
              aria-pressed={c === value}
              data-criterion={c}
              onClick={() => onChange(c)}
            >
              <Text size="sm" c="dimmed">
                {t(`criterion.${c}`)}
              </Text>
              <Text fw={700} size="xl" data-count>
                {row ? fmt.format(row.groups) : '…'}
              </Text>
              <Text size="xs" c="dimmed">
                {row ? t('computersCount', { count: row.computers, n: fmt.format(row.computers) }) : ' '}
              </Text>
            </UnstyledButton>
          );
        })}
      </SimpleGrid>
    </>
  );
}
