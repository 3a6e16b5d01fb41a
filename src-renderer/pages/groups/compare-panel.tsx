import type { GroupSummary } from '@shared/contract/groups';
import { Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoute } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';

/** Two groups side by side: only in A, only in B, in both (members, inside the caller's perimeter). */
export function ComparePanel({ groups, initialA }: { groups: GroupSummary[]; initialA: number | null }) {
  const { t } = useTranslation('groups');
  const [a, setA] = useState<string | null>(initialA ? String(initialA) : null);
  const [b, setB] = useState<string | null>(null);
  const data = groups.map((g) => ({ value: String(g.id), label: g.name }));
  const cmp = useRoute('groups.compare', { a: Number(a), b: Number(b), limit: 50 }, { enabled: !!a && !!b });
  const part = (key: 'onlyA' | 'onlyB' | 'both') => (
    <Stack gap={4} data-testid={`compare-${key}`}>
      <Text fw={600}>
        {t(`compare.${key}`)}: {cmp.data?.[key] ?? 0}
      </Text>
      {(cmp.data?.rows[key] ?? []).map((m) => (
        <Text size="sm" key={m.id}>
          <Link to={`/computers/${m.id}`}>{m.name ?? m.id}</Link>
        </Text>
      ))}
    </Stack>
  );
  return (
    <Paper withBorder p="md" data-testid="compare-panel">
      <Stack gap="sm">
        <Title order={3}>{t('compare.title')}</Title>
        <Group>
          <Select w={260} label={t('compare.a')} data={data} value={a} onChange={setA} searchable />
          <Select w={260} label={t('compare.b')} data={data} value={b} onChange={setB} searchable />
        </Group>
        <ErrorAlert error={cmp.error} />
        {cmp.data ? (
          <SimpleGrid cols={3}>
            {part('onlyA')}
            {part('onlyB')}
            {part('both')}
          </SimpleGrid>
        ) : null}
      </Stack>
    </Paper>
  );
}
