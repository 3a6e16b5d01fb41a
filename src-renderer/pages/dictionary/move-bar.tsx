import { RESERVED_CATEGORIES, type DictionaryTarget } from '@shared/contract/dictionary';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const NEW_CATEGORY = '\u0000new';

/** Administrator bar: move the selected names to IGNORED, UNCHANGED, an existing or a new category. */
export function MoveBar(props: {
  count: number;
  categories: string[];
  pending: boolean;
  onMove: (to: DictionaryTarget) => void;
}) {
  const { t } = useTranslation('dictionary');
  const [target, setTarget] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const trimmed = newName.trim();
  const reserved = RESERVED_CATEGORIES.some((r) => r === trimmed.toUpperCase());
  const taken = props.categories.some((c) => c.toLowerCase() === trimmed.toLowerCase());
  const newError = reserved ? t('move.reserved') : taken ? t('move.exists') : null;
  const ready =
    props.count > 0 &&
    !!target &&
    (target !== NEW_CATEGORY || (trimmed.length > 0 && trimmed.length <= 255 && !newError));

  const submit = () => {
    if (!target) return;
    if (target === 'IGNORED' || target === 'UNCHANGED') props.onMove({ kind: target });
    else if (target === NEW_CATEGORY) props.onMove({ kind: 'CATEGORY', name: trimmed, create: true });
    else props.onMove({ kind: 'CATEGORY', name: target.slice(4) });
  };

  return (
    <Group align="end" data-testid="move-bar">
      <Select
        label={t('move.to')}
        placeholder={t('move.choose')}
        value={target}
        onChange={setTarget}
        w={260}
        data={[
          {
            group: t('move.tabs'),
            items: [
              { value: 'IGNORED', label: t('tab.IGNORED') },
              { value: 'UNCHANGED', label: t('tab.UNCHANGED') },
            ],
          },
          {
            group: t('move.categories'),
            items: [
              { value: NEW_CATEGORY, label: t('move.newCategory') },
              ...props.categories.map((c) => ({ value: `cat:${c}`, label: c })),
            ],
          },
        ]}
      />
      {target === NEW_CATEGORY ? (
        <TextInput
          label={t('move.newName')}
          value={newName}
          maxLength={255}
          error={newError}
          onChange={(e) => setNewName(e.currentTarget.value)}
        />
      ) : null}
      <Button color="blue.8" disabled={!ready} loading={props.pending} onClick={submit}>
        {t('move.submit', { count: props.count })}
      </Button>
    </Group>
  );
}
