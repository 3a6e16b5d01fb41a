import type { ColumnInfo } from '@shared/contract/computers';
import { Button, Checkbox, Group, Popover, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { columnLabel } from './format';

const TABLES: ColumnInfo['table'][] = ['hardware', 'bios', 'accountinfo'];

/** Which columns the grid shows: hardware, BIOS and admin-info fields; the order of choice is kept. */
export function ColumnChooser({
  all,
  chosen,
  defaults,
  onChange,
}: {
  all: ColumnInfo[];
  chosen: string[];
  defaults: string[];
  onChange: (columns: string[]) => void;
}) {
  const { t } = useTranslation('computers');
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const set = new Set(chosen);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((c) => c !== id);
    if (next.length) onChange(next);
  };
  return (
    <Popover width={340} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} aria-hidden />}>
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label={t('list.columns')}>
        <Stack gap="xs">
          <TextInput
            size="xs"
            label={t('list.findColumn')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
          <ScrollArea.Autosize mah={360} type="auto">
            <Stack gap={6} pr="sm">
              {TABLES.map((table) => {
                const cols = all
                  .map((c) => ({ ...c, label: columnLabel(t, c.id, c.label) }))
                  .filter((c) => c.table === table && (!needle || c.label.toLowerCase().includes(needle)));
                if (!cols.length) return null;
                return (
                  <Stack key={table} gap={4} role="group" aria-labelledby={`colgroup-${table}`}>
                    <Text id={`colgroup-${table}`} size="xs" fw={700} tt="uppercase">
                      {t(`list.table.${table}`)}
                    </Text>
                    {cols.map((c) => (
                      <Checkbox
                        key={c.id}
                        size="xs"
                        label={c.label}
                        checked={set.has(c.id)}
                        disabled={set.has(c.id) && chosen.length === 1}
                        onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                      />
                    ))}
                  </Stack>
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
          <Group justify="flex-end">
            <Button size="compact-sm" variant="subtle" onClick={() => onChange(defaults)}>
              {t('list.defaultColumns')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
