import type { Knex } from 'knex';
import {
  deleteConfigRows,
  insertConfigRows,
  readConfigPrefix,
  type NamedConfigRow,
} from '../platform/ocs/config';

export interface ConfigRow {
  ID: number;
  NAME_ACCOUNTINFO: string | null;
  TYPE: number | null;
  NAME: string | null;
  ID_TAB: number | null;
  COMMENT: string | null;
  SHOW_ORDER: number;
  ACCOUNT_TYPE: string | null;
  DEFAULT_VALUE: string | null;
}

/** A choice of a list field: config row `ACCOUNT_VALUE_<field>_<n>` (IVALUE n, TVALUE the label). */
export type ChoiceRow = NamedConfigRow;

export const choicePrefix = (name: string) => `ACCOUNT_VALUE_${name}_`;

export async function listTabs(k: Knex): Promise<Array<{ id: number; label: string }>> {
  const rows = await readConfigPrefix(k, 'TAB_ACCOUNTAG_');
  return rows
    .map((r) => ({ id: Number(r.IVALUE ?? r.NAME.slice('TAB_ACCOUNTAG_'.length)), label: r.TVALUE ?? '' }))
    .filter((t) => Number.isInteger(t.id))
    .sort((a, b) => a.id - b.id);
}

export async function computerField(k: Knex, id: number): Promise<ConfigRow | undefined> {
  return (await k('accountinfo_config').where({ ID: id, ACCOUNT_TYPE: 'COMPUTERS' }).first()) as
    ConfigRow | undefined;
}

/** Any field (computers or SNMP) with that name; config NAME comparisons are case-insensitive. */
export async function nameTaken(k: Knex, name: string): Promise<boolean> {
  return Boolean(await k('accountinfo_config').where('NAME', name).first('ID'));
}

/** Computers fields in display order: SHOW_ORDER descending, then ID. */
export async function computerFields(k: Knex): Promise<ConfigRow[]> {
  return (await k('accountinfo_config')
    .where('ACCOUNT_TYPE', 'COMPUTERS')
    .orderBy([
      { column: 'SHOW_ORDER', order: 'desc' },
      { column: 'ID', order: 'asc' },
    ])) as ConfigRow[];
}

export async function choiceRows(k: Knex, name: string): Promise<ChoiceRow[]> {
  const prefix = choicePrefix(name);
  const rows = await readConfigPrefix(k, prefix);
  return rows.filter((r) => /^\d+$/.test(r.NAME.slice(prefix.length)));
}

export async function deleteChoices(k: Knex, name: string): Promise<void> {
  await deleteConfigRows(
    k,
    (await choiceRows(k, name)).map((r) => r.NAME),
  );
}

export async function insertChoices(
  k: Knex,
  name: string,
  choices: Array<{ n: number; label: string }>,
): Promise<void> {
  await insertConfigRows(
    k,
    choices.map((c) => ({ NAME: `${choicePrefix(name)}${c.n}`, IVALUE: c.n, TVALUE: c.label })),
  );
}

export async function maxShowOrder(k: Knex): Promise<number> {
  const r = (await k('accountinfo_config')
    .where('ACCOUNT_TYPE', 'COMPUTERS')
    .max('SHOW_ORDER as m')
    .first()) as { m: number | null } | undefined;
  return Number(r?.m ?? 0);
}

export async function insertField(k: Knex, row: Omit<ConfigRow, 'ID'>): Promise<number> {
  const [id] = await k('accountinfo_config').insert(row);
  return Number(id);
}

export async function accountinfoHasColumn(k: Knex, column: string): Promise<boolean> {
  const r = (await k('information_schema.COLUMNS')
    .where({ TABLE_SCHEMA: k.raw('DATABASE()'), TABLE_NAME: 'accountinfo', COLUMN_NAME: column })
    .first('COLUMN_NAME')) as unknown;
  return Boolean(r);
}

/** `fields_<id>` with a whitelisted SQL type (identifiers cannot be bound; both come from our own code). */
export async function addColumn(k: Knex, id: number, sqlType: string): Promise<void> {
  if (!/^(VARCHAR\(255\)|LONGTEXT|DATE)$/.test(sqlType)) throw new Error(`unexpected column type ${sqlType}`);
  await k.raw(`ALTER TABLE accountinfo ADD COLUMN ?? ${sqlType} DEFAULT NULL`, [`fields_${id}`]);
}

export async function dropColumn(k: Knex, id: number): Promise<void> {
  await k.raw('ALTER TABLE accountinfo DROP COLUMN IF EXISTS ??', [`fields_${id}`]);
}

export async function readLabel(k: Knex): Promise<string> {
  const r = (await k('deploy').where('NAME', 'label').first('CONTENT')) as
    { CONTENT: Buffer | string } | undefined;
  if (!r) return '';
  return Buffer.isBuffer(r.CONTENT) ? r.CONTENT.toString('utf8') : String(r.CONTENT);
}

/** As ocsreports does: delete then insert (NAME, CONTENT), nothing when the text is empty. */
export async function writeLabel(k: Knex, text: string): Promise<void> {
  await k.transaction(async (trx) => {
    await trx('deploy').where('NAME', 'label').delete();
    if (text) await trx('deploy').insert({ NAME: 'label', CONTENT: Buffer.from(text, 'utf8') });
  });
}

export async function deleteFieldRow(k: Knex, id: number): Promise<void> {
  await k('accountinfo_config').where('ID', id).delete();
}

export async function updateFieldRow(
  k: Knex,
  id: number,
  patch: Partial<Pick<ConfigRow, 'COMMENT' | 'ID_TAB' | 'SHOW_ORDER'>>,
): Promise<void> {
  if (Object.keys(patch).length) await k('accountinfo_config').where('ID', id).update(patch);
}

export async function restoreField(k: Knex, row: ConfigRow, choices: ChoiceRow[]): Promise<void> {
  await k.transaction(async (trx) => {
    await trx('accountinfo_config').insert(row);
    await insertConfigRows(trx, choices);
  });
}
