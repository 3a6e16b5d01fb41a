import {
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import type { OptionState, OptionType, OptionValue } from '@shared/contract/options';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** AUTO_DUPLICATE_LVL criteria, in weight order 1..32. */
export const DUPLICATE_CRITERIA = ['hostname', 'serial', 'mac', 'model', 'uuid', 'assettag'] as const;

const UNIT_TYPES: ReadonlySet<OptionType> = new Set(['seconds', 'minutes', 'hours', 'days', 'ms']);

function sepLabel(t: TFunction, v: OptionValue): string {
  return v === '\t' ? t('options:value.tab') : String(v);
}

/** A value as text (read-only view, diff summary). */
export function formatValue(
  t: TFunction,
  o: Pick<OptionState, 'type' | 'name'>,
  v: OptionValue | null,
): string {
  if (v === null) return t('options:value.none');
  const n = typeof v === 'number' ? v : Number.NaN;
  switch (o.type) {
    case 'bool':
      return n ? t('options:value.on') : t('options:value.off');
    case 'frequency':
      return n === 0
        ? t('options:value.always')
        : n === -1
          ? t('options:value.never')
          : t('options:value.everyDays', { count: n });
    case 'ipdiscover':
      return n === 0 ? t('options:value.off') : t('options:value.maxAgents', { count: n });
    case 'bitmask': {
      if (n === 0) return t('options:value.noMerge');
      const names = DUPLICATE_CRITERIA.filter((_c, i) => n & (1 << i)).map((c) => t(`options:dup.${c}`));
      return `${names.join(' + ')} (${n})`;
    }
    case 'enum':
      return o.name === 'EXPORT_SEP' ? sepLabel(t, v) : String(v);
    default:
      if (UNIT_TYPES.has(o.type)) return `${n} ${t(`options:unit.${o.type}`)}`;
      return v === '' ? t('options:value.empty') : String(v);
  }
}

interface Props {
  option: OptionState;
  value: OptionValue | null;
  onChange: (v: OptionValue | null) => void;
  /** Reports an unusable entry (empty number field). */
  onInvalid: (invalid: boolean) => void;
}

function NumberField({
  option,
  value,
  onChange,
  onInvalid,
  min,
  label,
}: Props & { min?: number; label?: string }) {
  const { t } = useTranslation('options');
  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput
        w={140}
        aria-label={label ?? option.name}
        min={min ?? option.min ?? undefined}
        max={option.max ?? undefined}
        allowDecimal={false}
        clampBehavior="strict"
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => {
          const ok = typeof v === 'number' && Number.isInteger(v);
          onInvalid(!ok);
          if (ok) onChange(v);
        }}
        data-testid={`input-${option.name}`}
      />
      {UNIT_TYPES.has(option.type) ? <Text size="sm">{t(`unit.${option.type}`)}</Text> : null}
    </Group>
  );
}

/** The editor of one option, by type. */
export function OptionInput(props: Props) {
  const { option: o, value, onChange } = props;
  const { t } = useTranslation('options');
  const n = typeof value === 'number' ? value : 0;
  switch (o.type) {
    case 'bool':
      return (
        <Switch
          aria-label={o.name}
          checked={n !== 0}
          onChange={(e) => onChange(e.currentTarget.checked ? 1 : 0)}
          label={n ? t('value.on') : t('value.off')}
          data-testid={`input-${o.name}`}
        />
      );
    case 'enum':
      return (
        <Select
          w={200}
          aria-label={o.name}
          allowDeselect={false}
          data={(o.choices ?? []).map((c) => ({ value: String(c), label: sepLabel(t, c) }))}
          value={value === null ? null : String(value)}
          onChange={(v) => {
            const c = (o.choices ?? []).find((x) => String(x) === v);
            if (c !== undefined) onChange(c);
          }}
          data-testid={`input-${o.name}`}
        />
      );
    case 'text':
    case 'path':
    case 'url':
      return (
        <TextInput
          w={360}
          aria-label={o.name}
          maxLength={255}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          data-testid={`input-${o.name}`}
        />
      );
    case 'frequency': {
      const mode = n === 0 ? 'always' : n === -1 ? 'never' : 'custom';
      return (
        <Group gap="sm">
          <SegmentedControl
            aria-label={o.name}
            data={[
              { value: 'always', label: t('value.always') },
              { value: 'never', label: t('value.never') },
              { value: 'custom', label: t('value.custom') },
            ]}
            value={mode}
            onChange={(m) => onChange(m === 'always' ? 0 : m === 'never' ? -1 : Math.max(n, 1) || 7)}
            data-testid="frequency-mode"
          />
          {mode === 'custom' ? <NumberField {...props} min={1} label={t('value.everyLabel')} /> : null}
          {mode === 'custom' ? <Text size="sm">{t('unit.days')}</Text> : null}
        </Group>
      );
    }
    case 'ipdiscover': {
      const on = n > 0;
      return (
        <Group gap="sm">
          <SegmentedControl
            aria-label={o.name}
            data={[
              { value: 'off', label: t('value.off') },
              { value: 'on', label: t('value.on') },
            ]}
            value={on ? 'on' : 'off'}
            onChange={(m) => onChange(m === 'on' ? Math.max(n, 2) : 0)}
            data-testid="ipdiscover-mode"
          />
          {on ? <NumberField {...props} min={1} label={t('value.maxAgentsLabel')} /> : null}
          {on ? <Text size="sm">{t('value.maxAgentsLabel')}</Text> : null}
        </Group>
      );
    }
    case 'bitmask':
      return (
        <Stack gap={4} role="group" aria-label={o.name}>
          {DUPLICATE_CRITERIA.map((c, i) => {
            const w = 1 << i;
            return (
              <Checkbox
                key={c}
                label={`${t(`dup.${c}`)} (${w})`}
                description={c === 'assettag' ? t('dup.assettagBug') : undefined}
                checked={(n & w) !== 0}
                onChange={(e) => onChange(e.currentTarget.checked ? n | w : n & ~w)}
                data-testid={`dup-${c}`}
              />
            );
          })}
          <Text size="xs" c="dimmed">
            {n === 0 ? t('value.noMerge') : t('dup.allMustMatch')}
          </Text>
        </Stack>
      );
    default:
      return <NumberField {...props} />;
  }
}
