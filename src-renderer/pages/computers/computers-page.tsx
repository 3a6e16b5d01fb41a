import type { ComputerFilter, Criterion, SearchOp } from '@shared/contract/computers';
import { CloseButton, Group, Pill, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useRoute } from '../../api/hooks';
import { WHOLE_FLEET } from '../../components/perf-indexes/perf-indexes';
import { numberFormat } from '../../i18n/number-format';
import { ComputerResults } from './computer-results';
import { columnLabel } from './format';

/** A criterion passed in the URL (`?field=accountinfo.TAG&op=EQUAL&value=X`), e.g. from TAG repartition. */
function urlCriterion(p: URLSearchParams): Criterion | null {
  const field = p.get('field');
  if (!field || !/^[a-z_]+\.[A-Za-z0-9_]+$/.test(field)) return null;
  return { field, op: (p.get('op') ?? 'EQUAL') as SearchOp, value: p.get('value') ?? '' };
}

/** All computers: server-side paged and sorted, chosen columns, quick filter. */
export default function ComputersPage() {
  const { t, i18n } = useTranslation(['computers', 'nav']);
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  const inputRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => inputRef.current?.focus()]]);
  const quick = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('p') ?? 1) || 1);
  const crit = urlCriterion(params);
  const filter: ComputerFilter = { quick: quick || undefined, criteria: crit ? [crit] : [], match: 'all' };
  const fields = useRoute('search.fields', {}, { staleTime: 60_000, enabled: !!crit });
  const critLabel = crit
    ? columnLabel(t, crit.field, fields.data?.find((f) => f.key === crit.field)?.label ?? crit.field)
    : '';
  // The same request as the grid's total on the unfiltered list (one count of the fleet, not two).
  const total = useRoute('computers.total', WHOLE_FLEET, { staleTime: 10_000 });

  const update = (patch: Record<string, string | null>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace },
    );
  const setQuick = useDebouncedCallback((v: string) => update({ q: v.trim(), p: null }, true), 300);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={2}>
          {t('nav:computers')}{' '}
          {total.data && total.data.total !== null ? (
            <Text span fz="lg" data-testid="computers-total">
              ({numberFormat(i18n.language).format(total.data.total)})
            </Text>
          ) : null}
        </Title>
      </Group>
      <ComputerResults
        route="computers.list"
        filter={filter}
        page={page}
        onPage={(p) => update({ p: p > 1 ? String(p) : null })}
        toolbar={
          <>
            <TextInput
              ref={inputRef}
              w={300}
              label={t('list.quickFilter')}
              description={t('list.quickFilterHint')}
              styles={{ description: { color: 'var(--mantine-color-text)' } }}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                setQuick(e.currentTarget.value);
              }}
              rightSection={
                text ? (
                  <CloseButton
                    aria-label={t('list.clearFilter')}
                    onClick={() => {
                      setText('');
                      update({ q: null, p: null });
                    }}
                  />
                ) : null
              }
            />
            {crit ? (
              <Pill
                size="lg"
                withRemoveButton
                removeButtonProps={{ 'aria-label': t('list.removeCriterion') }}
                onRemove={() => update({ field: null, op: null, value: null, p: null })}
                data-testid="url-criterion"
              >
                {critLabel} {t(`search:op.${crit.op}`)} {crit.value || t('list.emptyValue')}
              </Pill>
            ) : null}
          </>
        }
      />
    </Stack>
  );
}
