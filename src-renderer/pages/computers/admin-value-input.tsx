import type { AdminField } from '@shared/contract/computers';
import { Checkbox, Group, Radio, Select, Textarea, TextInput } from '@mantine/core';

/** One typed input for an admin-info field (text, textarea, select, radio, checkbox, date). */
export function AdminValueInput({
  field,
  value,
  onChange,
  error,
  label,
}: {
  field: AdminField;
  value: string;
  onChange: (v: string) => void;
  error?: React.ReactNode;
  label?: string;
}) {
  const common = { label: label ?? field.label, error };
  switch (field.type) {
    case 'longtext':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          clearable
          data={field.choices.map((c) => ({ value: c.value, label: c.label }))}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
        />
      );
    case 'radio':
      return (
        <Radio.Group {...common} value={value} onChange={onChange}>
          <Group mt={4}>
            {field.choices.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} />
            ))}
          </Group>
        </Radio.Group>
      );
    case 'checkbox': {
      const checked = value.split('&&&').filter(Boolean);
      return (
        <Checkbox.Group
          {...common}
          value={checked}
          onChange={(v) => onChange(v.length ? v.join('&&&') + '&&&' : '')}
        >
          <Group mt={4}>
            {field.choices.map((c) => (
              <Checkbox key={c.value} value={c.label} label={c.label} />
            ))}
          </Group>
        </Checkbox.Group>
      );
    }
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={value.slice(0, 10)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'int':
    case 'decimal':
      return (
        <TextInput
          {...common}
          inputMode="numeric"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
