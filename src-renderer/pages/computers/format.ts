import { adminValueText } from '@shared/contract/admin-value-text';
import { numberFormat } from '../../i18n/number-format';
import type { AdminField, Cell, ColumnInfo, ValueType } from '@shared/contract/computers';

/** OCS dates come as `YYYY-MM-DD HH:MM:SS` (server local time). */
export function parseOcsDate(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = Date.parse(s.includes('T') ? s : s.replace(' ', 'T'));
  return Number.isNaN(t) ? null : t;
}

/** Days since the last contact, or null when the computer never came. */
export function daysSince(s: string | null | undefined, now: number): number | null {
  const t = parseOcsDate(s);
  return t === null ? null : Math.floor((now - t) / 86_400_000);
}

export function isLate(lastCome: string | null | undefined, lateAfterDays: number, now: number): boolean {
  const d = daysSince(lastCome, now);
  return d === null || d > lateAfterDays;
}

/** A cell as text; an admin field's choice numbers become their labels (`admin` = the column's field). */
export function formatCell(
  value: Cell | undefined,
  type: ColumnInfo['type'] | undefined,
  lang: string,
  admin?: Pick<AdminField, 'type' | 'choices'> | null,
): string {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'select' || type === 'radio' || type === 'checkbox')
    return adminValueText(admin ?? { type, choices: [] }, value);
  if (type === 'int' || type === 'decimal') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? numberFormat(lang).format(n) : String(value);
  }
  return String(value);
}

/** Translated label of a column or search field (`computers:column.<table>.<COLUMN>`), else the server's. */
export function columnLabel(
  t: (key: string, opts: { defaultValue: string }) => string,
  id: string,
  fallback: string,
): string {
  return t(`computers:column.${id}`, { defaultValue: fallback });
}

/** Default widths chosen so the default columns fit a 1440 px window beside the navbar (no sideways scroll). */
const WIDTHS: Record<string, number> = {
  'hardware.NAME': 150,
  'accountinfo.TAG': 100,
  'hardware.USERID': 100,
  'hardware.OSNAME': 170,
  'hardware.IPADDR': 115,
};

/** Width of a column the operator has not resized: by column, else by value type. */
export function defaultWidth(id: string, type: ValueType | undefined): number {
  const w = WIDTHS[id];
  if (w) return w;
  if (type === 'int' || type === 'decimal') return 85;
  if (type === 'datetime' || type === 'date') return 135;
  return 150;
}
