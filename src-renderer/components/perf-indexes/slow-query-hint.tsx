import { Alert, Anchor, Text } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { missingIndexes, PROPOSE_FROM_COMPUTERS, SLOW_QUERY_MS, WHOLE_FLEET } from './perf-indexes';

/**
 * How long the last fetch took as the operator waited for it (from `isFetching` going true to false),
 * in ms; null until one took SLOW_QUERY_MS or more.
 */
function useSlowFetch(isFetching: boolean): number | null {
  const started = useRef<number | null>(null);
  const [slowMs, setSlowMs] = useState<number | null>(null);
  useEffect(() => {
    if (isFetching) {
      started.current = performance.now();
      return;
    }
    if (started.current === null) return;
    const ms = performance.now() - started.current;
    started.current = null;
    if (ms >= SLOW_QUERY_MS) setSlowMs(ms);
  }, [isFetching]);
  return slowMs;
}

/**
 * Under the computers grid (list and search): once a page was slow, on a fleet of
 * PROPOSE_FROM_COMPUTERS or more, and the optional indexes are missing, says that they would make it faster and where to create them. The index status is only
 * read after a slow page, so a fast console pays nothing for it.
 */
export function SlowQueryHint({ isFetching }: { isFetching: boolean }) {
  const { t, i18n } = useTranslation('indexes');
  const slowMs = useSlowFetch(isFetching);
  // On a small fleet a slow page has another cause (a loaded server): the indexes would not help.
  const fleet = useRoute('computers.total', WHOLE_FLEET, { enabled: slowMs !== null, staleTime: 60_000 });
  const big = (fleet.data?.total ?? 0) >= PROPOSE_FROM_COMPUTERS;
  const report = useRoute('computers.perfIndexes', {}, { enabled: big, staleTime: 60_000 });
  if (slowMs === null || !big || missingIndexes(report.data).length === 0) return null;
  return (
    <Alert
      variant="light"
      color="yellow"
      p="xs"
      icon={<IconClockExclamation aria-hidden />}
      title={t('slow.title', {
        seconds: new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(slowMs / 1000),
      })}
      data-testid="slow-query-hint"
      styles={{
        title: { color: 'var(--mantine-color-text)' },
        message: { color: 'var(--mantine-color-text)' },
      }}
    >
      <Text size="sm">{t('slow.message')}</Text>
      {/* The text colour, underlined: the link colour lacks contrast on the yellow alert in dark mode. */}
      <Anchor
        component={Link}
        to="/diagnostics#indexes"
        size="sm"
        underline="always"
        style={{ color: 'var(--mantine-color-text)' }}
      >
        {t('slow.review')}
      </Anchor>
    </Alert>
  );
}
