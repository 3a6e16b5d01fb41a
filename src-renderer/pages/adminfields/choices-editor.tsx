import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface ChoiceRow {
  /** Stored number of an existing choice; null for a new one. */
  value: string | null;
  label: string;
  key: number;
}

let seq = 0;
export const newChoice = (label = '', value: string | null = null): ChoiceRow => ({
  value,
  label,
  key: ++seq,
});

/** An editable list of choices (select / radio / checkbox fields). */
export function ChoicesEditor({
  rows,
  onChange,
}: {
  rows: ChoiceRow[];
  onChange: (rows: ChoiceRow[]) => void;
}) {
  const { t } = useTranslation('adminfields');
  return (
    <Stack gap="xs" data-testid="choices-editor">
      <Text size="sm" fw={500}>
        {t('form.choices')}
      </Text>
      {rows.map((r, i) => (
        <Group key={r.key} gap="xs" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            aria-label={t('form.choice', { n: i + 1 })}
            value={r.label}
            onChange={(e) => {
              const label = e.currentTarget.value;
              onChange(rows.map((x) => (x.key === r.key ? { ...x, label } : x)));
            }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('form.removeChoice', { n: i + 1 })}
            disabled={rows.length <= 1}
            onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, newChoice()])}
        >
          {t('form.addChoice')}
        </Button>
      </Group>
    </Stack>
  );
}
