import type { Knex } from 'knex';

export interface ConfigRow {
  ivalue: number | null;
  tvalue: string | null;
}

/** `config` rows of the given names, keyed by upper-case NAME (NAME is case-insensitive in OCS). */
export async function readConfigRows(k: Knex, names: readonly string[]): Promise<Map<string, ConfigRow>> {
  const rows = (await k('config').select('NAME', 'IVALUE', 'TVALUE').whereIn('NAME', names)) as Array<{
    NAME: string;
    IVALUE: number | string | null;
    TVALUE: string | null;
  }>;
  return new Map(
    rows.map((r) => [
      r.NAME.toUpperCase(),
      { ivalue: r.IVALUE == null ? null : Number(r.IVALUE), tvalue: r.TVALUE },
    ]),
  );
}

/** Writes one option as the console does: UPDATE the column when the row exists, else INSERT (column, NAME). */
export async function writeConfig(
  t: Knex.Transaction,
  name: string,
  column: 'IVALUE' | 'TVALUE',
  value: number | string,
): Promise<void> {
  const existing = (await t('config').select('NAME').where('NAME', name).forUpdate().first()) as
    { NAME: string } | undefined;
  if (existing)
    await t('config')
      .update({ [column]: value })
      .where('NAME', name);
  else await t('config').insert({ [column]: value, NAME: name });
}

/** Deletes an option's row (the server and console fall back to their default). */
export async function deleteConfig(t: Knex.Transaction, name: string): Promise<void> {
  await t('config').where('NAME', name).delete();
}
