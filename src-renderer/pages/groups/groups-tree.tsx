import type { GroupSummary } from '@shared/contract/groups';
import { Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface TreeRow {
  group: GroupSummary;
  depth: number;
}

/** Groups as a drill-down tree: each nested group under its parent, in name order at each level. */
export function treeRows(groups: GroupSummary[]): TreeRow[] {
  const ids = new Set(groups.map((g) => g.id));
  const children = new Map<number | null, GroupSummary[]>();
  for (const g of groups) {
    // A parent the caller cannot see (hidden) leaves the child at the top.
    const p = g.parentId !== null && ids.has(g.parentId) ? g.parentId : null;
    children.set(p, [...(children.get(p) ?? []), g]);
  }
  const out: TreeRow[] = [];
  const seen = new Set<number>();
  const walk = (p: number | null, depth: number) => {
    for (const g of children.get(p) ?? []) {
      if (seen.has(g.id)) continue;
      seen.add(g.id);
      out.push({ group: g, depth });
      walk(g.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function when(iso: string | null, lang: string): string {
  return iso ? new Date(iso).toLocaleString(lang) : '';
}

export function GroupsTree({
  groups,
  selected,
  onSelect,
}: {
  groups: GroupSummary[];
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  const { t, i18n } = useTranslation('groups');
  const rows = treeRows(groups);
  return (
    <Table withTableBorder striped highlightOnHover data-testid="groups-table">
      <Table.Caption>{rows.length ? t('list.caption') : t('list.empty')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('list.name')}</Table.Th>
          <Table.Th>{t('list.kind')}</Table.Th>
          <Table.Th ta="right">{t('list.members')}</Table.Th>
          <Table.Th ta="right">{t('list.excluded')}</Table.Th>
          <Table.Th>{t('list.created')}</Table.Th>
          <Table.Th>{t('list.computed')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ group: g, depth }) => (
          <Table.Tr
            key={g.id}
            data-testid="group-row"
            data-group={g.name}
            aria-selected={selected === g.id}
            bg={selected === g.id ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Table.Td>
              <UnstyledButton
                onClick={() => onSelect(g.id)}
                pl={depth * 20}
                aria-label={t('list.open', { name: g.name })}
              >
                <Group gap={6} wrap="nowrap">
                  {depth ? <Text aria-hidden>└</Text> : null}
                  <Text fw={600} size="sm">
                    {g.name}
                  </Text>
                  {!g.visible ? <IconEyeOff size={14} aria-label={t('list.hidden')} /> : null}
                </Group>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {g.description}
                </Text>
              </UnstyledButton>
            </Table.Td>
            <Table.Td>
              <Badge color={g.kind === 'dynamic' ? 'blue.9' : 'gray.8'} variant="filled">
                {t(`kind.${g.kind}`)}
              </Badge>
              {g.legacy ? (
                <Badge ml={4} color="orange.9" variant="filled">
                  {t('kind.legacy')}
                </Badge>
              ) : null}
            </Table.Td>
            <Table.Td ta="right" data-testid="group-members">
              {g.members}
            </Table.Td>
            <Table.Td ta="right">{g.excluded}</Table.Td>
            <Table.Td>{when(g.createdAt, i18n.language)}</Table.Td>
            <Table.Td>
              {g.kind === 'dynamic' ? when(g.computedAt, i18n.language) || t('list.never') : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
