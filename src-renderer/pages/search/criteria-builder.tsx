import type { Criterion, SearchOp } from '@shared/contract/computers';
import type { SearchField } from '@shared/contract/search';
import { ActionIcon, Button, Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useRoute } from '../../api/hooks';
import { columnLabel } from '../computers/format';

const GROUP_FIELD = 'groups_cache.GROUP_ID';
const ASSET_FIELD = 'hardware.CATEGORY_ID';
const SOFTWARE_CATEGORY_FIELD = 'software_categories_link.CATEGORY_ID';
const NO_VALUE: SearchOp[] = ['IS_EMPTY', 'IS_NOT_EMPTY'];
const TWO_VALUES: SearchOp[] = ['BETWEEN', 'OUT_OF'];
const DAYS: SearchOp[] = ['OLDER_THAN_DAYS', 'NEWER_THAN_DAYS'];

function ValueInput({
  field,
  op,
  label,
  value,
  onChange,
}: {
  field: SearchField | undefined;
  op: SearchOp;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  if (field?.choices.length && (op === 'EQUAL' || op === 'DIFFERENT')) {
    return (
      <Select
        w={220}
        label={label}
        data={field.choices.map((c) => ({ value: c.value, label: c.label }))}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        searchable
      />
    );
  }
  const date = (field?.type === 'date' || field?.type === 'datetime') && !DAYS.includes(op);
  const numeric = DAYS.includes(op) || field?.type === 'int' || field?.type === 'decimal';
  return (
    <TextInput
      w={220}
      label={label}
      type={date ? 'date' : 'text'}
      inputMode={numeric ? 'numeric' : undefined}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** One criterion line: field (grouped), operator (only the field's), value(s), qualifier. */
function CriterionLine({
  index,
  c,
  fields,
  onChange,
  onRemove,
}: {
  index: number;
  c: Criterion;
  fields: SearchField[];
  onChange: (c: Criterion) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('search');
  const field = fields.find((f) => f.key === c.field);
  const groups = [...new Set(fields.map((f) => f.group))];
  const data = groups.map((g) => ({
    group: t(`group.${g}`, { defaultValue: g }),
    items: fields
      .filter((f) => f.group === g)
      .map((f) => ({ value: f.key, label: columnLabel(t, f.key, f.label) })),
  }));
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="criterion"
      role="group"
      aria-label={t('criterionN', { n: index + 1 })}
    >
      <Group align="flex-end" gap="sm">
        <Select
          w={260}
          label={t('field')}
          data={data}
          searchable
          value={c.field || null}
          allowDeselect={false}
          onChange={(v) => {
            const f = fields.find((x) => x.key === v);
            if (!f) return;
            onChange({
              field: f.key,
              op: f.ops.includes(c.op) ? c.op : (f.ops[0] ?? 'EQUAL'),
              value: '',
              qualifier: undefined,
            });
          }}
        />
        <Select
          w={190}
          label={t('operator')}
          data={(field?.ops ?? []).map((o) => ({ value: o, label: t(`op.${o}`) }))}
          value={c.op}
          allowDeselect={false}
          onChange={(v) => v && onChange({ ...c, op: v as SearchOp })}
        />
        {field?.qualifier ? (
          <TextInput
            w={200}
            label={t(`qualifier.${field.qualifier}`)}
            value={c.qualifier ?? ''}
            onChange={(e) => onChange({ ...c, qualifier: e.currentTarget.value || undefined })}
          />
        ) : null}
        {NO_VALUE.includes(c.op) ? null : (
          <ValueInput
            field={field}
            op={c.op}
            label={DAYS.includes(c.op) ? t('days') : TWO_VALUES.includes(c.op) ? t('from') : t('value')}
            value={c.value}
            onChange={(value) => onChange({ ...c, value })}
          />
        )}
        {TWO_VALUES.includes(c.op) ? (
          <ValueInput
            field={field}
            op={c.op}
            label={t('to')}
            value={c.value2 ?? ''}
            onChange={(value2) => onChange({ ...c, value2 })}
          />
        ) : null}
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={t('remove', { n: index + 1 })}
          onClick={onRemove}
        >
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Group>
    </Paper>
  );
}

export function CriteriaBuilder({
  fields,
  criteria,
  onChange,
}: {
  fields: SearchField[];
  criteria: Criterion[];
  onChange: (c: Criterion[]) => void;
}) {
  const { t } = useTranslation('search');
  const first = fields.find((f) => f.key === 'hardware.NAME') ?? fields[0];
  // "Member of group": the groups the operator may see are the choices (the value is the group id).
  const hasGroups = fields.some((f) => f.key === GROUP_FIELD);
  const groups = useRoute('groups.list', {}, { enabled: hasGroups, staleTime: 30_000 });
  // Asset and software categories: their names are the choices (the value is the category id).
  const hasAssets = fields.some((f) => f.key === ASSET_FIELD);
  const assets = useRoute('assetCategories.list', {}, { enabled: hasAssets, staleTime: 30_000 });
  const hasSoftCats = fields.some((f) => f.key === SOFTWARE_CATEGORY_FIELD);
  const softCats = useRoute('software.categories', {}, { enabled: hasSoftCats, staleTime: 30_000 });
  const choicesOf = (key: string) =>
    key === GROUP_FIELD
      ? (groups.data ?? []).map((g) => ({ value: String(g.id), label: g.name }))
      : key === ASSET_FIELD
        ? (assets.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }))
        : key === SOFTWARE_CATEGORY_FIELD
          ? (softCats.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }))
          : null;
  const withGroups = fields.map((f) => {
    const choices = choicesOf(f.key);
    return choices ? { ...f, choices } : f;
  });
  return (
    <Stack gap="xs">
      {criteria.map((c, i) => (
        <CriterionLine
          key={i}
          index={i}
          c={c}
          fields={withGroups}
          onChange={(nc) => onChange(criteria.map((x, j) => (j === i ? nc : x)))}
          onRemove={() => onChange(criteria.filter((_, j) => j !== i))}
        />
      ))}
      <Group>
        <Button
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden />}
          disabled={!first || criteria.length >= 40}
          onClick={() =>
            first &&
            onChange([
              ...criteria,
              {
                field: first.key,
                op: first.ops.includes('LIKE') ? 'LIKE' : (first.ops[0] ?? 'EQUAL'),
                value: '',
              },
            ])
          }
        >
          {t('addCriterion')}
        </Button>
      </Group>
    </Stack>
  );
}
