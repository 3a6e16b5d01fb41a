import type { NameCountsState } from '@shared/contract/software';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * `refetchInterval` of a page whose total waits for a background count (All software's, CVE's tally):
 * asked again every 3 s while that count runs and nothing is kept yet.
 */
export const askAgainWhileCounting = (q: {
  state: { data?: { total: number | null; counts: NameCountsState } };
}): number | false => (q.state.data?.total === null && q.state.data.counts.countingSince ? 3000 : false);

/**
 * The state of All software's background count (src-main/software/name-counts.ts) in one line: since
 * when it runs, that it failed, or when the figures shown were counted. The texts are the caller's
 * (`countingSince`, `countTimeout`, `countFailed`, `countedAt` in its namespace): All software and the
 * CVE list word what waits for the count differently.
 */
export function CountsNote({
  counts,
  t,
  showFailed = true,
  testId,
}: {
  counts: NameCountsState | undefined;
  t: (key: string, params?: Record<string, unknown>) => string;
  /** Say that the last count failed (the CVE list says it only while it has no rows). */
  showFailed?: boolean;
  testId: string;
}) {
  const { i18n } = useTranslation();
  if (!counts) return null;
  const at = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }).format(new Date(iso));
  const text = counts.countingSince
    ? t('countingSince', { time: at(counts.countingSince) })
    : showFailed && counts.failed
      ? t(counts.failed === 'timeout' ? 'countTimeout' : 'countFailed')
      : counts.computedAt
        ? t('countedAt', { time: at(counts.computedAt) })
        : '';
  if (!text) return null;
  return (
    <Text size="sm" c="dimmed" data-testid={testId} aria-live="polite">
      {text}
    </Text>
  );
}
