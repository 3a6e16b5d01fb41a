import { Group, Loader, Text } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { numberFormat } from '../../i18n/number-format';
import { useVisibleRows, type RangeStore } from './use-row-blocks';

/**
 * Under a virtual list: which rows are on screen and of how many. Until the count arrives the total
 * reads "at least N" (the rows already known) beside a spinner; the list is already usable. A count the
 * server gave up on (over its time budget) reads "more than N". Memoised: it renders as the rows on
 * screen change (each scroll step), not each time the list's owner does.
 */
export const GridScrollStatus = memo(function GridScrollStatus({
  visible,
  total,
  atLeast,
  counting,
}: {
  /** The rows on screen (useRowBlocks' `visible`): only this footer renders as they change. */
  visible: RangeStore;
  /** The exact number of rows, or null while counting. */
  total: number | null;
  /** Rows known so far (shown while counting). */
  atLeast: number;
  /** The count is still running (false with a null total: the server did not count). */
  counting: boolean;
}) {
  const { t, i18n } = useTranslation('grid');
  const { start, end } = useVisibleRows(visible);
  const nf = numberFormat(i18n.language);
  const count = total ?? atLeast;
  const from = count === 0 ? 0 : Math.min(start + 1, count);
  const to = Math.min(end + 1, count);
  const args = { from: nf.format(from), to: nf.format(to), total: nf.format(count), count };
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" data-testid="grid-range" data-total={total ?? undefined}>
        {total !== null ? t('range', args) : counting ? t('rangeAtLeast', args) : t('rangeMoreThan', args)}
      </Text>
      {total === null && counting ? (
        <Loader size={14} aria-label={t('counting')} data-testid="grid-counting" />
      ) : null}
    </Group>
  );
});
