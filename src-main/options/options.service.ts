import type { Knex } from 'knex';
import type { FieldError } from '../../shared/contract/errors';
import type { OptionChange, OptionDef, OptionState, OptionValue } from '../../shared/contract/options';
import { AppError } from '../platform/errors';
import { OPTION_CATALOGUE, optionDef } from '../../shared/contract/options-catalogue';
import { deleteConfigRows, effectiveOf, readConfigRows, writeConfigValue } from '../platform/ocs/config';

export { effectiveOf };

export async function listOptions(k: Knex): Promise<OptionState[]> {
  const rows = await readConfigRows(
    k,
    OPTION_CATALOGUE.map((d) => d.name),
  );
  return OPTION_CATALOGUE.map((def) => {
    const row = rows.get(def.name) ?? null;
    return { ...def, row, ...effectiveOf(def, row) };
  });
}

// utf8mb3 columns: characters outside the Basic Multilingual Plane cannot be stored (trap 1).
// eslint-disable-next-line no-control-regex
const NOT_STORABLE = /[\u{10000}-\u{10FFFF}\u0000]/u;

/** Why a value does not fit an option, or null when it does. */
export function checkValue(def: OptionDef, value: OptionValue): string | null {
  if (def.type === 'enum') {
    return def.choices?.some((c) => c === value) ? null : `must be one of ${(def.choices ?? []).join(', ')}`;
  }
  if (def.column === 'TVALUE') {
    if (typeof value !== 'string') return 'must be text';
    if (value.length > 255) return 'must be at most 255 characters';
    if (NOT_STORABLE.test(value)) return 'contains characters the database cannot store';
    if ((def.type === 'path' || def.type === 'url') && value.trim() === '') return 'must not be empty';
    if (def.type === 'url' && !/^https?:\/\/\S+$/i.test(value.trim()))
      return 'must be an http:// or https:// URL';
    return null;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
  const min = def.min ?? -2147483648;
  const max = def.max ?? 2147483647;
  if (value < min || value > max) return `must be between ${min} and ${max}`;
  return null;
}

/** Checks every change against the catalogue, then writes them in one transaction. */
export async function setOptions(k: Knex, changes: readonly OptionChange[]): Promise<{ changed: string[] }> {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const plan: Array<{ def: OptionDef; value: OptionValue | null }> = [];
  for (const c of changes) {
    const def = optionDef(c.name);
    const name = def?.name ?? c.name;
    if (!def) fields.push({ path: c.name, message: 'unknown option' });
    else if (seen.has(name)) fields.push({ path: name, message: 'given twice' });
    else {
      const value = typeof c.value === 'string' && def.type !== 'enum' ? c.value.trim() : c.value;
      const why = value === null ? null : checkValue(def, value);
      if (why) fields.push({ path: name, message: why });
      else plan.push({ def, value });
    }
    seen.add(name);
  }
  if (fields.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      { field: fields[0]!.path, detail: fields[0]!.message },
      { fields },
    );
  }
  await k.transaction(async (t) => {
    for (const { def, value } of plan) {
      if (value === null) await deleteConfigRows(t, [def.name]);
      else await writeConfigValue(t, def.name, def.column, value);
    }
  });
  return { changed: plan.map((p) => p.def.name) };
}
