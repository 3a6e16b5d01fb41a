import { Group, Pagination, Select, Text } from '@mantine/core';
import { useId } from 'react';
import { numberFormat } from '../../i18n/number-format';
import { useTranslation } from 'react-i18next';

export const PAGE_SIZES = [25, 50, 100, 200, 500];

/** Classic pager under a server-paged grid: total, page size (25-500), "page 37". */
export function GridPager({
  total,
  page,
  pageSize,
  onPage,
  onPageSize,
  counting = false,
}: {
  /** With `counting`, a lower bound (the rows known so far, +1 when a next page may exist). */
  total: number;
  /** The total is still being counted: the range says so instead of "of N". */
  counting?: boolean;
  /** 1-based. */
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const { t, i18n } = useTranslation('grid');
  const sizeId = useId();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const nf = numberFormat(i18n.language);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" data-testid="grid-range" data-total={counting ? undefined : total} aria-live="polite">
        {counting
          ? t('rangeCounting', { from: nf.format(from), to: nf.format(Math.min(to, page * pageSize)) })
          : t('range', { from: nf.format(from), to: nf.format(to), total: nf.format(total), count: total })}
      </Text>
      <Group gap="sm">
        <Group gap={6} wrap="nowrap">
          <Text size="sm" component="label" htmlFor={sizeId}>
            {t('pageSize')}
          </Text>
          <Select
            id={sizeId}
            size="xs"
            w={84}
            data={PAGE_SIZES.map(String)}
            value={String(pageSize)}
            allowDeselect={false}
            onChange={(v) => v && onPageSize(Number(v))}
          />
        </Group>
        <Pagination
          size="sm"
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          siblings={1}
          boundaries={1}
          withEdges
          getControlProps={(control) => ({ 'aria-label': t(`page.${control}`) })}
          getItemProps={(p) => ({ 'aria-label': t('page.number', { page: p }) })}
        />
      </Group>
    </Group>
  );
}
