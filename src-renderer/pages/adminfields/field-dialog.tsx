import type { AdminTab, FieldType } from '@shared/contract/adminfields';
import type { AdminField } from '@shared/contract/computers';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/hooks';
import { ErrorAlert } from '../../components/error-alert/error-alert';
import { notifyDone } from '../../components/error-alert/notify';
import { ChoicesEditor, newChoice, type ChoiceRow } from './choices-editor';

const TYPES: FieldType[] = ['text', 'textarea', 'select', 'radio', 'checkbox', 'date'];
const WITH_CHOICES = new Set<string>(['select', 'radio', 'checkbox']);
const INVALIDATES = ['adminfields.list', 'computers.columns', 'computers.detail', 'search.fields'] as const;

function tabData(tabs: AdminTab[]) {
  return tabs.map((tb) => ({ value: String(tb.id), label: tb.label || String(tb.id) }));
}

/** Creates a field, or edits one (label, tab, choices) when `field` is set. */
export function FieldDialog({
  opened,
  onClose,
  tabs,
  field,
}: {
  opened: boolean;
  onClose: () => void;
  tabs: AdminTab[];
  field: AdminField | null;
}) {
  const { t } = useTranslation('common');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<DialogTitle field={field} />}
      size="lg"
      closeButtonProps={{ 'aria-label': t('action.close') }}
    >
      {opened ? <FieldForm key={field?.column ?? 'new'} field={field} tabs={tabs} onDone={onClose} /> : null}
    </Modal>
  );
}

function DialogTitle({ field }: { field: AdminField | null }) {
  const { t } = useTranslation('adminfields');
  return <>{field ? t('form.editTitle', { name: field.name }) : t('form.createTitle')}</>;
}

function FieldForm({
  field,
  tabs,
  onDone,
}: {
  field: AdminField | null;
  tabs: AdminTab[];
  onDone: () => void;
}) {
  const { t } = useTranslation(['adminfields', 'common']);
  const create = useAction('adminfields.create', { invalidates: [...INVALIDATES] });
  const update = useAction('adminfields.update', { invalidates: [...INVALIDATES] });
  const [name, setName] = useState('');
  const [label, setLabel] = useState(field?.label ?? '');
  const [type, setType] = useState<FieldType>('text');
  const [tab, setTab] = useState(String(field?.tab ?? tabs[0]?.id ?? 1));
  const [choices, setChoices] = useState<ChoiceRow[]>(
    field ? field.choices.map((c) => newChoice(c.label, c.value)) : [newChoice()],
  );
  const hasChoices = field ? WITH_CHOICES.has(field.type) && field.column !== 'TAG' : WITH_CHOICES.has(type);
  const done = (message: string) => {
    notifyDone(message);
    onDone();
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const labels = choices.map((c) => c.label.trim()).filter(Boolean);
    if (field?.fieldId != null) {
      update.mutate(
        {
          fieldId: field.fieldId,
          label,
          tab: Number(tab),
          ...(hasChoices
            ? {
                choices: choices
                  .filter((c) => c.label.trim())
                  .map((c) => ({ value: c.value, label: c.label.trim() })),
              }
            : {}),
        },
        { onSuccess: () => done(t('form.saved')) },
      );
    } else {
      create.mutate(
        { name, label, type, tab: Number(tab), choices: hasChoices ? labels : [] },
        { onSuccess: (f) => done(t('form.created', { name: f.name })) },
      );
    }
  };
  return (
    <form onSubmit={submit} data-testid="field-form">
      <Stack>
        <ErrorAlert error={create.error ?? update.error} />
        {field ? null : (
          <TextInput
            label={t('fields.name')}
            description={t('form.nameHint')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        )}
        <TextInput
          label={t('fields.label')}
          required
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        {field ? null : (
          <Select
            label={t('fields.type')}
            allowDeselect={false}
            data={TYPES.map((v) => ({ value: v, label: t(`types.${v}`) }))}
            value={type}
            onChange={(v) => setType((v as FieldType | null) ?? 'text')}
          />
        )}
        <Select
          label={t('fields.tab')}
          allowDeselect={false}
          data={tabData(tabs)}
          value={tab}
          onChange={(v) => setTab(v ?? tab)}
        />
        {hasChoices ? <ChoicesEditor rows={choices} onChange={setChoices} /> : null}
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {field ? t('form.save') : t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
