import type { Knex } from 'knex';

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
