import type { AdminField } from './computers';

type Choices = AdminField['choices'];

/**
 * What an admin-data value means to a person. SELECT and RADIOBUTTON store the choice number (config
 * `ACCOUNT_VALUE_<NAME>_<n>`, IVALUE n), shown as its label; CHECKBOX stores the ticked labels joined and
 * ended by `&&&` (ocsreports 2.11.1 cd_admininfo.php, spec §8.3), shown comma-separated; a part that is
 * a choice number rather than a label (older data) is shown as that choice's label. Values no choice
 * matches (a deleted choice) stay as stored.
 */
export function adminValueText(
  field: { type: string; choices: Choices } | null | undefined,
  value: string | number | null | undefined,
): string {
  if (value === null || value === undefined) return '';
  const raw = String(value);
  if (!field || !raw) return raw;
  if (field.type === 'select' || field.type === 'radio')
    return field.choices.find((c) => c.value === raw)?.label ?? raw;
  if (field.type === 'checkbox')
    return raw
      .split('&&&')
      .filter(Boolean)
      .map((p) =>
        field.choices.some((c) => c.label === p) ? p : (field.choices.find((c) => c.value === p)?.label ?? p),
      )
      .join(', ');
  return raw;
}
